import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Topics, type BirthRegisteredV1, type BirthSubmissionV1 } from '@birth/contracts';
import { preparedQuery, type CausalContext } from '@birth/messaging';
import { MessagingRuntime } from '@birth/platform';
import type { DrawnNumbers } from './domain/case-number';
import type { IntakeChannel } from './intake-view';

/** A row of intake_records. */
export interface RecordRow {
  case_id: string;
  case_number: string;
  hospital_id: string;
  birth_record_id: string;
  delivery_id: string;
  channel: IntakeChannel;
  state: 'accepted' | 'voided';
  original_content_hash: string;
  original_payload_sealed: string;
  /** NULL until a correction: the current payload is then the original. */
  current_payload_sealed: string | null;
  mother_id_hash: string;
  delivery_facts: Record<string, unknown>;
  birth_order: number;
  accepted_at: Date;
  voided_at: Date | null;
  /** The policy version the intake window was judged by; NULL for a record accepted before it was kept. */
  rule_version: number | null;
}

export interface EventRow {
  event_id: string;
  type: string;
  occurred_at: Date;
  /** Relayed to Kafka (or its outbox row already pruned). */
  published: boolean;
}

export interface CorrectionRow {
  correction_id: string;
  changed_fields: string[];
  corrected_at: Date;
}

/** A birth about to be looked up, and numbered if it is new. */
export interface BirthKey {
  hospitalId: string;
  birthRecordId: string;
  deliveryId: string;
  regionCode: string;
  /** China-time day of its acceptance, `YYYYMMDD` (chinaDate). */
  day: string;
}

/** A new birth to store and publish as `birth.registered.v1`. */
export interface NewRecord {
  caseId: string;
  caseNumber: string;
  hospitalId: string;
  application: BirthSubmissionV1;
  /** What `birth.registered.v1` carries: the application with its case number, acceptance and sealed accounts. */
  event: BirthRegisteredV1;
  channel: IntakeChannel;
  contentHash: string;
  sealedPayload: string;
  motherIdHash: string;
  deliveryFacts: Record<string, unknown>;
  acceptedAt: Date;
  /** The policy version the intake window was judged by (also `event.intakeRuleVersion`). */
  ruleVersion: number;
  eventId: string;
  cause: CausalContext;
}

/** The unique constraints whose violation means something to the intake (see decisionOnFailure). */
export const RECORD_CONSTRAINTS = {
  /** (hospital_id, birth_record_id): the idempotency key. */
  birthRecordId: 'intake_records_hospital_id_birth_record_id_key',
  /** (hospital_id, delivery_id, birth_order): one birth per place in a delivery. */
  deliveryBirthOrder: 'intake_records_delivery_birth_order',
} as const;

export function violatedConstraint(error: unknown): string | undefined {
  return (error as { driverError?: { constraint?: string } }).driverError?.constraint;
}

type FollowUpTopic = typeof Topics.birthCorrectedV1 | typeof Topics.birthVoidedV1;

/**
 * The intake's SQL: records, their events and corrections, the case-number counters. Writes take
 * the caller's transaction; reads without one use the pool.
 */
