import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { BENEFICIARIES, COMMAND_REASON_CODE, IsText, StringMaxLength, TEXT_MAX, validatePlain, type Beneficiary, type ItemState } from '@birth/contracts';
import { InternalApiException, InternalCaller, InternalController, type InternalRequestContext } from '@birth/platform';
import { CLAIM_RESOLUTION_KINDS, type ClaimResolutionKind } from '../domain/claim-resolution';
import { ClaimResolutions } from './claim-resolutions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `POST /internal/claims/{claimId}/resolutions`: a clerk's resolution of a claim in manual review. */
export class ClaimResolutionRequest {
  @IsIn(CLAIM_RESOLUTION_KINDS) kind!: ClaimResolutionKind;
  /** The benefit's beneficiary: required for wage-set and ledger-confirmed. */
  @ValidateIf((r: ClaimResolutionRequest) => r.kind !== 'recovery-recorded') @IsIn(BENEFICIARIES) beneficiary?: Beneficiary;
  /** wage-set: the employer's average monthly wage of last year, in fen (at most 1,000,000 yuan). */
  @ValidateIf((r: ClaimResolutionRequest) => r.kind === 'wage-set') @IsInt() @Min(1) @Max(100_000_000) wageFen?: number;
  @Matches(COMMAND_REASON_CODE) @StringMaxLength(TEXT_MAX.code) reasonCode!: string;
  @IsOptional() @IsText(TEXT_MAX.reason) note?: string | null;
}

export interface ClaimResolutionAnswer {
  claimId: string;
  kind: ClaimResolutionKind;
  /** The claim's item state and reason after the resolution. */
  state: ItemState;
  reasonCode: string | null;
}

/** Manual review of a claim (issue 15's "resolve an item in manual review" for the allowance): audited by who resolved it in the claim's history. */
@InternalController('claims')
export class ClaimResolutionsController {
  constructor(private readonly resolutions: ClaimResolutions) {}

  @Post(':claimId/resolutions')
  @HttpCode(200)
  async resolve(@Param('claimId') claimId: string, @Body() body: unknown, @InternalCaller() who: InternalRequestContext): Promise<ClaimResolutionAnswer> {
    if (!UUID.test(claimId)) {
      throw new InternalApiException(400, { field: 'claimId', code: 'INVALID_CLAIM_ID', message: { zh: '津贴申领编号须为UUID', en: 'The claim id must be a UUID' } });
    }
    const decoded = validatePlain(ClaimResolutionRequest, body);
    if (!decoded.ok) {
      throw new InternalApiException(
        400,
        ...decoded.errors.map((e) => ({ field: e.field, code: e.code, message: { zh: `字段 ${e.field} 无效（${e.code}）`, en: `${e.field} is invalid (${e.code})` } })),
      );
    }
    const request = decoded.value;
    const id = claimId.toLowerCase();
    const result = await this.resolutions.resolve({
      claimId: id,
      kind: request.kind,
      beneficiary: request.beneficiary ?? null,
      wageFen: request.wageFen ?? null,
      reasonCode: request.reasonCode,
      resolvedBy: who.actor ? `${who.caller}:${who.actor}` : who.caller,
    });
    if (result.kind === 'not-found') {
      throw new InternalApiException(404, { field: 'claimId', code: 'CLAIM_NOT_FOUND', message: { zh: '没有该生育津贴申领', en: 'No such maternity-allowance claim' } });
    }
    if (result.kind === 'refused') throw new InternalApiException(409, { field: result.check.field, code: result.check.code, message: result.check.message });
    return { claimId: id, kind: request.kind, state: result.state, reasonCode: result.reasonCode };
  }
}
