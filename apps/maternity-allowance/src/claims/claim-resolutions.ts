import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Beneficiary, ItemState } from '@birth/contracts';
import { checkResolution, PAYMENT_RECOVERED, type ClaimResolutionKind, type ResolutionCheck } from '../domain/claim-resolution';
import { AllowanceClaims } from './allowance-claims';
import { ClaimStore } from './claim-records';

/** A clerk's resolution as the internal API received it (validated there). */
export interface ClaimResolution {
  claimId: string;
  kind: ClaimResolutionKind;
  beneficiary: Beneficiary | null;
  /** wage-set: the employer's average monthly wage of last year the clerk confirmed, in fen. */
  wageFen: number | null;
  reasonCode: string;
  /** `caller:actor` (the gateway and the clerk), for the claim's history. */
  resolvedBy: string;
}

export type ResolutionResult = { kind: 'not-found' } | { kind: 'refused'; check: Exclude<ResolutionCheck, { ok: true }> } | { kind: 'resolved'; state: ItemState; reasonCode: string | null };

/**
 * Applies a clerk's resolution in the claim's transaction (the claim locked), records who did it in
 * the claim's history, and lets AllowanceClaims.settle work the claim out again and publish its
 * change: a wage set opens the payment; a confirmed ledger counts the bank's payment as this
 * benefit's (nothing sent again); a recorded recovery closes the stopped claim.
 */
@Injectable()
export class ClaimResolutions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly claims: AllowanceClaims,
  ) {}

  resolve(resolution: ClaimResolution): Promise<ResolutionResult> {
    return this.dataSource.transaction((manager) => this.resolveIn(manager, resolution));
  }

  private async resolveIn(manager: EntityManager, r: ClaimResolution): Promise<ResolutionResult> {
    const claim = await ClaimStore.find(manager, r.claimId, true);
    if (!claim) return { kind: 'not-found' };
    const cases = await ClaimStore.cases(manager, r.claimId);
    const benefits = await ClaimStore.benefits(manager, r.claimId);
    const check = checkResolution(r.kind, r.beneficiary, {
      recoveryRequired: claim.recoveryRequired,
      stopped: cases.length > 0 && cases.every((c) => c.voidedAt !== null),
      benefits,
    });
    if (!check.ok) return { kind: 'refused', check };

    switch (r.kind) {
      case 'wage-set':
        // The wage is a fact of the decision: the claim is worked out again from it, like any other fact.
        await manager.query(`UPDATE allowance_claims SET decision_facts = jsonb_set(decision_facts, $2::text[], to_jsonb($3::bigint)) WHERE claim_id = $1`, [
          r.claimId,
          [r.beneficiary, 'employerAverageMonthlyWageFen'],
          r.wageFen,
        ]);
        break;
      case 'ledger-confirmed':
        for (const b of benefits.filter((x) => x.beneficiary === r.beneficiary && x.paidAt === null)) {
          await ClaimStore.saveBenefit(manager, r.claimId, { ...b, state: 'done', reasonCode: null, reason: null, paidAt: new Date().toISOString() });
        }
        break;
      case 'recovery-recorded':
        await manager.query(`UPDATE allowance_claims SET recovery_required = false, cancelled_reason = $2 WHERE claim_id = $1`, [r.claimId, PAYMENT_RECOVERED]);
        break;
    }
    await ClaimStore.history(manager, r.claimId, { change: `resolution:${r.kind}`, state: claim.status.state, reasonCode: r.reasonCode, caseIds: claim.caseIds, cause: null, actor: r.resolvedBy });
    const change = r.kind === 'ledger-confirmed' ? 'paid' : r.kind === 'recovery-recorded' ? 'cancelled' : undefined;
    await this.claims.settle(manager, r.claimId, { cause: null, force: true, orderCause: 'WAGE_SET', ...(change ? { change } : {}) });
    const after = (await ClaimStore.find(manager, r.claimId))!;
    return { kind: 'resolved', state: after.status.state, reasonCode: after.status.reasonCode };
  }
}
