import { randomUUID } from 'node:crypto';
import { Topics, type BirthCertificateItemChangedV1, type BirthCertificateNumberBlockLowV1, type BirthRegisteredV1, type EventEnvelope, type TopicDefinition } from '@birth/contracts';
import type { OutgoingMessage } from '@birth/messaging';
import { DepartmentSuite, envelopeMessage, expectEventually, registeredBirthV1, runGatewayCli, type TestNamespace } from '@birth/testing';
import { service as descriptor } from '../service';

// The birth-certificate service as a real process over real Kafka and PostgreSQL: births,
// corrections, voids and the saga's commands in; its item events, the operators' low-water event
// and the internal API out; number blocks loaded through the CLI (npm run cli -- certificate-blocks).

const GROUP = 'birth-certificate';
const CONSUMED = [Topics.birthRegisteredV1, Topics.birthCorrectedV1, Topics.birthVoidedV1, Topics.birthCertificateCommandsV1];
const TOPICS: TopicDefinition[] = [...CONSUMED, Topics.birthCertificateItemChangedV1, Topics.birthCertificateNumberBlockLowV1, Topics.policyVersionsV1, Topics.calendarYearsV1];
const ITEM_TOPIC = Topics.birthCertificateItemChangedV1.name;

type ItemEvent = EventEnvelope<BirthCertificateItemChangedV1>;

/** A birth without the newborn's name (the family gives it later, by a correction). */
function sampleRegisteredBirth(caseId: string): Promise<BirthRegisteredV1> {
  const birth = registeredBirthV1({ birthRecordId: `BR-${caseId}` });
  return Promise.resolve({ ...birth, newborn: { ...birth.newborn, name: null } });
}

