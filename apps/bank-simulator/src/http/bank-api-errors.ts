import { InternalApiException } from '@birth/platform';

/** The bank's error codes (README.md); messages never quote what was sent. */
export const BANK_ERRORS = {
  IDEMPOTENCY_KEY_MISSING: { status: 400, field: 'Idempotency-Key', zh: '缺少幂等键（Idempotency-Key 请求头）', en: 'The Idempotency-Key header is required' },
  IDEMPOTENCY_KEY_INVALID: { status: 400, field: 'Idempotency-Key', zh: '幂等键须为8至128个字母、数字或 . _ : -', en: 'The Idempotency-Key must be 8 to 128 letters, digits or . _ : -' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, field: 'Idempotency-Key', zh: '该幂等键已用于内容不同的支付', en: 'This Idempotency-Key was already used for a payment with a different body' },
  PAYMENT_NOT_FOUND: { status: 404, field: 'idempotencyKey', zh: '未找到该幂等键的支付', en: 'No payment has this idempotency key' },
  ACCOUNT_EXISTS: { status: 409, field: 'number', zh: '该账号已存在且户名不同', en: 'This account exists with another holder name' },
  ACCOUNT_NOT_FOUND: { status: 404, field: 'number', zh: '未找到该账号', en: 'No account has this number' },
  ADMIN_TOKEN_INVALID: { status: 401, field: 'Authorization', zh: '管理令牌缺失或无效', en: 'The admin token is missing or wrong' },
  BANK_UNAVAILABLE: { status: 503, field: 'request', zh: '银行暂时不可用，请稍后重试', en: 'The bank is unavailable for a moment; try again' },
} as const;

export type BankErrorCode = keyof typeof BANK_ERRORS;

/**
 * A bank error in the platform's shape, `{ errors: [{ field, code, message: { zh, en } }] }`,
 * answered by the platform's InternalApiExceptionFilter (set globally in main.ts), which also
 * turns a lost database into 503 and logs unexpected errors by their stack only.
 */
export function bankError(code: BankErrorCode): InternalApiException {
  const entry = BANK_ERRORS[code];
  return new InternalApiException(entry.status, { field: entry.field, code, message: { zh: entry.zh, en: entry.en } });
}
