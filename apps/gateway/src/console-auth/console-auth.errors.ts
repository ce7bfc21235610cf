import { intakeError, IntakeRejection } from '../intake/intake.errors';

// The console's refusals, in the API's one error shape (http/api-exception.filter.ts answers an
// IntakeRejection with its status and errors). Messages from the error catalogue.

export const invalidCredentials = () => new IntakeRejection(401, [intakeError('credentials', 'INVALID_CREDENTIALS')]);
export const accountDisabled = (field: 'credentials' | 'session') => new IntakeRejection(403, [intakeError(field, 'ACCOUNT_DISABLED')]);
export const sessionRequired = () => new IntakeRejection(401, [intakeError('session', 'SESSION_REQUIRED')]);
export const sessionExpired = () => new IntakeRejection(401, [intakeError('session', 'SESSION_EXPIRED')]);
export const roleForbidden = () => new IntakeRejection(403, [intakeError('role', 'ROLE_FORBIDDEN')]);
export const csrfTokenInvalid = () => new IntakeRejection(403, [intakeError('X-CSRF-Token', 'CSRF_TOKEN_INVALID')]);

/** 423 ACCOUNT_LOCKED, with the seconds until the lock ends (the controller's Retry-After). */
export class AccountLocked extends IntakeRejection {
  constructor(readonly retryAfterSeconds: number) {
    super(423, [intakeError('credentials', 'ACCOUNT_LOCKED')]);
  }
}
