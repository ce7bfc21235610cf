import type {
  ApplicationItem,
  ConsoleAllowance,
  ConsoleCasePage,
  ConsoleCaseState,
  ConsoleCaseSummary,
  ConsoleNote,
  ConsoleStep,
  ConsoleText,
  ItemState,
  WaitingFor,
} from '@birth/contracts';
import { maskedFamily, newbornOf, type StoredApplication } from './case-family';
import { departmentOf, DEPARTMENT_NAMES, STATE_WORDS, waitingWordsOf } from './step-words';
import { remainingWorkingDays, type CountWorkingDays } from './working-days';

/** A step as the saga's query API answers it (`GET /internal/cases/{caseId}`): the fields the page reads. */
export interface SagaStep {
  item: ApplicationItem;
  state: ItemState;
  waitingFor: WaitingFor[];
  reasonCode: string | null;
  reason: ConsoleText | null;
  lastChange: string | null;
  changedAt: string;
  startedAt: string | null;
  deadline: string | null;
  provisional: boolean;
  pausedWorkingDays: number;
  pauses: { from: string; to: string | null; reason: string }[];
  atRisk: boolean;
  breachedAt: string | null;
  claimId: string | null;
}

/** A case as the saga answers it: no personal data. */
export interface SagaCase {
  caseId: string;
  caseNumber: string | null;
  state: ConsoleCaseState;
  atRisk: boolean;
  breached: boolean;
  hospitalId: string;
  regionCode: string | null;
  acceptedAt: string;
  completedAt: string | null;
  voidedAt: string | null;
  steps: SagaStep[];
  timeline: { at: string; type: string; cause: string }[];
}

/** A claim as the allowance's internal API answers it (`GET /internal/claims?caseId=`). */
export interface AllowanceClaim {
  claimId: string;
  caseIds: string[];
  state: ItemState;
  waitingFor: string[];
  benefits: {
    benefit: string;
    beneficiary: 'mother' | 'father';
    state: ItemState;
    days: number | null;
    amountFen: number | null;
    reasonCode: string | null;
    reason: ConsoleText | null;
    payment: { state: string; paidAt: string | null };
  }[];
}

/** Steps still counting (not finished): only these have working days left. */
const FINISHED: readonly ItemState[] = ['done', 'rejected', 'forwarded', 'revoked'];

export function consoleStepOf(step: SagaStep, now: Date, count: CountWorkingDays): ConsoleStep {
  const department = departmentOf(step.item);
  return {
    item: step.item,
    department,
    departmentName: DEPARTMENT_NAMES[department],
    state: step.state,
    stateText: STATE_WORDS[step.state],
    waitingFor: [...step.waitingFor],
    waitingText: waitingWordsOf(step.waitingFor),
    reasonCode: step.reasonCode,
    reason: step.reason,
    lastChange: step.lastChange,
    changedAt: step.changedAt,
    startedAt: step.startedAt,
    deadline: step.deadline,
    provisional: step.provisional,
    remainingWorkingDays: step.deadline && !FINISHED.includes(step.state) ? remainingWorkingDays(step.deadline, now, count) : null,
    pausedWorkingDays: step.pausedWorkingDays,
    pauses: step.pauses.map((p) => ({ from: p.from, to: p.to, reason: p.reason })),
    atRisk: step.atRisk,
    breachedAt: step.breachedAt,
    claimId: step.claimId,
  };
}

export function allowanceOf(claim: AllowanceClaim, explanation: ConsoleText | null): ConsoleAllowance {
  const amounts = claim.benefits.map((b) => b.amountFen).filter((a): a is number => a !== null);
  return {
    claimId: claim.claimId,
    caseIds: [...claim.caseIds],
    state: claim.state,
    waitingFor: [...claim.waitingFor],
    totalAmountFen: amounts.length ? amounts.reduce((a, b) => a + b, 0) : null,
    benefits: claim.benefits.map((b) => ({
      benefit: b.benefit,
      beneficiary: b.beneficiary,
      state: b.state,
      days: b.days,
      amountFen: b.amountFen,
      reasonCode: b.reasonCode,
      reason: b.reason,
      paymentState: b.payment.state,
      paidAt: b.payment.paidAt,
    })),
    explanation,
  };
}

export interface CasePageParts {
  saga: SagaCase;
  intake: { deliveryId: string; application: StoredApplication } | null;
  allowance: ConsoleAllowance | null;
  /** The newborn's citizen ID number as household registration answered it (masked there); null before it is assigned. */
  citizenIdNumber: string | null;
  /** Twins' other cases, from the intake's delivery and the claim's cases together. */
  linkedCases: { caseId: string; caseNumber: string | null }[];
  notes: ConsoleNote[];
  unavailable: string[];
}

export function casePageOf(parts: CasePageParts, now: Date, count: CountWorkingDays): ConsoleCasePage {
  const { saga } = parts;
  return {
    ...headerOf(saga),
    completedAt: saga.completedAt,
    voidedAt: saga.voidedAt,
    family: parts.intake ? maskedFamily(parts.intake.application) : null,
    newborn: parts.intake ? newbornOf(parts.intake.application, parts.citizenIdNumber) : null,
    deliveryId: parts.intake?.deliveryId ?? null,
    steps: saga.steps.map((s) => consoleStepOf(s, now, count)),
    allowance: parts.allowance,
    timeline: saga.timeline.map((t) => ({ at: t.at, type: t.type, cause: t.cause })),
    linkedCases: parts.linkedCases,
    notes: parts.notes,
    unavailable: parts.unavailable,
  };
}

/** Twins' cases from both sources, once each, without the case itself. */
export function linkedCasesOf(caseId: string, fromDelivery: readonly { caseId: string; caseNumber: string | null }[], claimCaseIds: readonly string[]): { caseId: string; caseNumber: string | null }[] {
  const linked = new Map<string, string | null>();
  for (const c of fromDelivery) if (c.caseId !== caseId) linked.set(c.caseId, c.caseNumber);
  for (const id of claimCaseIds) if (id !== caseId && !linked.has(id)) linked.set(id, null);
  return [...linked].map(([id, caseNumber]) => ({ caseId: id, caseNumber }));
}

type CaseHeader = Omit<ConsoleCaseSummary, 'steps'>;

/** What a list row and a page say of the case itself (picked, never passed through). */
function headerOf(saga: CaseHeader): CaseHeader {
  const { caseId, caseNumber, state, atRisk, breached, hospitalId, regionCode, acceptedAt } = saga;
  return { caseId, caseNumber, state, atRisk, breached, hospitalId, regionCode, acceptedAt };
}

/** A saga case answer as a list row (the caseNumber and mother searches answer whole cases). */
export function summaryOf(saga: CaseHeader & { steps: readonly Pick<SagaStep, 'item' | 'state' | 'waitingFor'>[] }): ConsoleCaseSummary {
  return {
    ...headerOf(saga),
    steps: saga.steps.map((s) => ({ item: s.item, state: s.state, waitingFor: [...s.waitingFor] })),
  };
}
