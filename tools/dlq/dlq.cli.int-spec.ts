import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { Topics } from '@birth/contracts';
import { spawnNode, TestNamespace } from '@birth/testing';

describe("npm run dlq (the operators' command, against the real broker)", () => {
  let ns: TestNamespace;
  let auditSchema: string;

  beforeAll(async () => {
    ns = await TestNamespace.create([Topics.birthRegisteredV1]);
    // An empty schema of the suite's own: the command creates its audit table there.
    auditSchema = await ns.createSchema('dlq_audit');
  });

  afterAll(async () => {
    await ns?.dispose();
  });

  async function dlq(...args: string[]): Promise<{ code: number | null; lines: Record<string, unknown>[]; output: string }> {
    const env = { KAFKA_BROKERS: ns.kafkaBrokers, KAFKA_TOPIC_PREFIX: ns.namer.prefix, DATABASE_URL: ns.databaseUrl, DLQ_AUDIT_SCHEMA: auditSchema };
    const cli = spawnNode('tools/dlq/dlq.cli.ts', env, args);
    const { code } = await cli.exited;
    const lines = cli
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { code, lines, output: cli.output() };
  }

  it('lists dead letters with personal data masked, and replays a chosen one to its original topic', async () => {
    const topic = ns.topic(Topics.birthRegisteredV1.name);
    const producer = ns.bus.producer();
    await producer.connect();
    const keys = [randomUUID(), randomUUID()];
    const messageIds = [randomUUID(), randomUUID()];
    await producer.send(
      keys.map((key, i) => ({
        topic: `${topic}.dlq`,
        key,
        value: JSON.stringify({ id: messageIds[i], n: i, payload: { mother: { name: '王丽', phone: '13812345678' } } }),
        headers: {
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
          'dlq-code': 'RETRIES_EXHAUSTED',
          'dlq-reason': 'deadlock detected',
          'dlq-original-topic': topic,
          'dlq-original-partition': '2',
          'dlq-original-offset': String(40 + i),
          'dlq-consumer-group': 'birth-certificate',
          'dlq-attempts': '5',
          'dlq-original-timestamp': '1764000000000',
        },
      })),
    );
    await producer.disconnect();

    const listed = await dlq('list', Topics.birthRegisteredV1.name);
    expect(listed.code).toBe(0);
    expect(listed.lines).toHaveLength(2);
    expect(listed.lines[0]).toMatchObject({ code: 'RETRIES_EXHAUSTED', reason: 'deadlock detected', attempts: 5, originalTopic: topic });
    expect(listed.output).not.toContain('13812345678');
    expect(listed.output).not.toContain('王丽');
    expect(JSON.stringify(listed.lines[0]!['maskedValue'])).toContain('138****5678');

    const chosen = listed.lines.find((l) => l['key'] === keys[1])!;
    const replayed = await dlq('replay', Topics.birthRegisteredV1.name, '--ids', String(chosen['id']), '--actor', 'ops-wang', '--note', 'deadlock resolved');
    expect(replayed.code).toBe(0);
    const onTopic = await ns.readAll(Topics.birthRegisteredV1.name);
    expect(onTopic).toHaveLength(1);
    expect(onTopic[0]!.key!.toString()).toBe(keys[1]);
    expect(JSON.parse(onTopic[0]!.value!.toString()).n).toBe(1);
    // Original headers travel back; the DLQ bookkeeping does not, except where it came from.
    expect(onTopic[0]!.headers['traceparent']).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(onTopic[0]!.headers['dlq-code']).toBeUndefined();
    expect(onTopic[0]!.headers['dlq-replayed-from']).toBe(`${topic}.dlq:${chosen['id']}`);
    // ... and when it was first produced, so the consumer judges it on that (InboxContext.originalTimestamp).
    expect(onTopic[0]!.headers['dlq-original-timestamp']).toBe('1764000000000');
    expect(chosen['originalTimestamp']).toBe('1764000000000');

    expect((await dlq('replay', Topics.birthRegisteredV1.name, '--ids', '9:999')).code).toBe(1);
    expect((await dlq('replay', Topics.birthRegisteredV1.name)).code).toBe(2);
  });

  it('records who replayed which dead letter (and why it was parked), when, with the note; without --actor, the OS user', async () => {
    const audit = () =>
      ns.query<Record<string, unknown>>(
        `SELECT actor, note, dlq_topic, dlq_partition, dlq_offset::text, original_topic, original_partition, original_offset::text,
                message_id, consumer_group, dead_letter_code, dead_letter_reason, outcome, replayed_at > now() - interval '5 minutes' AS recent
           FROM "${auditSchema}".dead_letter_replays ORDER BY id`,
      );
    const topic = ns.topic(Topics.birthRegisteredV1.name);
    // The first test's replay, and nothing for the refused ones.
    const [first] = await audit();
    expect(await audit()).toHaveLength(1);
    expect(first).toMatchObject({
      actor: 'ops-wang',
      note: 'deadlock resolved',
      dlq_topic: `${topic}.dlq`,
      original_topic: topic,
      original_partition: 2,
      original_offset: '41',
      consumer_group: 'birth-certificate',
      dead_letter_code: 'RETRIES_EXHAUSTED',
      dead_letter_reason: 'deadlock detected',
      outcome: 'sent',
      recent: true,
    });
    expect(first!['message_id']).toMatch(/^[0-9a-f-]{36}$/);

    const all = await dlq('replay', Topics.birthRegisteredV1.name, '--all');
    expect(all.code).toBe(0);
    const rows = await audit();
    expect(rows).toHaveLength(3);
    const listed = await dlq('list', Topics.birthRegisteredV1.name);
    expect(rows.slice(1).map((r) => `${r['dlq_partition']}:${r['dlq_offset']}`)).toEqual(listed.lines.map((l) => l['id']));
    expect(rows.slice(1).map((r) => r['message_id'])).toEqual(listed.lines.map((l) => l['messageId']));
    for (const row of rows.slice(1)) expect(row).toMatchObject({ actor: userInfo().username, note: null, outcome: 'sent' });
  });
});