describe('birth-certificate, a real service (real Kafka and PostgreSQL)', () => {
  let suite: DepartmentSuite;
  let ns: TestNamespace;
  let schema: string;
  let internal: string;

  beforeAll(async () => {
    suite = await DepartmentSuite.start({ topics: TOPICS, group: GROUP, consumed: CONSUMED, schemaName: 'birth_certificate', migrations: descriptor.migrations, entry: 'apps/birth-certificate/src/main.ts' });
    ({ ns, schema, internalUrl: internal } = suite);
  });

  afterAll(async () => {
    await suite?.stop();
  });

  const message = (topic: TopicDefinition, caseId: string, payload: object, id?: string) => envelopeMessage(ns, topic, caseId, payload, { id, producer: 'certificate-test' });
  const deliver = (...messages: OutgoingMessage[]) => suite.deliver(...messages);

  const birthMessage = (caseId: string, birth: BirthRegisteredV1, id?: string) => message(Topics.birthRegisteredV1, caseId, birth, id);
  const correction = (caseId: string, birth: BirthRegisteredV1, application: BirthRegisteredV1, correctedAt: Date, changedFields: string[]) =>
    message(Topics.birthCorrectedV1, caseId, { correctionId: `C-${randomUUID()}`, caseNumber: birth.caseNumber, patch: {}, changedFields, application, correctedAt: correctedAt.toISOString() });
  const named = (birth: BirthRegisteredV1, name = '李小明'): BirthRegisteredV1 => ({ ...birth, newborn: { ...birth.newborn, name } });
  const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

  /** The case's events on the item topic (relayed from the outbox, so waited for). */
  const published = (caseId: string, expected: number) => suite.published<ItemEvent>(ITEM_TOPIC, caseId, expected);
  const changes = (events: ItemEvent[]) => events.map((e) => `${e.payload.change}:${e.payload.item.state}`);
  const outboxDrained = () => suite.outboxDrained();
  const item = (caseId: string) => suite.internalGet(`/internal/items/${caseId}`, { Authorization: 'Bearer demo-internal-token' });
  const numberRow = (number: string) => ns.query<{ status: string; replaced_by: string | null }>(`SELECT status, replaced_by FROM "${schema}".certificate_numbers WHERE number = $1`, [number]);
  const cli = (...args: string[]) => runGatewayCli({ BIRTH_CERTIFICATE_INTERNAL_URL: internal }, ['certificate-blocks', ...args]);

  let total = 0; // every event the cases below should publish on the item topic

  it('a birth with the name is issued once from the institution’s (demo) block; an unknown extra field is read tolerantly', async () => {
    const caseId = randomUUID();
    const birth = named(await sampleRegisteredBirth(caseId));
    const withExtra = { ...birth, newborn: { ...birth.newborn, hairColour: 'black' }, somethingNew: { x: 1 } };
    const first = birthMessage(caseId, withExtra as BirthRegisteredV1);
    await deliver(first, first); // the redelivery changes nothing
    const events = await published(caseId, 2);
    total += 2;
    expect(changes(events)).toEqual(['opened:in_progress', 'issued:done']);
    const issued = events[1].payload;
    expect(issued).toMatchObject({ certificateNumber: expect.stringMatching(/^Z\d{9}$/), replaces: null, issuedAt: expect.any(String) });
    expect(issued.item).toMatchObject({ item: 'birth-certificate', reasonCode: null, waitingFor: [], prerequisitesMetAt: new Date(birth.acceptedAt).toISOString(), ruleVersion: '1' });
    const answer = await item(caseId);
    expect(answer).toMatchObject({ status: 200, body: { caseId, state: 'done', certificateNumber: issued.certificateNumber, replaces: null, issuedAt: issued.issuedAt } });
    expect((answer.body['history'] as { state: string; cause: string }[]).map((h) => h.state)).toEqual(['in_progress', 'done']);
    expect(JSON.stringify(answer.body)).not.toContain('李小明');
  });

  let reissueCase: { caseId: string; birth: BirthRegisteredV1; number: string };

  it('a birth without the name waits for the applicant; the correction with the name issues it; its redelivery changes nothing', async () => {
    const caseId = randomUUID();
    const birth = await sampleRegisteredBirth(caseId);
    await deliver(birthMessage(caseId, birth));
    await published(caseId, 1);
    expect(await item(caseId)).toMatchObject({ body: { state: 'awaiting_applicant', waitingFor: ['newborn-name'], certificateNumber: null } });

    const naming = correction(caseId, birth, named(birth), later(1), ['newborn.name']);
    await deliver(naming, naming);
    const events = await published(caseId, 2);
    total += 2;
    expect(changes(events)).toEqual(['awaiting-applicant:awaiting_applicant', 'issued:done']);
    expect(events[1].payload.replaces).toBeNull();
    reissueCase = { caseId, birth: named(birth), number: events[1].payload.certificateNumber! };
  });

  it('a correction of a printed fact after issue reissues with a new number and marks the old one replaced; a non-printed fact does not', async () => {
    const { caseId, birth, number } = reissueCase;
    const heavier = { ...birth, newborn: { ...birth.newborn, weightGrams: birth.newborn.weightGrams + 50 } };
    await deliver(correction(caseId, birth, heavier, later(2), ['newborn.weightGrams']));
    const events = await published(caseId, 3);
    total += 1;
    const reissued = events[2].payload;
    expect(reissued).toMatchObject({ change: 'reissued', replaces: number, item: { state: 'done' } });
    expect(reissued.certificateNumber).not.toEqual(number);
    expect(await numberRow(number)).toEqual([{ status: 'replaced', replaced_by: reissued.certificateNumber }]);
    expect(await numberRow(reissued.certificateNumber!)).toEqual([{ status: 'issued', replaced_by: null }]);

    // The contact phone is not printed: no reissue, nothing published.
    const phone = { ...heavier, application: { ...heavier.application, contactPhone: '13900000000' } };
    await deliver(correction(caseId, birth, phone, later(3), ['application.contactPhone']));
    await outboxDrained();
    await published(caseId, 3);
    expect(await item(caseId)).toMatchObject({ body: { certificateNumber: reissued.certificateNumber, replaces: number } });
  });

  it('a correction that arrives before the birth is kept and used: issued once', async () => {
    const caseId = randomUUID();
    const birth = await sampleRegisteredBirth(caseId);
    await deliver(correction(caseId, birth, named(birth), later(1), ['newborn.name']));
    expect(await ns.query(`SELECT kind FROM "${schema}".pending_prerequisites WHERE case_id = $1`, [caseId])).toEqual([{ kind: 'correction' }]);
    const first = birthMessage(caseId, birth);
    await deliver(first);
    await deliver(birthMessage(caseId, birth, randomUUID())); // the same birth again under another message id
    const events = await published(caseId, 2);
    total += 2;
    expect(changes(events)).toEqual(['awaiting-applicant:awaiting_applicant', 'issued:done']);
  });

  it('an exhausted block stops issuing with NUMBER_BLOCK_EXHAUSTED; loading the next block (CLI) resumes it; the low-water event is raised once', async () => {
    const institutionId = `H-${randomUUID().slice(0, 8)}`;
    const prefix = 'Q';
    const base = 100_000 + Math.floor(Math.random() * 800_000_000);
    const added = await cli('add', '--institution', institutionId, '--prefix', prefix, '--from', String(base), '--to', String(base + 1));
    expect(added).toMatchObject({ code: 0 });
    expect(added.output).toContain('block loaded; 0 item(s)');

    const cases = [randomUUID(), randomUUID(), randomUUID()];
    for (const caseId of cases) {
      const birth = named(await sampleRegisteredBirth(caseId));
      await deliver(birthMessage(caseId, { ...birth, hospital: { ...birth.hospital, institutionId } }));
    }
    const third = await published(cases[2], 2);
    expect(changes(third)).toEqual(['opened:in_progress', 'in-progress:in_progress']);
    expect(third[1].payload.item).toMatchObject({ reasonCode: 'NUMBER_BLOCK_EXHAUSTED', reason: { zh: expect.any(String), en: expect.stringContaining('next block') } });
    for (const caseId of cases.slice(0, 2)) expect(changes(await published(caseId, 2))).toEqual(['opened:in_progress', 'issued:done']);

    const low = await expectEventually(async () => {
      const events = (await ns.readAll(Topics.birthCertificateNumberBlockLowV1.name)).map((m) => JSON.parse(m.value!.toString('utf8')) as EventEnvelope<BirthCertificateNumberBlockLowV1>);
      const ofInstitution = events.filter((e) => e.payload.institutionId === institutionId);
      expect(ofInstitution).toHaveLength(1);
      return ofInstitution[0];
    });
    expect(low.payload).toMatchObject({ prefix, from: base, to: base + 1, remainingInBlock: 0, remainingInLaterBlocks: 0 });

    const overlapping = await cli('add', '--institution', institutionId, '--prefix', prefix, '--from', String(base + 1), '--to', String(base + 5));
    expect(overlapping.code).toBe(1);
    expect(overlapping.output).toContain('BLOCK_OVERLAPS');
    const next = await cli('add', '--institution', institutionId, '--prefix', prefix, '--from', String(base + 2), '--to', String(base + 4));
    expect(next.code).toBe(0);
    expect(next.output).toContain('block loaded; 1 item(s)');
    const resumed = await published(cases[2], 3);
    total += 7;
    expect(resumed[2].payload).toMatchObject({ change: 'issued', certificateNumber: `${prefix}${String(base + 2).padStart(9, '0')}`, item: { state: 'done', reasonCode: null } });

    const listed = await cli('list', '--institution', institutionId);
    expect(listed.code).toBe(0);
    expect(listed.output.split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { remaining: number }).remaining)).toEqual([0, 2]);
    expect(await cli('add', '--institution', institutionId, '--prefix', prefix)).toMatchObject({ code: 2 });
  });

  it('a voided birth revokes the certificate and voids its number; the saga’s revoke afterwards changes nothing', async () => {
    const caseId = randomUUID();
    const birth = named(await sampleRegisteredBirth(caseId));
    await deliver(birthMessage(caseId, birth));
    const issued = (await published(caseId, 2))[1].payload;
    await deliver(
      message(Topics.birthVoidedV1, caseId, { caseNumber: birth.caseNumber, hospitalId: birth.hospital.institutionId, birthRecordId: birth.birthRecordId, reason: '重复登记', voidedAt: new Date().toISOString() }),
      message(Topics.birthCertificateCommandsV1, caseId, { command: 'revoke', reasonCode: 'BIRTH_VOIDED', note: null }),
    );
    const events = await published(caseId, 3);
    total += 3;
    expect(events[2].payload).toMatchObject({ change: 'revoked', certificateNumber: issued.certificateNumber, item: { state: 'revoked', reasonCode: 'BIRTH_VOIDED' } });
    expect(await numberRow(issued.certificateNumber!)).toEqual([{ status: 'voided', replaced_by: null }]);
    // A correction after the void changes nothing either.
    await deliver(correction(caseId, birth, named(birth, '王五'), later(5), ['newborn.name']));
    await outboxDrained();
    await published(caseId, 3);
  });

  it('retry-step on a stuck item re-checks the numbers; on an issued one it does nothing', async () => {
    const caseId = randomUUID();
    await deliver(birthMessage(caseId, named(await sampleRegisteredBirth(caseId))));
    await published(caseId, 2);
    await deliver(message(Topics.birthCertificateCommandsV1, caseId, { command: 'retry-step', reasonCode: 'STEP_STUCK', note: null }));
    await outboxDrained();
    total += 2;
    await published(caseId, 2);
  });

  it('a birth that did not apply for the certificate gets no item and publishes nothing', async () => {
    const caseId = randomUUID();
    const birth = await sampleRegisteredBirth(caseId);
    await deliver(birthMessage(caseId, { ...birth, application: { ...birth.application, items: ['medical-insurance'] } }));
    await outboxDrained();
    expect((await item(caseId)).status).toBe(404);
    expect(await ns.query(`SELECT 1 FROM "${schema}".items WHERE case_id = $1`, [caseId])).toEqual([]);
  });

  it('counted on the topics’ high-water marks: exactly the events above, nothing dead-lettered', async () => {
    await outboxDrained();
    expect(await ns.messageCount(ITEM_TOPIC)).toBe(total);
    expect(await ns.messageCount(Topics.birthCertificateNumberBlockLowV1.name)).toBe(1);
    for (const topic of CONSUMED) expect({ topic: topic.name, dlq: await ns.messageCount(`${topic.name}.dlq`) }).toEqual({ topic: topic.name, dlq: 0 });
  });
});
