import type { EntityManager } from 'typeorm';
import type { Benefit, Beneficiary, ItemState, LocalizedTextV1, SealedValueV1, WaitingFor } from '@birth/contracts';
import type { PolicyDeliveryMode } from '@birth/policy';
import type { ItemStatus } from '@birth/platform';
import type { BenefitOutcome, InsuranceFacts, WageSource } from '../domain/benefit-decision';
import type { DayTerm } from '../domain/day-terms';

// The claim store's rows as the service reads and writes them (migration 1764000012200). Only
// SQL and mapping here; what changes when is in AllowanceClaims.

/** What the decision reads from the birth (the first case of the delivery): no name, ID number or account. */
export interface DecisionFacts {
  /** China date of birth: the day the rules are looked up for. */
  bornOn: string;
  livingChildrenBefore: number | null;
  deliveryMode: PolicyDeliveryMode;
  difficultBirth: boolean;
  coupleLivesApart: boolean;
  mother: InsuranceFacts;
  father: InsuranceFacts | null;
}

export interface ClaimRecord {
  claimId: string;
  hospitalId: string;
  deliveryId: string;
  /** The cases still part of the claim (a voided twin leaves). */
  caseIds: string[];
  status: ItemStatus;
  acceptedAt: string | null;
  cancelledReason: string | null;
  recoveryRequired: boolean;
  decisionFacts: DecisionFacts;
  version: number;
  openedAt: string;
  updatedAt: string;
}

export interface ClaimCaseRecord {
  caseId: string;
  caseAcceptedAt: string;
  plurality: number;
  certificateIssuedAt: string | null;
  voidedAt: string | null;
  voidReasonCode: string | null;
}

export interface BenefitRecord {
  benefit: Benefit;
  beneficiary: Beneficiary;
  outcome: BenefitOutcome;
  state: ItemState;
  reasonCode: string | null;
  reason: LocalizedTextV1 | null;
  insuringRegionCode: string | null;
  forwardedTo: string | null;
  ruleVersion: number | null;
  days: number | null;
  dayTerms: DayTerm[];
  wageFen: number | null;
  wageSource: WageSource | null;
  wageRule: string | null;
  amountFen: number | null;
  /** As received: HPKE-sealed for this service; never opened or logged here. */
  sealedAccount: SealedValueV1 | null;
  sealedForCase: string | null;
  paidAt: string | null;
}

interface ClaimRow {
  claim_id: string;
  hospital_id: string;
  delivery_id: string;
  case_ids: string[];
  state: string;
  reason_code: string | null;
  reason_zh: string | null;
  reason_en: string | null;
  waiting_for: string[];
  prerequisites_met_at: Date | null;
  rule_version: string | null;
  accepted_at: Date | null;
  cancelled_reason: string | null;
  recovery_required: boolean;
  decision_facts: DecisionFacts;
  version: number;
  opened_at: Date;
  updated_at: Date;
}

interface BenefitRow {
  benefit: Benefit;
  beneficiary: Beneficiary;
  outcome: BenefitOutcome;
  state: ItemState;
  reason_code: string | null;
  reason_zh: string | null;
  reason_en: string | null;
  insuring_region_code: string | null;
  forwarded_to: string | null;
  rule_version: number | null;
  days: number | null;
  day_terms: DayTerm[];
  wage_fen: string | null;
  wage_source: WageSource | null;
  wage_rule: string | null;
  amount_fen: string | null;
  sealed_account: SealedValueV1 | null;
  sealed_for_case: string | null;
  paid_at: Date | null;
}

const textOf = (zh: string | null, en: string | null): LocalizedTextV1 | null => (zh !== null && en !== null ? { zh, en } : null);
const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
const int = (n: string | null): number | null => (n === null ? null : Number(n));

