import { claimStatusOf, type BenefitStatus } from './claim-status';

const benefit = (state: BenefitStatus['state'], reasonCode: string | null = null): BenefitStatus => ({
  state,
  reasonCode,
  reason: reasonCode ? { zh: '原因', en: 'reason' } : null,
  ruleVersion: 1,
});
const CASE_ACCEPTED = '2026-03-01T02:00:00.000Z';
const ACCEPTED = '2026-03-02T03:00:00.000Z';
const facts = (benefits: BenefitStatus[], more: Partial<Parameters<typeof claimStatusOf>[0]> = {}) =>
  claimStatusOf({ benefits, acceptedAt: null, caseAcceptedAt: CASE_ACCEPTED, cancelled: null, recoveryRequired: false, ...more });

describe('claimStatusOf: the claim\'s item block from its benefits', () => {
  it('waits for the certificate while an eligible benefit does, with no clock yet', () => {
    expect(facts([benefit('waiting'), benefit('rejected', 'NOT_INSURED')])).toEqual({
      state: 'waiting', reasonCode: null, reason: null, waitingFor: ['birth-certificate'], prerequisitesMetAt: null, ruleVersion: '1',
    });
  });

  it('is done when every eligible benefit is paid; a rejected father does not hold it back', () => {
    expect(facts([benefit('done'), benefit('rejected', 'NOT_INSURED')], { acceptedAt: ACCEPTED })).toMatchObject({ state: 'done', prerequisitesMetAt: ACCEPTED });
  });

  it('in progress while paying, awaiting the applicant when an account was refused (clock paused)', () => {
    expect(facts([benefit('in_progress', 'PAYMENT_IN_PROGRESS'), benefit('done')], { acceptedAt: ACCEPTED })).toMatchObject({ state: 'in_progress', reasonCode: 'PAYMENT_IN_PROGRESS' });
    expect(facts([benefit('awaiting_applicant', 'ACCOUNT_CLOSED'), benefit('in_progress', 'PAYMENT_IN_PROGRESS')], { acceptedAt: ACCEPTED })).toMatchObject({
      state: 'awaiting_applicant', reasonCode: 'ACCOUNT_CLOSED', waitingFor: ['bank-account'],
    });
    expect(facts([benefit('in_progress', 'PAYMENT_IN_PROGRESS'), benefit('in_progress', 'PAYMENT_MISMATCH')], { acceptedAt: ACCEPTED })).toMatchObject({ reasonCode: 'PAYMENT_MISMATCH' });
  });

  it('rejected when nothing is eligible, forwarded when what is not rejected went elsewhere, both from the case\'s acceptance', () => {
    expect(facts([benefit('rejected', 'INSURED_CATEGORY_NOT_COVERED'), benefit('rejected', 'NOT_INSURED')])).toMatchObject({
      state: 'rejected', reasonCode: 'INSURED_CATEGORY_NOT_COVERED', prerequisitesMetAt: CASE_ACCEPTED,
    });
    expect(facts([benefit('forwarded', 'INSURED_IN_REGION_NOT_SERVED'), benefit('rejected', 'NOT_INSURED')])).toMatchObject({ state: 'forwarded', reasonCode: 'INSURED_IN_REGION_NOT_SERVED' });
  });

  it('revoked when cancelled; in progress with RECOVERY_REQUIRED when voided after payment', () => {
    expect(facts([benefit('revoked')], { cancelled: { reasonCode: 'BIRTH_VOIDED' } })).toMatchObject({ state: 'revoked', reasonCode: 'BIRTH_VOIDED' });
    expect(facts([benefit('done')], { acceptedAt: ACCEPTED, recoveryRequired: true })).toMatchObject({ state: 'in_progress', reasonCode: 'RECOVERY_REQUIRED', prerequisitesMetAt: ACCEPTED });
  });

  it('revoked with the recovery named once a clerk recorded it, not "nothing was paid"', () => {
    const closed = facts([benefit('done')], { acceptedAt: ACCEPTED, cancelled: { reasonCode: 'PAYMENT_RECOVERED' } });
    expect(closed).toMatchObject({ state: 'revoked', reasonCode: 'PAYMENT_RECOVERED' });
    expect(closed.reason?.en).toContain('recovered');
  });
});
