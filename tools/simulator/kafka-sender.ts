import { randomUUID } from 'node:crypto';
import { Topics, type EventEnvelope } from '@birth/contracts';
import { KafkaJsMessageBus, TopicNamer, type Consumer, type Producer } from '@birth/messaging';
import { signedHeaders } from '../../apps/gateway/src/security/request-signature';
import type { HospitalCredentials } from './hospitals';
import type { ApiAnswer } from './http-sender';

// A hospital on the government network: births produced, signed, to the ingress topic
// birth.submitted.v1, answered on birth.intake-results.v1 (docs/hospital-integration.md, "The
// Kafka ingress topic"). Each submission's promise resolves with its intake result, shaped as the
// HTTP answer would be (202 with caseId, or 400 with errors), so the run treats both alike.

interface IntakeResultPayload {
  outcome: 'accepted' | 'rejected';
  submissionId: string;
  caseId: string | null;
  caseNumber: string | null;
  errors: { field: string; code: string }[];
}

export class KafkaIngressSender {
  private readonly bus: KafkaJsMessageBus;
  private readonly producer: Producer;
  private readonly results: Consumer;
  private readonly waiting = new Map<string, (answer: ApiAnswer) => void>();

  constructor(
    brokers: string[],
    private readonly namer: TopicNamer,
    runId: string,
  ) {
    this.bus = new KafkaJsMessageBus({ clientId: `simulator-${runId}`, brokers });
    this.producer = this.bus.producer();
    // A group of this run's own, from the end of the topic: only this run's answers matter.
    this.results = this.bus.consumer({ groupId: `simulator-${runId}`, fromBeginning: false });
  }

  /** Connects, and resolves once the results consumer has joined (no answer is missed). */
  async start(): Promise<void> {
    await this.producer.connect();
    await this.results.connect();
    const joined = new Promise<void>((done) => this.results.on('group-joined', () => done()));
    await this.results.subscribe([this.namer.physical(Topics.birthIntakeResultsV1.name)]);
    await this.results.run(async (batch, controls) => {
      for (const message of batch.messages) {
        const payload = (JSON.parse(message.value?.toString('utf8') ?? 'null') as { payload?: IntakeResultPayload } | null)?.payload;
        const answer = payload && this.waiting.get(payload.submissionId);
        if (answer) {
          this.waiting.delete(payload.submissionId);
          answer(payload.outcome === 'accepted' ? { status: 202, body: { caseId: payload.caseId, caseNumber: payload.caseNumber } } : { status: 400, body: { errors: payload.errors } });
        }
        controls.resolve(message.offset);
      }
    });
    await joined;
  }

  /** Produces one signed submission; resolves with its intake result, or 504 after `timeoutMs`. */
  async submit(credentials: HospitalCredentials, submission: { birthRecordId: string }, timeoutMs = 60_000): Promise<ApiAnswer> {
    const envelope: EventEnvelope = {
      id: randomUUID(),
      type: 'birth.submitted',
      version: 1,
      occurredAt: new Date().toISOString(),
      caseId: null,
      correlationId: randomUUID(),
      causationId: null,
      producer: credentials.hospitalId,
      payload: submission,
    };
    const value = Buffer.from(JSON.stringify(envelope), 'utf8');
    const headers = signedHeaders({
      ...credentials,
      signedParts: [Topics.birthSubmittedV1.name],
      timestamp: String(Date.now()),
      nonce: randomUUID(),
      body: value,
    });
    const answered = new Promise<ApiAnswer>((done) => {
      this.waiting.set(envelope.id, done);
      setTimeout(() => {
        if (this.waiting.delete(envelope.id)) done({ status: 504, body: { errors: [{ field: '$', code: 'NO_INTAKE_RESULT' }] } });
      }, timeoutMs).unref();
    });
    await this.producer.send([{ topic: this.namer.physical(Topics.birthSubmittedV1.name), key: `${credentials.hospitalId}:${submission.birthRecordId}`, value, headers }]);
    return answered;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.results.disconnect()]);
  }
}
