import type { ApiResponseOptions } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { intakeError, type IntakeErrorCode } from '../intake/domain/validation/error-catalogue';
import { CONSOLE_ROLES } from './console-user';
import { AUDIT_PAGE } from './domain/audit-query';
import { PASSWORD_MAX_LENGTH } from './domain/password-policy';
import { SESSION_COOKIE } from './domain/session-cookie';

// The OpenAPI description of the console's sign-in and audit routes. Self-contained like
// calendar/calendar.openapi.ts: http/openapi.ts adds the schemas below to components; the
// error examples are built from the catalogue, so their messages are the real ones.

export const CONSOLE_AUTH_OPENAPI_TAG = 'console-auth';
export const CONSOLE_AUTH_TAG_DESCRIPTION =
  `The console's sign-in (clerks, operators, administrators, auditors; never hospitals): a server-side session in the httpOnly, SameSite=Strict cookie \`${SESSION_COOKIE}\` (Secure outside the local demo), and on every change (any method but GET and HEAD) the session's csrfToken in header X-CSRF-Token. No token ever travels in a URL.`;

const ERROR_ANSWER = { $ref: '#/components/schemas/ErrorAnswer' };
const header = (name: string) => ({ $ref: `#/components/headers/${name}` });
/** Every answer carries X-Request-Id (intake/request-id.ts). */
const REQUEST_ID = { 'X-Request-Id': header('X-Request-Id') };

const CONSOLE_USER: SchemaObject = {
  type: 'object',
  required: ['userId', 'username', 'role', 'regions'],
  properties: {
    userId: { type: 'string', format: 'uuid' },
    username: { type: 'string', example: 'demo-clerk' },
    role: { type: 'string', enum: [...CONSOLE_ROLES] },
    regions: {
      type: 'array',
      items: { type: 'string', pattern: '^[1-9][0-9]{5}$' },
      description: 'The region codes a clerk serves: a province (NN0000) covers its prefectures and counties, a prefecture (NNNN00) its counties. Empty for the other roles.',
    },
  },
};

export const CONSOLE_AUTH_SCHEMAS: Record<string, SchemaObject> = {
  ConsoleSignInRequest: {
    type: 'object',
    required: ['username', 'password'],
    additionalProperties: false,
    properties: {
      username: { type: 'string', minLength: 1, maxLength: 63 },
      password: { type: 'string', minLength: 1, maxLength: PASSWORD_MAX_LENGTH * 2, format: 'password' },
    },
  },
  ConsoleSession: {
    type: 'object',
    required: ['user', 'csrfToken'],
    properties: {
      user: CONSOLE_USER,
      csrfToken: { type: 'string', description: 'Send it back in header X-CSRF-Token on every change (POST, PUT, PATCH, DELETE) of this session.' },
    },
  },
  ConsoleAuditPage: {
    type: 'object',
    required: ['entries', 'nextCursor'],
    properties: {
      entries: {
        type: 'array',
        description: 'Newest first.',
        items: {
          type: 'object',
          required: ['seq', 'at', 'actor', 'action', 'caseId', 'field', 'reason', 'detail'],
          properties: {
            seq: { type: 'string', description: 'The row\'s place in the log (a growing number, as text).' },
            at: { type: 'string', format: 'date-time' },
            actor: { type: 'object', required: ['userId', 'username', 'role'], properties: { userId: { type: 'string', format: 'uuid' }, username: { type: 'string' }, role: { type: 'string', enum: [...CONSOLE_ROLES] } } },
            action: { type: 'string', example: 'case.reveal', description: 'What was done: `session.sign-in`, `session.sign-in-refused`, `session.sign-out`, and the console\'s reveals and actions.' },
            caseId: { type: 'string', format: 'uuid', nullable: true },
            field: { type: 'string', nullable: true, description: 'The field revealed or changed.' },
            reason: { type: 'string', nullable: true, description: 'The reason the user gave.' },
            detail: { type: 'object', additionalProperties: true, description: 'Identifiers and codes only, never personal data.' },
          },
        },
      },
      nextCursor: { type: 'string', nullable: true, description: 'Pass as `cursor` for the next, older page; null on the last page.' },
    },
  },
};

