import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, PathItemObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { APPLICATION_ITEMS, DEPARTMENT_SERVICES, ID_DOCUMENT_TYPES, ITEM_STATES, WAITING_FOR } from '@birth/contracts';
import { REVEALABLE_FIELDS } from './domain/case-family';

// The OpenAPI description of the console's API (/api/console/cases…, dashboard, health,
// dead-letters, events): written here beside the routes, added to the gateway's document by
// http/openapi.ts. The controllers are excluded from Nest's scan (ApiExcludeController) so that
// each path is described once. Types: libs/contracts/src/console/console-api.ts.

export const CONSOLE_API_OPENAPI_TAG = 'console';
const TAG_DESCRIPTION =
  "The console's API for clerks (case search, case pages, reveals and actions, the manual-work queue) and operators (SLA dashboard, pipeline health, dead letters, live events). Every route needs the console session cookie; every change also the session's X-CSRF-Token. The server decides: a clerk sees only the cases of the regions they serve (403 REGION_FORBIDDEN), operators never see personal data (403 ROLE_FORBIDDEN on the clerks' routes). Reveals and actions are written to the append-only audit log before they happen.";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const TEXT: SchemaObject = { type: 'object', required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } };
const NULLABLE_STRING: SchemaObject = { type: 'string', nullable: true };
const CASE_STATE: SchemaObject = { type: 'string', enum: ['open', 'completed', 'completed_with_rejections', 'voided'] };
const ITEM: SchemaObject = { type: 'string', enum: [...APPLICATION_ITEMS] };
const ITEM_STATE: SchemaObject = { type: 'string', enum: [...ITEM_STATES] };
const WAITS: SchemaObject = { type: 'array', items: { type: 'string', enum: [...WAITING_FOR] } };
const REASON: SchemaObject = { type: 'string', minLength: 1, maxLength: 500, description: 'Why, as the user typed it; recorded in the audit log. Required (400 REASON_REQUIRED).' };

const CASE_HEADER: Record<string, SchemaObject> = {
  caseId: { type: 'string', format: 'uuid' },
  caseNumber: NULLABLE_STRING,
  state: CASE_STATE,
  atRisk: { type: 'boolean' },
  breached: { type: 'boolean' },
  hospitalId: { type: 'string' },
  regionCode: NULLABLE_STRING,
  acceptedAt: { type: 'string', format: 'date-time' },
};

const MASKED_PERSON: SchemaObject = {
  type: 'object',
  description: 'Every personal field masked (张*, 210202********123X, 138****1234); reveal one at a time.',
  properties: {
    name: NULLABLE_STRING,
    idType: NULLABLE_STRING,
    idNumber: NULLABLE_STRING,
    phone: NULLABLE_STRING,
    hukouRegionCode: NULLABLE_STRING,
    bankAccount: { type: 'object', nullable: true, properties: { bankName: { type: 'string' }, accountNumber: { type: 'string' }, accountName: { type: 'string' } } },
  },
};

const OVERDUE: SchemaObject = {
  type: 'object',
  properties: {
    ...CASE_HEADER,
    item: ITEM,
    department: { type: 'string', enum: [...DEPARTMENT_SERVICES] },
    deadline: NULLABLE_STRING,
    workingDaysOverdue: { type: 'integer', description: 'Working days past the deadline at the saga\'s clock (0 on the last day; negative while days remain).' },
    breached: { type: 'boolean' },
  },
};

