import type { CardAdvanceState, CardState, WaitingFor } from '@birth/contracts';

// When the card is applied for (DOMAIN.md §6), and how the physical card moves on.

/** What the card has heard so far. */
export interface CardPrerequisites {
  /** Whether medical insurance was applied for in the same application. */
  insuranceApplied: boolean;
  citizenIdNumberKnown: boolean;
  /** Enrolled or rejected: either lets the card apply (a rejection does not block it). */
  insuranceOutcomeKnown: boolean;
}

/** What the card still waits for; empty when it can apply. */
export function cardWaitingFor(p: CardPrerequisites): WaitingFor[] {
  const missing: WaitingFor[] = [];
  if (!p.citizenIdNumberKnown) missing.push('citizen-id-number');
  if (p.insuranceApplied && !p.insuranceOutcomeKnown) missing.push('insurance-outcome');
  return missing;
}

/** The physical card's order after the application. */
const ORDER: readonly CardState[] = ['applied', 'in_production', 'ready', 'issued'];

export type CardAdvance =
  | { kind: 'advance'; to: CardAdvanceState }
  /** Already there: a repeated command changes nothing. */
  | { kind: 'unchanged' }
  | { kind: 'refused'; code: 'CARD_NOT_APPLIED' | 'CARD_STATE_NOT_NEXT'; message: { zh: string; en: string } };

/** The physical card moves one state at a time: applied → in_production → ready → issued. `to` omitted: the next one. */
export function advanceCard(current: CardState | null, to?: CardAdvanceState): CardAdvance {
  if (current === null || current === 'cancelled') {
    return { kind: 'refused', code: 'CARD_NOT_APPLIED', message: { zh: '社保卡尚未申领或已注销', en: 'The card has not been applied for, or was cancelled' } };
  }
  if (current === to) return { kind: 'unchanged' };
  const from = ORDER.indexOf(current);
  if (to === undefined && current === 'issued') return { kind: 'refused', code: 'CARD_STATE_NOT_NEXT', message: { zh: '社保卡已发放', en: 'The card is already issued' } };
  const target = to ?? (ORDER[from + 1] as CardAdvanceState);
  if (ORDER.indexOf(target) !== from + 1) {
    const next = ORDER[from + 1];
    return {
      kind: 'refused',
      code: 'CARD_STATE_NOT_NEXT',
      message: next
        ? { zh: `社保卡当前状态为${current}，下一步只能是${next}`, en: `The card is ${current}: the next state can only be ${next}` }
        : { zh: '社保卡已发放', en: `The card is already ${current}` },
    };
  }
  return { kind: 'advance', to: target };
}