const refusal = (status: number, description: string, examples: Record<string, [string, IntakeErrorCode]>, headers: Record<string, object> = {}): ApiResponseOptions => ({
  status,
  description: `${description} Codes and what to do: docs/errors.md.`,
  headers: { ...REQUEST_ID, ...headers },
  content: {
    'application/json': {
      schema: ERROR_ANSWER,
      examples: Object.fromEntries(Object.entries(examples).map(([name, [field, code]]) => [name, { summary: code, value: { errors: [intakeError(field, code)] } }])),
    },
  },
});

const SESSION_EXAMPLE = {
  user: { userId: '5f0c2a8e-3d4b-4c1a-9e6f-7a8b9c0d1e2f', username: 'demo-clerk', role: 'clerk', regions: ['210200', '220100'] },
  csrfToken: 'q3Jx0fV2mY8sR1tK9wL4pN6bC7dE5gH0iJ2kM8nO1aQ',
};

export const CONSOLE_AUTH_ANSWERS = {
  signedIn: {
    status: 200,
    description: `Signed in: the user and the session's CSRF token. The session itself is the cookie \`${SESSION_COOKIE}\` (Set-Cookie).`,
    headers: { ...REQUEST_ID, 'Set-Cookie': { description: `${SESSION_COOKIE}=<token>; Path=/; HttpOnly; SameSite=Strict; Secure (Secure outside the local demo)`, schema: { type: 'string' } } },
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ConsoleSession' }, example: SESSION_EXAMPLE } },
  } satisfies ApiResponseOptions,
  session: {
    status: 200,
    description: 'The signed-in user and the session\'s CSRF token (for a page loaded again).',
    headers: REQUEST_ID,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ConsoleSession' }, example: SESSION_EXAMPLE } },
  } satisfies ApiResponseOptions,
  signedOut: { status: 204, description: 'Signed out: the session is ended and the cookie cleared.', headers: REQUEST_ID } satisfies ApiResponseOptions,
  auditPage: {
    status: 200,
    description: `A page of the console's audit log, newest first (${AUDIT_PAGE.default} rows unless \`limit\` says otherwise).`,
    headers: REQUEST_ID,
    content: {
      'application/json': {
        schema: { $ref: '#/components/schemas/ConsoleAuditPage' },
        example: {
          entries: [
            {
              seq: '1043',
              at: '2026-12-01T06:12:09.114Z',
              actor: { userId: '5f0c2a8e-3d4b-4c1a-9e6f-7a8b9c0d1e2f', username: 'demo-clerk', role: 'clerk' },
              action: 'case.reveal',
              caseId: '0e8f9a3c-1b2d-4e5f-8a9b-0c1d2e3f4a5b',
              field: 'mother.idNumber',
              reason: '申请人到窗口核对身份',
              detail: {},
            },
          ],
          nextCursor: '1043',
        },
      },
    },
  } satisfies ApiResponseOptions,
  badSignIn: refusal(400, 'The body is not `{ username, password }`.', { missing: ['password', 'IS_NOT_EMPTY'], extra: ['remember', 'UNKNOWN_FIELD'] }),
  invalidCredentials: refusal(401, 'Unknown username or wrong password (one answer for both).', { wrong: ['credentials', 'INVALID_CREDENTIALS'] }),
  disabled: refusal(403, 'The account is disabled.', { disabled: ['credentials', 'ACCOUNT_DISABLED'] }),
  locked: refusal(423, 'Locked after repeated wrong passwords, for CONSOLE_LOCKOUT_MINUTES; Retry-After says for how many more seconds.', { locked: ['credentials', 'ACCOUNT_LOCKED'] }, { 'Retry-After': header('Retry-After') }),
  noSession: refusal(401, 'No live session: none, signed out, or idle for longer than CONSOLE_SESSION_IDLE_SECONDS.', {
    required: ['session', 'SESSION_REQUIRED'],
    expired: ['session', 'SESSION_EXPIRED'],
  }),
  forbidden: refusal(403, 'The session\'s user may not: a disabled account, a missing or wrong X-CSRF-Token on a change, or a role the route is not for.', {
    disabled: ['session', 'ACCOUNT_DISABLED'],
    csrf: ['X-CSRF-Token', 'CSRF_TOKEN_INVALID'],
    role: ['role', 'ROLE_FORBIDDEN'],
  }),
  badAuditQuery: refusal(400, 'A filter or the page is malformed.', { limit: ['limit', 'MAX'], caseId: ['caseId', 'IS_UUID'] }),
};
