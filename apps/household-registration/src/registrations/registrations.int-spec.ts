import { randomBytes, randomUUID } from 'node:crypto';
import { composeCitizenId } from '../domain/citizen-id';
import { Topics, type HouseholdRegistrationItemChangedV1 } from '@birth/contracts';
import type { OutgoingMessage, Producer } from '@birth/messaging';
import { expectEventually, spawnNode, TestNamespace, TopicDeliveries, type NodeProcess } from '@birth/testing';
import { service as descriptor } from '../service';
import { CHINA_BIRTH_DATE, envelopeOf, ISSUED_AT, RegistrationMessages } from '../../test/registration-messages';

// Household registration as a real process over real Kafka and PostgreSQL: births, certificates,
// corrections, voids and commands produced to its topics; every outcome counted on
// household-registration.item-changed.v1 (relayed from the outbox) and read back through the
// internal API.

const GROUP = 'household-registration';
const CONSUMED = [Topics.birthRegisteredV1, Topics.birthCertificateItemChangedV1, Topics.birthCorrectedV1, Topics.birthVoidedV1, Topics.householdRegistrationCommandsV1];
const ITEM_TOPIC = Topics.householdRegistrationItemChangedV1.name;
/** The example mother's hukou: Dalian 沙河口区. */
const COUNTY = '210204';

type Published = { change: string; state: string; reasonCode: string | null; waitingFor: string[]; citizenIdNumber: string | null; forwardedTo: string | null };

