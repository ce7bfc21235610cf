import { randomUUID } from 'node:crypto';
import { Topics, type BirthRegisteredV1, type EventEnvelope, type MedicalInsuranceItemChangedV1, type TopicDefinition } from '@birth/contracts';
import type { OutgoingMessage } from '@birth/messaging';
import { DepartmentSuite, envelopeMessage, registeredBirthV1, runGatewayCli, type TestNamespace } from '@birth/testing';
import { service as descriptor } from '../service';

// The medical-insurance service as a real process over real Kafka and PostgreSQL: births,
// certificates, voids and the saga's commands in; its item events and the internal API out; the
// contribution recorded through the CLI (npm run cli -- insurance record-payment).

const GROUP = 'medical-insurance';
const CONSUMED = [Topics.birthRegisteredV1, Topics.birthCorrectedV1, Topics.birthCertificateItemChangedV1, Topics.birthVoidedV1, Topics.medicalInsuranceCommandsV1];
const TOPICS: TopicDefinition[] = [...CONSUMED, Topics.medicalInsuranceItemChangedV1, Topics.policyVersionsV1, Topics.calendarYearsV1];
const ITEM_TOPIC = Topics.medicalInsuranceItemChangedV1.name;

type ItemEvent = EventEnvelope<MedicalInsuranceItemChangedV1>;

