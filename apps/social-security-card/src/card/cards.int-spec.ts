import { randomUUID } from 'node:crypto';
import { Topics, type BirthRegisteredV1, type EventEnvelope, type SocialSecurityCardItemChangedV1, type TopicDefinition } from '@birth/contracts';
import type { OutgoingMessage } from '@birth/messaging';
import { DepartmentSuite, envelopeMessage, expectEventually, registeredBirthV1, runGatewayCli, type TestNamespace } from '@birth/testing';
import { service as descriptor } from '../service';

// The social-security-card service as a real process over real Kafka and PostgreSQL: births,
// household registrations, insurance outcomes, voids and commands in; its item events and the
// internal API out; the physical card advanced through the CLI (npm run cli -- card advance).

const GROUP = 'social-security-card';
const CONSUMED = [Topics.birthRegisteredV1, Topics.householdRegistrationItemChangedV1, Topics.medicalInsuranceItemChangedV1, Topics.birthVoidedV1, Topics.socialSecurityCardCommandsV1];
const TOPICS: TopicDefinition[] = [...CONSUMED, Topics.birthCorrectedV1, Topics.socialSecurityCardItemChangedV1, Topics.policyVersionsV1, Topics.calendarYearsV1];
const ITEM_TOPIC = Topics.socialSecurityCardItemChangedV1.name;
const ID_NUMBER = '210202202612010028';

type ItemEvent = EventEnvelope<SocialSecurityCardItemChangedV1>;

