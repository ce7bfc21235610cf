import { Get, Param, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Benefit, Beneficiary, ItemState, LocalizedTextV1, PaymentState } from '@birth/contracts';
import { InternalApiException, InternalCaller, InternalController, PersonalDataReveals, RevealQuery, type InternalRequestContext, type RevealRequest } from '@birth/platform';
import { explainClaim } from '../domain/claim-explanation';
import type { DayTerm } from '../domain/day-terms';
import { PaymentOrders } from '../ports/payment-port';
import { ClaimStore, type ClaimRecord } from './claim-records';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface BenefitAnswer {
  benefit: Benefit;
  beneficiary: Beneficiary;
  state: ItemState;
  days: number | null;
  dayTerms: DayTerm[];
  wageFen: number | null;
  wageSource: string | null;
  amountFen: number | null;
  ruleVersion: number | null;
  reasonCode: string | null;
  reason: LocalizedTextV1 | null;
  insuringRegionCode: string | null;
  forwardedTo: string | null;
  payment: { state: PaymentState; orderId: string | null; bankReference: string | null; paidAt: string | null };
}

export interface ClaimAnswer {
  claimId: string;
  caseIds: string[];
  hospitalId: string;
  deliveryId: string;
  state: ItemState;
  reasonCode: string | null;
  reason: LocalizedTextV1 | null;
  waitingFor: string[];
  acceptedAt: string | null;
  prerequisitesMetAt: string | null;
  benefits: BenefitAnswer[];
  /** Every change; `actor` names the clerk (`caller:person`) of a change made by hand. */
  history: { change: string; state: string; reasonCode: string | null; at: string; actor: string | null }[];
}

const invalid = (field: string, what: LocalizedTextV1) => new InternalApiException(400, { field, code: field === 'caseId' ? 'INVALID_CASE_ID' : 'INVALID_CLAIM_ID', message: what });
const notFound = () => new InternalApiException(404, { field: 'claimId', code: 'CLAIM_NOT_FOUND', message: { zh: '没有该生育津贴申领', en: 'No such maternity-allowance claim' } });

/**
 * The claims on the internal port (issue 12), for the gateway and the console: by case, by id,
 * and the explanation a clerk reads out. No account is in any answer (accounts stay sealed); the
 * answers go through PersonalDataReveals like the departments' (masked, reveals audited).
 */
@InternalController('claims')
export class ClaimsInternalController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: PaymentOrders,
    private readonly reveals: PersonalDataReveals,
  ) {}

  /** `GET /internal/claims?caseId=…`: the claim of the case's delivery (twins' cases answer the same claim; a voided twin's too). */
  @Get()
  async byCase(@Query('caseId') caseId: string | undefined, @InternalCaller() who: InternalRequestContext, @RevealQuery() reveal: RevealRequest | null): Promise<ClaimAnswer> {
    if (!caseId || !UUID.test(caseId)) throw invalid('caseId', { zh: '案件编号须为UUID', en: 'caseId must be a UUID' });
    const claimId = await ClaimStore.claimIdOfCase(this.dataSource, caseId.toLowerCase());
    const answer = claimId ? await this.answerOf(claimId) : null;
    if (!answer) throw new InternalApiException(404, { field: 'caseId', code: 'CLAIM_NOT_FOUND', message: { zh: '该案件没有生育津贴申领', en: 'The case has no maternity-allowance claim' } });
    return this.reveals.answer(who, reveal, { kind: 'claim', id: answer.claimId }, answer, {});
  }

  @Get(':claimId')
  async byId(@Param('claimId') claimId: string, @InternalCaller() who: InternalRequestContext, @RevealQuery() reveal: RevealRequest | null): Promise<ClaimAnswer> {
    const answer = await this.answerOf(this.checked(claimId));
    if (!answer) throw notFound();
    return this.reveals.answer(who, reveal, { kind: 'claim', id: answer.claimId }, answer, {});
  }

  /** The explanation as text, Chinese then English, from the stored terms. */
  @Get(':claimId/explanation')
  async explanation(@Param('claimId') claimId: string): Promise<{ claimId: string; zh: string; en: string }> {
    const id = this.checked(claimId);
    const claim = await ClaimStore.find(this.dataSource, id);
    if (!claim) throw notFound();
    const benefits = await ClaimStore.benefits(this.dataSource, id);
    return { claimId: id, ...explainClaim({ claimId: id, acceptedAt: claim.acceptedAt, benefits }) };
  }

  private checked(claimId: string): string {
    if (!UUID.test(claimId)) throw invalid('claimId', { zh: '津贴申领编号须为UUID', en: 'The claim id must be a UUID' });
    return claimId.toLowerCase();
  }

  private async answerOf(claimId: string): Promise<ClaimAnswer | null> {
    const claim: ClaimRecord | null = await ClaimStore.find(this.dataSource, claimId);
    if (!claim) return null;
    const [benefits, history, cases] = await Promise.all([ClaimStore.benefits(this.dataSource, claimId), ClaimStore.historyOf(this.dataSource, claimId), ClaimStore.cases(this.dataSource, claimId)]);
    // The orders through the seam, on a manager of its own (a read, no transaction needed).
    const orders = await this.orders.latest(this.dataSource.manager, claimId);
    return {
      claimId,
      caseIds: claim.caseIds.length > 0 ? claim.caseIds : cases.map((c) => c.caseId),
      hospitalId: claim.hospitalId,
      deliveryId: claim.deliveryId,
      state: claim.status.state,
      reasonCode: claim.status.reasonCode,
      reason: claim.status.reason,
      waitingFor: claim.status.waitingFor,
      acceptedAt: claim.acceptedAt,
      prerequisitesMetAt: claim.status.prerequisitesMetAt,
      benefits: benefits.map((b) => {
        const order = orders.find((o) => o.benefit === b.benefit && o.beneficiary === b.beneficiary);
        return {
          benefit: b.benefit,
          beneficiary: b.beneficiary,
          state: b.state,
          days: b.days,
          dayTerms: b.dayTerms,
          wageFen: b.wageFen,
          wageSource: b.wageSource,
          amountFen: b.amountFen,
          ruleVersion: b.ruleVersion,
          reasonCode: b.reasonCode,
          reason: b.reason,
          insuringRegionCode: b.insuringRegionCode,
          forwardedTo: b.forwardedTo,
          payment: { state: order?.state ?? 'none', orderId: order?.orderId ?? null, bankReference: order?.bankReference ?? null, paidAt: b.paidAt ?? order?.paidAt ?? null },
        };
      }),
      history: history.map((h) => ({ change: h.change, state: h.state, reasonCode: h.reasonCode, at: h.at, actor: h.actor })),
    };
  }
}