describe('medical-insurance, a real service (real Kafka and PostgreSQL)', () => {
  let suite: DepartmentSuite;
  let ns: TestNamespace;
  let schema: string;
  let internal: string;

  beforeAll(async () => {
    suite = await DepartmentSuite.start({ topics: TOPICS, group: GROUP, consumed: CONSUMED, schemaName: 'medical_insurance', migrations: descriptor.migrations, entry: 'apps/medical-insurance/src/main.ts' });
    ({ ns, schema, internalUrl: internal } = suite);
  });

  afterAll(async () => {
    await suite?.stop();
  });

  const message = (topic: TopicDefinition, caseId: string, payload: object, id?: string): OutgoingMessage => envelopeMessage(ns, topic, caseId, payload, { id, producer: 'insurance-test' });
  const deliver = (...messages: OutgoingMessage[]) => suite.deliver(...messages);

  const birthMessage = (caseId: string, birth: BirthRegisteredV1, id?: string) => message(Topics.birthRegisteredV1, caseId, birth, id);
  const certificate = (caseId: string, change: 'issued' | 'revoked' = 'issued') => {
    const issuedAt = new Date().toISOString();
    const state = change === 'issued' ? 'done' : 'revoked';
    return message(Topics.birthCertificateItemChangedV1, caseId, {
      change,
      item: { item: 'birth-certificate', state, reasonCode: change === 'revoked' ? 'BIRTH_VOIDED' : null, reason: null, waitingFor: [], prerequisitesMetAt: issuedAt, changedAt: issuedAt, ruleVersion: '1' },
      certificateNumber: 'A123456789',
      replaces: null,
      issuedAt,
    });
  };
  const voided = (caseId: string, birth: BirthRegisteredV1) =>
    message(Topics.birthVoidedV1, caseId, { caseNumber: birth.caseNumber, hospitalId: birth.hospital.institutionId, birthRecordId: birth.birthRecordId, reason: '重复登记', voidedAt: new Date().toISOString() });
  const revoke = (caseId: string) => message(Topics.medicalInsuranceCommandsV1, caseId, { command: 'revoke', reasonCode: 'BIRTH_VOIDED', note: null });

  const published = (caseId: string, expected: number) => suite.published<ItemEvent>(ITEM_TOPIC, caseId, expected);
  const changes = (events: ItemEvent[]) => events.map((e) => `${e.payload.change}:${e.payload.item.state}`);
  const outboxDrained = () => suite.outboxDrained();
  const item = (caseId: string) => suite.internalGet(`/internal/items/${caseId}`, { Authorization: 'Bearer demo-internal-token' });
  const cli = (...args: string[]) => runGatewayCli({ MEDICAL_INSURANCE_INTERNAL_URL: internal }, ['insurance', ...args]);
  const chinaDate = (instant: string) => new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 10);

  let total = 0; // every event the cases below publish on the item topic
  let enrolledCase: string;

  it('an eligible birth waits for the certificate, then enrols: coverage from the date of birth, the contribution from the rules; redeliveries and an extra field change nothing', async () => {
    const caseId = randomUUID();
    const birth = registeredBirthV1();
    const withExtra = { ...birth, newborn: { ...birth.newborn, hairColour: 'black' }, somethingNew: { x: 1 } } as BirthRegisteredV1;
    const first = birthMessage(caseId, withExtra);
    await deliver(first, first);
    expect(changes(await published(caseId, 1))).toEqual(['waiting:waiting']);
    const cert = certificate(caseId);
    await deliver(cert, cert);
    const events = await published(caseId, 2);
    total += 2;
    expect(changes(events)).toEqual(['waiting:waiting', 'enrolled:done']);
    const [window] = await ns.query<{ provisional: boolean; on_time: boolean }>(`SELECT provisional, on_time FROM "${schema}".enrolment_windows WHERE case_id = $1`, [caseId]);
    expect(events[1].payload).toMatchObject({
      outcome: 'enrolled',
      enrolmentRegionCode: '210200',
      eligibilityBasis: 'newborn-hukou',
      coverageStart: chinaDate(birth.newborn.bornAt),
      provisional: window!.provisional,
      contributionFen: 40000,
      contributionPaidAt: null,
      referredTo: null,
    });
    expect(events[0].payload).toMatchObject({ outcome: null, coverageStart: null, contributionFen: null });
    expect(events[1].payload.item).toMatchObject({ item: 'medical-insurance', state: 'done', waitingFor: [], ruleVersion: '1' });
    const answer = await item(caseId);
    expect(answer).toMatchObject({ status: 200, body: { state: 'done', coverageStart: chinaDate(birth.newborn.bornAt), contributionFen: 40000, eligibilityBasis: 'newborn-hukou', onTime: window!.on_time } });
    expect((answer.body['history'] as { state: string }[]).map((h) => h.state)).toEqual(['waiting', 'done']);
    enrolledCase = caseId;
  });

  it('a certificate that comes before the birth is kept and used when the birth arrives (either order ends alike)', async () => {
    const caseId = randomUUID();
    const birth = registeredBirthV1();
    await deliver(certificate(caseId));
    expect(await ns.query(`SELECT kind FROM "${schema}".pending_prerequisites WHERE case_id = $1`, [caseId])).toEqual([{ kind: 'birth-certificate' }]);
    await deliver(birthMessage(caseId, birth));
    const events = await published(caseId, 2);
    total += 2;
    expect(changes(events)).toEqual(['waiting:waiting', 'enrolled:done']);
    expect(events[1].payload).toMatchObject({ outcome: 'enrolled', coverageStart: chinaDate(birth.newborn.bornAt) });
  });

  it('a newborn with nobody tied to the hospital’s city is rejected at once, referred to the chosen parent’s hukou city', async () => {
    const caseId = randomUUID();
    const sample = registeredBirthV1();
    const birth: BirthRegisteredV1 = {
      ...sample,
      mother: { ...sample.mother, hukouRegionCode: '110101', residencePermitRegionCode: undefined },
      father: sample.father && { ...sample.father, hukouRegionCode: '310101', residencePermitRegionCode: undefined },
      application: { ...sample.application, hukouParent: 'mother', settlementRegionCode: undefined },
    };
    await deliver(birthMessage(caseId, birth), certificate(caseId));
    const events = await published(caseId, 1);
    total += 1;
    expect(changes(events)).toEqual(['rejected:rejected']);
    expect(events[0].payload).toMatchObject({ outcome: 'rejected', referredTo: '110100', enrolmentRegionCode: null, coverageStart: null, eligibilityBasis: null });
    expect(events[0].payload.item).toMatchObject({ reasonCode: 'NOT_ELIGIBLE_IN_CITY', reason: { zh: expect.stringContaining('北京市') } });
  });

  it('a correction that takes the family out of the city rejects an item still waiting; an enrolled item keeps its outcome', async () => {
    const caseId = randomUUID();
    const birth = registeredBirthV1();
    const corrected: BirthRegisteredV1 = {
      ...birth,
      mother: { ...birth.mother, hukouRegionCode: '110101' },
      father: birth.father && { ...birth.father, hukouRegionCode: '110102' },
    };
    const correction = (id: string) =>
      message(Topics.birthCorrectedV1, id, { correctionId: `C-${randomUUID()}`, caseNumber: birth.caseNumber, patch: {}, changedFields: ['mother.hukouRegionCode', 'father.hukouRegionCode'], application: corrected, correctedAt: new Date().toISOString() });
    await deliver(birthMessage(caseId, birth));
    await deliver(correction(caseId));
    await deliver(certificate(caseId));
    const events = await published(caseId, 2);
    total += 2;
    expect(changes(events)).toEqual(['waiting:waiting', 'rejected:rejected']);
    expect(events[1].payload).toMatchObject({ outcome: 'rejected', referredTo: '110100', coverageStart: null, contributionFen: null });

    const enrolled = randomUUID();
    await deliver(birthMessage(enrolled, birth));
    await deliver(certificate(enrolled));
    await deliver(correction(enrolled));
    expect(changes(await published(enrolled, 2))).toEqual(['waiting:waiting', 'enrolled:done']);
    total += 2;
  });

  it('an item not applied for gets nothing and publishes nothing', async () => {
    const caseId = randomUUID();
    const birth = registeredBirthV1();
    await deliver(birthMessage(caseId, { ...birth, application: { ...birth.application, items: ['birth-certificate', 'household-registration'] } }), certificate(caseId));
    expect(await item(caseId)).toMatchObject({ status: 404, body: { errors: [{ code: 'ITEM_NOT_FOUND' }] } });
    // The certificate is kept as pending (harmless) but nothing is published for the case.
    await outboxDrained();
    expect((await ns.readAll(ITEM_TOPIC)).filter((m) => JSON.parse(m.value!.toString('utf8')).caseId === caseId)).toEqual([]);
  });

  it('npm run cli -- insurance record-payment records the contribution once; refused for an item not enrolled', async () => {
    const paid = await cli('record-payment', '--case', enrolledCase);
    expect(paid).toMatchObject({ code: 0 });
    const again = await cli('record-payment', '--case', enrolledCase);
    expect(again).toMatchObject({ code: 0 });
    const events = await published(enrolledCase, 3);
    total += 1;
    expect(changes(events)[2]).toBe('contribution-paid:done');
    expect(events[2].payload.contributionPaidAt).toEqual(expect.any(String));

    const waiting = randomUUID();
    await deliver(birthMessage(waiting, registeredBirthV1()));
    total += 1;
    const refused = await cli('record-payment', '--case', waiting);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('NOT_ENROLLED');
    const usage = await cli('record-payment');
    expect(usage.code).toBe(2);
  });

  it('a voided birth ends the enrolment (revoked, once, whatever revokes follow); a void before the birth is kept', async () => {
    const caseId = randomUUID();
    const birth = registeredBirthV1();
    await deliver(birthMessage(caseId, birth));
    await deliver(certificate(caseId));
    await deliver(voided(caseId, birth), revoke(caseId), voided(caseId, birth));
    const events = await published(caseId, 3);
    total += 3;
    expect(changes(events)).toEqual(['waiting:waiting', 'enrolled:done', 'revoked:revoked']);
    expect((await item(caseId)).body).toMatchObject({ state: 'revoked', reasonCode: 'BIRTH_VOIDED', enrolmentEndedAt: expect.any(String) });

    const early = randomUUID();
    const earlyBirth = registeredBirthV1();
    await deliver(voided(early, earlyBirth), birthMessage(early, earlyBirth));
    expect(changes(await published(early, 2))).toEqual(['waiting:waiting', 'revoked:revoked']);
    total += 2;
  });

  it('exactly the outcomes above reached the topic (high-water marks), and nothing was dead-lettered', async () => {
    await outboxDrained();
    expect(await ns.messageCount(ITEM_TOPIC)).toBe(total);
    for (const topic of CONSUMED) expect({ topic: topic.name, dead: await ns.messageCount(`${topic.name}.dlq`) }).toEqual({ topic: topic.name, dead: 0 });
  });
});
