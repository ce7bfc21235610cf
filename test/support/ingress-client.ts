import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Topics, type EventEnvelope } from '@birth/contracts';
import type { OutgoingMessage, Producer } from '@birth/messaging';
import type { TestNamespace } from '@birth/testing';
import { addHospital, type HospitalCredentials } from './hospital-client';
import { prepareServiceSchema, startService, type RunningService } from './system';

export interface SignedIngressMessage {
  envelope: EventEnvelope;
  message: OutgoingMessage & { headers: Record<string, string> };
}

/**
 * A record as a hospital produces it to `birth.submitted.v1` (docs/hospital-integration.md): the
 * five signature headers over the topic's registry name, X-Timestamp (`timestamp`, default now),
 * a fresh nonce and the SHA-256 of exactly these value bytes. `secret` signs with another secret
 * (a forgery).
 */
export function signedIngressRecord(
  ns: TestNamespace,
  credentials: HospitalCredentials,
  record: { key: string; value: Buffer | string },
  options: { secret?: string; timestamp?: number } = {},
): OutgoingMessage & { headers: Record<string, string> } {
  const timestamp = String(options.timestamp ?? Date.now());
  const nonce = randomUUID();
  const canonical = [Topics.birthSubmittedV1.name, timestamp, nonce, createHash('sha256').update(record.value).digest('hex')].join('\n');
  return {
    topic: ns.topic(Topics.birthSubmittedV1.name),
    key: record.key,
    value: record.value,
    headers: {
      'X-Hospital-Id': credentials.hospitalId,
      'X-Key-Id': credentials.keyId,
      'X-Timestamp': timestamp,
      'X-Nonce': nonce,
      'X-Signature': createHmac('sha256', options.secret ?? credentials.secret).update(canonical).digest('hex'),
    },
  };
}

/** A birth submission: the envelope around `payload`, keyed `hospitalId:birthRecordId`, signed as signedIngressRecord says. */
export function signedIngressMessage(
  ns: TestNamespace,
  credentials: HospitalCredentials,
  payload: object,
  options: { secret?: string; id?: string; timestamp?: number } = {},
): SignedIngressMessage {
  const envelope: EventEnvelope = {
    id: options.id ?? randomUUID(),
    type: 'birth.submitted',
    version: 1,
    occurredAt: new Date().toISOString(),
    caseId: null,
    correlationId: randomUUID(),
    causationId: null,
    producer: credentials.hospitalId,
    payload,
  };
  const key = `${credentials.hospitalId}:${(payload as { birthRecordId?: string }).birthRecordId ?? 'unknown'}`;
  return { envelope, message: signedIngressRecord(ns, credentials, { key, value: JSON.stringify(envelope) }, options) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary answers
export type IntakeResult = { key: string | undefined; payload: any };

/** Every answer on `birth.intake-results.v1` to one submission (the envelope id), read to the end of the topic. */
export async function intakeResultsFor(ns: TestNamespace, submissionId: string): Promise<IntakeResult[]> {
  return (await ns.readAll(Topics.birthIntakeResultsV1.name))
    .map((m) => ({ key: m.key?.toString(), payload: JSON.parse(m.value!.toString()).payload }))
    .filter((r) => r.payload.submissionId === submissionId);
}

/** The gateway of an ingress suite, its hospitals, and the producer their records go out with. */
export interface IngressGateway {
  schema: string;
  gateway: RunningService;
  /** The credentials of `hospitals`, in their order. */
  hospitals: HospitalCredentials[];
  producer: Producer;
  /** Disconnects the producer and kills the gateway (the namespace is the suite's to dispose). */
  stop(): Promise<void>;
}

/**
 * The gateway in the namespace on its own schema with `hospitals` registered (before it starts),
 * `env` added to its environment, and a connected producer for the signed records.
 */
export async function startIngressGateway(ns: TestNamespace, hospitals: { id: string; name: string; region: string }[], env: Record<string, string> = {}): Promise<IngressGateway> {
  const producer = ns.bus.producer();
  const [schema] = await Promise.all([prepareServiceSchema(ns, 'gateway'), producer.connect()]);
  const credentials = await Promise.all(hospitals.map((h) => addHospital(ns, schema, h)));
  const gateway = await startService(ns, 'gateway', { DATABASE_SCHEMA: schema, ...env });
  return {
    schema,
    gateway,
    hospitals: credentials,
    producer,
    async stop() {
      await Promise.all([producer.disconnect(), gateway.stop('SIGKILL')]);
    },
  };
}
