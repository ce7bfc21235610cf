import { checkResolution, type ResolutionFacts } from './claim-resolution';

const facts = (over: Partial<ResolutionFacts> = {}): ResolutionFacts => ({ recoveryRequired: false, stopped: false, benefits: [], ...over });
const benefit = (state: string, reasonCode: string | null, paidAt: string | null = null) => ({ beneficiary: 'mother' as const, state, reasonCode, paidAt });

describe('checkResolution: which clerk resolution applies to a claim now', () => {
  it('sets the wage only on a benefit waiting for it, and only for that beneficiary', () => {
    const waiting = facts({ benefits: [benefit('in_progress', 'WAGE_UNKNOWN_MANUAL_REVIEW')] });
    expect(checkResolution('wage-set', 'mother', waiting)).toEqual({ ok: true });
    expect(checkResolution('wage-set', 'father', waiting)).toMatchObject({ ok: false, code: 'RESOLUTION_NOT_APPLICABLE' });
    expect(checkResolution('wage-set', 'mother', facts({ benefits: [benefit('in_progress', 'PAYMENT_IN_PROGRESS')] }))).toMatchObject({ ok: false });
  });

  it('confirms the ledger only for an unpaid benefit in mismatch', () => {
    expect(checkResolution('ledger-confirmed', 'mother', facts({ benefits: [benefit('in_progress', 'PAYMENT_MISMATCH')] }))).toEqual({ ok: true });
    expect(checkResolution('ledger-confirmed', 'mother', facts({ benefits: [benefit('done', 'PAYMENT_MISMATCH', '2026-12-01T00:00:00.000Z')] }))).toMatchObject({ ok: false });
    expect(checkResolution('ledger-confirmed', 'mother', facts({ benefits: [benefit('in_progress', 'PAYMENT_IN_PROGRESS')] }))).toMatchObject({ ok: false });
  });

  it('records a recovery only on a stopped claim that asks for one', () => {
    expect(checkResolution('recovery-recorded', null, facts({ recoveryRequired: true, stopped: true }))).toEqual({ ok: true });
    expect(checkResolution('recovery-recorded', null, facts({ recoveryRequired: false, stopped: true }))).toMatchObject({ ok: false, message: { en: 'This claim has no payment to recover' } });
    expect(checkResolution('recovery-recorded', null, facts({ recoveryRequired: true, stopped: false }))).toMatchObject({ ok: false });
  });
});
