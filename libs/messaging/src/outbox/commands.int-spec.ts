import { randomUUID } from 'node:crypto';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { Topics, type DepartmentCommandV1, type EventEnvelope } from '@birth/contracts';
import { expectEventually, TestNamespace } from '@birth/testing';
import { InboxConsumer, type MessageHandler } from '../inbox/inbox-consumer';
import type { Producer } from '../kafka/message-bus';
import { OutboxPublisher } from './outbox-publisher';
import { OutboxRelay } from './outbox-relay';

/** The receiving service's record of every command it obeyed: one row per effect, no unique constraint. */
class CreateObeyedTable1764000000910 implements MigrationInterface {
  name = 'CreateObeyedTable1764000000910';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE obeyed (seq bigserial, message_id uuid NOT NULL, case_id uuid NOT NULL, command text NOT NULL, reason_code text NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE obeyed`);
  }
}

const topic = Topics.medicalInsuranceCommandsV1;

describe('commands through the outbox and the inbox (real PostgreSQL and Kafka)', () => {
  let ns: TestNamespace;
  let senderSchema: string;
  let receiverSchema: string;
  let sender: DataSource;
  let receiver: DataSource;
  let producer: Producer;
  let relay: OutboxRelay;
  let consumer: InboxConsumer;
  const group = () => `${ns.id}-medical-insurance`;

  const obey: MessageHandler<DepartmentCommandV1> = {
    topic,
    handle: async (envelope: EventEnvelope<DepartmentCommandV1>, context) => {
      await context.manager.query(`INSERT INTO obeyed (message_id, case_id, command, reason_code) VALUES ($1, $2, $3, $4)`, [
        envelope.id,
        envelope.caseId,
        envelope.payload.command,
        envelope.payload.reasonCode,
      ]);
    },
  };

  beforeEach(async () => {
    ns = await TestNamespace.create([topic]);
    senderSchema = await ns.createSchema('saga');
    receiverSchema = await ns.createSchema('insurance', [CreateObeyedTable1764000000910]);
    sender = await ns.dataSource(senderSchema);
    receiver = await ns.dataSource(receiverSchema);
    producer = ns.bus.producer();
    await producer.connect();
    relay = new OutboxRelay({ connection: { connectionString: ns.databaseUrl }, schema: senderSchema, producer });
    relay.start();
    consumer = new InboxConsumer({ bus: ns.bus, dataSource: receiver, groupId: group(), topicNamer: ns.namer, handlers: [obey as MessageHandler] });
    await consumer.start();
  });

  afterEach(async () => {
    await consumer?.stop();
    await relay?.stop();
    await producer?.disconnect();
    await ns?.dispose();
  });

  async function obeyed(): Promise<{ message_id: string; case_id: string; command: string; reason_code: string }[]> {
    return ns.query(`SELECT message_id, case_id, command, reason_code FROM "${receiverSchema}".obeyed ORDER BY seq`);
  }

  async function allCommitted(): Promise<void> {
    await expectEventually(async () => expect(await ns.committedCount(group(), topic.name)).toBe(await ns.messageCount(topic.name)), { timeoutMs: 60_000 });
  }

  it('delivers a command sent in the sender’s transaction once, and a redelivery has no second effect', async () => {
    const caseId = randomUUID();
    const publisher = new OutboxPublisher('case-saga', ns.namer);
    const sent = await sender.transaction(async (tx) => {
      const retry = await publisher.sendCommand(tx, { topic, caseId, command: { command: 'retry-step', reasonCode: 'STEP_STUCK', note: null } });
      const revoke = await publisher.sendCommand(tx, { topic, caseId, command: { command: 'revoke', reasonCode: 'BIRTH_VOIDED', note: 'voided by the hospital' } });
      return [retry, revoke];
    });
    // A command of a rolled-back transaction is never sent.
    await expect(
      sender.transaction(async (tx) => {
        await publisher.sendCommand(tx, { topic, caseId, command: { command: 'revoke', reasonCode: 'ROLLED_BACK', note: null } });
        throw new Error('the saga changed its mind');
      }),
    ).rejects.toThrow('the saga changed its mind');

    await expectEventually(async () => expect(await obeyed()).toHaveLength(2), { timeoutMs: 30_000 });
    // In the order sent: one case's commands share a key.
    expect(await obeyed()).toEqual([
      { message_id: sent[0]!.id, case_id: caseId, command: 'retry-step', reason_code: 'STEP_STUCK' },
      { message_id: sent[1]!.id, case_id: caseId, command: 'revoke', reason_code: 'BIRTH_VOIDED' },
    ]);
    const messages = await ns.readAll(topic.name);
    expect(messages.map((m) => [m.key?.toString(), JSON.parse(m.value!.toString()).type])).toEqual([
      [caseId, 'medical-insurance.command'],
      [caseId, 'medical-insurance.command'],
    ]);
    await allCommitted();

    // The broker delivers the same message again (a producer retry, a replay): nothing more happens.
    await producer.send(messages.map((m) => ({ topic: ns.topic(topic.name), key: m.key?.toString() ?? null, value: m.value!, headers: m.headers })));
    await allCommitted();
    expect(consumer.status().duplicates).toBe(2);
    expect(await obeyed()).toHaveLength(2);
  });

  it('refuses to send a command the topic does not list, in the sender’s transaction', async () => {
    const publisher = new OutboxPublisher('case-saga', ns.namer);
    const unknown = { command: 'launch-rocket', reasonCode: 'STEP_STUCK', note: null } as unknown as DepartmentCommandV1;
    await expect(sender.transaction((tx) => publisher.sendCommand(tx, { topic, caseId: randomUUID(), command: unknown }))).rejects.toThrow(
      /not a valid command for medical-insurance\.commands\.v1: payload\.command UNKNOWN_COMMAND/,
    );
    const [row] = await ns.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${senderSchema}".outbox`);
    expect(row!.n).toBe(0);
  });

  it('dead-letters an unknown command with the reason, and the partition keeps flowing', async () => {
    const caseId = randomUUID();
    // A producer built against another version of the contract, writing straight to the topic.
    const envelope = (payload: object) =>
      JSON.stringify({
        id: randomUUID(),
        type: topic.type,
        version: 1,
        occurredAt: new Date().toISOString(),
        caseId,
        correlationId: randomUUID(),
        causationId: null,
        producer: 'newer-saga',
        payload,
      });
    await producer.send([
      { topic: ns.topic(topic.name), key: caseId, value: envelope({ command: 'launch-rocket', reasonCode: 'STEP_STUCK' }) },
      { topic: ns.topic(topic.name), key: caseId, value: envelope({ command: 'retry-step', reasonCode: 'STEP_STUCK' }) },
    ]);

    await expectEventually(async () => expect(await ns.messageCount(`${topic.name}.dlq`)).toBe(1), { timeoutMs: 30_000 });
    const [letter] = await ns.readAll(`${topic.name}.dlq`);
    expect(letter!.headers['dlq-code']).toBe('INVALID_MESSAGE');
    expect(letter!.headers['dlq-reason']).toBe('payload.command: UNKNOWN_COMMAND');
    expect(JSON.parse(letter!.headers['dlq-errors']!)).toEqual([
      { field: 'payload.command', code: 'UNKNOWN_COMMAND', message: "'launch-rocket' is not a command of medical-insurance.commands.v1 (retry-step, revoke)" },
    ]);
    await expectEventually(async () => expect((await obeyed()).map((r) => r.command)).toEqual(['retry-step']), { timeoutMs: 30_000 });
    await allCommitted();
  });
});
