import { intakeError, type IntakeError } from '../../intake/domain/validation/error-catalogue';

// The query of GET /api/console/audit: optional filters (a case id, the actor's username, the
// action), a page size and the cursor of the previous page. Pure: the controller hands in
// Express's parsed query and gets the filters or every problem at once (a repeated parameter
// arrives as an array and is refused).

export const AUDIT_PAGE = { default: 50, min: 1, max: 200 } as const;

export interface AuditQuery {
  caseId?: string;
  actor?: string;
  action?: string;
  limit: number;
  /** Rows older than this sequence number (the previous page's nextCursor). */
  before?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;
const ACTION = /^[a-z][a-z0-9.-]{0,99}$/;
const CURSOR = /^[1-9][0-9]{0,17}$/;
const WHOLE_NUMBER = /^[0-9]{1,4}$/;

export function parseAuditQuery(query: Record<string, unknown>): { ok: true; value: AuditQuery } | { ok: false; errors: IntakeError[] } {
  const errors: IntakeError[] = [];
  const text = (name: string, form: RegExp, code: 'IS_UUID' | 'INVALID'): string | undefined => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string' || !form.test(value)) {
      errors.push(intakeError(name, code));
      return undefined;
    }
    return value;
  };
  const caseId = text('caseId', UUID, 'IS_UUID')?.toLowerCase();
  const actor = text('actor', USERNAME, 'INVALID');
  const action = text('action', ACTION, 'INVALID');
  const before = text('cursor', CURSOR, 'INVALID');
  let limit: number = AUDIT_PAGE.default;
  const rawLimit = query['limit'];
  if (rawLimit !== undefined && rawLimit !== '') {
    if (typeof rawLimit !== 'string' || !WHOLE_NUMBER.test(rawLimit)) errors.push(intakeError('limit', 'IS_INT'));
    else if (Number(rawLimit) < AUDIT_PAGE.min) errors.push(intakeError('limit', 'MIN'));
    else if (Number(rawLimit) > AUDIT_PAGE.max) errors.push(intakeError('limit', 'MAX'));
    else limit = Number(rawLimit);
  }
  for (const name of Object.keys(query)) if (!KNOWN.has(name)) errors.push(intakeError(name.slice(0, 64), 'UNKNOWN_FIELD'));
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { caseId, actor, action, limit, before } };
}

const KNOWN = new Set(['caseId', 'actor', 'action', 'limit', 'cursor']);
