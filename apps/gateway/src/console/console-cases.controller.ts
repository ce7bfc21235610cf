import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type {
  ConsoleAllowanceResolutionResponse,
  ConsoleBankAccountResponse,
  ConsoleCaseListResponse,
  ConsoleCasePage,
  ConsoleCorrectionResponse,
  ConsoleNoteResponse,
  ConsoleReferralResponse,
  ConsoleRetryResponse,
  ConsoleRevealableField,
  ConsoleRevealResponse,
} from '@birth/contracts';
import { ConsoleRoute, CurrentConsoleUser, type ConsoleUser } from '../console-auth';
import { ConsoleActions } from './console-actions.service';
import { caseIdOf, ConsoleCases } from './console-cases.service';
import { ConsoleRejectionFilter } from './console-errors';
import { AllowanceResolutionRequest, BankAccountRequest, bodyAs, CorrectionRequest, NoteRequest, ReasonRequest, ReferralRequest, RevealRequest } from './console-requests';

/**
 * The clerks' routes (`/api/console/cases…`): clerks, and admins, who may do what a clerk does.
 * Operators and auditors are refused by the guard (403 ROLE_FORBIDDEN); a clerk is held to the
 * regions they serve here (403 REGION_FORBIDDEN). Described in console.openapi.ts.
 */
@ApiExcludeController()
@Controller('api/console/cases')
@UseFilters(ConsoleRejectionFilter)
export class ConsoleCasesController {
  constructor(
    private readonly cases: ConsoleCases,
    private readonly actions: ConsoleActions,
  ) {}

  @Get()
  @ConsoleRoute('clerk', 'admin')
  search(@Query() query: Record<string, unknown>, @CurrentConsoleUser() user: ConsoleUser): Promise<ConsoleCaseListResponse> {
    return this.cases.search(user, query);
  }

  @Get(':caseId')
  @ConsoleRoute('clerk', 'admin')
  page(@Param('caseId') caseId: string, @CurrentConsoleUser() user: ConsoleUser): Promise<ConsoleCasePage> {
    return this.cases.page(user, caseIdOf(caseId));
  }

  @Post(':caseId/reveal')
  @HttpCode(200)
  @ConsoleRoute('clerk', 'admin')
  reveal(@Param('caseId') caseId: string, @Body() body: unknown, @CurrentConsoleUser() user: ConsoleUser): Promise<ConsoleRevealResponse> {
    const id = caseIdOf(caseId);
    const request = bodyAs(RevealRequest, body);
    return this.cases.reveal(user, id, request.field as ConsoleRevealableField, request.reason.trim());
  }

  @Post(':caseId/corrections')
  @HttpCode(200)
  @ConsoleRoute('clerk', 'admin')
  correct(@Param('caseId') caseId: string, @Body() body: unknown, @CurrentConsoleUser() user: ConsoleUser): Promise<ConsoleCorrectionResponse> {
    const id = caseIdOf(caseId);
    return this.actions.correct(user, id, bodyAs(CorrectionRequest, body));
  }

  @Post(':caseId/bank-account')
  @HttpCode(200)
  @ConsoleRoute('clerk', 'admin')
  bankAccount(@Param('caseId') caseId: string, @Body() body: unknown, @CurrentConsoleUser() user: ConsoleUser): Promise<ConsoleBankAccountResponse> {
    const id = caseIdOf(caseId);
    return this.actions.bankAccount(user, id, bodyAs(BankAccountRequest, body));
  }

  @Post(':caseId/allowance/resolutions')
  @HttpCode(200)
  @ConsoleRoute('clerk', 'admin')
  resolveAllowance(@Param('caseId') caseId: string, @Body() body: unknown, @CurrentConsoleUser() user: ConsoleUser): Promise<ConsoleAllowanceResolutionResponse> {
    const id = caseIdOf(caseId);
    return this.actions.resolveAllowance(user, id, bodyAs(AllowanceResolutionRequest, body));
  }

  @Post(':caseId/steps/household-registration/referral')
  @HttpCode(202)
  @ConsoleRoute('clerk', 'admin')
  referHouseholdRegistration(@Param('caseId') caseId: string, @Body() body: unknown, @CurrentConsoleUser() user: ConsoleUser): Promise<ConsoleReferralResponse> {
    const id = caseIdOf(caseId);
    return this.actions.referHouseholdRegistration(user, id, bodyAs(ReferralRequest, body));
  }

  @Post(':caseId/steps/:item/retry')
  @HttpCode(202)
  @ConsoleRoute('clerk', 'admin')
  retry(@Param('caseId') caseId: string, @Param('item') item: string, @Body() body: unknown, @CurrentConsoleUser() user: ConsoleUser): Promise<ConsoleRetryResponse> {
    const id = caseIdOf(caseId);
    return this.actions.retry(user, id, item, bodyAs(ReasonRequest, body).reason.trim());
  }

  @Post(':caseId/notes')
  @HttpCode(201)
  @ConsoleRoute('clerk', 'admin')
  note(@Param('caseId') caseId: string, @Body() body: unknown, @CurrentConsoleUser() user: ConsoleUser): Promise<ConsoleNoteResponse> {
    const id = caseIdOf(caseId);
    return this.actions.note(user, id, bodyAs(NoteRequest, body).text.trim());
  }
}