describe('social-security-card, a real service (real Kafka and PostgreSQL)', () => {
  let suite: DepartmentSuite;
  let ns: TestNamespace;
  let schema: string;
  let internal: string;

  beforeAll(async () => {
    suite = await DepartmentSuite.start({ topics: TOPICS, group: GROUP, consumed: CONSUMED, schemaName: 'social_security_card', migrations: descriptor.migrations, entry: 'apps/social-security-card/src/main.ts' });
    ({ ns, schema, internalUrl: internal } = suite);
  });

  afterAll(async () => {
    await suite?.stop();
  });

  const message = (topic: TopicDefinition, caseId: string, payload: object): OutgoingMessage => envelopeMessage(ns, topic, caseId, payload, { producer: 'card-test' });
  const deliver = (...messages: OutgoingMessage[]) => suite.deliver(...messages);
  const block = (item: string, state: string, reasonCode: string | null = null) => {
    const at = new Date().toISOString();
    return { item, state, reasonCode, reason: null, waitingFor: [], prerequisitesMetAt: at, changedAt: at, ruleVersion: '1' };
  };
  const birthMessage = (caseId: string, birth: BirthRegisteredV1) => message(Topics.birthRegisteredV1, caseId, birth);
  const registered = (caseId: string) =>
    message(Topics.householdRegistrationItemChangedV1, caseId, {
      change: 'registered',
      item: block('household-registration', 'done'),
      citizenIdNumber: ID_NUMBER,
      registrationRegionCode: '210202',
      forwardedTo: null,
      registeredAt: new Date().toISOString(),
    });
  const forwarded = (caseId: string) =>
    message(Topics.householdRegistrationItemChangedV1, caseId, {
      change: 'forwarded',
      item: block('household-registration', 'forwarded', 'FORWARDED'),
      citizenIdNumber: null,
      registrationRegionCode: '110101',
      forwardedTo: '110101',
      registeredAt: null,
    });
  const insurance = (caseId: string, outcome: 'enrolled' | 'rejected') =>
    message(Topics.medicalInsuranceItemChangedV1, caseId, {
      change: outcome,
      item: block('medical-insurance', outcome === 'enrolled' ? 'done' : 'rejected', outcome === 'rejected' ? 'NOT_ELIGIBLE_IN_CITY' : null),
      outcome,
      enrolmentRegionCode: outcome === 'enrolled' ? '210200' : null,
      referredTo: outcome === 'rejected' ? '110100' : null,
      eligibilityBasis: outcome === 'enrolled' ? 'newborn-hukou' : null,
      coverageStart: outcome === 'enrolled' ? '2026-12-01' : null,
      provisional: false,
      contributionFen: outcome === 'enrolled' ? 40000 : null,
      contributionPaidAt: null,
    });
  const voided = (caseId: string, birth: BirthRegisteredV1) =>
    message(Topics.birthVoidedV1, caseId, { caseNumber: birth.caseNumber, hospitalId: birth.hospital.institutionId, birthRecordId: birth.birthRecordId, reason: '重复登记', voidedAt: new Date().toISOString() });
  const command = (caseId: string, payload: object) => message(Topics.socialSecurityCardCommandsV1, caseId, payload);

  const published = (caseId: string, expected: number) => suite.published<ItemEvent>(ITEM_TOPIC, caseId, expected);
  const changes = (events: ItemEvent[]) => events.map((e) => `${e.payload.change}:${e.payload.item.state}:${e.payload.item.waitingFor.join('+')}`);
  const outboxDrained = () => suite.outboxDrained();
  const item = (caseId: string, query = '') => suite.internalGet(`/internal/items/${caseId}${query}`, { Authorization: 'Bearer demo-internal-token', 'X-Actor': 'clerk:test' });
  const cli = (...args: string[]) => runGatewayCli({ SOCIAL_SECURITY_CARD_INTERNAL_URL: internal }, ['card', ...args]);

  let total = 0; // every event the cases below publish on the item topic
  let deadCommands = 0;
  let appliedCase: string;
  let appliedBirth: BirthRegisteredV1;

  it('waits for the ID number and the insurance outcome, then applies with the electronic card; redeliveries and an extra field change nothing', async () => {
    const caseId = randomUUID();
    const birth = registeredBirthV1();
    const withExtra = { ...birth, somethingNew: { x: 1 } } as BirthRegisteredV1;
    await deliver(birthMessage(caseId, withExtra));
    const reg = registered(caseId);
    await deliver(reg, reg);
    await deliver(registered(caseId)); // the number again, in a new message: nothing new
    const ins = insurance(caseId, 'enrolled');
    await deliver(ins, ins);
    await deliver(insurance(caseId, 'enrolled')); // the outcome again (as contribution-paid carries it), in a new message: nothing new
    const events = await published(caseId, 3);
    total += 3;
    expect(changes(events)).toEqual(['waiting:waiting:citizen-id-number+insurance-outcome', 'waiting:waiting:insurance-outcome', 'applied:done:']);
    expect(events[2].payload).toMatchObject({ cardState: 'applied', electronicCardIssuedAt: expect.any(String), forwardedTo: null });
    expect(JSON.stringify(events)).not.toContain(ID_NUMBER);

    // The number at rest is sealed: neither the item nor its history holds it in clear.
    const rows = await ns.query<{ facts: object }>(`SELECT facts FROM "${schema}".items WHERE case_id = $1`, [caseId]);
    expect(JSON.stringify(rows)).not.toContain(ID_NUMBER);
    const masked = await item(caseId);
    expect(masked).toMatchObject({ status: 200, body: { state: 'done', cardState: 'applied', electronicCardIssuedAt: expect.any(String) } });
    expect(masked.body['socialSecurityNumber']).not.toBe(ID_NUMBER);
    expect(String(masked.body['socialSecurityNumber'])).toMatch(/\*/);
    const revealed = await item(caseId, '?reveal=true&reason=family%20asked%20at%20the%20counter');
    expect(revealed.body['socialSecurityNumber']).toBe(ID_NUMBER);
    expect(await ns.query(`SELECT caller, actor, fields FROM "${schema}".personal_data_reveals WHERE record_id = $1`, [caseId])).toEqual([
      { caller: 'demo', actor: 'clerk:test', fields: ['socialSecurityNumber'] },
    ]);
    appliedCase = caseId;
    appliedBirth = birth;
  });

  it('prerequisites before the birth are kept; a rejected insurance does not block the card', async () => {
    const caseId = randomUUID();
    await deliver(insurance(caseId, 'rejected'), registered(caseId));
    expect(JSON.stringify(await ns.query(`SELECT facts FROM "${schema}".pending_prerequisites WHERE case_id = $1`, [caseId]))).not.toContain(ID_NUMBER);
    await deliver(birthMessage(caseId, registeredBirthV1()));
    const events = await published(caseId, 3);
    total += 3;
    expect(changes(events).at(-1)).toBe('applied:done:');
  });

  it('without insurance applied for, waits only for the ID number', async () => {
    const caseId = randomUUID();
    const birth = registeredBirthV1();
    await deliver(birthMessage(caseId, { ...birth, application: { ...birth.application, items: ['birth-certificate', 'household-registration', 'social-security-card'] } }));
    await deliver(registered(caseId));
    const events = await published(caseId, 2);
    total += 2;
    expect(changes(events)).toEqual(['waiting:waiting:citizen-id-number', 'applied:done:']);
  });

  it('is forwarded with household registration', async () => {
    const caseId = randomUUID();
    await deliver(birthMessage(caseId, registeredBirthV1()));
    await deliver(forwarded(caseId));
    await deliver(insurance(caseId, 'rejected')); // after the forwarding: changes nothing
    const events = await published(caseId, 2);
    total += 2;
    expect(changes(events)).toEqual(['waiting:waiting:citizen-id-number+insurance-outcome', 'forwarded:forwarded:']);
    expect(events[1].payload).toMatchObject({ forwardedTo: '110101', cardState: null });
  });

  it('an item not applied for gets nothing and publishes nothing', async () => {
    const caseId = randomUUID();
    const birth = registeredBirthV1();
    await deliver(birthMessage(caseId, { ...birth, application: { ...birth.application, items: ['birth-certificate'] } }));
    expect(await item(caseId)).toMatchObject({ status: 404, body: { errors: [{ code: 'ITEM_NOT_FOUND' }] } });
  });

  it('the physical card moves in_production → ready → issued by the CLI and advance-card; a repeat changes nothing, a step back is dead-lettered', async () => {
    expect(await cli('advance', '--case', appliedCase)).toMatchObject({ code: 0 });
    await deliver(command(appliedCase, { command: 'advance-card', cardState: 'ready', reasonCode: 'CARD_PRODUCED', note: null }));
    expect(await cli('advance', '--case', appliedCase, '--to', 'issued')).toMatchObject({ code: 0 });
    await deliver(command(appliedCase, { command: 'advance-card', cardState: 'issued', reasonCode: 'CARD_HANDED_OVER', note: null }));
    const refused = await cli('advance', '--case', appliedCase);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('CARD_STATE_NOT_NEXT');
    await deliver(command(appliedCase, { command: 'advance-card', cardState: 'in_production', reasonCode: 'OPERATOR_REQUEST', note: null }));
    deadCommands += 1;
    const events = await published(appliedCase, 6);
    total += 3;
    expect(events.slice(3).map((e) => `${e.payload.change}:${e.payload.cardState}`)).toEqual(['card-advanced:in_production', 'card-advanced:ready', 'card-advanced:issued']);
    await expectEventually(async () => expect(await ns.messageCount(`${Topics.socialSecurityCardCommandsV1.name}.dlq`)).toBe(deadCommands));
  });

  it('a voided birth cancels the card (revoked once, whatever revokes follow); a void before the birth is kept', async () => {
    await deliver(voided(appliedCase, appliedBirth), command(appliedCase, { command: 'revoke', reasonCode: 'BIRTH_VOIDED', note: null }));
    const events = await published(appliedCase, 7);
    total += 1;
    expect(events[6].payload).toMatchObject({ change: 'revoked', cardState: 'cancelled', item: { state: 'revoked', reasonCode: 'BIRTH_VOIDED' } });

    const early = randomUUID();
    const birth = registeredBirthV1();
    await deliver(voided(early, birth));
    await deliver(birthMessage(early, birth));
    expect(changes(await published(early, 2))).toEqual(['waiting:waiting:citizen-id-number+insurance-outcome', 'revoked:revoked:']);
    total += 2;
  });

  it('exactly the outcomes above reached the topic (high-water marks), and only the refused command was dead-lettered', async () => {
    await outboxDrained();
    expect(await ns.messageCount(ITEM_TOPIC)).toBe(total);
    for (const topic of CONSUMED) {
      const dead = topic === Topics.socialSecurityCardCommandsV1 ? deadCommands : 0;
      expect({ topic: topic.name, dead: await ns.messageCount(`${topic.name}.dlq`) }).toEqual({ topic: topic.name, dead });
    }
  });
});
