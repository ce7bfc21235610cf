import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { BirthRegisteredV1, Topics, validatePlain, type BirthCorrectedV1, type BirthVoidedV1 } from '@birth/contracts';
import { currentCausalContext, freshCausalContext, isDatabaseConnectionError, preparedQuery, runWithCausalContext, type CausalContext } from '@birth/messaging';
import { MessagingRuntime, MicroBatcher } from '@birth/platform';
import { applyMergePatch, canonicalJson, differingPaths, patchPaths } from './domain/canonical-json';
import { formatCaseNumber, MAX_DAILY_SEQUENCE, chinaDate } from './domain/case-number';
import type { AuthenticatedHospital } from '../hospitals/signed-message-verifier';
import { IntakeCrypto } from './intake-crypto';
import { CASE_NOT_FOUND, intakeError, IntakeRejection } from './intake.errors';
import { toIntakeError, validateBirthApplication, type IntakeError } from './domain/validation';

export type IntakeChannel = 'http' | 'kafka';

/** What a hospital may see of its submission: no personal data. */
export interface IntakeView {
  caseId: string;
  caseNumber: string;
  hospitalId: string;
  birthRecordId: string;
  deliveryId: string;
  state: 'accepted' | 'voided';
  channel: IntakeChannel;
  acceptedAt: string;
  voidedAt: string | null;
  corrections: { correctionId: string; changedFields: string[]; correctedAt: string }[];
  published: { eventId: string; type: string; occurredAt: string; publishedToKafka: boolean }[];
}

export interface SubmitResult {
  /** `accepted` the first time; `duplicate` when the same submission came again (same answer, nothing new published). */
  outcome: 'accepted' | 'duplicate';
  view: IntakeView;
}

/**
 * The facts a hospital may correct after registration (DOMAIN.md §2: the newborn's name is
 * often given later). Identity, delivery and hospital facts are not correctable here: a wrong
 * one means voiding and registering again. Bank details are the clerks' path, not the hospital's.
 */
const CORRECTABLE = ['newborn.name', 'newborn.sex', 'newborn.weightGrams', 'newborn.gestation', 'mother.phone', 'mother.hukouAddress', 'father', 'application.householdHeadName', 'application.contactPhone'];

function isCorrectable(path: string): boolean {
  return CORRECTABLE.some((allowed) => path === allowed || path.startsWith(`${allowed}.`));
}

interface RecordRow {
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
}


@Injectable()
export class IntakeService {
  /**
   * Births submitted over HTTP at the same time share a transaction. One batch at a time: while
   * it runs, the next gathers (measured: two at once made smaller batches that then queued on
   * the case-number counter anyway). At most 64: a failed batch is retried birth by birth, one
   * transaction each, and 64 bounds that detour (256 measured no higher sustained rate here).
   */
  private readonly batches = new MicroBatcher((candidates: readonly Candidate[]) => this.acceptBatch(candidates), { maxBatchSize: 64, concurrency: 1 });

  constructor(
    private readonly dataSource: DataSource,
    private readonly messaging: MessagingRuntime,
    private readonly crypto: IntakeCrypto,
  ) {}

