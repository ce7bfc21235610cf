import { randomUUID } from 'node:crypto';
import { Topics, type HouseholdRegistrationItemChangedV1 } from '@birth/contracts';
import type { OutgoingMessage, Producer } from '@birth/messaging';
import { expectEventually, spawnNode, TestNamespace, type NodeProcess } from '@birth/testing';
import { parseCitizenId } from '../domain/citizen-id';
import { service as descriptor } from '../service';
import { CHINA_BIRTH_DATE, envelopeOf, RegistrationMessages } from '../../test/registration-messages';

// Issue 11: two instances of household registration (two real service processes on one schema,
// one consumer group), given 1,200 concurrent registrations of boys in one county on one date,
// hand out exactly 500 distinct numbers, send the other 700 to manual review and duplicate none.
// The births and their certificates are produced straight to the topics (valid envelopes, a plain
// producer); the outcome is counted on the published item-changed events and in the tables.

const BIRTHS = 1_200;
const BOYS_SEQUENCES = 500;
const GROUP = 'household-registration';
/** The example mother's hukou: Dalian 沙河口区. */
const COUNTY = '210204';

describe('two instances of household registration on one database', () => {
  let ns: TestNamespace;
  let schema: string;
  let producer: Producer | undefined;
  const instances: NodeProcess[] = [];
  const urls: string[] = [];
  const births: OutgoingMessage[] = [];
  const certificates: OutgoingMessage[] = [];

  beforeAll(async () => {
    ns = await TestNamespace.create();
    schema = await ns.createSchema('household_registration', descriptor.migrations);
    for (let i = 0; i < 2; i++) instances.push(spawnNode('apps/household-registration/src/main.ts', ns.serviceEnv(schema)));
    // Built while the two processes boot.
    const messages = await RegistrationMessages.create(ns);
    for (let i = 0; i < BIRTHS; i++) {
      const caseId = randomUUID();
      births.push(await messages.birth(caseId));
      certificates.push(messages.certificate(caseId));
    }
    producer = ns.bus.producer();
    await producer.connect();
    for (const instance of instances) {
      const line = await instance.waitForOutput(/listening on http:\/\/[^:]+:\d+/, 90_000);
      urls.push(`http://127.0.0.1:${/(\d+)$/.exec(line)![1]}`);
    }
    // Both in the group before anything is produced: the partitions are shared between them.
    await expectEventually(async () => {
      for (const url of urls) expect((await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(10_000) })).status).toBe(200);
    }, { timeoutMs: 60_000, message: 'both instances ready (consumer joined)' });
  });

  afterAll(async () => {
    await producer?.disconnect();
    for (const instance of instances) instance.kill('SIGTERM');
    await Promise.all(instances.map((i) => i.exited));
    await ns?.dispose();
  });

  it('consumes 1,200 births and their certificates, produced at once, with both instances at work', async () => {
    // Births and certificates interleaved: a certificate may well be consumed before its birth (kept, then used).
    const all = births.flatMap((birth, i) => [birth, certificates[i]]);
    for (let i = 0; i < all.length; i += 200) await producer!.send(all.slice(i, i + 200));
    await expectEventually(
      async () => {
        for (const topic of [Topics.birthRegisteredV1, Topics.birthCertificateItemChangedV1]) {
          expect({ topic: topic.name, consumed: await ns.committedCount(ns.topic(GROUP), topic.name) }).toEqual({ topic: topic.name, consumed: BIRTHS });
        }
      },
      { timeoutMs: 80_000, intervalMs: 500, message: 'both instances consumed every birth and certificate' },
    );
    const processed = await Promise.all(
      urls.map(async (url) => {
        const body = (await (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(10_000) })).json()) as { details: { kafka: { consumer: { processed: number } } } };
        return body.details.kafka.consumer.processed;
      }),
    );
    expect(processed.reduce((a, b) => a + b, 0)).toBe(2 * BIRTHS);
    for (const count of processed) expect(count).toBeGreaterThan(0);
  });

  it('hands out exactly 500 distinct numbers, sends the other 700 to manual review and duplicates none', async () => {
    await expectEventually(async () => expect(await ns.query(`SELECT 1 FROM "${schema}".outbox WHERE published_at IS NULL LIMIT 1`)).toEqual([]), { timeoutMs: 60_000 });
    const events = (await ns.readAll(Topics.householdRegistrationItemChangedV1.name)).map((m) => envelopeOf<HouseholdRegistrationItemChangedV1>(m));
    const registered = events.filter((e) => e.payload.change === 'registered');
    const reviewed = events.filter((e) => e.payload.change === 'in-progress');

    // One waiting and one outcome per case: 2,400 events, no second outcome for any case.
    expect({ events: events.length, waiting: events.filter((e) => e.payload.change === 'waiting').length, registered: registered.length, reviewed: reviewed.length }).toEqual({
      events: 2 * BIRTHS,
      waiting: BIRTHS,
      registered: BOYS_SEQUENCES,
      reviewed: BIRTHS - BOYS_SEQUENCES,
    });
    expect(new Set(events.filter((e) => e.payload.change !== 'waiting').map((e) => e.caseId)).size).toBe(BIRTHS);
    const numbers = registered.map((e) => e.payload.citizenIdNumber!);
    expect(new Set(numbers).size).toBe(BOYS_SEQUENCES);
    // Every number is a boy's of that county and China date: the odd sequences 001–999, each once.
    const sequences = numbers.map((n) => parseCitizenId(n)!).map((p) => ({ county: p.countyCode, date: p.chinaBirthDate, sequence: p.sequence }));
    expect(new Set(sequences.map((s) => `${s.county}/${s.date}`))).toEqual(new Set([`${COUNTY}/${CHINA_BIRTH_DATE}`]));
    expect(sequences.map((s) => s.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: BOYS_SEQUENCES }, (_, i) => 2 * i + 1));
    for (const e of reviewed) expect(e.payload.item).toMatchObject({ state: 'in_progress', reasonCode: 'MANUAL_REVIEW' });

    // The tables say the same.
    expect(await ns.query(`SELECT count(*)::int AS n, count(DISTINCT sequence)::int AS distinct_sequences FROM "${schema}".citizen_id_allocations`)).toEqual([
      { n: BOYS_SEQUENCES, distinct_sequences: BOYS_SEQUENCES },
    ]);
    expect(await ns.query(`SELECT allocated FROM "${schema}".citizen_id_sequences`)).toEqual([{ allocated: BOYS_SEQUENCES }]);
    expect(await ns.query(`SELECT state, facts->>'reviewCode' AS review, count(*)::int AS n FROM "${schema}".items GROUP BY 1, 2 ORDER BY 1`)).toEqual([
      { state: 'done', review: null, n: BOYS_SEQUENCES },
      { state: 'in_progress', review: 'SEQUENCES_EXHAUSTED', n: BIRTHS - BOYS_SEQUENCES },
    ]);
    const dlq = await Promise.all([Topics.birthRegisteredV1, Topics.birthCertificateItemChangedV1].map((t) => ns.messageCount(`${t.name}.dlq`)));
    expect(dlq).toEqual([0, 0]);
  });
});
