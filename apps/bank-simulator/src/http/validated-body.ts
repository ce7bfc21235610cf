import type { ClassConstructor } from 'class-transformer';
import { validatePlain } from '@birth/contracts';
import { InternalApiException } from '@birth/platform';

/** The body as `cls`, or a 422 naming every bad field (unknown fields are refused). */
export function validatedBody<T extends object>(cls: ClassConstructor<T>, body: unknown): T {
  const decoded = validatePlain(cls, body);
  if (decoded.ok) return decoded.value;
  throw new InternalApiException(
    422,
    ...decoded.errors.map((e) => ({ field: e.field, code: e.code, message: { zh: `字段 ${e.field} 无效`, en: e.message } })),
  );
}