export const CONSOLE_API_SCHEMAS: Record<string, SchemaObject> = {
  ConsoleCaseSummary: {
    type: 'object',
    properties: { ...CASE_HEADER, steps: { type: 'array', items: { type: 'object', properties: { item: ITEM, state: ITEM_STATE, waitingFor: WAITS } } } },
  },
  ConsoleCaseList: {
    type: 'object',
    required: ['cases', 'nextCursor'],
    properties: { cases: { type: 'array', items: ref('ConsoleCaseSummary') }, nextCursor: { ...NULLABLE_STRING, description: 'Pass as cursor for the next page; null on the last.' } },
  },
  ConsoleStep: {
    type: 'object',
    properties: {
      item: ITEM,
      department: { type: 'string', enum: [...DEPARTMENT_SERVICES] },
      departmentName: TEXT,
      state: ITEM_STATE,
      stateText: TEXT,
      waitingFor: WAITS,
      waitingText: { type: 'array', items: TEXT, description: 'What the step waits for, in words: "等待户口登记的公民身份号码" / "waiting for the citizen ID number from household registration".' },
      reasonCode: NULLABLE_STRING,
      reason: { ...TEXT, nullable: true },
      deadline: { ...NULLABLE_STRING, description: '24:00 China time of the last working day, as 00:00 +08:00 of the next day.' },
      provisional: { type: 'boolean', description: 'Counted on weekends alone: the calendar year is not loaded yet.' },
      remainingWorkingDays: { type: 'integer', nullable: true, description: 'Working days after today up to the deadline (0 on its last day, negative past it); null when finished or not started.' },
      pausedWorkingDays: { type: 'integer' },
      pauses: { type: 'array', items: { type: 'object', properties: { from: { type: 'string' }, to: NULLABLE_STRING, reason: { type: 'string' } } } },
      atRisk: { type: 'boolean' },
      breachedAt: NULLABLE_STRING,
      claimId: NULLABLE_STRING,
    },
  },
  ConsoleCasePage: {
    type: 'object',
    properties: {
      ...CASE_HEADER,
      completedAt: NULLABLE_STRING,
      voidedAt: NULLABLE_STRING,
      family: {
        type: 'object',
        nullable: true,
        properties: { mother: MASKED_PERSON, father: { ...MASKED_PERSON, nullable: true }, contactPhone: NULLABLE_STRING, householdHeadName: NULLABLE_STRING },
      },
      newborn: { type: 'object', nullable: true, properties: { name: NULLABLE_STRING, citizenIdNumber: { ...NULLABLE_STRING, description: 'Masked, from household registration; null before it is assigned.' }, sex: { type: 'string' }, bornAt: { type: 'string' }, weightGrams: { type: 'integer' }, plurality: { type: 'integer' }, birthOrder: { type: 'integer' } } },
      deliveryId: NULLABLE_STRING,
      steps: { type: 'array', items: ref('ConsoleStep') },
      allowance: {
        type: 'object',
        nullable: true,
        properties: {
          claimId: { type: 'string' },
          caseIds: { type: 'array', items: { type: 'string' } },
          state: ITEM_STATE,
          totalAmountFen: { type: 'integer', nullable: true },
          benefits: { type: 'array', items: { type: 'object' } },
          explanation: { ...TEXT, nullable: true },
        },
      },
      timeline: { type: 'array', items: { type: 'object', properties: { at: { type: 'string' }, type: { type: 'string' }, cause: { type: 'string' } } } },
      linkedCases: { type: 'array', items: { type: 'object', properties: { caseId: { type: 'string' }, caseNumber: NULLABLE_STRING } }, description: "Twins' other cases (the same delivery, or the same allowance claim)." },
      notes: { type: 'array', items: ref('ConsoleNote') },
      unavailable: { type: 'array', items: { type: 'string' }, description: 'Parts a service behind did not answer just now (e.g. allowance).' },
    },
  },
  ConsoleRevealRequest: { type: 'object', required: ['field', 'reason'], additionalProperties: false, properties: { field: { type: 'string', enum: [...REVEALABLE_FIELDS], description: 'newborn.citizenIdNumber is held by household registration: the gateway asks it with the clerk (X-Actor) and the reason, and it audits the reveal too.' }, reason: REASON } },
  ConsoleRevealAnswer: { type: 'object', required: ['field', 'value'], properties: { field: { type: 'string' }, value: { ...NULLABLE_STRING, description: 'The one field in full, once.' } } },
  ConsoleCorrectionRequest: {
    type: 'object',
    required: ['correctionId', 'newborn'],
    additionalProperties: false,
    properties: {
      correctionId: { type: 'string', format: 'uuid', description: 'A repeat with the same id and change is harmless; with another change, 409.' },
      newborn: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' }, sex: { type: 'string', enum: ['0', '1', '2', '9'] } } },
      reason: { type: 'string', maxLength: 500 },
    },
  },
  ConsoleCorrectionAnswer: { type: 'object', properties: { caseId: { type: 'string' }, correctionId: { type: 'string' }, changedFields: { type: 'array', items: { type: 'string' } }, correctedAt: { type: 'string' } } },
  ConsoleBankAccountRequest: {
    type: 'object',
    required: ['beneficiary', 'bankAccount', 'reasonCode'],
    additionalProperties: false,
    properties: {
      beneficiary: { type: 'string', enum: ['mother', 'father'] },
      bankAccount: {
        type: 'object',
        required: ['bankName', 'accountNumber', 'accountName'],
        properties: { bankName: { type: 'string' }, accountNumber: { type: 'string', pattern: '^\\d{8,32}$' }, accountName: { type: 'string' } },
        description: 'Sealed by the gateway for the maternity-allowance service before it leaves; never stored by the gateway.',
      },
      reasonCode: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{0,63}$', example: 'APPLICANT_CORRECTED_ACCOUNT' },
      note: { type: 'string', maxLength: 500 },
    },
  },
  ConsoleBankAccountAnswer: { type: 'object', properties: { claimId: { type: 'string' }, beneficiary: { type: 'string' }, openedOrderIds: { type: 'array', items: { type: 'string' } } } },
  ConsoleAllowanceResolutionRequest: {
    type: 'object',
    required: ['kind', 'reasonCode', 'reason'],
    additionalProperties: false,
    properties: {
      kind: {
        type: 'string',
        enum: ['wage-set', 'ledger-confirmed', 'recovery-recorded'],
        description: 'wage-set: the wage the rules leave to a clerk (the order opens); ledger-confirmed: the payment in the bank ledger is this benefit\'s (nothing sent again); recovery-recorded: money paid after the void was recovered (the claim closes).',
      },
      beneficiary: { type: 'string', enum: ['mother', 'father'], description: 'Required for wage-set and ledger-confirmed.' },
      wageFen: { type: 'integer', minimum: 1, maximum: 100000000, description: "wage-set: the employer's average monthly wage of last year, in fen." },
      reasonCode: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{0,63}$', example: 'EMPLOYER_CONFIRMED' },
      reason: REASON,
    },
  },
  ConsoleAllowanceResolutionAnswer: { type: 'object', properties: { claimId: { type: 'string', format: 'uuid' }, kind: { type: 'string' }, state: ITEM_STATE, reasonCode: NULLABLE_STRING } },
  ConsoleReferralRequest: {
    type: 'object',
    required: ['reasonCode', 'reason'],
    additionalProperties: false,
    properties: {
      countyCode: { type: 'string', pattern: '^\\d{6}$', description: "The county whose office takes it over, when the facts name none (an undecided place); a county the facts name (the number's, the exhausted sequence's) wins." },
      reasonCode: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{0,63}$', example: 'OFFICE_HANDLES_IT' },
      reason: REASON,
    },
  },
  ConsoleReferralAnswer: { type: 'object', properties: { caseId: { type: 'string' }, item: ITEM, commandId: { type: 'string', format: 'uuid' } } },
  ConsoleReasonRequest: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: REASON } },
  ConsoleRetryAnswer: { type: 'object', properties: { caseId: { type: 'string' }, item: ITEM, commandId: { type: 'string', format: 'uuid' } } },
  ConsoleNoteRequest: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', minLength: 1, maxLength: 500 } } },
  ConsoleNote: { type: 'object', properties: { noteId: { type: 'string' }, author: { type: 'string' }, text: { type: 'string' }, at: { type: 'string', format: 'date-time' } } },
  ConsoleManualReview: {
    type: 'object',
    properties: {
      department: { type: 'string', enum: [...DEPARTMENT_SERVICES] },
      items: { type: 'array', items: { type: 'object', properties: { ...CASE_HEADER, item: ITEM, state: ITEM_STATE, reasonCode: { type: 'string' }, reason: { ...TEXT, nullable: true }, changedAt: { type: 'string' } } } },
      nextCursor: NULLABLE_STRING,
    },
  },
  ConsoleDashboard: {
    type: 'object',
    description: 'No personal data: ids, regions, hospitals, items and dates.',
    properties: {
      generatedAt: { type: 'string' },
      total: { type: 'integer' },
      openByState: { type: 'object', additionalProperties: { type: 'integer' } },
      atRisk: { type: 'array', items: OVERDUE, description: 'Most overdue first.' },
      breached: { type: 'array', items: OVERDUE, description: 'Most overdue first.' },
      byDepartment: { type: 'array', items: { type: 'object', properties: { department: { type: 'string' }, atRisk: { type: 'integer' }, breached: { type: 'integer' } } } },
      byRegion: { type: 'array', items: { type: 'object', properties: { regionCode: { type: 'string' }, atRisk: { type: 'integer' }, breached: { type: 'integer' } } } },
      breachesPerDay: { type: 'array', items: { type: 'object', properties: { date: { type: 'string', format: 'date' }, breaches: { type: 'integer' } } }, description: 'The last 30 China days, oldest first.' },
      provisionalDeadlines: { type: 'array', items: { type: 'object', properties: { caseId: { type: 'string' }, caseNumber: NULLABLE_STRING, item: ITEM, deadline: NULLABLE_STRING } } },
    },
  },
  ConsoleHealth: {
    type: 'object',
    properties: {
      checkedAt: { type: 'string' },
      services: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            service: { type: 'string' },
            up: { type: 'boolean' },
            ready: { type: 'boolean' },
            consumedPerSecond: { type: 'number', nullable: true, description: 'Since the previous look (within 5 minutes); null on the first.' },
            publishedPerSecond: { type: 'number', nullable: true },
            consumerLag: { type: 'number', nullable: true },
            deadLetters: { type: 'number', nullable: true, description: 'Parked since the service started (birth_dead_letters_total).' },
            outboxBacklog: { type: 'number', nullable: true },
            error: NULLABLE_STRING,
          },
        },
      },
    },
  },
  ConsoleDeadLetters: {
    type: 'object',
    properties: {
      topic: { type: 'string' },
      deadLetters: {
        type: 'array',
        description: 'The newest first; personal data masked.',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string', example: 'birth.registered.v1:0:42', description: 'topic:partition:offset, for replay.' },
            originalTopic: { type: 'string' },
            consumerGroup: { type: 'string' },
            code: { type: 'string' },
            reason: { type: 'string' },
            attempts: { type: 'integer' },
            failedAt: { type: 'string' },
            messageId: NULLABLE_STRING,
            maskedValue: {},
          },
        },
      },
    },
  },
  ConsoleReplayAnswer: { type: 'object', properties: { id: { type: 'string' }, replayedTo: { type: 'string' } } },
};

