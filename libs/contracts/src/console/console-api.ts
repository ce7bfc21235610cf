// The console's API (issue 15) as the gateway answers it under `/api/console/`: types only, no
// runtime, so the console app (apps/console) builds against the same names the server returns.
// Every route checks the role and, for clerks, the region on the server; errors have the
// platform's shape `{ errors: [{ field, code, message: { zh, en } }] }`.
import type { ApplicationItem } from '../events/birth-submission.v1';
import type { ItemState, WaitingFor } from '../events/item-block.v1';
import type { DepartmentService } from '../events/case-events.v1';

/** Text in both of the console's languages. */
export interface ConsoleText {
  zh: string;
  en: string;
}

export interface ConsoleApiError {
  field: string;
  code: string;
  message: ConsoleText;
}

/** Any refusal: 400 (bad input), 401 (no session), 403 (role, region or CSRF), 404, 409, 502 (a service behind did not answer). */
export interface ConsoleErrorResponse {
  errors: ConsoleApiError[];
}

export type ConsoleCaseState = 'open' | 'completed' | 'completed_with_rejections' | 'voided';

// ---------------------------------------------------------------- clerks: finding cases

/**
 * `GET /api/console/cases` (clerk, admin). One way of finding at a time:
 * - `caseNumber` alone;
 * - `motherIdNumber` (with optional `motherIdType`, default `resident-id`) alone: an exact match through the blind index;
 * - otherwise the filters `hospitalId`, `date` (China date of acceptance), `state`, `atRisk`, `breached`, `region`
 *   (one of the clerk's regions or within one), with `limit` (1..200, default 50) and `cursor` for paging.
 */
export interface ConsoleCaseListQuery {
  caseNumber?: string;
  motherIdNumber?: string;
  motherIdType?: string;
  hospitalId?: string;
  /** `YYYY-MM-DD` (China). */
  date?: string;
  state?: ConsoleCaseState;
  atRisk?: boolean;
  breached?: boolean;
  region?: string;
  limit?: number;
  cursor?: string;
}

export interface ConsoleStepSummary {
  item: ApplicationItem;
  state: ItemState;
  waitingFor: WaitingFor[];
}

export interface ConsoleCaseSummary {
  caseId: string;
  caseNumber: string | null;
  state: ConsoleCaseState;
  atRisk: boolean;
  breached: boolean;
  hospitalId: string;
  regionCode: string | null;
  acceptedAt: string;
  steps: ConsoleStepSummary[];
}

