import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ServiceConfig } from '@birth/platform';
import { validatePlain } from '@birth/contracts';
import { CurrentHospital } from '../hospitals/current-hospital.decorator';
import { HospitalAuthGuard } from '../hospitals/hospital-auth.guard';
import type { AuthenticatedHospital } from '../hospitals/signed-message-verifier';
import type { GatewayConfig } from '../config';
import { CorrectionRequest, VoidRequest } from './intake.dto';
import { intakeError, IntakeRejection } from './intake.errors';
import { IntakeService, type IntakeView } from './intake.service';
import { RateLimiter } from './rate-limiter';
import { requestIdOf } from './request-id';
import { toIntakeError } from './validation';

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
export class IntakeController {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly intake: IntakeService,
    @Inject(ServiceConfig) config: ServiceConfig,
  ) {
    const { INTAKE_RATE_PER_SECOND, INTAKE_RATE_BURST } = config as GatewayConfig;
    this.limiter = new RateLimiter(INTAKE_RATE_PER_SECOND, INTAKE_RATE_BURST);
  }

  /** 202 with the case id and number; the same answer again for a re-send of the same birth. */
  @Post()
  @HttpCode(202)
  async submit(@CurrentHospital() hospital: AuthenticatedHospital, @Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    this.throttle(hospital, res);
    const result = await this.intake.submit(hospital, body, 'http', requestIdOf(req));
    if (result.outcome === 'duplicate') res.setHeader('Idempotent-Replay', 'true');
    return receipt(result.view);
  }

  @Get()
  async findByRecordId(@CurrentHospital() hospital: AuthenticatedHospital, @Query('recordId') recordId: string | undefined): Promise<IntakeView> {
    if (!recordId) throw new IntakeRejection(400, [intakeError('recordId', 'RECORD_ID_REQUIRED')]);
    return this.intake.findByRecordId(hospital, recordId);
  }

  @Get(':caseId')
  async find(@CurrentHospital() hospital: AuthenticatedHospital, @Param('caseId', CaseIdPipe) caseId: string): Promise<IntakeView> {
    return this.intake.find(hospital, caseId);
  }

  @Post(':caseId/corrections')
  @HttpCode(202)
  async correct(
    @CurrentHospital() hospital: AuthenticatedHospital,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IntakeView> {
    this.throttle(hospital, res);
    const request = validated(CorrectionRequest, body);
    return this.intake.correct(hospital, caseId, request.correctionId, request.patch, requestIdOf(req));
  }

  @Post(':caseId/void')
  @HttpCode(202)
  async void(
    @CurrentHospital() hospital: AuthenticatedHospital,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IntakeView> {
    this.throttle(hospital, res);
    const request = validated(VoidRequest, body);
    return this.intake.void(hospital, caseId, request.reason, requestIdOf(req));
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
