import { randomUUID } from 'node:crypto';
import { Topics, type BirthRegisteredV1, type EventEnvelope, type MedicalInsuranceItemChangedV1, type TopicDefinition } from '@birth/contracts';
import type { OutgoingMessage } from '@birth/messaging';
import { calendarYearMessage, DepartmentSuite, envelopeMessage, expectEventually, registeredBirthV1, type TestNamespace } from '@birth/testing';
import { service as descriptor } from '../service';
import { YEAR_2027_FIXTURE } from './year-2027.fixture';

// Issue 13: the 90-day windows counted while 2027 had no calendar data (weekends only, provisional)
// are counted again when 2027 arrives on calendar.years.v1, in the real service process over real
// Kafka and PostgreSQL. The 2027 year is a test fixture (a Spring Festival from 6 to 14 February,
// Saturday the 20th worked), not the notice.

const GROUP = 'medical-insurance';
const CONSUMED = [Topics.birthRegisteredV1, Topics.birthCorrectedV1, Topics.birthCertificateItemChangedV1, Topics.birthVoidedV1, Topics.medicalInsuranceCommandsV1];
const TOPICS: TopicDefinition[] = [...CONSUMED, Topics.medicalInsuranceItemChangedV1, Topics.policyVersionsV1, Topics.calendarYearsV1];
const ITEM_TOPIC = Topics.medicalInsuranceItemChangedV1.name;

type ItemEvent = EventEnvelope<MedicalInsuranceItemChangedV1>;