  /**
   * Validates and accepts one birth application; the same for HTTP and the ingress topic.
   * Idempotent on (hospital, birth record id): a re-send of the same content gets the first
   * answer and publishes nothing; different content is a conflict naming the differing fields.
   *
   * Over HTTP, births arriving together are stored together: one transaction (a few statements
   * and one commit) for a batch of them (`MicroBatcher`), each still decided and answered on its
   * own. On the ingress topic the birth commits inside the consumed message's transaction.
   */
  async submit(
    hospital: AuthenticatedHospital,
    raw: unknown,
    channel: IntakeChannel,
    correlationId: string,
    options: { now?: Date; manager?: EntityManager } = {},
  ): Promise<SubmitResult> {
    const now = options.now ?? new Date();
    const application = this.validate(hospital, raw, now);
    const canonical = canonicalJson(application);
    const caseId = randomUUID();
    const candidate: Candidate = {
      hospital,
      application,
      channel,
      now,
      caseId,
      eventId: randomUUID(),
      contentHash: this.crypto.contentHash(canonical),
      sealedPayload: this.crypto.sealPayload(caseId, canonical),
      motherIdHash: this.crypto.motherIdHash(application.mother.identity),
      facts: deliveryFacts(application),
      // Its events are caused by the consumed message (ingress) or by this request (HTTP).
      cause: currentCausalContext() ?? freshCausalContext(correlationId),
    };
    if (options.manager) {
      const [decision] = await this.acceptAll(options.manager, [candidate]).catch((error: unknown) => [decisionOnFailure(error)]);
      if (decision instanceof Error) throw decision;
      // The inbox rolls back and delivers the message again, which then finds the winner.
      if (decision!.kind === 'retry') throw new Error('a concurrent intake of this birth record id committed first; retrying');
      return this.answer(candidate, decision!);
    }
    // A retry is a copy of this birth in the same batch, or one committed concurrently: by the
    // next batch it is committed, and this one is answered as its re-send.
    for (let attempt = 1; ; attempt += 1) {
      const decision = await this.batches.run(candidate);
      if (decision.kind !== 'retry') return this.answer(candidate, decision);
      if (attempt >= 3) throw new Error(`intake of birth record ${candidate.caseId} kept colliding with concurrent copies`);
    }
  }

  /** The batcher's work: one transaction for the batch; if it fails, each birth alone, so only the culprit fails. */
  private async acceptBatch(candidates: readonly Candidate[]): Promise<(Decision | Error)[]> {
    try {
      return await this.dataSource.transaction((tx) => this.acceptAll(tx, candidates));
    } catch (error) {
      if (candidates.length === 1 || isDatabaseConnectionError(error)) return candidates.map(() => decisionOnFailure(error));
      const decisions: (Decision | Error)[] = [];
      for (const candidate of candidates) decisions.push(...(await this.acceptBatch([candidate])));
      return decisions;
    }
  }

