import { randomBytes, randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '@birth/messaging';
import { DepartmentSuite, envelopeMessage, type TestNamespace } from '@birth/testing';
import type { EventEnvelope, TopicDefinition } from '@birth/contracts';
import { CreateDepartmentItemTables1764000010000 } from './department-item.migration';
import { FIXTURE_TOPIC_LIST, FIXTURE_TOPICS, type FixtureItemChangedV1 } from '../../test/fixtures/department-item-fixture-topics';

// The department-item kit used by a real (tiny) service over real Kafka and PostgreSQL: the
// fixture's birth opens a two-step item that the certificate completes, with retry-step, revoke
// and the internal read. Published events are counted on the topic's high-water marks.

const FIXTURE = 'libs/platform/test/fixtures/department-item-service.ts';
const GROUP = 'item-kit-fixture';
const HOLDER_ID = '21020220250101123X';
const CERTIFICATE = { certificateNumber: 'A123456789', issuedAt: '2026-03-02T09:30:00+08:00' };

/** The common block of a completed item, in the event and in the internal answer alike. */
const DONE = {
  item: 'household-registration',
  state: 'done',
  reasonCode: null,
  reason: null,
  waitingFor: [],
  // From the data (the certificate's issuedAt), never the processing time; stored and published in UTC.
  prerequisitesMetAt: new Date(CERTIFICATE.issuedAt).toISOString(),
  ruleVersion: null,
};

interface Change {
  change: string;
  state: string;
}

describe('the department item kit in a real service (real Kafka and PostgreSQL)', () => {
  const token = randomBytes(24).toString('base64url');
  let suite: DepartmentSuite;
  let ns: TestNamespace;
  let schema: string;
  let internal: string;

  beforeAll(async () => {
    suite = await DepartmentSuite.start({
      topics: FIXTURE_TOPIC_LIST,
      group: GROUP,
      consumed: [FIXTURE_TOPICS.births, FIXTURE_TOPICS.certificates, FIXTURE_TOPICS.commands],
      schemaName: 'item_kit',
      migrations: [CreateDepartmentItemTables1764000010000],
      entry: FIXTURE,
      env: { INTERNAL_API_TOKENS: `case-saga:${token}` },
    });
    ({ ns, schema, internalUrl: internal } = suite);
  });

  afterAll(async () => {
    await suite?.stop();
  });

  const message = (topic: TopicDefinition, caseId: string, payload: object, id?: string): OutgoingMessage => envelopeMessage(ns, topic, caseId, payload, { id, producer: 'item-kit-test' });
  /** Sends in order (one case's messages share a key, so a topic keeps them in order) and waits until the service has consumed everything sent so far. */
  const deliver = (...messages: OutgoingMessage[]) => suite.deliver(...messages);

  const birth = (caseId: string, id?: string) => message(FIXTURE_TOPICS.births, caseId, { holderIdNumber: HOLDER_ID }, id);
  const certificate = (caseId: string, id?: string) => message(FIXTURE_TOPICS.certificates, caseId, CERTIFICATE, id);
  const command = (caseId: string, name: 'retry-step' | 'revoke', id?: string) => message(FIXTURE_TOPICS.commands, caseId, { command: name, reasonCode: name === 'revoke' ? 'BIRTH_VOIDED' : 'STEP_STUCK', note: null }, id);
  const idOf = (m: OutgoingMessage) => (JSON.parse(m.value as string) as EventEnvelope<object>).id;

  /** Everything published on the item topic (relayed from the outbox, so waited for), per case. */
  const published = (caseId: string, expected: number) => suite.published<EventEnvelope<FixtureItemChangedV1>>(FIXTURE_TOPICS.itemChanged.name, caseId, expected);
  const changesOf = (events: EventEnvelope<FixtureItemChangedV1>[]): Change[] => events.map((e) => ({ change: e.payload.change, state: e.payload.item.state }));
  /** All events on the item topic, from its high-water marks, once the outbox is empty. */
  async function eventsOnTopic(): Promise<number> {
    await suite.outboxDrained();
    return ns.messageCount(FIXTURE_TOPICS.itemChanged.name);
  }
  /** Messages the fixture dead-lettered: a handler that threw (an illegal transition, a bad payload) would end there. */
  async function deadLetters(): Promise<number> {
    const counts = await Promise.all([FIXTURE_TOPICS.births, FIXTURE_TOPICS.certificates, FIXTURE_TOPICS.commands].map((t) => ns.messageCount(`${t.name}.dlq`)));
    return counts.reduce((a, b) => a + b, 0);
  }
  const history = (caseId: string) =>
    ns.query<{ from_state: string | null; to_state: string; change: string; cause: string | null }>(
      `SELECT from_state, to_state, change, cause FROM "${schema}".item_history WHERE case_id = $1 ORDER BY id`,
      [caseId],
    );

  const caseA = randomUUID(); // certificate first, then birth
  const caseB = randomUUID(); // birth first, then certificate
  const caseC = randomUUID(); // retry-step while waiting
  const caseD = randomUUID(); // revoke before the birth
  // Built once the namespace exists, and sent again (the same bytes) by the redelivery test.
  let firstBirthA: OutgoingMessage;
  let firstCertificateA: OutgoingMessage;

  it('a certificate that arrives before the birth is kept, and applied when the birth opens the item', async () => {
    firstBirthA = birth(caseA);
    firstCertificateA = certificate(caseA);
    await deliver(firstCertificateA);
    expect(await ns.query(`SELECT kind, cause FROM "${schema}".pending_prerequisites WHERE case_id = $1`, [caseA])).toEqual([{ kind: 'birth-certificate', cause: idOf(firstCertificateA) }]);
    expect(await ns.query(`SELECT 1 FROM "${schema}".items WHERE case_id = $1`, [caseA])).toEqual([]);

    await deliver(firstBirthA);
    const events = await published(caseA, 2);
    expect(changesOf(events)).toEqual([
      { change: 'opened', state: 'waiting' },
      { change: 'registered', state: 'done' },
    ]);
    expect(events[1]!.payload).toEqual({
      change: 'registered',
      item: { ...DONE, changedAt: expect.any(String) },
      certificateNumber: CERTIFICATE.certificateNumber,
      issuedAt: CERTIFICATE.issuedAt,
    });
    expect(events[0]!.payload.item.waitingFor).toEqual(['birth-certificate']);
    expect(await history(caseA)).toEqual([
      { from_state: null, to_state: 'waiting', change: 'opened', cause: idOf(firstBirthA) },
      { from_state: 'waiting', to_state: 'done', change: 'registered', cause: idOf(firstCertificateA) },
    ]);
    expect(await ns.query(`SELECT 1 FROM "${schema}".pending_prerequisites WHERE case_id = $1`, [caseA])).toEqual([]);
  });

  it('the other order ends the same way', async () => {
    const births = birth(caseB);
    const certificates = certificate(caseB);
    // One deliver each: messages on two topics may be consumed in either order.
    await deliver(births);
    await deliver(certificates);
    expect(changesOf(await published(caseB, 2))).toEqual([
      { change: 'opened', state: 'waiting' },
      { change: 'registered', state: 'done' },
    ]);
    expect((await history(caseB)).map((h) => h.cause)).toEqual([idOf(births), idOf(certificates)]);
    expect(await eventsOnTopic()).toBe(4);
  });

  it('redelivered messages, and new messages with the same facts, publish nothing and write no history', async () => {
    // The same bytes again (the inbox drops them), then new ids with the same facts (the recorder drops them).
    await deliver(firstCertificateA, firstBirthA, birth(caseB), certificate(caseB), certificate(caseA));
    expect(await eventsOnTopic()).toBe(4);
    expect(await history(caseA)).toHaveLength(2);
    expect(await history(caseB)).toHaveLength(2);
    expect(await deadLetters()).toBe(0);
  });

  it('retry-step runs the service\'s step (here: still stuck, to manual review); the certificate then completes it', async () => {
    await deliver(birth(caseC));
    await deliver(command(caseC, 'retry-step'));
    await deliver(certificate(caseC));
    const events = await published(caseC, 3);
    expect(changesOf(events)).toEqual([
      { change: 'opened', state: 'waiting' },
      { change: 'in-progress', state: 'in_progress' },
      { change: 'registered', state: 'done' },
    ]);
    expect(events[1]!.payload.item.reasonCode).toBe('MANUAL_REVIEW');
  });

  it('revoke twice: one revoked event; a revoke before the birth revokes the item it opens', async () => {
    const first = command(caseA, 'revoke');
    await deliver(first, command(caseA, 'revoke'));
    expect(changesOf(await published(caseA, 3))[2]).toEqual({ change: 'revoked', state: 'revoked' });
    expect((await history(caseA)).at(-1)).toEqual({ from_state: 'done', to_state: 'revoked', change: 'revoked', cause: idOf(first) });

    const early = command(caseD, 'revoke');
    await deliver(early);
    expect(await ns.query(`SELECT kind FROM "${schema}".pending_prerequisites WHERE case_id = $1`, [caseD])).toEqual([{ kind: 'revoke' }]);
    await deliver(birth(caseD));
    expect(changesOf(await published(caseD, 2))).toEqual([
      { change: 'opened', state: 'waiting' },
      { change: 'revoked', state: 'revoked' },
    ]);
    expect((await history(caseD)).map((h) => h.cause)).toEqual([expect.any(String), idOf(early)]);
    // A: 3, B: 2, C: 3, D: 2.
    expect(await eventsOnTopic()).toBe(10);
    expect(await deadLetters()).toBe(0);
  });

  describe('GET /internal/items/{caseId}', () => {
    const get = async (path: string, headers: Record<string, string> = { Authorization: `Bearer ${token}`, 'X-Actor': 'clerk:li.si' }) => {
      const response = await fetch(`${internal}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> & { errors?: { code: string }[] } };
    };

    it('401 without a token, 400 for a case id that is no UUID, 404 for a case without an item', async () => {
      expect((await get(`/internal/items/${caseB}`, {})).status).toBe(401);
      const invalid = await get('/internal/items/not-a-case');
      expect({ status: invalid.status, codes: invalid.body.errors!.map((e) => e.code) }).toEqual({ status: 400, codes: ['INVALID_CASE_ID'] });
      const unknown = await get(`/internal/items/${randomUUID()}`);
      expect({ status: unknown.status, codes: unknown.body.errors!.map((e) => e.code) }).toEqual({ status: 404, codes: ['ITEM_NOT_FOUND'] });
    });

    it('200 with the item block, the history with causes and the service\'s fields, the personal one masked', async () => {
      const answer = await get(`/internal/items/${caseB}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        caseId: caseB,
        ...DONE,
        history: [
          { state: 'waiting', at: expect.any(String), cause: expect.any(String) },
          { state: 'done', at: expect.any(String), cause: expect.any(String) },
        ],
        holderIdNumber: expect.not.stringMatching(HOLDER_ID),
        certificateNumber: CERTIFICATE.certificateNumber,
        issuedAt: CERTIFICATE.issuedAt,
      });
      expect(answer.body.holderIdNumber).toMatch(/\*/);
      expect(await ns.query(`SELECT 1 FROM "${schema}".personal_data_reveals`)).toEqual([]);
    });

    it('reveal=true with a reason answers the real value after an audit row naming caller, actor, fields and reason', async () => {
      const answer = await get(`/internal/items/${caseB}?reveal=true&reason=${encodeURIComponent('family at the window')}`);
      expect(answer.body.holderIdNumber).toBe(HOLDER_ID);
      expect(await ns.query(`SELECT caller, actor, record_kind, record_id, fields, reason FROM "${schema}".personal_data_reveals`)).toEqual([
        { caller: 'case-saga', actor: 'clerk:li.si', record_kind: 'item', record_id: caseB, fields: ['holderIdNumber'], reason: 'family at the window' },
      ]);
    });
  });
});
