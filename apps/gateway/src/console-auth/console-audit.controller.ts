import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ANSWERS } from '../http/openapi';
import { IntakeRejection } from '../intake/intake.errors';
import { ConsoleAudit, type ConsoleAuditPage } from './console-audit';
import { CONSOLE_AUTH_ANSWERS, CONSOLE_AUTH_OPENAPI_TAG } from './console-auth.openapi';
import { ConsoleRoute } from './console-route';
import { AUDIT_PAGE, parseAuditQuery } from './domain/audit-query';

/** The console's audit log, for auditors and administrators (issue 15). */
@Controller('api/console/audit')
@ApiTags(CONSOLE_AUTH_OPENAPI_TAG)
export class ConsoleAuditController {
  constructor(private readonly audit: ConsoleAudit) {}

  @Get()
  @ConsoleRoute('auditor', 'admin')
  @ApiOperation({ operationId: 'consoleAudit', summary: 'Read the console\'s audit log', description: 'Who did what, when, to which case and field, and why: sign-ins, reveals of personal data, actions. Auditors and administrators only.' })
  // Listed in the document bottom-up.
  @ApiQuery({ name: 'cursor', required: false, description: 'The previous page\'s nextCursor.', schema: { type: 'string', pattern: '^[1-9][0-9]{0,17}$' } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: AUDIT_PAGE.min, maximum: AUDIT_PAGE.max, default: AUDIT_PAGE.default } })
  @ApiQuery({ name: 'action', required: false, description: 'Only this action, e.g. `case.reveal`.', schema: { type: 'string' } })
  @ApiQuery({ name: 'actor', required: false, description: 'Only this user\'s rows (the username).', schema: { type: 'string' } })
  @ApiQuery({ name: 'caseId', required: false, description: 'Only this case\'s rows.', schema: { type: 'string', format: 'uuid' } })
  @ApiResponse(CONSOLE_AUTH_ANSWERS.auditPage)
  @ApiResponse(CONSOLE_AUTH_ANSWERS.badAuditQuery)
  @ApiResponse(CONSOLE_AUTH_ANSWERS.noSession)
  @ApiResponse(CONSOLE_AUTH_ANSWERS.forbidden)
  @ApiResponse(ANSWERS.internalError)
  async page(@Query() query: Record<string, unknown>): Promise<ConsoleAuditPage> {
    const check = parseAuditQuery(query);
    if (!check.ok) throw new IntakeRejection(400, check.errors);
    return this.audit.page(check.value);
  }
}