  /**
   * Decides and stores a batch of births in the caller's transaction, in order: re-sends are
   * answered from the stored record, births of one delivery (twins, also within the batch) are
   * checked against each other, the rest get case numbers and are inserted and published.
   */
  private async acceptAll(tx: EntityManager, candidates: readonly Candidate[]): Promise<(Decision | Error)[]> {
    // Births of one delivery are decided one transaction at a time (a transaction-scoped advisory
    // lock per delivery, taken in a fixed order), so two twins arriving together cannot both pass
    // against an empty delivery.
    await preparedQuery(
      tx,
      `SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k) locks ORDER BY h`,
      [[...new Set(candidates.map(deliveryLockKey))]],
    );
    // Read after the locks: a copy of a birth committed while we waited is seen as a re-send.
    // The same statement draws the case numbers, per region and China-time day, for the births
    // not stored yet: one counter update per region and day in the intake's transaction (rolled
    // back with it). A birth then refused here (a twin's conflict, a copy within the batch)
    // leaves its number unused. Not a prepared statement (preparedQuery): its best plan, index
    // lookups, depends on intake_records being large, which a generic plan may not know.
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
      [
        candidates.map((c) => c.hospital.id),
        candidates.map((c) => c.application.birthRecordId),
        candidates.map((c) => c.application.deliveryId),
        candidates.map((c) => c.hospital.regionCode),
        candidates.map((c) => chinaDate(c.now)),
      ],
    )) as { counters: DrawnNumbers[]; stored: StoredRecordJson[] }[];
    // A record can match both ways (its birth record id and its delivery): keep it once.
    const stored = uniqueBy(read!.stored.map(recordFromJson), (r) => r.case_id);

    const decisions: (Decision | Error | undefined)[] = candidates.map(() => undefined);
    const taken: Candidate[] = [];
    candidates.forEach((candidate, i) => {
      const { id: hospitalId } = candidate.hospital;
      const { birthRecordId, deliveryId } = candidate.application;
      const existing = stored.find((r) => r.hospital_id === hospitalId && r.birth_record_id === birthRecordId);
      if (existing) {
        decisions[i] = { kind: 'existing', record: existing };
        return;
      }
      if (taken.some((t) => t.hospital.id === hospitalId && t.application.birthRecordId === birthRecordId)) {
        decisions[i] = { kind: 'retry' };
        return;
      }
      const siblings: Sibling[] = [
        ...stored
          .filter((r) => r.hospital_id === hospitalId && r.delivery_id === deliveryId)
          .map((r) => ({ motherIdHash: r.mother_id_hash, facts: r.delivery_facts, birthOrder: r.birth_order })),
        ...taken
          .filter((t) => t.hospital.id === hospitalId && t.application.deliveryId === deliveryId)
          .map((t) => ({ motherIdHash: t.motherIdHash, facts: t.facts, birthOrder: t.application.newborn.birthOrder })),
      ];
      const conflicts = deliveryConflicts(candidate, siblings);
      if (conflicts.length) {
        decisions[i] = new IntakeRejection(409, conflicts);
        return;
      }
      taken.push(candidate);
    });

    if (taken.length > 0) {
      const caseNumbers = assignCaseNumbers(taken, read!.counters);
      // Records, event rows and outbox rows in one statement (data-modifying CTEs ahead of the
      // outbox INSERT): one round trip, its text the same for any number of births (arrays), so
      // PostgreSQL keeps it prepared. No ON CONFLICT: under the delivery locks only a copy of a
      // birth record id with another delivery id can collide, and it fails the batch, whose
      // births are then tried one by one (acceptBatch), the copy answered as a re-send.
      await this.messaging.publisher.publishAll(
        tx,
        taken.map((c) => ({ topic: Topics.birthRegisteredV1, key: c.caseId, caseId: c.caseId, payload: c.application, id: c.eventId, cause: c.cause })),
        {
          sql: `records AS (
                  INSERT INTO intake_records (case_id, case_number, hospital_id, birth_record_id, delivery_id, birth_order, channel,
                    original_content_hash, original_payload_sealed, current_payload_sealed, mother_id_hash, delivery_facts, accepted_at)
                  SELECT case_id, case_number, hospital_id, birth_record_id, delivery_id, birth_order, channel,
                         content_hash, payload_sealed, NULL, mother_id_hash, delivery_facts, accepted_at
                    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[],
                                $9::text[], $10::text[], $11::jsonb[], $12::timestamptz[])
                         AS r(case_id, case_number, hospital_id, birth_record_id, delivery_id, birth_order, channel, content_hash,
                              payload_sealed, mother_id_hash, delivery_facts, accepted_at)),
                events AS (
                  INSERT INTO intake_events (event_id, case_id, type, occurred_at)
                  SELECT event_id, case_id, $13::text, occurred_at FROM unnest($14::uuid[], $1::uuid[], $12::timestamptz[]) AS e(event_id, case_id, occurred_at))`,
          params: [
            taken.map((c) => c.caseId),
            taken.map((c) => caseNumbers.get(c)!),
            taken.map((c) => c.hospital.id),
            taken.map((c) => c.application.birthRecordId),
            taken.map((c) => c.application.deliveryId),
            taken.map((c) => c.application.newborn.birthOrder),
            taken.map((c) => c.channel),
            taken.map((c) => c.contentHash),
            taken.map((c) => c.sealedPayload),
            taken.map((c) => c.motherIdHash),
            taken.map((c) => JSON.stringify(c.facts)),
            taken.map((c) => c.now),
            Topics.birthRegisteredV1.type,
            taken.map((c) => c.eventId),
          ],
        },
      );
      for (const candidate of taken) decisions[candidates.indexOf(candidate)] = { kind: 'accepted', caseNumber: caseNumbers.get(candidate)! };
    }
    return decisions as (Decision | Error)[];
  }

  private answer(candidate: Candidate, decision: Exclude<Decision, { kind: 'retry' }>): Promise<SubmitResult> | SubmitResult {
    if (decision.kind === 'existing') return this.answerResend(decision.record, candidate.contentHash, candidate.application);
    // Everything the receipt says is in hand: no read-back.
    const at = candidate.now.toISOString();
    return {
      outcome: 'accepted',
      view: {
        caseId: candidate.caseId,
        caseNumber: decision.caseNumber,
        hospitalId: candidate.hospital.id,
        birthRecordId: candidate.application.birthRecordId,
        deliveryId: candidate.application.deliveryId,
        state: 'accepted',
        channel: candidate.channel,
        acceptedAt: at,
        voidedAt: null,
        corrections: [],
        published: [{ eventId: candidate.eventId, type: Topics.birthRegisteredV1.type, occurredAt: at, publishedToKafka: false }],
      },
    };
  }

  async find(hospital: AuthenticatedHospital, caseId: string): Promise<IntakeView> {
    return this.view(hospital, caseId);
  }

  async findByRecordId(hospital: AuthenticatedHospital, birthRecordId: string): Promise<IntakeView> {
    const record = await this.findRecord(hospital.id, birthRecordId);
    if (!record) throw new IntakeRejection(404, [CASE_NOT_FOUND('recordId')]);
    return this.view(hospital, record.case_id);
  }

  /** Applies a JSON merge patch over the correctable facts; a repeated correctionId gets the first answer. */
  async correct(hospital: AuthenticatedHospital, caseId: string, correctionId: string, patch: Record<string, unknown>, correlationId: string): Promise<IntakeView> {
    const paths = patchPaths(patch);
    const refused = paths.filter((p) => !isCorrectable(p));
    if (paths.length === 0 || refused.length) {
      throw new IntakeRejection(400, (refused.length ? refused : ['patch']).map((field) => intakeError(field, 'FIELD_NOT_CORRECTABLE')));
    }
    const patchHash = this.crypto.contentHash(canonicalJson(patch));
    const now = new Date();
    await runWithCausalContext(freshCausalContext(correlationId), () =>
      this.dataSource.transaction(async (tx) => {
        const record = await this.lockRecord(tx, hospital.id, caseId);
        const [previous] = (await tx.query(`SELECT patch_hash FROM intake_corrections WHERE case_id = $1 AND correction_id = $2`, [caseId, correctionId])) as {
          patch_hash: string;
        }[];
        if (previous) {
          if (previous.patch_hash === patchHash) return; // a retry: the first answer stands
          throw new IntakeRejection(409, [intakeError('correctionId', 'CORRECTION_ID_REUSED')]);
        }
        if (record.state === 'voided') {
          throw new IntakeRejection(409, [intakeError('caseId', 'CASE_VOIDED')]);
        }
        const current = JSON.parse(this.crypto.openPayload(caseId, record.current_payload_sealed ?? record.original_payload_sealed)) as unknown;
        const corrected = applyMergePatch(current, patch);
        const application = this.validate(hospital, corrected, record.accepted_at);
        const changedFields = differingPaths(current, JSON.parse(canonicalJson(application)));
        const canonical = canonicalJson(application);
        const eventId = randomUUID();
        await tx.query(`UPDATE intake_records SET current_payload_sealed = $2 WHERE case_id = $1`, [caseId, this.crypto.sealPayload(caseId, canonical)]);
        await tx.query(`INSERT INTO intake_corrections (case_id, correction_id, patch_hash, changed_fields, event_id, corrected_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
          caseId,
          correctionId,
          patchHash,
          changedFields,
          eventId,
          now,
        ]);
        const payload: BirthCorrectedV1 = { correctionId, caseNumber: record.case_number, patch, changedFields, application, correctedAt: now.toISOString() };
        await this.publish(tx, caseId, eventId, now, Topics.birthCorrectedV1, payload);
      }),
    );
    return this.view(hospital, caseId);
  }

  /** Voids the registration; voiding again answers the same. */
  async void(hospital: AuthenticatedHospital, caseId: string, reason: string, correlationId: string): Promise<IntakeView> {
    const now = new Date();
    await runWithCausalContext(freshCausalContext(correlationId), () =>
      this.dataSource.transaction(async (tx) => {
        const record = await this.lockRecord(tx, hospital.id, caseId);
        if (record.state === 'voided') return;
        await tx.query(`UPDATE intake_records SET state = 'voided', voided_at = $2, void_reason_sealed = $3 WHERE case_id = $1`, [
          caseId,
          now,
          this.crypto.sealPayload(caseId, reason, 'void-reason'),
        ]);
        const payload: BirthVoidedV1 = {
          caseNumber: record.case_number,
          hospitalId: hospital.id,
          birthRecordId: record.birth_record_id,
          reason,
          voidedAt: now.toISOString(),
        };
        await this.publish(tx, caseId, randomUUID(), now, Topics.birthVoidedV1, payload);
      }),
    );
    return this.view(hospital, caseId);
  }

  /** Shape (unknown fields refused), then every rule of DOMAIN.md §2, all errors at once; then the caller's own hospital. */
  private validate(hospital: AuthenticatedHospital, raw: unknown, now: Date): BirthRegisteredV1 {
    const shaped = validatePlain(BirthRegisteredV1, raw);
    if (!shaped.ok) throw new IntakeRejection(400, shaped.errors.map(toIntakeError));
    const errors: IntakeError[] = validateBirthApplication(shaped.value, { now });
    if (errors.length) throw new IntakeRejection(400, errors);
    if (shaped.value.hospital.institutionId !== hospital.id) {
      throw new IntakeRejection(403, [intakeError('hospital.institutionId', 'HOSPITAL_MISMATCH')]);
    }
    if (shaped.value.hospital.regionCode !== hospital.regionCode) {
      throw new IntakeRejection(400, [intakeError('hospital.regionCode', 'HOSPITAL_REGION_MISMATCH')]);
    }
    return shaped.value;
  }

  private async answerResend(existing: RecordRow, contentHash: string, application: BirthRegisteredV1): Promise<SubmitResult> {
    if (existing.original_content_hash === contentHash) {
      return { outcome: 'duplicate', view: await this.viewOf(existing) };
    }
    const original = JSON.parse(this.crypto.openPayload(existing.case_id, existing.original_payload_sealed)) as unknown;
    const fields = differingPaths(original, JSON.parse(canonicalJson(application)));
    throw new IntakeRejection(409, fields.map((field) => intakeError(field, 'DIFFERS_FROM_ORIGINAL')));
  }

  private async publish<P extends object>(
    tx: EntityManager,
    caseId: string,
    eventId: string,
    now: Date,
    topic: (typeof Topics)[keyof typeof Topics],
    payload: P,
  ): Promise<void> {
    await this.messaging.publisher.publish(tx, { topic: topic as never, key: caseId, caseId, payload, id: eventId });
    await tx.query(`INSERT INTO intake_events (event_id, case_id, type, occurred_at) VALUES ($1, $2, $3, $4)`, [eventId, caseId, topic.type, now]);
  }

  private async findRecord(hospitalId: string, birthRecordId: string): Promise<RecordRow | undefined> {
    const [row] = (await this.dataSource.query(`SELECT * FROM intake_records WHERE hospital_id = $1 AND birth_record_id = $2`, [hospitalId, birthRecordId])) as RecordRow[];
    return row;
  }

  private async lockRecord(tx: EntityManager, hospitalId: string, caseId: string): Promise<RecordRow> {
    const [row] = (await tx.query(`SELECT * FROM intake_records WHERE case_id = $1 AND hospital_id = $2 FOR UPDATE`, [caseId, hospitalId])) as RecordRow[];
    // Another hospital's case answers exactly like a missing one: its existence is not for them to learn.
    if (!row) throw new IntakeRejection(404, [CASE_NOT_FOUND()]);
    return row;
  }

  private async view(hospital: AuthenticatedHospital, caseId: string, manager: EntityManager = this.dataSource.manager): Promise<IntakeView> {
    const [row] = (await manager.query(`SELECT * FROM intake_records WHERE case_id = $1 AND hospital_id = $2`, [caseId, hospital.id])) as RecordRow[];
    if (!row) throw new IntakeRejection(404, [CASE_NOT_FOUND()]);
    return this.viewOf(row, manager);
  }

  private async viewOf(row: RecordRow, manager: EntityManager = this.dataSource.manager): Promise<IntakeView> {
    const events = (await manager.query(
      `SELECT e.event_id, e.type, e.occurred_at, (o.id IS NULL OR o.published_at IS NOT NULL) AS published
         FROM intake_events e LEFT JOIN outbox o ON o.id = e.event_id
        WHERE e.case_id = $1 ORDER BY e.occurred_at, e.event_id`,
      [row.case_id],
    )) as { event_id: string; type: string; occurred_at: Date; published: boolean }[];
    const corrections = (await manager.query(
      `SELECT correction_id, changed_fields, corrected_at FROM intake_corrections WHERE case_id = $1 ORDER BY corrected_at`,
      [row.case_id],
    )) as { correction_id: string; changed_fields: string[]; corrected_at: Date }[];
    return {
      caseId: row.case_id,
      caseNumber: row.case_number,
      hospitalId: row.hospital_id,
      birthRecordId: row.birth_record_id,
      deliveryId: row.delivery_id,
      state: row.state,
      channel: row.channel,
      acceptedAt: row.accepted_at.toISOString(),
      voidedAt: row.voided_at?.toISOString() ?? null,
      corrections: corrections.map((c) => ({ correctionId: c.correction_id, changedFields: c.changed_fields, correctedAt: c.corrected_at.toISOString() })),
      published: events.map((e) => ({ eventId: e.event_id, type: e.type, occurredAt: e.occurred_at.toISOString(), publishedToKafka: e.published })),
    };
  }
}

/** One validated birth on its way into a batch: everything computed that needs no database. */
interface Candidate {
  hospital: AuthenticatedHospital;
  application: BirthRegisteredV1;
  channel: IntakeChannel;
  now: Date;
  caseId: string;
  eventId: string;
  contentHash: string;
  sealedPayload: string;
  motherIdHash: string;
  facts: Record<keyof typeof FACT_FIELDS, unknown>;
  cause: CausalContext;
}

/** What a batch decided for one birth (a refusal is an IntakeRejection in its place). */
type Decision =
  | { kind: 'accepted'; caseNumber: string }
  /** Stored before: a re-send, answered from the stored record. */
  | { kind: 'existing'; record: RecordRow }
  /** A copy of it was taken first in the same batch or committed concurrently. */
  | { kind: 'retry' };

interface Sibling {
  motherIdHash: string;
  facts: Record<string, unknown>;
  birthOrder: number;
}

function deliveryLockKey(candidate: Candidate): string {
  return `delivery:${candidate.hospital.id}:${candidate.application.deliveryId}`;
}

/** Twins and more share a delivery id: they must agree on the mother and the delivery facts, and differ in birth order. */
function deliveryConflicts(candidate: Candidate, siblings: readonly Sibling[]): IntakeError[] {
  if (siblings.length === 0) return [];
  const errors: IntakeError[] = [];
  if (siblings.some((s) => s.motherIdHash !== candidate.motherIdHash)) {
    errors.push(intakeError('mother.identity', 'DELIVERY_MOTHER_DIFFERS'));
  }
  for (const [key, value] of Object.entries(candidate.facts)) {
    if (siblings.some((s) => canonicalJson(s.facts[key]) !== canonicalJson(value))) {
      errors.push(intakeError(FACT_FIELDS[key as keyof typeof FACT_FIELDS], 'DELIVERY_FACTS_DIFFER'));
    }
  }
  if (siblings.some((s) => s.birthOrder === candidate.application.newborn.birthOrder)) {
    errors.push(intakeError('newborn.birthOrder', 'DELIVERY_BIRTH_ORDER_TAKEN'));
  }
  return errors;
}

/** The numbers one counter update drew: `count` numbers ending with `last`. */
interface DrawnNumbers {
  region: string;
  day: string;
  last: number;
  count: number;
}

/**
 * Case numbers for the births taken, in batch order, from the ranges drawn per region and day
 * (a range may be longer than the births taken from it: see acceptAll).
 */
function assignCaseNumbers(taken: readonly Candidate[], drawn: readonly DrawnNumbers[]): Map<Candidate, string> {
  const next = new Map<string, number>();
  for (const range of drawn) {
    if (range.last > MAX_DAILY_SEQUENCE) throw new Error(`case numbers of region ${range.region} exhausted for ${range.day}`);
    next.set(`${range.region}:${range.day}`, range.last - range.count + 1);
  }
  const numbers = new Map<Candidate, string>();
  for (const candidate of taken) {
    const key = `${candidate.hospital.regionCode}:${chinaDate(candidate.now)}`;
    const sequence = next.get(key);
    if (sequence === undefined) throw new Error(`no case number was drawn for region and day ${key}`);
    numbers.set(candidate, formatCaseNumber(candidate.hospital.regionCode, candidate.now, sequence));
    next.set(key, sequence + 1);
  }
  return numbers;
}

/** An intake record as json_agg gives it: timestamps as text. */
type StoredRecordJson = Omit<RecordRow, 'accepted_at' | 'voided_at'> & { accepted_at: string; voided_at: string | null };

function recordFromJson(json: StoredRecordJson): RecordRow {
  return { ...json, accepted_at: new Date(json.accepted_at), voided_at: json.voided_at === null ? null : new Date(json.voided_at) };
}

/** The unique constraint on (hospital_id, birth_record_id): the idempotency key. */
const RECORD_ID_CONSTRAINT = 'intake_records_hospital_id_birth_record_id_key';

function constraintOf(error: unknown): string | undefined {
  return (error as { driverError?: { constraint?: string } }).driverError?.constraint;
}

/**
 * What a birth's failed transaction means for it. The idempotency key taken by another
 * transaction (a copy with another delivery id committed first): a retry, answered as a re-send
 * of that copy. Otherwise a refusal the database made, as the hospital should see it, or the error.
 */
function decisionOnFailure(error: unknown): Decision | Error {
  if (constraintOf(error) === RECORD_ID_CONSTRAINT) return { kind: 'retry' };
  if (constraintOf(error) === 'intake_records_delivery_birth_order') {
    return new IntakeRejection(409, [intakeError('newborn.birthOrder', 'DELIVERY_BIRTH_ORDER_TAKEN')]);
  }
  return error instanceof Error ? error : new Error(String(error));
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)) !== undefined);
}

/** The non-personal facts every birth of one delivery must share. */
function deliveryFacts(application: BirthRegisteredV1): Record<keyof typeof FACT_FIELDS, unknown> {
  return {
    mode: application.delivery.mode,
    difficult: application.delivery.difficult,
    plurality: application.newborn.plurality,
  };
}

const FACT_FIELDS = { mode: 'delivery.mode', difficult: 'delivery.difficult', plurality: 'newborn.plurality' } as const;
