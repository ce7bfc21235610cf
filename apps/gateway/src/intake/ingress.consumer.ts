import { Controller, Logger, type OnModuleInit } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DataSource, type EntityManager } from 'typeorm';
import { Topics, type BirthIntakeResultV1, type BirthSubmissionV1, type EventEnvelope } from '@birth/contracts';
import {
  failsFirstAttempt,
  PermanentError,
  type DeadLetterFailure,
  type Headers,
  type IncomingMessage,
  type InboxRpcContext,
} from '@birth/messaging';
import { MessagingRuntime } from '@birth/platform';
import { AUTH_REFUSAL_CODES, SignedMessageVerifier, type AuthRefusalCode, type SignedMessage } from '../hospitals/signed-message-verifier';
import { intakeError, IntakeRejection } from './intake.errors';
import { SubmitBirthService } from './submit-birth.service';
import { toIntakeError, type IntakeError } from './domain/validation';

/** The five signature headers, as on HTTP (Kafka header names compared case-insensitively). */
function header(headers: Headers, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(headers).find(([key]) => key.toLowerCase() === wanted)?.[1];
}

/** An ingress message as the verifier sees it: the topic's registry name signed in place of METHOD and PATH. */
function signedMessageOf(message: { topic: string; partition: number; offset: string; headers: Headers; value: Buffer | null }): SignedMessage {
  const { headers, topic } = message;
  return {
    hospitalId: header(headers, 'X-Hospital-Id'),
    keyId: header(headers, 'X-Key-Id'),
    timestamp: header(headers, 'X-Timestamp'),
    nonce: header(headers, 'X-Nonce'),
    signature: header(headers, 'X-Signature'),
    signedParts: [topic],
    body: message.value ?? Buffer.alloc(0),
    audit: { channel: 'hospital-ingress', sourceAddress: `${topic}/${message.partition}/${message.offset}` },
  };
}

/** The signature refusal a dead letter was parked for (onSubmitted's PermanentError), if it was one. */
function authRefusalOf(failure: DeadLetterFailure): AuthRefusalCode | null {
  const [first] = failure.errors ?? [];
  if (failure.code !== 'PERMANENT_REJECTION' || first?.field !== 'signature') return null;
  return (AUTH_REFUSAL_CODES as readonly string[]).includes(first.code) ? (first.code as AuthRefusalCode) : null;
}

/**
 * Hospitals on the government network produce to `birth.submitted.v1` instead of calling the
 * API. Each message passes the same signature check (with the topic name in place of METHOD and
 * PATH), the same validation and idempotency as a request, and ends as `birth.registered.v1` or
 * in the DLQ with every reason. Either way the hospital hears the outcome on
 * `birth.intake-results.v1`, keyed by its id: nothing is silently dropped.
 */
@Controller()
export class IngressConsumer implements OnModuleInit {
  private readonly logger = new Logger('Ingress');

  constructor(
    private readonly intake: SubmitBirthService,
    private readonly verifier: SignedMessageVerifier,
    private readonly messaging: MessagingRuntime,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    // Messages that never reach the handler (undecodable, invalid) and those it rejects are
    // answered as rejected just before they are dead-lettered.
    this.messaging.observeDeadLetters((message, failure) => this.answerRejected(message, failure));
  }

  @EventPattern(Topics.birthSubmittedV1.name)
  async onSubmitted(@Payload() envelope: EventEnvelope<BirthSubmissionV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    const { manager, key, originalTimestamp } = context.inbox;
    // In the inbox transaction: the nonce is recorded only if this message's work commits, so a
    // retry after a transient failure (a deadlock, an outage and resume, a concurrent copy of the
    // birth) finds it unused instead of refusing the message as NONCE_REPLAYED. Skew is judged at
    // the time the message was first produced, not the consumer's: a backlog after an outage, or
    // a dead letter replayed days later, is not a stale request.
    const verification = await this.verifier.verifySignedMessageIn(manager, signedMessageOf(context.inbox), Number(originalTimestamp));
    if (!verification.ok) {
      throw new PermanentError(verification.code, verification.message, [{ field: 'signature', code: verification.code, message: verification.message }]);
    }
    if (failsFirstAttempt('ingress.after-verification', envelope.id)) {
      // Tests only: the transaction fails on the server as a deadlock or a conflict would make it.
      await manager.query(
        `DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'serialization_failure', MESSAGE = 'failpoint ingress.after-verification'; END $$`,
      );
    }
    const hospital = verification.hospital;
    const expectedKey = `${hospital.id}:${envelope.payload.birthRecordId}`;
    if (key !== expectedKey) {
      throw new PermanentError('KEY_MISMATCH', `the message key must be ${'<hospitalId>:<birthRecordId>'}`, [
        { field: 'key', code: 'KEY_MISMATCH', message: 'the message key must be hospitalId:birthRecordId of the payload' },
      ]);
    }
    try {
      const result = await this.intake.submit(hospital, envelope.payload, 'kafka', envelope.correlationId, { manager: context.inbox.manager });
      await this.answer(context.inbox.manager, {
        outcome: 'accepted',
        hospitalId: hospital.id,
        birthRecordId: result.view.birthRecordId,
        submissionId: envelope.id,
        caseId: result.view.caseId,
        caseNumber: result.view.caseNumber,
        errors: [],
      });
    } catch (error) {
      if (error instanceof IntakeRejection) {
        throw new PermanentError(`INTAKE_REJECTED_${error.status}`, error.message, error.errors.map((e) => ({ field: e.field, code: e.code, message: e.message.en })));
      }
      throw error;
    }
  }

  /**
   * Writes a `rejected` result (its own transaction, through the outbox) for a message about to be
   * dead-lettered, and, for a signature refusal, its audit entry in the same transaction: once per
   * dead letter, however many attempts the message had.
   */
  private async answerRejected(message: IncomingMessage, failure: DeadLetterFailure): Promise<void> {
    const topic = this.messaging.topicNamer.logical(message.topic);
    if (topic !== Topics.birthSubmittedV1.name) return;
    const refusal = authRefusalOf(failure);
    const [hospitalId, birthRecordId] = (message.key?.toString('utf8') ?? '').split(':', 2);
    if (!hospitalId) {
      this.logger.warn(`ingress message ${message.topic}[${message.partition}]@${message.offset} has no hospital in its key; dead-lettered without an answer`);
      if (refusal) await this.verifier.auditRefusal(signedMessageOf({ ...message, topic }), refusal);
      return;
    }
    let submissionId: string | null = null;
    try {
      submissionId = (JSON.parse(message.value?.toString('utf8') ?? '') as { id?: string }).id ?? null;
    } catch {
      // not JSON: no id to quote
    }
    const errors: IntakeError[] = failure.errors?.length
      ? failure.errors.map((e) => toIntakeError(e))
      : [intakeError('message', failure.code)];
    await this.dataSource.transaction(async (tx) => {
      if (refusal) await this.verifier.auditRefusal(signedMessageOf({ ...message, topic }), refusal, tx);
      await this.answer(tx, { outcome: 'rejected', hospitalId, birthRecordId: birthRecordId ?? null, submissionId, caseId: null, caseNumber: null, errors });
    });
  }

  private async answer(manager: EntityManager, result: BirthIntakeResultV1): Promise<void> {
    await this.messaging.publisher.publish(manager, { topic: Topics.birthIntakeResultsV1, key: result.hospitalId, caseId: result.caseId, payload: result });
  }
}
