import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeaders, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ServiceConfig } from '@birth/platform';
import { validatePlain } from '@birth/contracts';
import { CurrentHospital } from '../hospitals/current-hospital.decorator';
import { HospitalAuthGuard } from '../hospitals/hospital-auth.guard';
import type { AuthenticatedHospital } from '../hospitals/signed-message-verifier';
import type { GatewayConfig } from '../config';
import { ANSWERS, BIRTH_BODY, CORRECTION_BODY, OPENAPI_TAG, SIGNED_REQUEST_HEADERS, VOID_BODY } from '../http/openapi';
import { CorrectionRequest, VoidRequest } from './intake.dto';
import { intakeError, IntakeRejection } from './intake.errors';
import { CorrectBirthService } from './correct-birth.service';
import { CaseProgressReader, type CaseProgress } from './case-progress';
import { IntakeQueries } from './intake-queries.service';
import type { IntakeView } from './intake-view';
import { SubmitBirthService } from './submit-birth.service';
import { VoidBirthService } from './void-birth.service';
import { RateLimiter } from './rate-limiter';
import { requestIdOf } from './request-id';
import { toIntakeError } from './domain/validation';

/** A 404 (not a 400) for a malformed case id: to the caller it is simply no case of theirs. */
const CaseIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new IntakeRejection(404, [intakeError('caseId', 'CASE_NOT_FOUND')]),
});

/**
 * The hospitals' intake API. Every request is signed (HospitalAuthGuard); a hospital sees and
 * changes only its own births. Answers carry X-Request-Id; errors are `{ errors: [...] }`.
 */