describe('medical-insurance re-decides provisional enrolment windows when their calendar year is loaded (real Kafka and PostgreSQL)', () => {
  let suite: DepartmentSuite;
  let ns: TestNamespace;
  let schema: string;

  beforeAll(async () => {
    suite = await DepartmentSuite.start({
      topics: TOPICS,
      group: GROUP,
      consumed: CONSUMED,
      schemaName: 'medical_insurance',
      migrations: descriptor.migrations,
      entry: 'apps/medical-insurance/src/main.ts',
      env: { WINDOW_REDECISION_SETTLE_MS: '1500' },
    });
    ({ ns, schema } = suite);
  });

  afterAll(async () => {
    await suite?.stop();
  });

  const message = (topic: TopicDefinition, caseId: string, payload: object): OutgoingMessage => envelopeMessage(ns, topic, caseId, payload, { producer: 'insurance-test' });
  const birth = (caseId: string, bornAt: string, acceptedAt: string) => message(Topics.birthRegisteredV1, caseId, registeredBirthV1({ acceptedAt, newborn: { ...registeredBirthV1().newborn, bornAt } }) as BirthRegisteredV1);
  const certificate = (caseId: string) => {
    const issuedAt = new Date().toISOString();
    return message(Topics.birthCertificateItemChangedV1, caseId, {
      change: 'issued',
      item: { item: 'birth-certificate', state: 'done', reasonCode: null, reason: null, waitingFor: [], prerequisitesMetAt: issuedAt, changedAt: issuedAt, ruleVersion: '1' },
      certificateNumber: 'A123456789',
      replaces: null,
      issuedAt,
    });
  };
  const yearMessage = (id: string): OutgoingMessage => calendarYearMessage(ns, YEAR_2027_FIXTURE, { id, importedBy: 'cli:insurance-test' });
  const published = (caseId: string, expected: number) => suite.published<ItemEvent>(ITEM_TOPIC, caseId, expected);
  const changes = (events: ItemEvent[]) => events.map((e) => `${e.payload.change}:${e.payload.item.state}`);
  const window = async (caseId: string) =>
    (
      await ns.query<{ last_day: string; on_time: boolean; provisional: boolean; calendar_version: string; redecided_by_message: string | null }>(
        `SELECT last_day::text, on_time, provisional, calendar_version, redecided_by_message FROM "${schema}".enrolment_windows WHERE case_id = $1`,
        [caseId],
      )
    )[0];
  const item = async (caseId: string) => (await suite.internalGet(`/internal/items/${caseId}`, { Authorization: 'Bearer demo-internal-token' })).body;

  it('recounts each provisional window on the loaded year, publishes coverage-redecided once with the calendar message as its cause, and leaves the others alone', async () => {
    // A: born 2026-11-10, + 90 days is Monday 8 February 2027; applied on the 10th. Late on weekends alone,
    // on time on 2027's calendar (the 8th is in the festival: the window ends on Monday the 15th).
    const lateThenOnTime = randomUUID();
    // B: born 2026-11-22, + 90 days is Saturday 20 February 2027; applied on Sunday the 21st and enrolled.
    // On time on weekends alone (moved to Monday the 22nd), late on 2027's calendar (the 20th is worked).
    const onTimeThenLate = randomUUID();
    // C: a window inside 2026, never provisional.
    const settled = randomUUID();
    await suite.deliver(
      birth(lateThenOnTime, '2026-11-10T09:00:00+08:00', '2027-02-10T10:00:00+08:00'),
      birth(onTimeThenLate, '2026-11-22T09:00:00+08:00', '2027-02-21T10:00:00+08:00'),
      birth(settled, '2026-05-01T09:00:00+08:00', '2026-05-02T10:00:00+08:00'),
    );
    await suite.deliver(certificate(onTimeThenLate));
    expect(changes(await published(lateThenOnTime, 1))).toEqual(['waiting:waiting']);
    expect(changes(await published(onTimeThenLate, 2))).toEqual(['waiting:waiting', 'enrolled:done']);
    expect(changes(await published(settled, 1))).toEqual(['waiting:waiting']);
    expect(await window(lateThenOnTime)).toEqual({ last_day: '2027-02-08', on_time: false, provisional: true, calendar_version: '2027.none', redecided_by_message: null });
    expect(await window(onTimeThenLate)).toEqual({ last_day: '2027-02-22', on_time: true, provisional: true, calendar_version: '2027.none', redecided_by_message: null });
    expect(await item(lateThenOnTime)).toMatchObject({ state: 'waiting', coverageStart: '2027-02-11', onTime: false, provisional: true });
    expect(await item(onTimeThenLate)).toMatchObject({ state: 'done', coverageStart: '2026-11-22', onTime: true, provisional: true });

    const yearId = randomUUID();
    await suite.producer.send([yearMessage(yearId)]);

    const a = await published(lateThenOnTime, 2);
    expect(changes(a)).toEqual(['waiting:waiting', 'coverage-redecided:waiting']);
    expect(a[1]!.payload).toMatchObject({ provisional: false, item: { waitingFor: ['birth-certificate'] } });
    expect(a[1]!.causationId).toBe(yearId);
    const b = await published(onTimeThenLate, 3);
    expect(changes(b)).toEqual(['waiting:waiting', 'enrolled:done', 'coverage-redecided:done']);
    expect(b[2]!.payload).toMatchObject({ outcome: 'enrolled', coverageStart: '2027-02-22', provisional: false });

    expect(await window(lateThenOnTime)).toEqual({ last_day: '2027-02-15', on_time: true, provisional: false, calendar_version: '2027.1', redecided_by_message: yearId });
    expect(await window(onTimeThenLate)).toEqual({ last_day: '2027-02-20', on_time: false, provisional: false, calendar_version: '2027.1', redecided_by_message: yearId });
    expect(await item(lateThenOnTime)).toMatchObject({ state: 'waiting', waitingFor: ['birth-certificate'], coverageStart: '2026-11-10', onTime: true, provisional: false });
    const enrolled = await item(onTimeThenLate);
    expect(enrolled).toMatchObject({ state: 'done', coverageStart: '2027-02-22', onTime: false, provisional: false });
    expect((enrolled['history'] as { state: string; cause: string | null }[]).at(-1)).toEqual(expect.objectContaining({ state: 'done', cause: yearId }));

    // The second pass after the settle time, and the same year delivered again, find nothing more to do.
    await suite.process.waitForOutput(/calendar 2027\.1 added \(settled\): 0 enrolment windows re-decided/, 60_000);
    await suite.producer.send([yearMessage(randomUUID())]);
    await suite.outboxDrained();
    await expectEventually(async () => {
      const all = (await ns.readAll(ITEM_TOPIC)).map((m) => JSON.parse(m.value!.toString('utf8')) as ItemEvent);
      expect(all.filter((e) => e.payload.change === 'coverage-redecided').map((e) => e.caseId).sort()).toEqual([lateThenOnTime, onTimeThenLate].sort());
    });
    expect(changes(await published(settled, 1))).toEqual(['waiting:waiting']);
    expect(await window(settled)).toMatchObject({ provisional: false, calendar_version: '2026.1', redecided_by_message: null });
  });
});
