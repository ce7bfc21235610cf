import type { BenefitSummaryV1 } from '@birth/contracts';
import { paidNotifications, stepNotification } from './notifications';
import { unreportedStep, type Step } from './step';

const step = (over: Partial<Step>): Step => ({ ...unreportedStep('household-registration', '2026-03-02T01:00:00.000Z'), ...over });

describe('what the family is told', () => {
  it('a rejection, once', () => {
    const rejected = step({ state: 'rejected', reasonCode: 'NOT_ELIGIBLE', changedAt: '2026-03-03T02:00:00.000Z' });
    expect(stepNotification(step({ state: 'in_progress' }), rejected, false)).toEqual({
      event: 'step-rejected',
      item: 'household-registration',
      template: 'STEP_REJECTED_V1',
      parameters: { reasonCode: 'NOT_ELIGIBLE', reason: null, waitingFor: [], amountFen: null },
      dedupKey: 'step-rejected:household-registration:2026-03-03T02:00:00.000Z',
    });
    expect(stepNotification(rejected, { ...rejected, changedAt: '2026-03-04T02:00:00.000Z' }, false)).toBeNull();
  });

  it('a wait for the applicant, and again when what it waits for changes', () => {
    const waiting = step({ state: 'awaiting_applicant', waitingFor: ['newborn-sex'] });
    expect(stepNotification(step({ state: 'in_progress' }), waiting, false)).toMatchObject({ event: 'step-awaiting-applicant', template: 'STEP_AWAITING_APPLICANT_V1', parameters: { waitingFor: ['newborn-sex'] } });
    expect(stepNotification(waiting, { ...waiting, reasonCode: 'X' }, false)).toBeNull();
    expect(stepNotification(waiting, { ...waiting, waitingFor: ['newborn-name'] }, false)).toMatchObject({ parameters: { waitingFor: ['newborn-name'] } });
  });

  it('nothing on progress, and nothing on a voided case', () => {
    expect(stepNotification(step({}), step({ state: 'done' }), false)).toBeNull();
    expect(stepNotification(step({}), step({ state: 'rejected' }), true)).toBeNull();
  });

  const benefit = (over: Partial<BenefitSummaryV1>): BenefitSummaryV1 => ({
    benefit: 'maternity-leave',
    beneficiary: 'mother',
    state: 'done',
    days: 158,
    amountFen: 4_096_000,
    ruleVersion: '3',
    reasonCode: null,
    forwardedTo: null,
    payment: { state: 'paid', paidAt: '2026-03-10T10:00:00+08:00' },
    ...over,
  });

  it('each paid benefit of the claim, on the first case it names only', () => {
    const benefits = [benefit({}), benefit({ benefit: 'paternity-leave', beneficiary: 'father', amountFen: 500_000, payment: { state: 'sent', paidAt: null } })];
    expect(paidNotifications('paid', benefits, true, false)).toEqual([
      {
        event: 'allowance-paid',
        item: 'maternity-allowance',
        template: 'ALLOWANCE_PAID_V1',
        parameters: { reasonCode: null, reason: null, waitingFor: [], amountFen: 4_096_000 },
        dedupKey: 'allowance-paid:mother:maternity-leave:2026-03-10T10:00:00+08:00',
      },
    ]);
    expect(paidNotifications('paid', benefits, false, false)).toEqual([]);
    expect(paidNotifications('accepted', benefits, true, false)).toEqual([]);
    expect(paidNotifications('paid', benefits, true, true)).toEqual([]);
  });
});
