import type { IntakeError } from './domain/validation';
import { intakeError as catalogueError, isCatalogued, type IntakeErrorCode } from './domain/validation/error-catalogue';

/** A refusal of an intake request: the HTTP status and every reason at once. */
export class IntakeRejection extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413 | 429,
    readonly errors: IntakeError[],
  ) {
    super(errors.map((e) => `${e.field}: ${e.code}`).join('; '));
    this.name = 'IntakeRejection';
  }
}

/**
 * One error of a request, its bilingual message from the catalogue (ERROR_CATALOGUE,
 * docs/errors.md): a code without an entry does not compile. `params` fill `{name}`
 * placeholders with configuration numbers (RATE_LIMITED's `{seconds}`), never submitted data.
 */
export function intakeError(field: string, code: IntakeErrorCode, params?: Readonly<Record<string, number>>): IntakeError {
  return catalogueError(code, field, params);
}

export { isCatalogued };
export type { IntakeErrorCode };

export const CASE_NOT_FOUND = (field = 'caseId') => intakeError(field, 'CASE_NOT_FOUND');
