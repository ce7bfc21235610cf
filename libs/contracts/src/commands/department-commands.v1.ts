import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsText, StringMaxLength, TEXT_MAX } from '../text';

/** Why a command was sent, as a machine-readable code (`STEP_STUCK`, `BIRTH_VOIDED`, `OPERATOR_REQUEST`, …). */
export const COMMAND_REASON_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * `retry-step`: redo the step of the case's item that is stuck (the saga sends it when a step
 * made no progress for too long; an operator may too). The case is the envelope's `caseId`.
 * A service with nothing stuck for the case records the command and does nothing else.
 */
export class RetryStepCommandV1 {
  @IsIn(['retry-step']) command!: 'retry-step';
  @Matches(COMMAND_REASON_CODE) @StringMaxLength(TEXT_MAX.code) reasonCode!: string;
  /** Free text for the item's history, e.g. which timer fired. */
  @IsOptional() @IsText(TEXT_MAX.reason) note!: string | null;
}

/**
 * `revoke`: undo what the service did for the case, as on `birth.voided.v1` (a waiting item is
 * revoked; done work is undone), and publish `revoked`. A no-op when the item is already revoked.
 * The case is the envelope's `caseId`.
 */
export class RevokeCommandV1 {
  @IsIn(['revoke']) command!: 'revoke';
  @Matches(COMMAND_REASON_CODE) @StringMaxLength(TEXT_MAX.code) reasonCode!: string;
  @IsOptional() @IsText(TEXT_MAX.reason) note!: string | null;
}

/** The commands every department service takes, by name. */
export const DEPARTMENT_COMMANDS = { 'retry-step': RetryStepCommandV1, revoke: RevokeCommandV1 } as const;

export type DepartmentCommandV1 = RetryStepCommandV1 | RevokeCommandV1;
