import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsUUID, Matches, Min, ValidateNested } from 'class-validator';
import { IsText, StringMaxLength, TEXT_MAX } from '../text';
import { APPLICATION_ITEMS, type ApplicationItem } from './birth-registered.v1';
import { IsInstant, ITEM_STATES, LocalizedTextV1, REASON_CODE_PATTERN, WAITING_FOR, type ItemState, type WaitingFor } from './item-block.v1';

// The saga's public events (issue 13), keyed by the case id like every case-scoped message.

/** The department services, by the name of their app: the department responsible for a step is the step's own (DOMAIN.md §8). */
export const DEPARTMENT_SERVICES = ['birth-certificate', 'household-registration', 'medical-insurance', 'social-security-card', 'maternity-allowance'] as const;
export type DepartmentService = (typeof DEPARTMENT_SERVICES)[number];

/** The step's clock as the saga counted it. */
class StepClockV1 {
  @IsIn(APPLICATION_ITEMS) item!: ApplicationItem;
  @IsIn(DEPARTMENT_SERVICES) responsibleDepartment!: DepartmentService;
  /** When the step's clock started: the item's `prerequisitesMetAt` (the claim's `acceptedAt`). */
  @IsInstant() startedAt!: string;
  /** 24:00 China time of the last working day, with +08:00, after the pauses. */
  @IsInstant() deadline!: string;
  /** The deadline reaches into a year with no calendar (weekends only). */
  @IsBoolean() provisional!: boolean;
  /** The calendar versions the deadline used, e.g. `2025.1+2026.1`. */
  @IsText(TEXT_MAX.code) @IsNotEmpty() calendarVersion!: string;
  @IsInt() @Min(0) pausedWorkingDays!: number;
}

/** `case.sla-at-risk.v1`: an open step has 2 working days or fewer left (configurable), not paused. Sent once per step. */
export class CaseSlaAtRiskV1 extends StepClockV1 {
  @IsInt() @Min(0) workingDaysLeft!: number;
  @IsInstant() detectedAt!: string;
}

/** `case.sla-breached.v1`: past the deadline and not done, naming the responsible department. Sent once per step; the breach stays on the case. */
export class CaseSlaBreachedV1 extends StepClockV1 {
  /** The step's state when the deadline passed. */
  @IsIn(ITEM_STATES) state!: ItemState;
  @IsInstant() breachedAt!: string;
}

/** What the family is told about. */
export const NOTIFICATION_EVENTS = ['step-rejected', 'step-awaiting-applicant', 'allowance-paid'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const NOTIFICATION_CHANNELS = ['sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * Where the message goes, by reference: the sender reads the contact phone from the case's
 * application where it is kept (through the gateway's internal API, audited), so no phone number
 * travels on Kafka.
 */
export const NOTIFICATION_RECIPIENTS = ['application.contactPhone'] as const;
export type NotificationRecipient = (typeof NOTIFICATION_RECIPIENTS)[number];

/** The values a template fills in: codes and amounts, never personal data. */
export class NotificationParametersV1 {
  @IsOptional() @Matches(REASON_CODE_PATTERN) @StringMaxLength(TEXT_MAX.code) reasonCode!: string | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => LocalizedTextV1) reason!: LocalizedTextV1 | null;
  @IsArray() @ArrayUnique() @ArrayMaxSize(WAITING_FOR.length) @IsIn(WAITING_FOR, { each: true }) waitingFor!: WaitingFor[];
  /** On `allowance-paid`: the amount paid, in integer fen; otherwise null. */
  @IsOptional() @IsInt() @Min(0) amountFen!: number | null;
}

/** `case.notification-requested.v1`: the saga asks for the family to be told; sending is a later concern, the request is durable. */
export class CaseNotificationRequestedV1 {
  /** Unique per request: a sender deduplicates on it. */
  @IsUUID() @StringMaxLength(36) notificationId!: string;
  /** The case number the family was given at intake (not personal data): the message names it. */
  @Matches(/^\d{6}-\d{8}-\d{6}-\d$/) @StringMaxLength(TEXT_MAX.code) caseNumber!: string;
  @IsIn(NOTIFICATION_EVENTS) event!: NotificationEvent;
  @IsIn(APPLICATION_ITEMS) item!: ApplicationItem;
  /** The template's id, e.g. `STEP_REJECTED_V1`; its texts live with the sender. */
  @Matches(REASON_CODE_PATTERN) @StringMaxLength(TEXT_MAX.code) template!: string;
  @IsIn(NOTIFICATION_CHANNELS) channel!: NotificationChannel;
  @IsIn(NOTIFICATION_RECIPIENTS) recipient!: NotificationRecipient;
  @IsObject() @ValidateNested() @Type(() => NotificationParametersV1) parameters!: NotificationParametersV1;
  @IsInstant() requestedAt!: string;
}

/** Why a step was raised to operators. */
export const ESCALATION_REASONS = [
  /** No progress for the configured time, and a `retry-step` did not help. */
  'step-stuck',
  /** After a void, the step's `revoked` did not arrive, and a `revoke` did not help. */
  'compensation-unconfirmed',
  /** The deadline is provisional: the calendar year it reaches into is not loaded. */
  'calendar-year-missing',
] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

/**
 * `case.step-escalated.v1`: a step operators must look at. The saga has already sent what it can
 * (`retry-step`, `revoke`); this is the end of what automation does, so it is an event for the
 * operators' console and alerting, not a command to the department.
 */
export class CaseStepEscalatedV1 {
  @IsIn(ESCALATION_REASONS) reason!: EscalationReason;
  @IsIn(APPLICATION_ITEMS) item!: ApplicationItem;
  @IsIn(DEPARTMENT_SERVICES) responsibleDepartment!: DepartmentService;
  @IsIn(ITEM_STATES) state!: ItemState;
  /** The commands the saga sent for it before escalating (`retry-step` or `revoke`). */
  @IsInt() @Min(0) commandsSent!: number;
  /** The step's last change; null if the department never reported one. */
  @IsOptional() @IsInstant() lastChangeAt!: string | null;
  @IsInstant() escalatedAt!: string;
}
