import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { BirthRegisteredV1, Topics, validatePlain, type BirthCorrectedV1, type BirthVoidedV1 } from '@birth/contracts';
import { currentCausalContext, freshCausalContext, runWithCausalContext } from '@birth/messaging';
import { MessagingRuntime } from '@birth/platform';
import { applyMergePatch, canonicalJson, differingPaths, patchPaths } from './domain/canonical-json';
import { formatCaseNumber, MAX_DAILY_SEQUENCE, chinaDate } from './domain/case-number';
import type { AuthenticatedHospital } from '../hospitals/signed-message-verifier';
import { IntakeCrypto } from './intake-crypto';
import { CASE_NOT_FOUND, intakeError, IntakeRejection } from './intake.errors';
import { toIntakeError, validateBirthApplication, type IntakeError } from './validation';

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
  current_payload_sealed: string;
  accepted_at: Date;
  voided_at: Date | null;
}


@Injectable()
export class IntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly messaging: MessagingRuntime,
    private readonly crypto: IntakeCrypto,
  ) {}

  /**
   * Validates and accepts one birth application; the same for HTTP and the ingress topic.
   * Idempotent on (hospital, birth record id): a re-send of the same content gets the first
   * answer and publishes nothing; different content is a conflict naming the differing fields.
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
    const contentHash = this.crypto.contentHash(canonical);

    const existing = await this.findRecord(hospital.id, application.birthRecordId);
    if (existing) return this.answerResend(existing, contentHash, application);

    const caseId = randomUUID();
    const caseNumber = await this.allocateCaseNumber(hospital.regionCode, now);
    const eventId = randomUUID();
    // Inside a consumed message's transaction (the ingress topic) the intake commits with it,
    // and its events are caused by that message; otherwise it is a transaction of its own.
    const inTransaction = <T>(work: (tx: EntityManager) => Promise<T>): Promise<T> =>
      options.manager
        ? work(options.manager)
        : runWithCausalContext(currentCausalContext() ?? freshCausalContext(correlationId), () => this.dataSource.transaction(work));
    try {
      await inTransaction(async (tx) => {
          await this.checkDelivery(tx, hospital.id, application, () => new ConcurrentDuplicate());
          const inserted: unknown[] = await tx.query(
            `INSERT INTO intake_records (case_id, case_number, hospital_id, birth_record_id, delivery_id, birth_order, channel,
               original_content_hash, original_payload_sealed, current_payload_sealed, mother_id_hash, delivery_facts, accepted_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12)
             ON CONFLICT (hospital_id, birth_record_id) DO NOTHING RETURNING case_id`,
            [
              caseId,
              caseNumber,
              hospital.id,
              application.birthRecordId,
              application.deliveryId,
              application.newborn.birthOrder,
              channel,
              contentHash,
              this.crypto.sealPayload(caseId, canonical),
              this.crypto.motherIdHash(application.mother.identity),
              JSON.stringify(deliveryFacts(application)),
              now,
            ],
          );
          if (inserted.length === 0) throw new ConcurrentDuplicate();
          await this.publish(tx, caseId, eventId, now, Topics.birthRegisteredV1, application);
      });
    } catch (error) {
      if (error instanceof ConcurrentDuplicate && !options.manager) {
        // Another request with the same birth record id won the race: the unique constraint decided.
        const winner = await this.findRecord(hospital.id, application.birthRecordId);
        return this.answerResend(winner!, contentHash, application);
      }
      if ((error as { driverError?: { code?: string; constraint?: string } }).driverError?.constraint === 'intake_records_delivery_birth_order') {
        throw new IntakeRejection(409, [intakeError('newborn.birthOrder', 'DELIVERY_BIRTH_ORDER_TAKEN')]);
      }
      throw error;
    }
    return { outcome: 'accepted', view: await this.view(hospital, caseId, options.manager) };
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
        const current = JSON.parse(this.crypto.openPayload(caseId, record.current_payload_sealed)) as unknown;
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

  /**
   * Twins and more share a delivery id: they must agree on the mother and the delivery facts.
   * Births of one delivery are checked one at a time (a transaction-scoped advisory lock on the
   * delivery), so two twins arriving together cannot both pass against an empty delivery.
   */
  private async checkDelivery(tx: EntityManager, hospitalId: string, application: BirthRegisteredV1, duplicate: () => Error): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`delivery:${hospitalId}:${application.deliveryId}`]);
    // A concurrent copy of this very submission may have committed while we waited: it is a re-send, not a sibling.
    const same: unknown[] = await tx.query(`SELECT 1 FROM intake_records WHERE hospital_id = $1 AND birth_record_id = $2`, [hospitalId, application.birthRecordId]);
    if (same.length) throw duplicate();
    const siblings = (await tx.query(`SELECT mother_id_hash, delivery_facts, birth_order FROM intake_records WHERE hospital_id = $1 AND delivery_id = $2`, [
      hospitalId,
      application.deliveryId,
    ])) as { mother_id_hash: string; delivery_facts: Record<string, unknown>; birth_order: number }[];
    if (siblings.length === 0) return;
    const errors: IntakeError[] = [];
    const motherHash = this.crypto.motherIdHash(application.mother.identity);
    const facts = deliveryFacts(application);
    if (siblings.some((s) => s.mother_id_hash !== motherHash)) {
      errors.push(intakeError('mother.identity', 'DELIVERY_MOTHER_DIFFERS'));
    }
    for (const [key, value] of Object.entries(facts)) {
      if (siblings.some((s) => canonicalJson(s.delivery_facts[key]) !== canonicalJson(value))) {
        errors.push(intakeError(FACT_FIELDS[key as keyof typeof FACT_FIELDS], 'DELIVERY_FACTS_DIFFER'));
      }
    }
    if (siblings.some((s) => s.birth_order === application.newborn.birthOrder)) {
      errors.push(intakeError('newborn.birthOrder', 'DELIVERY_BIRTH_ORDER_TAKEN'));
    }
    if (errors.length) throw new IntakeRejection(409, errors);
  }

  /** Per region and China-time day; a short statement of its own, so a busy region does not queue behind whole intakes. */
  private async allocateCaseNumber(regionCode: string, now: Date): Promise<string> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO case_number_counters (region_code, day, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (region_code, day) DO UPDATE SET last_value = case_number_counters.last_value + 1
       RETURNING last_value`,
      [regionCode, chinaDate(now)],
    )) as { last_value: number }[];
    if (row!.last_value > MAX_DAILY_SEQUENCE) throw new Error(`case numbers of region ${regionCode} exhausted for ${chinaDate(now)}`);
    return formatCaseNumber(regionCode, now, row!.last_value);
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

class ConcurrentDuplicate extends Error {}

/** The non-personal facts every birth of one delivery must share. */
function deliveryFacts(application: BirthRegisteredV1): Record<keyof typeof FACT_FIELDS, unknown> {
  return {
    mode: application.delivery.mode,
    difficult: application.delivery.difficult,
    plurality: application.newborn.plurality,
  };
}

const FACT_FIELDS = { mode: 'delivery.mode', difficult: 'delivery.difficult', plurality: 'newborn.plurality' } as const;
