import type { LocalizedTextV1 } from '@birth/contracts';

/**
 * Why a payment was refused, as a clerk reads it to the family. The bank's own codes
 * (BankRejectionCode) and the ones this service gives when the bank refused the request itself
 * (`ACCOUNT_MALFORMED`) or the sealed account does not open (`ACCOUNT_UNREADABLE`).
 */
const REASONS: Record<string, LocalizedTextV1> = {
  ACCOUNT_CLOSED: { zh: '收款账户已销户，请提供有效的银行账户', en: 'The receiving account is closed; please give a valid bank account' },
  ACCOUNT_NOT_FOUND: { zh: '银行查无此收款账户，请核对账号', en: 'The bank has no such account; please check the account number' },
  HOLDER_NAME_MISMATCH: { zh: '账户户名与银行登记不符，请核对户名', en: "The account holder's name does not match the bank's records; please check it" },
  ACCOUNT_MALFORMED: { zh: '银行账号格式不正确，请核对账号', en: 'The account number is not in a valid format; please check it' },
  ACCOUNT_UNREADABLE: { zh: '收款账户信息无法读取，请重新提供银行账户', en: 'The account details could not be read; please give the bank account again' },
};

const OTHER: LocalizedTextV1 = { zh: '银行拒绝了本次支付，请核对银行账户', en: 'The bank refused the payment; please check the bank account' };

export function rejectionReason(reasonCode: string): LocalizedTextV1 {
  return REASONS[reasonCode] ?? OTHER;
}