function claimOf(row: ClaimRow): ClaimRecord {
  return {
    claimId: row.claim_id,
    hospitalId: row.hospital_id,
    deliveryId: row.delivery_id,
    caseIds: row.case_ids,
    status: {
      state: row.state as ItemState,
      reasonCode: row.reason_code,
      reason: textOf(row.reason_zh, row.reason_en),
      waitingFor: row.waiting_for as WaitingFor[],
      prerequisitesMetAt: iso(row.prerequisites_met_at),
      ruleVersion: row.rule_version,
    },
    acceptedAt: iso(row.accepted_at),
    cancelledReason: row.cancelled_reason,
    recoveryRequired: row.recovery_required,
    decisionFacts: row.decision_facts,
    version: row.version,
    openedAt: row.opened_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function benefitOf(row: BenefitRow): BenefitRecord {
  return {
    benefit: row.benefit,
    beneficiary: row.beneficiary,
    outcome: row.outcome,
    state: row.state,
    reasonCode: row.reason_code,
    reason: textOf(row.reason_zh, row.reason_en),
    insuringRegionCode: row.insuring_region_code,
    forwardedTo: row.forwarded_to,
    ruleVersion: row.rule_version,
    days: row.days,
    dayTerms: row.day_terms,
    wageFen: int(row.wage_fen),
    wageSource: row.wage_source,
    wageRule: row.wage_rule,
    amountFen: int(row.amount_fen),
    sealedAccount: row.sealed_account,
    sealedForCase: row.sealed_for_case,
    paidAt: iso(row.paid_at),
  };
}

/** Anything that runs a query: the transaction's manager, or the DataSource for reads. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

const CLAIM_COLUMNS = `claim_id, hospital_id, delivery_id, case_ids, state, reason_code, reason_zh, reason_en, waiting_for, prerequisites_met_at,
  rule_version, accepted_at, cancelled_reason, recovery_required, decision_facts, version, opened_at, updated_at`;
const BENEFIT_COLUMNS = `benefit, beneficiary, outcome, state, reason_code, reason_zh, reason_en, insuring_region_code, forwarded_to, rule_version,
  days, day_terms, wage_fen, wage_source, wage_rule, amount_fen, sealed_account, sealed_for_case, paid_at`;

export const ClaimStore = {
  /**
   * Serialises everything about one case and, through it, its claim: a transaction-scoped
   * advisory lock per schema and key, so a certificate kept as pending and the birth that opens
   * the claim never pass each other unseen.
   */
  async lockKey(manager: EntityManager, key: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('allowance-claim:' || current_schema()), hashtext($1))`, [key]);
  },

  async claimIdOfCase(db: Queryable, caseId: string): Promise<string | null> {
    const rows = (await db.query(`SELECT claim_id FROM allowance_claim_cases WHERE case_id = $1`, [caseId])) as { claim_id: string }[];
    return rows[0]?.claim_id ?? null;
  },

  async claimIdOfDelivery(db: Queryable, hospitalId: string, deliveryId: string): Promise<string | null> {
    const rows = (await db.query(`SELECT claim_id FROM allowance_claims WHERE hospital_id = $1 AND delivery_id = $2`, [hospitalId, deliveryId])) as { claim_id: string }[];
    return rows[0]?.claim_id ?? null;
  },

  async find(db: Queryable, claimId: string, lock = false): Promise<ClaimRecord | null> {
    const rows = (await db.query(`SELECT ${CLAIM_COLUMNS} FROM allowance_claims WHERE claim_id = $1${lock ? ' FOR UPDATE' : ''}`, [claimId])) as ClaimRow[];
    return rows[0] ? claimOf(rows[0]) : null;
  },

  async cases(db: Queryable, claimId: string): Promise<ClaimCaseRecord[]> {
    const rows = (await db.query(
      `SELECT case_id, case_accepted_at, plurality, certificate_issued_at, voided_at, void_reason_code FROM allowance_claim_cases WHERE claim_id = $1 ORDER BY added_at, case_id`,
      [claimId],
    )) as { case_id: string; case_accepted_at: Date; plurality: number; certificate_issued_at: Date | null; voided_at: Date | null; void_reason_code: string | null }[];
    return rows.map((r) => ({
      caseId: r.case_id,
      caseAcceptedAt: r.case_accepted_at.toISOString(),
      plurality: r.plurality,
      certificateIssuedAt: iso(r.certificate_issued_at),
      voidedAt: iso(r.voided_at),
      voidReasonCode: r.void_reason_code,
    }));
  },

  async benefits(db: Queryable, claimId: string): Promise<BenefitRecord[]> {
    const rows = (await db.query(`SELECT ${BENEFIT_COLUMNS} FROM allowance_benefits WHERE claim_id = $1 ORDER BY benefit`, [claimId])) as BenefitRow[];
    return rows.map(benefitOf);
  },

  async insertClaim(manager: EntityManager, claim: { claimId: string; hospitalId: string; deliveryId: string; status: ItemStatus; decisionFacts: DecisionFacts }): Promise<void> {
    await manager.query(
      `INSERT INTO allowance_claims (claim_id, hospital_id, delivery_id, case_ids, state, waiting_for, decision_facts) VALUES ($1, $2, $3, '{}', $4, $5, $6)`,
      [claim.claimId, claim.hospitalId, claim.deliveryId, claim.status.state, claim.status.waitingFor, JSON.stringify(claim.decisionFacts)],
    );
  },

  /** False when the case was already part of a claim (a redelivered or repeated birth). */
  async insertCase(manager: EntityManager, claimId: string, record: Omit<ClaimCaseRecord, 'voidedAt' | 'certificateIssuedAt' | 'voidReasonCode'>, cause: string): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO allowance_claim_cases (case_id, claim_id, case_accepted_at, plurality, opened_by_message) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (case_id) DO NOTHING RETURNING 1`,
      [record.caseId, claimId, record.caseAcceptedAt, record.plurality, cause],
    )) as unknown[];
    return rows.length === 1;
  },

  /** Keeps the earliest issue: a reissue does not move the proof of birth later. */
  async certificateIssued(manager: EntityManager, caseId: string, issuedAt: string): Promise<void> {
    await manager.query(`UPDATE allowance_claim_cases SET certificate_issued_at = LEAST(coalesce(certificate_issued_at, $2), $2) WHERE case_id = $1`, [caseId, issuedAt]);
  },

  /** False when the case was already voided. */
  async voidCase(manager: EntityManager, caseId: string, at: string, reasonCode: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, rowCount].
    const [, count] = (await manager.query(`UPDATE allowance_claim_cases SET voided_at = $2, void_reason_code = $3 WHERE case_id = $1 AND voided_at IS NULL`, [caseId, at, reasonCode])) as [unknown[], number];
    return count === 1;
  },

  async saveBenefit(manager: EntityManager, claimId: string, b: BenefitRecord): Promise<void> {
    await manager.query(
      `INSERT INTO allowance_benefits (claim_id, ${BENEFIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
       ON CONFLICT (claim_id, benefit) DO UPDATE SET outcome = EXCLUDED.outcome, state = EXCLUDED.state, reason_code = EXCLUDED.reason_code,
         reason_zh = EXCLUDED.reason_zh, reason_en = EXCLUDED.reason_en, insuring_region_code = EXCLUDED.insuring_region_code,
         forwarded_to = EXCLUDED.forwarded_to, rule_version = EXCLUDED.rule_version, days = EXCLUDED.days, day_terms = EXCLUDED.day_terms,
         wage_fen = EXCLUDED.wage_fen, wage_source = EXCLUDED.wage_source, wage_rule = EXCLUDED.wage_rule, amount_fen = EXCLUDED.amount_fen,
         sealed_account = EXCLUDED.sealed_account, sealed_for_case = EXCLUDED.sealed_for_case, paid_at = EXCLUDED.paid_at, updated_at = now()`,
      [
        claimId, b.benefit, b.beneficiary, b.outcome, b.state, b.reasonCode, b.reason?.zh ?? null, b.reason?.en ?? null, b.insuringRegionCode, b.forwardedTo,
        b.ruleVersion, b.days, JSON.stringify(b.dayTerms), b.wageFen, b.wageSource, b.wageRule, b.amountFen,
        b.sealedAccount === null ? null : JSON.stringify(b.sealedAccount), b.sealedForCase, b.paidAt,
      ],
    );
  },

  async saveClaim(manager: EntityManager, claim: ClaimRecord): Promise<void> {
    const s = claim.status;
    await manager.query(
      `UPDATE allowance_claims SET case_ids = $2, state = $3, reason_code = $4, reason_zh = $5, reason_en = $6, waiting_for = $7, prerequisites_met_at = $8,
         rule_version = $9, accepted_at = $10, cancelled_reason = $11, recovery_required = $12, version = version + 1, updated_at = now() WHERE claim_id = $1`,
      [claim.claimId, claim.caseIds, s.state, s.reasonCode, s.reason?.zh ?? null, s.reason?.en ?? null, s.waitingFor, s.prerequisitesMetAt, s.ruleVersion, claim.acceptedAt, claim.cancelledReason, claim.recoveryRequired],
    );
  },

  async history(manager: EntityManager, claimId: string, entry: { change: string; state: ItemState; reasonCode: string | null; caseIds: string[]; at?: string; cause: string | null; actor?: string }): Promise<void> {
    await manager.query(`INSERT INTO allowance_claim_history (claim_id, change, state, reason_code, case_ids, at, cause, actor) VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now()), $7, $8)`, [
      claimId, entry.change, entry.state, entry.reasonCode, entry.caseIds, entry.at ?? null, entry.cause, entry.actor ?? null,
    ]);
  },

  async historyOf(db: Queryable, claimId: string): Promise<{ change: string; state: string; reasonCode: string | null; caseIds: string[]; at: string; cause: string | null; actor: string | null }[]> {
    const rows = (await db.query(`SELECT change, state, reason_code, case_ids, at, cause, actor FROM allowance_claim_history WHERE claim_id = $1 ORDER BY id`, [claimId])) as {
      change: string; state: string; reason_code: string | null; case_ids: string[]; at: Date; cause: string | null; actor: string | null;
    }[];
    return rows.map((r) => ({ change: r.change, state: r.state, reasonCode: r.reason_code, caseIds: r.case_ids, at: r.at.toISOString(), cause: r.cause, actor: r.actor }));
  },

  /** A certificate or a void that came before the birth: kept per case and kind (a later one replaces it). */
  async keepPending(manager: EntityManager, caseId: string, kind: 'certificate' | 'void', facts: object, cause: string | null): Promise<void> {
    await manager.query(
      `INSERT INTO allowance_pending_facts (case_id, kind, facts, cause) VALUES ($1, $2, $3, $4) ON CONFLICT (case_id, kind) DO UPDATE SET facts = EXCLUDED.facts, cause = EXCLUDED.cause, received_at = now()`,
      [caseId, kind, JSON.stringify(facts), cause],
    );
  },

  async takePending(manager: EntityManager, caseId: string): Promise<{ kind: 'certificate' | 'void'; facts: Record<string, string>; cause: string | null }[]> {
    // TypeORM answers a DELETE with [rows, rowCount].
    const [rows] = (await manager.query(`DELETE FROM allowance_pending_facts WHERE case_id = $1 RETURNING kind, facts, cause`, [caseId])) as [
      { kind: 'certificate' | 'void'; facts: Record<string, string>; cause: string | null }[],
      number,
    ];
    return rows;
  },
};
