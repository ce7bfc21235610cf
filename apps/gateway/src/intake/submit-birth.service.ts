import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Topics, type BirthSubmissionV1 } from '@birth/contracts';
import { currentCausalContext, freshCausalContext, isDatabaseConnectionError, type CausalContext } from '@birth/messaging';
import { MicroBatcher } from '@birth/platform';
import type { AuthenticatedHospital } from '../hospitals/signed-message-verifier';
import { canonicalJson, differingPaths } from './domain/canonical-json';
import { assignCaseNumbers, chinaDate } from './domain/case-number';
import { deliveryConflicts, deliveryFacts, deliveryLockKey, type DeliveryBirth, type DeliveryFacts } from './domain/delivery';
import { registeredBirth, type SealedAccounts } from './domain/registered-birth';
import { checkHospitalSubmission } from './domain/submitting-hospital';
import { intakeRuleVersion, pinnedPolicyLookup } from './domain/validation';
import { acceptedOrThrow, intakeError, IntakeRejection } from './intake.errors';
import { IntakeWriter } from './intake-writer';
import { RECORD_CONSTRAINTS, violatedConstraint, type RecordRow } from './intake.repository';
import type { IntakeChannel, IntakeView } from './intake-view';

export interface SubmitResult {
  /** `accepted` the first time; `duplicate` when the same submission came again (same answer, nothing new published). */
  outcome: 'accepted' | 'duplicate';
  view: IntakeView;
}

/** One validated birth on its way into a batch: everything computed that needs no database. */
interface Candidate {
  hospital: AuthenticatedHospital;
  application: BirthSubmissionV1;
  channel: IntakeChannel;
  now: Date;
  /** The policy version the intake window was judged by: stored on the record and published. */
  ruleVersion: number;
  caseId: string;
  eventId: string;
  contentHash: string;
  sealedPayload: string;
  motherIdHash: string;
  facts: DeliveryFacts;
  /** The bank accounts sealed for the allowance service, bound to this case id. */
  sealedAccounts: SealedAccounts;
  cause: CausalContext;
}

/** What a batch decided for one birth (a refusal is an IntakeRejection in its place). */
type Decision =
  | { kind: 'accepted'; caseNumber: string }
  /** Stored before: a re-send, answered from the stored record. */
  | { kind: 'existing'; record: RecordRow }
  /** A copy of it was taken first in the same batch or committed concurrently. */
  | { kind: 'retry' };

