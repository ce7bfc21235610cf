import type { BankRejectionCode } from '@birth/contracts';

export interface AccountOnFile {
  holderName: string;
  state: 'open' | 'closed';
}

/**
 * What the bank decides on an accepted payment, as real banks do after accepting the
 * instruction: the account must exist, be open and be held by the name given.
 */
export function settlementDecision(account: AccountOnFile | undefined, holderName: string): { state: 'settled' } | { state: 'rejected'; reasonCode: BankRejectionCode } {
  if (!account) return { state: 'rejected', reasonCode: 'ACCOUNT_NOT_FOUND' };
  if (account.state === 'closed') return { state: 'rejected', reasonCode: 'ACCOUNT_CLOSED' };
  if (account.holderName.normalize('NFC').trim() !== holderName.normalize('NFC').trim()) return { state: 'rejected', reasonCode: 'HOLDER_NAME_MISMATCH' };
  return { state: 'settled' };
}

/** Exponential backoff of an unacknowledged callback: base × 2^(attempts − 1), capped. */
export function callbackRetryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
}
