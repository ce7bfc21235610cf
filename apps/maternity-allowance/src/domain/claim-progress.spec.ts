import { acceptanceOf, babiesOf, benefitState, type BenefitStanding, type ClaimCaseFacts } from './claim-progress';

const CASE_ACCEPTED = '2026-03-02T01:00:00.000Z';
const aCase = (more: Partial<ClaimCaseFacts> = {}): ClaimCaseFacts => ({ caseAcceptedAt: CASE_ACCEPTED, plurality: 1, certificateIssuedAt: null, voidedAt: null, ...more });

describe('babiesOf: the babies a delivery\'s days count', () => {
  it('twins count two from the first case that announces them, and two when two cases came whatever they announced', () => {
    expect(babiesOf([aCase({ plurality: 2 })])).toBe(2);
    expect(babiesOf([aCase(), aCase()])).toBe(2);
    expect(babiesOf([aCase({ plurality: 3 }), aCase({ plurality: 3 })])).toBe(3);
  });

  it('a voided case takes its baby away', () => {
    expect(babiesOf([aCase({ plurality: 2 }), aCase({ plurality: 2, voidedAt: '2026-03-05T00:00:00.000Z' })])).toBe(1);
    expect(babiesOf([aCase({ voidedAt: '2026-03-05T00:00:00.000Z' })])).toBe(0);
  });
});

describe('acceptanceOf: the later of the case\'s acceptance and the certificate\'s issue, from the data', () => {
  it('null without a certificate; the issue when later, the acceptance when the issue was earlier', () => {
    expect(acceptanceOf([aCase()])).toBeNull();
    expect(acceptanceOf([aCase({ certificateIssuedAt: '2026-03-03T09:00:00.000+08:00' })])).toBe('2026-03-03T09:00:00.000+08:00');
    expect(acceptanceOf([aCase({ certificateIssuedAt: '2026-03-01T09:00:00.000+08:00' })])).toBe(CASE_ACCEPTED);
  });

  it('twins: the first proof of birth; a voided twin\'s certificate is no proof', () => {
    const first = aCase({ certificateIssuedAt: '2026-03-04T02:00:00.000Z' });
    const second = aCase({ certificateIssuedAt: '2026-03-03T02:00:00.000Z' });
    expect(acceptanceOf([first, second])).toBe('2026-03-03T02:00:00.000Z');
    expect(acceptanceOf([first, { ...second, voidedAt: '2026-03-05T00:00:00.000Z' }])).toBe('2026-03-04T02:00:00.000Z');
  });
});

describe('benefitState: where a benefit not yet paid stands', () => {
  const ACCEPTED = '2026-03-03T02:00:00.000Z';
  const eligible: BenefitStanding = { beneficiary: 'mother', outcome: 'eligible', state: 'waiting', reasonCode: null, reason: null, sealedAccount: { sealed: true } };

  it('waits for the certificate, then is paid', () => {
    expect(benefitState(eligible, eligible, null)).toMatchObject({ state: 'waiting', reasonCode: null });
    expect(benefitState(eligible, eligible, ACCEPTED)).toMatchObject({ state: 'in_progress', reasonCode: 'PAYMENT_IN_PROGRESS' });
  });

  it('rejected and forwarded at once; manual review keeps the decision\'s reason', () => {
    expect(benefitState(eligible, { ...eligible, outcome: 'rejected', reasonCode: 'NOT_INSURED' }, null)).toMatchObject({ state: 'rejected', reasonCode: 'NOT_INSURED' });
    expect(benefitState(eligible, { ...eligible, outcome: 'forwarded' }, ACCEPTED)).toMatchObject({ state: 'forwarded' });
    expect(benefitState(eligible, { ...eligible, outcome: 'manual-review', reasonCode: 'WAGE_UNKNOWN_MANUAL_REVIEW' }, ACCEPTED)).toMatchObject({ state: 'in_progress', reasonCode: 'WAGE_UNKNOWN_MANUAL_REVIEW' });
  });

  it('no account: waits for the applicant; the account given, paid', () => {
    const noAccount = { ...eligible, sealedAccount: null };
    const waiting = benefitState(noAccount, noAccount, ACCEPTED);
    expect(waiting).toMatchObject({ state: 'awaiting_applicant', reasonCode: 'BANK_ACCOUNT_MISSING' });
    expect(benefitState(waiting, eligible, ACCEPTED)).toMatchObject({ state: 'in_progress', reasonCode: 'PAYMENT_IN_PROGRESS' });
  });

  it('an account the bank refused stays refused until that beneficiary\'s account is corrected; a mismatch stays', () => {
    const refused = { ...eligible, state: 'awaiting_applicant' as const, reasonCode: 'ACCOUNT_CLOSED', reason: { zh: '账户已销户', en: 'The account is closed' } };
    expect(benefitState(refused, eligible, ACCEPTED)).toMatchObject({ state: 'awaiting_applicant', reasonCode: 'ACCOUNT_CLOSED' });
    expect(benefitState(refused, eligible, ACCEPTED, 'father')).toMatchObject({ state: 'awaiting_applicant' });
    expect(benefitState(refused, eligible, ACCEPTED, 'mother')).toMatchObject({ state: 'in_progress', reasonCode: 'PAYMENT_IN_PROGRESS' });
    const mismatch = { ...eligible, state: 'in_progress' as const, reasonCode: 'PAYMENT_MISMATCH' };
    expect(benefitState(mismatch, eligible, ACCEPTED, 'mother')).toMatchObject({ state: 'in_progress', reasonCode: 'PAYMENT_MISMATCH' });
  });
});