describe('household registration, a real process (real Kafka and PostgreSQL)', () => {
  const token = randomBytes(24).toString('base64url');
  let ns: TestNamespace;
  let schema: string;
  let process: NodeProcess | undefined;
  let internal: string;
  let producer: Producer | undefined;
  let messages: RegistrationMessages;
  let deliveries: TopicDeliveries;

  beforeAll(async () => {
    ns = await TestNamespace.create();
    schema = await ns.createSchema('household_registration', descriptor.migrations);
    messages = await RegistrationMessages.create(ns);
    producer = ns.bus.producer();
    await producer.connect();
    deliveries = new TopicDeliveries(ns, producer, GROUP, CONSUMED);
    process = spawnNode('apps/household-registration/src/main.ts', ns.serviceEnv(schema, { INTERNAL_API_TOKENS: `case-saga:${token}` }));
    const line = await process.waitForOutput(/internal API on http:\/\/[^:]+:\d+/, 90_000);
    internal = `http://127.0.0.1:${/(\d+)$/.exec(line)![1]}`;
    await process.waitForOutput(/listening on http/, 90_000);
  });

  afterAll(async () => {
    await producer?.disconnect();
    process?.kill('SIGTERM');
    await process?.exited;
    await ns?.dispose();
  });

  /** Sends in order and waits until the service has consumed everything sent so far. */
  const deliver = (...outgoing: OutgoingMessage[]) => deliveries.deliver(...outgoing);

  /** The case's events on the item topic, once the outbox has relayed everything. */
  async function published(caseId: string): Promise<Published[]> {
    await expectEventually(async () => expect(await ns.query(`SELECT 1 FROM "${schema}".outbox WHERE published_at IS NULL`)).toEqual([]));
    const all = (await ns.readAll(ITEM_TOPIC)).map((m) => envelopeOf<HouseholdRegistrationItemChangedV1>(m)).filter((e) => e.caseId === caseId);
    return all.map(({ payload: p }) => ({ change: p.change, state: p.item.state, reasonCode: p.item.reasonCode, waitingFor: p.item.waitingFor, citizenIdNumber: p.citizenIdNumber, forwardedTo: p.forwardedTo }));
  }

  async function deadLetters(): Promise<number> {
    const counts = await Promise.all(CONSUMED.map((t) => ns.messageCount(`${t.name}.dlq`)));
    return counts.reduce((a, b) => a + b, 0);
  }

  const get = async (path: string) => {
    const response = await fetch(`${internal}${path}`, { headers: { Authorization: `Bearer ${token}`, 'X-Actor': 'clerk:wang.wu' }, signal: AbortSignal.timeout(10_000) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const WAITING: Published = { change: 'waiting', state: 'waiting', reasonCode: null, waitingFor: ['birth-certificate'], citizenIdNumber: null, forwardedTo: null };
  const registered = (citizenIdNumber: string): Published => ({ change: 'registered', state: 'done', reasonCode: null, waitingFor: [], citizenIdNumber, forwardedTo: null });
  const boy1 = composeCitizenId({ countyCode: COUNTY, chinaBirthDate: CHINA_BIRTH_DATE, sequence: 1 });

  const caseA = randomUUID();
  let birthA: OutgoingMessage;
  let certificateA: OutgoingMessage;

  it('registers on the certificate with the number of the China date of birth, and answers it masked unless revealed', async () => {
    birthA = await messages.birth(caseA);
    certificateA = messages.certificate(caseA);
    await deliver(birthA, certificateA);
    expect(await published(caseA)).toEqual([WAITING, registered(boy1)]);

    const answer = await get(`/internal/items/${caseA}`);
    expect(answer.body).toMatchObject({
      caseId: caseA,
      item: 'household-registration',
      state: 'done',
      prerequisitesMetAt: new Date(ISSUED_AT).toISOString(),
      registrationRegionCode: COUNTY,
      forwardedTo: null,
      history: [{ state: 'waiting', cause: JSON.parse(birthA.value as string).id }, { state: 'done', cause: JSON.parse(certificateA.value as string).id }],
    });
    expect(answer.body.citizenIdNumber).toMatch(/\*/);
    const revealed = await get(`/internal/items/${caseA}?reveal=true&reason=${encodeURIComponent('family at the window')}`);
    expect(revealed.body.citizenIdNumber).toBe(boy1);
    expect(await ns.query(`SELECT caller, actor, fields FROM "${schema}".personal_data_reveals`)).toEqual([{ caller: 'case-saga', actor: 'clerk:wang.wu', fields: ['citizenIdNumber'] }]);
  });

  it('changes nothing on redelivered messages or a reissued certificate', async () => {
    const before = await ns.messageCount(ITEM_TOPIC);
    await deliver(birthA, certificateA, messages.certificate(caseA, 'reissued'), await messages.birth(caseA));
    expect(await published(caseA)).toEqual([WAITING, registered(boy1)]);
    expect(await ns.messageCount(ITEM_TOPIC)).toBe(before);
  });

  it('keeps a certificate that comes before the birth and registers when the birth opens the item', async () => {
    const caseB = randomUUID();
    await deliver(messages.certificate(caseB));
    expect(await ns.query(`SELECT kind FROM "${schema}".pending_prerequisites WHERE case_id = $1`, [caseB])).toEqual([{ kind: 'birth-certificate' }]);
    await deliver(await messages.birth(caseB));
    const sequence3 = composeCitizenId({ countyCode: COUNTY, chinaBirthDate: CHINA_BIRTH_DATE, sequence: 3 });
    expect(await published(caseB)).toEqual([WAITING, registered(sequence3)]);
  });

  it('reads tolerantly: a birth with a field it does not know is processed', async () => {
    const caseT = randomUUID();
    await deliver(await messages.birth(caseT, { extra: true }), messages.certificate(caseT));
    expect((await published(caseT)).map((p) => p.state)).toEqual(['waiting', 'done']);
  });

  it('gives an item not applied for nothing and publishes nothing, even with its certificate', async () => {
    const caseN = randomUUID();
    const before = await ns.messageCount(ITEM_TOPIC);
    await deliver(await messages.birth(caseN, { items: ['birth-certificate', 'medical-insurance'] }), messages.certificate(caseN));
    expect(await published(caseN)).toEqual([]);
    expect(await ns.messageCount(ITEM_TOPIC)).toBe(before);
    expect((await get(`/internal/items/${caseN}`)).status).toBe(404);
  });

  it('waits for the applicant on sex 9 and registers a girl when a correction states the sex', async () => {
    const caseS = randomUUID();
    await deliver(await messages.birth(caseS, { sex: '9' }), messages.certificate(caseS));
    const awaiting: Published = { change: 'awaiting-applicant', state: 'awaiting_applicant', reasonCode: 'NEWBORN_SEX_REQUIRED', waitingFor: ['newborn-sex'], citizenIdNumber: null, forwardedTo: null };
    expect(await published(caseS)).toEqual([WAITING, awaiting]);
    await deliver(await messages.correction(caseS, { sex: '2' }));
    const girl = composeCitizenId({ countyCode: COUNTY, chinaBirthDate: CHINA_BIRTH_DATE, sequence: 2 });
    expect(await published(caseS)).toEqual([WAITING, awaiting, registered(girl)]);
  });

  it('sends a sex corrected after the number to manual review, never changing the number', async () => {
    const caseC = randomUUID();
    await deliver(await messages.birth(caseC), messages.certificate(caseC));
    const [, done] = await published(caseC);
    await deliver(await messages.correction(caseC, { sex: '2' }));
    expect((await published(caseC))[2]).toEqual({ change: 'in-progress', state: 'in_progress', reasonCode: 'MANUAL_REVIEW', waitingFor: [], citizenIdNumber: done.citizenIdNumber, forwardedTo: null });
    expect((await get(`/internal/items/${caseC}`)).body).toMatchObject({ state: 'in_progress', reviewCode: 'SEX_CORRECTED_AFTER_NUMBER' });
    expect(await ns.query(`SELECT sex FROM "${schema}".citizen_id_allocations WHERE case_id = $1`, [caseC])).toEqual([{ sex: 'male' }]);
  });

  it('forwards a hukou outside the served prefectures with forwardedTo and no number', async () => {
    const caseF = randomUUID();
    await deliver(await messages.birth(caseF, { motherHukouRegionCode: '440106' }), messages.certificate(caseF));
    expect(await published(caseF)).toEqual([WAITING, { change: 'forwarded', state: 'forwarded', reasonCode: null, waitingFor: [], citizenIdNumber: null, forwardedTo: '440106' }]);
  });

  it('sends exhausted sequences to manual review; retry-step redoes the step, and a correction to a sex with numbers left registers', async () => {
    const caseE = randomUUID();
    // Every boy's sequence of 沙河口区 for the day taken, as after 500 registrations (the two-instance test makes them for real).
    await ns.query(`INSERT INTO "${schema}".citizen_id_sequences (county_code, birth_date, sex, allocated) VALUES ('210211', $1, 'male', 500)`, [CHINA_BIRTH_DATE]);
    await deliver(await messages.birth(caseE, { motherHukouRegionCode: '210211' }), messages.certificate(caseE));
    const review: Published = { change: 'in-progress', state: 'in_progress', reasonCode: 'MANUAL_REVIEW', waitingFor: [], citizenIdNumber: null, forwardedTo: null };
    expect(await published(caseE)).toEqual([WAITING, review]);
    expect((await get(`/internal/items/${caseE}`)).body).toMatchObject({ reviewCode: 'SEQUENCES_EXHAUSTED' });

    await deliver(messages.command(caseE, 'retry-step'));
    expect(await published(caseE)).toEqual([WAITING, review]); // still exhausted: the same state, nothing published
    expect(await ns.query(`SELECT to_state FROM "${schema}".item_history WHERE case_id = $1`, [caseE])).toHaveLength(2);

    await deliver(await messages.correction(caseE, { sex: '2', motherHukouRegionCode: '210211' }));
    expect((await published(caseE))[2]).toEqual(registered(composeCitizenId({ countyCode: '210211', chinaBirthDate: CHINA_BIRTH_DATE, sequence: 2 })));
  });

  it('cancels the registration of a voided birth (revoked), keeps its number used, and a later revoke changes nothing', async () => {
    const caseV = randomUUID();
    await deliver(await messages.birth(caseV), messages.certificate(caseV));
    const [, done] = await published(caseV);
    await deliver(messages.voided(caseV));
    expect((await published(caseV))[2]).toMatchObject({ change: 'revoked', state: 'revoked', reasonCode: 'BIRTH_VOIDED', citizenIdNumber: done.citizenIdNumber });
    expect(await ns.query(`SELECT cancel_reason FROM "${schema}".citizen_id_allocations WHERE case_id = $1 AND cancelled_at IS NOT NULL`, [caseV])).toEqual([{ cancel_reason: 'BIRTH_VOIDED' }]);

    await deliver(messages.command(caseV, 'revoke'), await messages.correction(caseV, { sex: '2' }), messages.command(caseV, 'retry-step'));
    expect(await published(caseV)).toHaveLength(3);
    // The next boy of the county and day gets a new number: the cancelled one is never handed out again.
    const caseNext = randomUUID();
    await deliver(await messages.birth(caseNext), messages.certificate(caseNext));
    expect((await published(caseNext))[1].citizenIdNumber).not.toBe(done.citizenIdNumber);
  });

  it('revokes a waiting item on a revoke that came before the birth, and never registers it', async () => {
    const caseR = randomUUID();
    // Consumed first (another topic than the birth's: only waiting for it orders them).
    await deliver(messages.command(caseR, 'revoke'));
    await deliver(await messages.birth(caseR), messages.certificate(caseR));
    expect((await published(caseR)).map((p) => p.change)).toEqual(['waiting', 'revoked']);
    expect(await ns.query(`SELECT 1 FROM "${schema}".citizen_id_allocations WHERE case_id = $1`, [caseR])).toEqual([]);
  });

  it('published exactly one event per change and dead-lettered nothing', async () => {
    const history = await ns.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".item_history`);
    expect(await ns.messageCount(ITEM_TOPIC)).toBe(Number(history[0].n));
    expect(await deadLetters()).toBe(0);
  });

  it('refers an item in manual review to the county office (forwarded, the clerk named, the number kept used); a referral that does not apply is dead-lettered with its reason', async () => {
    const caseS = randomUUID();
    await deliver(await messages.birth(caseS), messages.certificate(caseS));
    const [, done] = await published(caseS);
    await deliver(await messages.correction(caseS, { sex: '2' }));
    await deliver(messages.referral(caseS, '110105'));
    // The county of the number wins over the one asked for.
    expect((await published(caseS))[3]).toEqual({ change: 'forwarded', state: 'forwarded', reasonCode: 'REFERRED_TO_OFFICE', waitingFor: [], citizenIdNumber: done.citizenIdNumber, forwardedTo: COUNTY });
    expect((await get(`/internal/items/${caseS}`)).body).toMatchObject({ state: 'forwarded', referredBy: 'wang.li', reviewCode: null });
    expect(await ns.query(`SELECT sex, cancelled_at FROM "${schema}".citizen_id_allocations WHERE case_id = $1`, [caseS])).toEqual([{ sex: 'male', cancelled_at: null }]);

    // Again, now that it is forwarded: refused, to the dead letters with the reason, nothing published.
    await deliver(messages.referral(caseS));
    expect(await published(caseS)).toHaveLength(4);
    await expectEventually(async () => expect(await ns.messageCount(`${Topics.householdRegistrationCommandsV1.name}.dlq`)).toBe(1));
    const [letter] = await ns.readAll(`${Topics.householdRegistrationCommandsV1.name}.dlq`);
    expect(JSON.stringify(letter!.headers ?? {}) + letter!.value!.toString()).toContain('REFERRAL_NOT_APPLICABLE');
  });
});