const CSRF: ParameterObject = { name: 'X-CSRF-Token', in: 'header', required: true, schema: { type: 'string' }, description: "The session's csrfToken (403 CSRF_TOKEN_INVALID otherwise)." };
const CASE_ID: ParameterObject = { name: 'caseId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const query = (name: string, schema: SchemaObject, description?: string): ParameterObject => ({ name, in: 'query', required: false, schema, ...(description ? { description } : {}) });
const json = (schema: string) => ({ content: { 'application/json': { schema: ref(schema) } } });
const ERRORS = { description: 'Refused: `{ errors: [{ field, code, message: { zh, en } }] }`.', ...json('ErrorAnswer') };

function operation(operationId: string, summary: string, roles: string, ok: { status: string; schema: string | null; description: string }, extra: Partial<OperationObject> = {}, refusals: string[] = ['400', '401', '403']): OperationObject {
  return {
    tags: [CONSOLE_API_OPENAPI_TAG],
    operationId,
    summary,
    description: `${extra.description ?? ''}${extra.description ? ' ' : ''}Roles: ${roles}.`,
    parameters: extra.parameters ?? [],
    ...(extra.requestBody ? { requestBody: extra.requestBody } : {}),
    responses: {
      [ok.status]: ok.schema ? { description: ok.description, ...json(ok.schema) } : { description: ok.description },
      ...Object.fromEntries(refusals.map((status) => [status, ERRORS])),
    },
  };
}

const body = (schema: string) => ({ required: true, ...json(schema) });
const CLERK = 'clerk, admin (a clerk only in the regions they serve)';
const OPERATOR = 'operator, admin';

export const CONSOLE_API_PATHS: Record<string, PathItemObject> = {
  '/api/console/cases': {
    get: operation('consoleFindCases', 'Find cases', CLERK, { status: '200', schema: 'ConsoleCaseList', description: 'A page of cases, newest first.' }, {
      description: "One way at a time: caseNumber alone; motherIdNumber (with motherIdType, default resident-id) alone, an exact match through the intake's blind index; or the filters, paged by cursor. Without `region`, a clerk's list covers every region they serve; a region outside theirs is 403 REGION_FORBIDDEN.",
      parameters: [
        query('caseNumber', { type: 'string', pattern: '^\\d{6}-\\d{8}-\\d{6}-\\d$' }),
        query('motherIdNumber', { type: 'string', maxLength: 64 }),
        query('motherIdType', { type: 'string', enum: [...ID_DOCUMENT_TYPES] }),
        query('hospitalId', { type: 'string' }),
        query('date', { type: 'string', format: 'date' }, 'China date of acceptance.'),
        query('state', CASE_STATE),
        query('atRisk', { type: 'boolean' }),
        query('breached', { type: 'boolean' }),
        query('region', { type: 'string', pattern: '^\\d{6}$' }),
        query('limit', { type: 'integer', minimum: 1, maximum: 200, default: 50 }),
        query('cursor', { type: 'string' }),
      ],
    }),
  },
  '/api/console/cases/{caseId}': {
    get: operation('consoleCasePage', 'A case page', CLERK, { status: '200', schema: 'ConsoleCasePage', description: 'The family masked, the steps in words, the allowance, the timeline, twins and notes.' }, { parameters: [CASE_ID] }, ['400', '401', '403', '404', '502']),
  },
  '/api/console/cases/{caseId}/reveal': {
    post: operation('consoleReveal', 'Show one field in full', CLERK, { status: '200', schema: 'ConsoleRevealAnswer', description: 'The one field, once.' }, {
      description: 'Written to the audit log (who, when, case, field, reason) before the value is read.',
      parameters: [CASE_ID, CSRF],
      requestBody: body('ConsoleRevealRequest'),
    }, ['400', '401', '403', '404']),
  },
  '/api/console/cases/{caseId}/corrections': {
    post: operation('consoleCorrect', "Record what the applicant supplied (the newborn's name or sex)", CLERK, { status: '200', schema: 'ConsoleCorrectionAnswer', description: 'Corrected: birth.corrected.v1 is published.' }, {
      description: "Through the gateway's correction use case, judged by the same rules as a hospital's correction.",
      parameters: [CASE_ID, CSRF],
      requestBody: body('ConsoleCorrectionRequest'),
    }, ['400', '401', '403', '404', '409']),
  },
  '/api/console/cases/{caseId}/bank-account': {
    post: operation('consoleBankAccount', 'Correct the bank account of the allowance', CLERK, { status: '200', schema: 'ConsoleBankAccountAnswer', description: "The allowance service's answer: the orders opened." }, {
      description: "Sealed for the maternity-allowance service and sent to its internal API with the clerk as X-Actor.",
      parameters: [CASE_ID, CSRF],
      requestBody: body('ConsoleBankAccountRequest'),
    }, ['400', '401', '403', '404', '422', '502']),
  },
  '/api/console/cases/{caseId}/allowance/resolutions': {
    post: operation('consoleResolveAllowance', "Resolve the allowance's manual review", CLERK, { status: '200', schema: 'ConsoleAllowanceResolutionAnswer', description: "The claim's state after the resolution." }, {
      description: "Sent to the maternity-allowance service's internal API with the clerk as X-Actor; audited in both. 409 RESOLUTION_NOT_APPLICABLE when the claim is not in that state.",
      parameters: [CASE_ID, CSRF],
      requestBody: body('ConsoleAllowanceResolutionRequest'),
    }, ['400', '401', '403', '404', '409', '502']),
  },
  '/api/console/cases/{caseId}/steps/household-registration/referral': {
    post: operation('consoleReferHouseholdRegistration', "Refer a household registration in manual review to the county's office", CLERK, { status: '202', schema: 'ConsoleReferralAnswer', description: "The department's refer-to-office command is on its way (through the outbox); the item becomes forwarded." }, {
      description: 'For an exhausted ID sequence, a sex corrected after the number, or a place the facts do not decide: the county public-security office finishes it; a number already assigned stays used. 409 REFERRAL_NOT_APPLICABLE when the step is not in manual review.',
      parameters: [CASE_ID, CSRF],
      requestBody: body('ConsoleReferralRequest'),
    }, ['400', '401', '403', '404', '409']),
  },
  '/api/console/cases/{caseId}/steps/{item}/retry': {
    post: operation('consoleRetryStep', 'Retry a stuck step', CLERK, { status: '202', schema: 'ConsoleRetryAnswer', description: "The department's retry-step command is on its way (through the outbox)." }, {
      parameters: [CASE_ID, { name: 'item', in: 'path', required: true, schema: ITEM }, CSRF],
      requestBody: body('ConsoleReasonRequest'),
    }, ['400', '401', '403', '404']),
  },
  '/api/console/cases/{caseId}/notes': {
    post: operation('consoleAddNote', 'Add a note to the case', CLERK, { status: '201', schema: 'ConsoleNote', description: 'Kept in the audit log.' }, { parameters: [CASE_ID, CSRF], requestBody: body('ConsoleNoteRequest') }, ['400', '401', '403', '404']),
  },
  '/api/console/manual-review': {
    get: operation('consoleManualReview', "A department's queue of manual work", CLERK, { status: '200', schema: 'ConsoleManualReview', description: 'Steps of open cases kept in progress with a reason a person must look, the longest waiting first.' }, {
      parameters: [{ name: 'department', in: 'query', required: true, schema: { type: 'string', enum: [...DEPARTMENT_SERVICES] } }],
    }),
  },
  '/api/console/dashboard': {
    get: operation('consoleDashboard', 'The SLA dashboard', OPERATOR, { status: '200', schema: 'ConsoleDashboard', description: 'Counts, at-risk and breached steps, the trend of breaches.' }, {}, ['401', '403', '502']),
  },
  '/api/console/health': {
    get: operation('consoleHealth', 'Pipeline health', OPERATOR, { status: '200', schema: 'ConsoleHealth', description: "Per service, from its /health/ready and /metrics." }, {}, ['401', '403']),
  },
  '/api/console/dead-letters': {
    get: operation('consoleDeadLetters', 'Dead letters of a topic (masked)', OPERATOR, { status: '200', schema: 'ConsoleDeadLetters', description: 'The newest first.' }, {
      parameters: [{ name: 'topic', in: 'query', required: true, schema: { type: 'string', example: 'birth.registered.v1' } }, query('limit', { type: 'integer', minimum: 1, maximum: 500, default: 100 })],
    }),
  },
  '/api/console/dead-letters/{id}/replay': {
    post: operation('consoleReplayDeadLetter', 'Replay one dead letter', OPERATOR, { status: '200', schema: 'ConsoleReplayAnswer', description: 'Re-published to its topic; the audit log names who and why.' }, {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', example: 'birth.registered.v1:0:42' } }, CSRF],
      requestBody: body('ConsoleReasonRequest'),
    }, ['400', '401', '403', '404', '502']),
  },
  '/api/console/events': {
    get: {
      ...operation('consoleEvents', 'Live updates (server-sent events)', 'operator and admin for `dashboard`; clerk and admin with ?caseId= for `case`', { status: '200', schema: null, description: 'text/event-stream: `event: dashboard` (a ConsoleDashboard, when a figure changes), `event: case` (a ConsoleCaseSummary, when the case changes), `: heartbeat` comments, and `event: session-ended` before the stream closes on sign-out or expiry.' }, {
        description: 'On the session cookie alone: no token in the URL.',
        parameters: [query('caseId', { type: 'string', format: 'uuid' })],
      }, ['400', '401', '403', '404']),
    },
  },
};

/** Adds the console's paths, schemas and tag to the gateway's document. */
export function addConsoleApi(document: OpenAPIObject): OpenAPIObject {
  document.paths = { ...document.paths, ...CONSOLE_API_PATHS };
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...CONSOLE_API_SCHEMAS } };
  document.tags = [...(document.tags ?? []), { name: CONSOLE_API_OPENAPI_TAG, description: TAG_DESCRIPTION }];
  return document;
}
