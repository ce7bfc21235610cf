import type { EventEnvelope } from '@birth/contracts';
import { PermanentError } from '@birth/messaging';

/**
 * The case a department's message is about. Every topic a department reads is keyed by case: a
 * message without one can never be applied, so it is dead-lettered (CASE_ID_MISSING), not retried.
 */
export function caseIdOf(event: EventEnvelope<object>): string {
  if (!event.caseId) throw new PermanentError('CASE_ID_MISSING', `${event.type} without a case id`, [{ field: 'caseId', code: 'REQUIRED', message: 'the envelope names no case' }]);
  return event.caseId;
}
