import { Controller, Logger, type OnModuleInit } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DataSource, type EntityManager } from 'typeorm';
import { Topics, type BirthIntakeResultV1, type BirthRegisteredV1, type EventEnvelope } from '@birth/contracts';
import { PermanentError, type DeadLetterFailure, type IncomingMessage, type InboxRpcContext } from '@birth/messaging';
import { MessagingRuntime } from '@birth/platform';
import { SignedMessageVerifier } from '../hospitals/signed-message-verifier';
import { intakeError, IntakeRejection } from './intake.errors';
import { SubmitBirthService } from './submit-birth.service';
import { toIntakeError, type IntakeError } from './domain/validation';

/** The five signature headers, as on HTTP (Kafka header names compared case-insensitively). */
function header(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(headers).find(([key]) => key.toLowerCase() === wanted)?.[1];
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
  async onSubmitted(@Payload() envelope: EventEnvelope<BirthRegisteredV1>, @Ctx() context: InboxRpcContext): Promise<void> {
    const { headers, value, timestamp, key, topic } = context.inbox;
    const verification = await this.verifier.verifySignedMessage(
      {
        hospitalId: header(headers, 'X-Hospital-Id'),
        keyId: header(headers, 'X-Key-Id'),
        timestamp: header(headers, 'X-Timestamp'),
        nonce: header(headers, 'X-Nonce'),
        signature: header(headers, 'X-Signature'),
        signedParts: [topic],
        body: value ?? Buffer.alloc(0),
        audit: { channel: 'hospital-ingress', sourceAddress: `${topic}/${context.inbox.partition}/${context.inbox.offset}` },
      },
      // Skew is judged at the record's time, not the consumer's: a backlog after an outage is not a stale request.
      Number(timestamp),
    );
    if (!verification.ok) {
      throw new PermanentError(verification.code, verification.message, [{ field: 'signature', code: verification.code, message: verification.message }]);
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

  /** Writes a `rejected` result (its own transaction, through the outbox) for a message about to be dead-lettered. */
  private async answerRejected(message: IncomingMessage, failure: DeadLetterFailure): Promise<void> {
    if (this.messaging.topicNamer.logical(message.topic) !== Topics.birthSubmittedV1.name) return;
    const [hospitalId, birthRecordId] = (message.key?.toString('utf8') ?? '').split(':', 2);
    if (!hospitalId) {
      this.logger.warn(`ingress message ${message.topic}[${message.partition}]@${message.offset} has no hospital in its key; dead-lettered without an answer`);
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
    await this.dataSource.transaction((tx) =>
      this.answer(tx, { outcome: 'rejected', hospitalId, birthRecordId: birthRecordId ?? null, submissionId, caseId: null, caseNumber: null, errors }),
    );
  }

  private async answer(manager: EntityManager, result: BirthIntakeResultV1): Promise<void> {
    await this.messaging.publisher.publish(manager, { topic: Topics.birthIntakeResultsV1, key: result.hospitalId, caseId: result.caseId, payload: result });
  }
}