/** A hospital registers a birth, over HTTP (POST /api/v1/births) or the ingress topic. */
@Injectable()
export class SubmitBirthService extends IntakeWriter {
  /**
   * Births submitted over HTTP at the same time share a transaction. One batch at a time: while
   * it runs, the next gathers (measured: two at once made smaller batches that then queued on
   * the case-number counter anyway). At most 64: a failed batch is retried birth by birth, one
   * transaction each, and 64 bounds that detour (256 measured no higher sustained rate here).
   */
  private readonly batches = new MicroBatcher((candidates: readonly Candidate[]) => this.acceptBatch(candidates), { maxBatchSize: 64, concurrency: 1 });

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
    // One set of rules for the whole decision, so the version recorded is the one it was judged by.
    const policy = pinnedPolicyLookup((region, onDate) => this.referenceData.rulesFor(region, onDate));
    const application = acceptedOrThrow(checkHospitalSubmission(hospital, raw, { now, policy }));
    const canonical = canonicalJson(application);
    const caseId = randomUUID();
    const candidate: Candidate = {
      hospital,
      application,
      channel,
      now,
      ruleVersion: intakeRuleVersion(application.newborn.bornAt, now, hospital.regionCode, policy),
      caseId,
      eventId: randomUUID(),
      contentHash: this.crypto.contentHash(canonical),
      sealedPayload: this.crypto.sealPayload(caseId, canonical),
      motherIdHash: this.crypto.motherIdHash(application.mother.identity),
      facts: deliveryFacts(application, (purpose, value) => this.crypto.blindIndex(purpose, value)),
      sealedAccounts: await this.accounts.sealAccounts(caseId, application),
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
    await this.records.lockDeliveries(
      tx,
      candidates.map((c) => deliveryLockKey(c.hospital.id, c.application.deliveryId)),
    );
    // Read after the locks: a copy of a birth committed while we waited is seen as a re-send.
    const { stored, drawn } = await this.records.readStoredAndDrawNumbers(
      tx,
      candidates.map((c) => ({
        hospitalId: c.hospital.id,
        birthRecordId: c.application.birthRecordId,
        deliveryId: c.application.deliveryId,
        regionCode: c.hospital.regionCode,
        day: chinaDate(c.now),
      })),
    );

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
      const siblings: DeliveryBirth[] = [
        ...stored
          .filter((r) => r.hospital_id === hospitalId && r.delivery_id === deliveryId)
          .map((r) => ({ motherIdHash: r.mother_id_hash, facts: r.delivery_facts, birthOrder: r.birth_order })),
        ...taken.filter((t) => t.hospital.id === hospitalId && t.application.deliveryId === deliveryId).map(deliveryBirthOf),
      ];
      const conflicts = deliveryConflicts(deliveryBirthOf(candidate), siblings);
      if (conflicts.length) {
        decisions[i] = new IntakeRejection(409, conflicts);
        return;
      }
      taken.push(candidate);
    });

    if (taken.length > 0) {
      const caseNumbers = assignCaseNumbers(
        taken.map((c) => ({ regionCode: c.hospital.regionCode, acceptedAt: c.now })),
        drawn,
      );
      // Under the delivery locks only a copy of a birth record id with another delivery id can
      // collide: it fails the batch, whose births are then tried one by one (acceptBatch), the
      // copy answered as a re-send.
      await this.records.insertRegistered(
        tx,
        taken.map((c, n) => ({
          caseId: c.caseId,
          caseNumber: caseNumbers[n]!,
          hospitalId: c.hospital.id,
          application: c.application,
          event: registeredBirth(c.application, { caseNumber: caseNumbers[n]!, acceptedAt: c.now, intakeRuleVersion: c.ruleVersion }, c.sealedAccounts),
          channel: c.channel,
          contentHash: c.contentHash,
          sealedPayload: c.sealedPayload,
          motherIdHash: c.motherIdHash,
          deliveryFacts: c.facts,
          acceptedAt: c.now,
          ruleVersion: c.ruleVersion,
          eventId: c.eventId,
          cause: c.cause,
        })),
      );
      taken.forEach((candidate, n) => (decisions[candidates.indexOf(candidate)] = { kind: 'accepted', caseNumber: caseNumbers[n]! }));
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

  private async answerResend(existing: RecordRow, contentHash: string, application: BirthSubmissionV1): Promise<SubmitResult> {
    if (existing.original_content_hash === contentHash) {
      return { outcome: 'duplicate', view: await this.queries.viewOf(existing) };
    }
    const original = JSON.parse(this.crypto.openPayload(existing.case_id, existing.original_payload_sealed)) as unknown;
    const fields = differingPaths(original, JSON.parse(canonicalJson(application)));
    throw new IntakeRejection(409, fields.map((field) => intakeError(field, 'DIFFERS_FROM_ORIGINAL')));
  }
}

function deliveryBirthOf(candidate: Candidate): DeliveryBirth<DeliveryFacts> {
  return { motherIdHash: candidate.motherIdHash, facts: candidate.facts, birthOrder: candidate.application.newborn.birthOrder };
}

/**
 * What a birth's failed transaction means for it. The idempotency key taken by another
 * transaction (a copy with another delivery id committed first): a retry, answered as a re-send
 * of that copy. Otherwise a refusal the database made, as the hospital should see it, or the error.
 */
function decisionOnFailure(error: unknown): Decision | Error {
  if (violatedConstraint(error) === RECORD_CONSTRAINTS.birthRecordId) return { kind: 'retry' };
  if (violatedConstraint(error) === RECORD_CONSTRAINTS.deliveryBirthOrder) {
    return new IntakeRejection(409, [intakeError('newborn.birthOrder', 'DELIVERY_BIRTH_ORDER_TAKEN')]);
  }
  return error instanceof Error ? error : new Error(String(error));
}
