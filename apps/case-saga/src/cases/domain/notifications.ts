import type { ApplicationItem, BenefitSummaryV1, NotificationEvent, NotificationParametersV1 } from '@birth/contracts';
import type { Step } from './step';

/** What the family is to be told, before it gets its id and the case number. */
export interface NotificationRequest {
  readonly event: NotificationEvent;
  readonly item: ApplicationItem;
  readonly template: string;
  readonly parameters: NotificationParametersV1;
  /** Unique per case for one thing to tell: a redelivered or replayed change asks only once. */
  readonly dedupKey: string;
}

export const NOTIFICATION_TEMPLATES: Record<NotificationEvent, string> = {
  'step-rejected': 'STEP_REJECTED_V1',
  'step-awaiting-applicant': 'STEP_AWAITING_APPLICANT_V1',
  'allowance-paid': 'ALLOWANCE_PAID_V1',
};

/**
 * What a step's change tells the family (issue 13, "Telling the family"): a rejection, or a wait
 * for the applicant (again when what it waits for changes). Nothing on a voided case.
 */
export function stepNotification(before: Step | null, after: Step, caseVoided: boolean): NotificationRequest | null {
  if (caseVoided) return null;
  const parameters = { reasonCode: after.reasonCode, reason: after.reason, waitingFor: [...after.waitingFor], amountFen: null };
  if (after.state === 'rejected' && before?.state !== 'rejected') {
    return { event: 'step-rejected', item: after.item, template: NOTIFICATION_TEMPLATES['step-rejected'], parameters, dedupKey: `step-rejected:${after.item}:${after.changedAt}` };
  }
  if (after.state === 'awaiting_applicant') {
    const sameWait = before?.state === 'awaiting_applicant' && before.waitingFor.join('+') === after.waitingFor.join('+');
    if (sameWait) return null;
    return {
      event: 'step-awaiting-applicant',
      item: after.item,
      template: NOTIFICATION_TEMPLATES['step-awaiting-applicant'],
      parameters,
      dedupKey: `step-awaiting-applicant:${after.item}:${after.changedAt}`,
    };
  }
  return null;
}

/**
 * The allowance paid: one request per benefit paid, on a claim's `paid` change. Twins' cases
 * share the claim and the family, so only the first case the claim names asks (one message, not one per twin).
 */
export function paidNotifications(change: string, benefits: readonly BenefitSummaryV1[], isFirstCaseOfClaim: boolean, caseVoided: boolean): NotificationRequest[] {
  if (change !== 'paid' || !isFirstCaseOfClaim || caseVoided) return [];
  return benefits
    .filter((b) => b.payment.state === 'paid' && b.payment.paidAt)
    .map((b) => ({
      event: 'allowance-paid' as const,
      item: 'maternity-allowance' as const,
      template: NOTIFICATION_TEMPLATES['allowance-paid'],
      parameters: { reasonCode: null, reason: null, waitingFor: [], amountFen: b.amountFen ?? null },
      dedupKey: `allowance-paid:${b.beneficiary}:${b.benefit}:${b.payment.paidAt}`,
    }));
}