export interface ConsoleCaseListResponse {
  cases: ConsoleCaseSummary[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

// ---------------------------------------------------------------- clerks: a case page

/** A person as the clerk first sees them: every personal field masked (`张*`, `210202********123X`, `138****1234`). */
export interface ConsoleMaskedPerson {
  name: string | null;
  idType: string | null;
  idNumber: string | null;
  phone: string | null;
  hukouRegionCode: string | null;
  /** `************1234`, or null when no account was given. */
  bankAccount: { bankName: string; accountNumber: string; accountName: string } | null;
}

export interface ConsoleNewborn {
  /** Masked; null while the applicant has not given a name. */
  name: string | null;
  /** The citizen ID number household registration assigned, masked; null before it (or when that service did not answer). */
  citizenIdNumber: string | null;
  sex: string;
  bornAt: string;
  weightGrams: number;
  plurality: number;
  birthOrder: number;
}

export interface ConsolePause {
  from: string;
  to: string | null;
  reason: string;
}

export interface ConsoleStep {
  item: ApplicationItem;
  department: DepartmentService;
  /** The department's name in words. */
  departmentName: ConsoleText;
  state: ItemState;
  stateText: ConsoleText;
  waitingFor: WaitingFor[];
  /** What the step waits for, in words: "等待户口登记的公民身份号码" / "waiting for the citizen ID number from household registration". */
  waitingText: ConsoleText[];
  reasonCode: string | null;
  reason: ConsoleText | null;
  lastChange: string | null;
  changedAt: string;
  startedAt: string | null;
  /** ISO 8601 +08:00; null before the clock starts. */
  deadline: string | null;
  provisional: boolean;
  /** Working days left until the deadline (negative: overdue); null without a deadline or once the step is finished. */
  remainingWorkingDays: number | null;
  pausedWorkingDays: number;
  pauses: ConsolePause[];
  atRisk: boolean;
  breachedAt: string | null;
  claimId: string | null;
}

export interface ConsoleBenefit {
  benefit: string;
  beneficiary: 'mother' | 'father';
  state: ItemState;
  days: number | null;
  amountFen: number | null;
  reasonCode: string | null;
  reason: ConsoleText | null;
  paymentState: string;
  paidAt: string | null;
}

export interface ConsoleAllowance {
  claimId: string;
  caseIds: string[];
  state: ItemState;
  waitingFor: string[];
  totalAmountFen: number | null;
  benefits: ConsoleBenefit[];
  /** The allowance service's explanation, Chinese then English. */
  explanation: ConsoleText | null;
}

export interface ConsoleTimelineEntry {
  at: string;
  type: string;
  cause: string;
}

export interface ConsoleNote {
  noteId: string;
  author: string;
  text: string;
  at: string;
}

/** `GET /api/console/cases/{caseId}` (clerk, admin): 404 unknown, 403 REGION_FORBIDDEN outside the clerk's regions. */
export interface ConsoleCasePage {
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
  /** From the gateway's intake store, masked; null if the gateway does not hold the record. */
  family: { mother: ConsoleMaskedPerson; father: ConsoleMaskedPerson | null; contactPhone: string | null; householdHeadName: string | null } | null;
  newborn: ConsoleNewborn | null;
  deliveryId: string | null;
  steps: ConsoleStep[];
  /** Null when the case applied for no allowance (or the service did not answer: see `unavailable`). */
  allowance: ConsoleAllowance | null;
  timeline: ConsoleTimelineEntry[];
  /** Twins' other cases of the same delivery. */
  linkedCases: { caseId: string; caseNumber: string | null }[];
  notes: ConsoleNote[];
  /** Parts that could not be read just now (e.g. `allowance`), so the page shows them as unavailable, not empty. */
  unavailable: string[];
}

// ---------------------------------------------------------------- clerks: reveal and actions

/** The fields that can be revealed, one at a time (`newborn.name` is the case's own newborn). */
export type ConsoleRevealableField =
  | 'mother.name'
  | 'mother.idNumber'
  | 'mother.phone'
  | 'mother.bankAccount'
  | 'father.name'
  | 'father.idNumber'
  | 'father.phone'
  | 'father.bankAccount'
  | 'newborn.name'
  | 'contactPhone'
  | 'householdHeadName'
  /** Held by household registration, not the gateway: revealed there, with the clerk and the reason (it audits too). */
  | 'newborn.citizenIdNumber';

/** `POST /api/console/cases/{caseId}/reveal` (clerk, admin): audited before the value is read; 400 REASON_REQUIRED without a reason. */
export interface ConsoleRevealRequest {
  field: ConsoleRevealableField;
  /** Why the clerk needs the full value (1..500 characters). */
  reason: string;
}

export interface ConsoleRevealResponse {
  field: ConsoleRevealableField;
  /** The value once, in full; null when the record has no such value. */
  value: string | null;
}

/** `POST /api/console/cases/{caseId}/corrections` (clerk, admin): what the applicant supplied; publishes birth.corrected.v1 with correctedBy = the clerk. */
export interface ConsoleCorrectionRequest {
  /** Makes a repeat of the same correction harmless (a UUID chosen by the console). */
  correctionId: string;
  /** Which newborn of the record (0 for a single birth). */
  newborn?: { name?: string; sex?: string };
  reason?: string;
}

export interface ConsoleCorrectionResponse {
  caseId: string;
  correctionId: string;
  changedFields: string[];
  correctedAt: string;
}

/** `POST /api/console/cases/{caseId}/bank-account` (clerk, admin): sealed by the gateway for the allowance service. */
export interface ConsoleBankAccountRequest {
  beneficiary: 'mother' | 'father';
  bankAccount: { bankName: string; accountNumber: string; accountName: string };
  /** e.g. `APPLICANT_CORRECTED_ACCOUNT`. */
  reasonCode: string;
  note?: string;
}

export interface ConsoleBankAccountResponse {
  claimId: string;
  beneficiary: 'mother' | 'father';
  openedOrderIds: string[];
}

/** `POST /api/console/cases/{caseId}/steps/{item}/retry` (clerk, admin): sends the owning department's `retry-step` command. */
export interface ConsoleRetryRequest {
  reason: string;
}

export interface ConsoleRetryResponse {
  caseId: string;
  item: ApplicationItem;
  commandId: string;
}

/** `POST /api/console/cases/{caseId}/notes` (clerk, admin). */
export interface ConsoleNoteRequest {
  text: string;
}

export type ConsoleNoteResponse = ConsoleNote;

/**
 * `POST /api/console/cases/{caseId}/allowance/resolutions` (clerk, admin): resolve the allowance's
 * manual review through the maternity-allowance service (`POST /internal/claims/{id}/resolutions`).
 */
export interface ConsoleAllowanceResolutionRequest {
  /** wage-set: a wage the rules leave to a clerk; ledger-confirmed: a mismatch whose ledger payment is this benefit's; recovery-recorded: money paid after the void recovered. */
  kind: 'wage-set' | 'ledger-confirmed' | 'recovery-recorded';
  /** Required for wage-set and ledger-confirmed. */
  beneficiary?: 'mother' | 'father';
  /** wage-set: the employer's average monthly wage of last year, in fen. */
  wageFen?: number;
  reasonCode: string;
  /** Why, in the clerk's words (audited). */
  reason: string;
}

export interface ConsoleAllowanceResolutionResponse {
  claimId: string;
  kind: ConsoleAllowanceResolutionRequest['kind'];
  state: ItemState;
  reasonCode: string | null;
}

/**
 * `POST /api/console/cases/{caseId}/steps/household-registration/referral` (clerk, admin): a
 * household registration in manual review handed to the county's public-security office.
 */
export interface ConsoleReferralRequest {
  /** When the facts name no county (an undecided place). */
  countyCode?: string;
  reasonCode: string;
  reason: string;
}

export interface ConsoleReferralResponse {
  caseId: string;
  item: 'household-registration';
  commandId: string;
}

/** `GET /api/console/manual-review?department=` (clerk, admin): the steps waiting on a person, in the clerk's regions. */
export interface ConsoleManualReviewItem {
  caseId: string;
  caseNumber: string | null;
  regionCode: string | null;
  item: ApplicationItem;
  department: DepartmentService;
  state: ItemState;
  reasonCode: string | null;
  reason: ConsoleText | null;
  changedAt: string;
}

export interface ConsoleManualReviewResponse {
  department: DepartmentService;
  items: ConsoleManualReviewItem[];
  nextCursor: string | null;
}

// ---------------------------------------------------------------- operators (never personal data)

export interface ConsoleOverdueCase {
  caseId: string;
  caseNumber: string | null;
  regionCode: string | null;
  hospitalId: string;
  item: ApplicationItem;
  department: DepartmentService;
  deadline: string | null;
  /** Working days past the deadline (0 or less: at risk, not yet breached). */
  workingDaysOverdue: number;
  breached: boolean;
}

/** `GET /api/console/dashboard` (operator, admin). */
export interface ConsoleDashboard {
  generatedAt: string;
  total: number;
  openByState: Record<ConsoleCaseState, number>;
  atRisk: ConsoleOverdueCase[];
  breached: ConsoleOverdueCase[];
  /** Breached and at-risk counts by department and by region. */
  byDepartment: { department: DepartmentService; atRisk: number; breached: number }[];
  byRegion: { regionCode: string; atRisk: number; breached: number }[];
  /** The last 30 China days, oldest first. */
  breachesPerDay: { date: string; breaches: number }[];
  /** Steps whose deadline is provisional, waiting for the calendar year to be published. */
  provisionalDeadlines: { caseId: string; caseNumber: string | null; item: ApplicationItem; deadline: string | null }[];
}

export interface ConsoleServiceHealth {
  service: string;
  up: boolean;
  ready: boolean;
  consumedPerSecond: number | null;
  publishedPerSecond: number | null;
  consumerLag: number | null;
  deadLetters: number | null;
  outboxBacklog: number | null;
  error: string | null;
}

/** `GET /api/console/health` (operator, admin). */
export interface ConsoleHealth {
  checkedAt: string;
  services: ConsoleServiceHealth[];
}

export interface ConsoleDeadLetter {
  /** `<topic>:<partition>:<offset>` of the dead-letter topic's message: what replay takes. */
  id: string;
  dlqTopic: string;
  originalTopic: string;
  consumerGroup: string;
  /** INVALID_MESSAGE, PERMANENT_REJECTION, RETRIES_EXHAUSTED or NO_HANDLER. */
  code: string;
  reason: string;
  attempts: number;
  failedAt: string;
  messageId: string | null;
  /** The message, every personal field masked. */
  maskedValue: unknown;
}

/** `GET /api/console/dead-letters?topic=&limit=` (operator, admin). */
export interface ConsoleDeadLetterList {
  topic: string;
  deadLetters: ConsoleDeadLetter[];
}

/** `POST /api/console/dead-letters/{id}/replay` (operator, admin), audited. */
export interface ConsoleReplayRequest {
  reason: string;
}

export interface ConsoleReplayResponse {
  id: string;
  /** The topic the message was re-published to. */
  replayedTo: string;
}

/**
 * `GET /api/console/events[?caseId=]` (text/event-stream; session cookie, no token in the URL):
 * `event: dashboard` with a ConsoleDashboard when figures change (operator, admin),
 * `event: case` with a ConsoleCaseSummary when the asked case changes (clerk, admin; region checked),
 * `: heartbeat` comments; the stream closes on sign-out or expiry.
 */
export type ConsoleServerEvent = { event: 'dashboard'; data: ConsoleDashboard } | { event: 'case'; data: ConsoleCaseSummary };