@Injectable()
export class IntakeRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly messaging: MessagingRuntime,
  ) {}

  /**
   * Transaction-scoped advisory locks, one per delivery key, taken in a fixed order: births of one
   * delivery are decided one transaction at a time, so two twins arriving together cannot both
   * pass against an empty delivery.
   */
  async lockDeliveries(tx: EntityManager, keys: readonly string[]): Promise<void> {
    await preparedQuery(tx, `SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k) locks ORDER BY h`, [
      [...new Set(keys)],
    ]);
  }

  /**
   * The records stored under the births' record ids or deliveries, and case numbers drawn, per
   * region and China-time day, for the births not stored yet: one counter update per region and
   * day in the caller's transaction (rolled back with it). A birth then refused (a twin's
   * conflict, a copy within the batch) leaves its number unused. Not a prepared statement
   * (preparedQuery): its best plan, index lookups, depends on intake_records being large, which
   * a generic plan may not know.
   */
  async readStoredAndDrawNumbers(tx: EntityManager, births: readonly BirthKey[]): Promise<{ stored: RecordRow[]; drawn: DrawnNumbers[] }> {
    const [read] = (await tx.query(
      `WITH q AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(hospital_id, birth_record_id, delivery_id, region_code, day)),
       stored AS (
         SELECT r.* FROM intake_records r JOIN (SELECT DISTINCT hospital_id, birth_record_id FROM q) k USING (hospital_id, birth_record_id)
         UNION ALL
         SELECT r.* FROM intake_records r JOIN (SELECT DISTINCT hospital_id, delivery_id FROM q) k USING (hospital_id, delivery_id)),
       wanted AS (
         SELECT region_code, day, count(*)::int AS n FROM q
          WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.hospital_id = q.hospital_id AND s.birth_record_id = q.birth_record_id)
          GROUP BY region_code, day
          ORDER BY region_code, day), -- two batches lock the counter rows in the same order
       numbered AS (
         INSERT INTO case_number_counters (region_code, day, last_value) SELECT region_code, day, n FROM wanted
         ON CONFLICT (region_code, day) DO UPDATE SET last_value = case_number_counters.last_value + EXCLUDED.last_value
         RETURNING region_code, day, last_value)
       SELECT (SELECT coalesce(json_agg(json_build_object('region', n.region_code, 'day', n.day, 'last', n.last_value, 'count', w.n)), '[]')
                 FROM numbered n JOIN wanted w ON w.region_code = n.region_code AND w.day = n.day) AS counters,
              (SELECT coalesce(json_agg(s), '[]') FROM stored s) AS stored`,
      [births.map((b) => b.hospitalId), births.map((b) => b.birthRecordId), births.map((b) => b.deliveryId), births.map((b) => b.regionCode), births.map((b) => b.day)],
    )) as { counters: DrawnNumbers[]; stored: StoredRecordJson[] }[];
    // A record can match both ways (its birth record id and its delivery): keep it once.
    return { stored: uniqueBy(read!.stored.map(recordFromJson), (r) => r.case_id), drawn: read!.counters };
  }

  /**
   * Records, event rows and outbox rows in one statement (data-modifying CTEs ahead of the
   * outbox INSERT): one round trip, its text the same for any number of births (arrays), so
   * PostgreSQL keeps it prepared. No ON CONFLICT: a copy of a birth record id fails the whole
   * statement (RECORD_CONSTRAINTS), and the caller decides what that means.
   */
  async insertRegistered(tx: EntityManager, records: readonly NewRecord[]): Promise<void> {
    await this.messaging.publisher.publishAll(
      tx,
      records.map((r) => ({ topic: Topics.birthRegisteredV1, key: r.caseId, caseId: r.caseId, payload: r.event, id: r.eventId, cause: r.cause })),
      {
        sql: `records AS (
                INSERT INTO intake_records (case_id, case_number, hospital_id, birth_record_id, delivery_id, birth_order, channel,
                  original_content_hash, original_payload_sealed, current_payload_sealed, mother_id_hash, delivery_facts, accepted_at,
                  rule_version)
                SELECT case_id, case_number, hospital_id, birth_record_id, delivery_id, birth_order, channel,
                       content_hash, payload_sealed, NULL, mother_id_hash, delivery_facts, accepted_at, rule_version
                  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[],
                              $9::text[], $10::text[], $11::jsonb[], $12::timestamptz[], $15::int[])
                       AS r(case_id, case_number, hospital_id, birth_record_id, delivery_id, birth_order, channel, content_hash,
                            payload_sealed, mother_id_hash, delivery_facts, accepted_at, rule_version)),
              events AS (
                INSERT INTO intake_events (event_id, case_id, type, occurred_at)
                SELECT event_id, case_id, $13::text, occurred_at FROM unnest($14::uuid[], $1::uuid[], $12::timestamptz[]) AS e(event_id, case_id, occurred_at))`,
        params: [
          records.map((r) => r.caseId),
          records.map((r) => r.caseNumber),
          records.map((r) => r.hospitalId),
          records.map((r) => r.application.birthRecordId),
          records.map((r) => r.application.deliveryId),
          records.map((r) => r.application.newborn.birthOrder),
          records.map((r) => r.channel),
          records.map((r) => r.contentHash),
          records.map((r) => r.sealedPayload),
          records.map((r) => r.motherIdHash),
          records.map((r) => JSON.stringify(r.deliveryFacts)),
          records.map((r) => r.acceptedAt),
          Topics.birthRegisteredV1.type,
          records.map((r) => r.eventId),
          records.map((r) => r.ruleVersion),
        ],
      },
    );
  }

  async findByRecordId(hospitalId: string, birthRecordId: string): Promise<RecordRow | undefined> {
    const [row] = (await this.dataSource.query(`SELECT * FROM intake_records WHERE hospital_id = $1 AND birth_record_id = $2`, [hospitalId, birthRecordId])) as RecordRow[];
    return row;
  }

  /** The hospital's own record: another hospital's case is not found, as a missing one. */
  async findOwned(hospitalId: string, caseId: string, manager: EntityManager = this.dataSource.manager): Promise<RecordRow | undefined> {
    const [row] = (await manager.query(`SELECT * FROM intake_records WHERE case_id = $1 AND hospital_id = $2`, [caseId, hospitalId])) as RecordRow[];
    return row;
  }

  /** findOwned, locked for the rest of the transaction. */
  async lockOwned(tx: EntityManager, hospitalId: string, caseId: string): Promise<RecordRow | undefined> {
    const [row] = (await tx.query(`SELECT * FROM intake_records WHERE case_id = $1 AND hospital_id = $2 FOR UPDATE`, [caseId, hospitalId])) as RecordRow[];
    return row;
  }

  async eventsOf(caseId: string, manager: EntityManager = this.dataSource.manager): Promise<EventRow[]> {
    return (await manager.query(
      `SELECT e.event_id, e.type, e.occurred_at, (o.id IS NULL OR o.published_at IS NOT NULL) AS published
         FROM intake_events e LEFT JOIN outbox o ON o.id = e.event_id
        WHERE e.case_id = $1 ORDER BY e.occurred_at, e.event_id`,
      [caseId],
    )) as EventRow[];
  }

  async correctionsOf(caseId: string, manager: EntityManager = this.dataSource.manager): Promise<CorrectionRow[]> {
    return (await manager.query(`SELECT correction_id, changed_fields, corrected_at FROM intake_corrections WHERE case_id = $1 ORDER BY corrected_at`, [
      caseId,
    ])) as CorrectionRow[];
  }

  /** The patch hash stored under a correction id of the case, if that id was used. */
  async correctionPatchHash(tx: EntityManager, caseId: string, correctionId: string): Promise<string | undefined> {
    const [previous] = (await tx.query(`SELECT patch_hash FROM intake_corrections WHERE case_id = $1 AND correction_id = $2`, [caseId, correctionId])) as {
      patch_hash: string;
    }[];
    return previous?.patch_hash;
  }

  async saveCorrection(
    tx: EntityManager,
    correction: { caseId: string; correctionId: string; patchHash: string; changedFields: string[]; eventId: string; correctedAt: Date; sealedPayload: string },
  ): Promise<void> {
    const { caseId, correctionId, patchHash, changedFields, eventId, correctedAt, sealedPayload } = correction;
    await tx.query(`UPDATE intake_records SET current_payload_sealed = $2 WHERE case_id = $1`, [caseId, sealedPayload]);
    await tx.query(`INSERT INTO intake_corrections (case_id, correction_id, patch_hash, changed_fields, event_id, corrected_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      caseId,
      correctionId,
      patchHash,
      changedFields,
      eventId,
      correctedAt,
    ]);
  }

  async markVoided(tx: EntityManager, caseId: string, voidedAt: Date, sealedReason: string): Promise<void> {
    await tx.query(`UPDATE intake_records SET state = 'voided', voided_at = $2, void_reason_sealed = $3 WHERE case_id = $1`, [caseId, voidedAt, sealedReason]);
  }

  /** Publishes a later event of the case (through the outbox) and lists it among the case's events. */
  async publishFollowUp<P extends object>(tx: EntityManager, caseId: string, eventId: string, occurredAt: Date, topic: FollowUpTopic, payload: P): Promise<void> {
    await this.messaging.publisher.publish(tx, { topic: topic as never, key: caseId, caseId, payload, id: eventId });
    await tx.query(`INSERT INTO intake_events (event_id, case_id, type, occurred_at) VALUES ($1, $2, $3, $4)`, [eventId, caseId, topic.type, occurredAt]);
  }
}

/** An intake record as json_agg gives it: timestamps as text. */
type StoredRecordJson = Omit<RecordRow, 'accepted_at' | 'voided_at'> & { accepted_at: string; voided_at: string | null };

function recordFromJson(json: StoredRecordJson): RecordRow {
  return { ...json, accepted_at: new Date(json.accepted_at), voided_at: json.voided_at === null ? null : new Date(json.voided_at) };
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)) !== undefined);
}