@Controller('api/v1/births')
@UseGuards(HospitalAuthGuard)
@ApiTags(OPENAPI_TAG)
@ApiHeaders(SIGNED_REQUEST_HEADERS)
@ApiResponse(ANSWERS.unauthorized)
@ApiResponse(ANSWERS.internalError)
@ApiResponse(ANSWERS.unavailable)
export class IntakeController {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly submitting: SubmitBirthService,
    private readonly correcting: CorrectBirthService,
    private readonly voiding: VoidBirthService,
    private readonly queries: IntakeQueries,
    private readonly progress: CaseProgressReader,
    @Inject(ServiceConfig) config: ServiceConfig,
  ) {
    const { INTAKE_RATE_PER_SECOND, INTAKE_RATE_BURST } = config as GatewayConfig;
    this.limiter = new RateLimiter(INTAKE_RATE_PER_SECOND, INTAKE_RATE_BURST);
  }

  /** 202 with the case id and number; the same answer again for a re-send of the same birth. */
  @Post()
  @HttpCode(202)
  @ApiOperation({
    operationId: 'submitBirth',
    summary: 'Register a birth',
    description:
      'Validates the one-form application (every problem reported at once) and registers it: `birth.registered.v1` goes to every department. Idempotent by birthRecordId: the same content again gets the first answer with `Idempotent-Replay: true`; other content under the same birthRecordId is a 409 naming the differing fields. Twins are two births sharing a deliveryId.',
  })
  @ApiBody(BIRTH_BODY)
  @ApiResponse(ANSWERS.accepted)
  @ApiResponse(ANSWERS.invalidBirth)
  @ApiResponse(ANSWERS.forbidden)
  @ApiResponse(ANSWERS.birthConflict)
  @ApiResponse(ANSWERS.tooLarge)
  @ApiResponse(ANSWERS.unsupportedMediaType)
  @ApiResponse(ANSWERS.rateLimited)
  async submit(@CurrentHospital() hospital: AuthenticatedHospital, @Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    this.throttle(hospital, res);
    const result = await this.submitting.submit(hospital, body, 'http', requestIdOf(req));
    if (result.outcome === 'duplicate') res.setHeader('Idempotent-Replay', 'true');
    return receipt(result.view);
  }

  @Get()
  @ApiOperation({ operationId: 'findBirthByRecordId', summary: 'Find a birth by the hospital\'s birth record id', description: 'The case of this hospital with this birthRecordId.' })
  @ApiQuery({ name: 'recordId', required: true, description: 'The hospital\'s own birth record id (birthRecordId of the application), URL-encoded; sign the query string as sent.', schema: { type: 'string' } })
  @ApiResponse(ANSWERS.view)
  @ApiResponse(ANSWERS.recordIdRequired)
  @ApiResponse(ANSWERS.notFound)
  async findByRecordId(@CurrentHospital() hospital: AuthenticatedHospital, @Query('recordId') recordId: string | undefined): Promise<IntakeView> {
    if (!recordId) throw new IntakeRejection(400, [intakeError('recordId', 'RECORD_ID_REQUIRED')]);
    return this.queries.findByRecordId(hospital, recordId);
  }

  @Get(':caseId')
  @ApiOperation({
    operationId: 'getBirth',
    summary: 'Read a birth',
    description:
      'The case: its number, state, corrections and the events it produced, and its progress through the departments from the case saga (each step\'s state, what it waits for and its deadline; null while the saga has not opened the case or cannot be reached). No personal data.',
  })
  @ApiParam({ name: 'caseId', description: 'The caseId of the 202 answer.', schema: { type: 'string', format: 'uuid' } })
  @ApiResponse(ANSWERS.birthView)
  @ApiResponse(ANSWERS.notFound)
  async find(@CurrentHospital() hospital: AuthenticatedHospital, @Param('caseId', CaseIdPipe) caseId: string): Promise<IntakeView & { progress: CaseProgress | null }> {
    const view = await this.queries.find(hospital, caseId);
    return { ...view, progress: await this.progress.of(view.caseId) };
  }

  @Post(':caseId/corrections')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'correctBirth',
    summary: 'Correct a birth',
    description:
      'Applies a JSON merge patch over the correctable facts (the newborn\'s name, sex, weight and gestation; the mother\'s phone and hukou address; the father; the household head\'s name and the contact phone) and publishes `birth.corrected.v1`. Idempotent by correctionId.',
  })
  @ApiParam({ name: 'caseId', description: 'The caseId of the 202 answer.', schema: { type: 'string', format: 'uuid' } })
  @ApiBody(CORRECTION_BODY)
  @ApiResponse(ANSWERS.corrected)
  @ApiResponse(ANSWERS.invalidCorrection)
  @ApiResponse(ANSWERS.notFound)
  @ApiResponse(ANSWERS.correctionConflict)
  @ApiResponse(ANSWERS.tooLarge)
  @ApiResponse(ANSWERS.unsupportedMediaType)
  @ApiResponse(ANSWERS.rateLimited)
  async correct(
    @CurrentHospital() hospital: AuthenticatedHospital,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IntakeView> {
    this.throttle(hospital, res);
    const request = validated(CorrectionRequest, body);
    return this.correcting.correct(hospital, caseId, request.correctionId, request.patch, requestIdOf(req));
  }

  @Post(':caseId/void')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'voidBirth',
    summary: 'Void a birth',
    description: 'Voids the registration (e.g. registered twice, or a wrong identity fact: void, then register again under a new birthRecordId) and publishes `birth.voided.v1`; the departments undo what they did. Voiding again answers the same.',
  })
  @ApiParam({ name: 'caseId', description: 'The caseId of the 202 answer.', schema: { type: 'string', format: 'uuid' } })
  @ApiBody(VOID_BODY)
  @ApiResponse(ANSWERS.voided)
  @ApiResponse(ANSWERS.invalidVoid)
  @ApiResponse(ANSWERS.notFound)
  @ApiResponse(ANSWERS.tooLarge)
  @ApiResponse(ANSWERS.unsupportedMediaType)
  @ApiResponse(ANSWERS.rateLimited)
  async void(
    @CurrentHospital() hospital: AuthenticatedHospital,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IntakeView> {
    this.throttle(hospital, res);
    const request = validated(VoidRequest, body);
    return this.voiding.void(hospital, caseId, request.reason, requestIdOf(req));
  }

  private throttle(hospital: AuthenticatedHospital, res: Response): void {
    const wait = this.limiter.take(hospital.id);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      throw new IntakeRejection(429, [intakeError('request', 'RATE_LIMITED', { seconds: wait })]);
    }
  }
}

function validated<T extends object>(cls: new () => T, body: unknown): T {
  const result = validatePlain(cls, body);
  if (!result.ok) throw new IntakeRejection(400, result.errors.map(toIntakeError));
  return result.value;
}

function receipt(view: IntakeView) {
  return { caseId: view.caseId, caseNumber: view.caseNumber, state: view.state, acceptedAt: view.acceptedAt, birthRecordId: view.birthRecordId };
}
