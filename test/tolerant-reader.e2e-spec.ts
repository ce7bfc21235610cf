import { randomUUID } from 'node:crypto';
import { Topics, type EventEnvelope } from '@birth/contracts';
import type { Producer } from '@birth/messaging';
import { expectEventually, TestNamespace } from '@birth/testing';
import { sampleRegisteredBirth } from './support/sample-birth';
import { startService, type RunningService } from './support/system';

/**
 * Tolerant readers (DESIGN.md, "Events"): a department consumer validates the fields it uses and
 * ignores the ones it does not know, so a producer that adds an optional field to
 * `birth.registered.v1` breaks no consumer that was not redeployed. Only the gateway refuses
 * unknown fields, and only from hospitals (birth.submitted.v1, test/malformed-input.e2e-spec.ts).
 * A real department process, real Kafka and PostgreSQL; the message is produced as raw bytes, as a
 * newer gateway would write it.
 */
describe('a department reads birth.registered.v1 tolerantly', () => {
  let ns: TestNamespace;
  let producer: Producer;
  let department: RunningService;

  beforeAll(async () => {
    ns = await TestNamespace.create();
    producer = ns.bus.producer();
    await producer.connect();
    department = await startService(ns, 'household-registration');
  });

  afterAll(async () => {
    await producer?.disconnect();
    await department?.stop('SIGKILL');
    await ns?.dispose();
  });

  it('opens its item for a birth that carries fields it does not know, and dead-letters nothing', async () => {
    const caseId = randomUUID();
    const birth = await sampleRegisteredBirth(caseId);
    const envelope: EventEnvelope<object> & { addedLater: string } = {
      id: randomUUID(),
      type: Topics.birthRegisteredV1.type,
      version: Topics.birthRegisteredV1.version,
      occurredAt: new Date().toISOString(),
      caseId,
      correlationId: randomUUID(),
      causationId: null,
      producer: 'gateway',
      // A newer producer's additions: at the top of the payload, inside a nested part, and on the envelope.
      payload: { ...birth, mother: { ...birth.mother, preferredLanguage: 'zh-Hans' }, registeredVia: 'gateway-v1.1' },
      addedLater: 'envelope field',
    };
    await producer.send([{ topic: ns.topic(Topics.birthRegisteredV1.name), key: caseId, value: JSON.stringify(envelope) }]);

    await expectEventually(async () => {
      // Its own item (the department item kit), waiting for the certificate as any birth's would.
      const rows = await ns.query(`SELECT case_id, state, waiting_for FROM "${department.schema}".items`);
      expect(rows).toEqual([{ case_id: caseId, state: 'waiting', waiting_for: ['birth-certificate'] }]);
    });
    expect(await ns.messageCount(`${Topics.birthRegisteredV1.name}.dlq`)).toBe(0);
  });

  it('still dead-letters a birth whose known fields are wrong, naming the field', async () => {
    const caseId = randomUUID();
    const birth = await sampleRegisteredBirth(caseId);
    const envelope = {
      id: randomUUID(),
      type: Topics.birthRegisteredV1.type,
      version: 1,
      occurredAt: new Date().toISOString(),
      caseId,
      correlationId: randomUUID(),
      causationId: null,
      producer: 'gateway',
      payload: { ...birth, deliveryId: '', extra: true },
    };
    await producer.send([{ topic: ns.topic(Topics.birthRegisteredV1.name), key: caseId, value: JSON.stringify(envelope) }]);
    await expectEventually(async () => {
      const dead = await ns.readAll(`${Topics.birthRegisteredV1.name}.dlq`);
      expect(dead).toHaveLength(1);
      expect(String(dead[0]!.headers['dlq-errors'])).toContain('payload.deliveryId');
    });
  });
});
