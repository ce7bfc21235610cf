import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Topics, type BirthRegisteredV1, type BirthSubmissionV1 } from '@birth/contracts';
import { FieldOpener, prepareSealingKeys, readPrivateKeyring } from '@birth/platform';
import { expectEventually, TcpProxy, TestNamespace } from '@birth/testing';
import { isValidCaseNumber } from '../apps/gateway/src/intake/domain/case-number';
import { addHospital, HospitalClient } from './support/hospital-client';
import { sampleBirth } from './support/sample-birth';
import { prepareServiceSchema, startService, type RunningService } from './support/system';

/**
 * The hospitals' intake API on a real gateway process, real PostgreSQL and real Kafka:
 * signed requests in, `birth.registered.v1` out, counted on the topic itself.
 */
describe('hospital intake over HTTP', () => {
  let ns: TestNamespace;
  let proxy: TcpProxy;
  let gateway: RunningService;
  let schema: string;
  const clients = new Map<string, HospitalClient>();

  /** A hospital of its own per test: rate buckets and idempotency keys never interfere. */
  async function hospital(name: string, region = '210202'): Promise<HospitalClient> {
    const id = `H${region}${String(clients.size).padStart(3, '0')}`;
    const credentials = await addHospital(ns, schema, { id, name, region });
    const client = new HospitalClient(gateway.url, credentials);
    clients.set(name, client);
    return client;
  }

  /** The allowance's key pair of this suite: the gateway gets the public side, the test opens with the private one. */
  const keysDir = mkdtempSync(join(tmpdir(), 'intake-sealing-'));

  function birthOf(client: HospitalClient, overrides: Partial<BirthSubmissionV1> = {}): BirthSubmissionV1 {
    const birth = sampleBirth(overrides);
    birth.hospital = { institutionId: client.credentials.hospitalId, name: '大连市妇女儿童医疗中心', regionCode: birth.hospital.regionCode };
    return birth;
  }

  const registeredCount = () => ns.messageCount(Topics.birthRegisteredV1.name);

  beforeAll(async () => {
    ns = await TestNamespace.create();
    schema = await prepareServiceSchema(ns, 'gateway');
    const target = new URL(ns.databaseUrl);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    await prepareSealingKeys(keysDir);
    gateway = await startService(ns, 'gateway', {
      ALLOWANCE_SEALING_PUBLIC_KEYS_DIR: keysDir,
      DATABASE_SCHEMA: schema,
      DATABASE_URL: proxy.urlThrough(ns.databaseUrl),
      INTAKE_RATE_PER_SECOND: '2',
      INTAKE_RATE_BURST: '30',
    });
  });

  afterAll(async () => {
    await gateway?.stop('SIGKILL');
    await proxy?.stop();
    await ns?.dispose();
    rmSync(keysDir, { recursive: true, force: true });
  });

  it('accepts a valid birth with 202, a case id and a checkable case number, and publishes it exactly once', async () => {
    const client = await hospital('accepts');
    const before = await registeredCount();
    const birth = birthOf(client);
    const answer = await client.request('POST', '/api/v1/births', birth, { headers: { 'x-request-id': 'req-123' } });
    expect(answer.status).toBe(202);
    expect(answer.headers.get('x-request-id')).toBe('req-123');
    expect(answer.body.caseId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body.caseNumber).toMatch(/^210202-\d{8}-\d{6}-\d$/);
    expect(isValidCaseNumber(answer.body.caseNumber)).toBe(true);

    await expectEventually(async () => expect(await registeredCount()).toBe(before + 1));
    const events = (await ns.readAll(Topics.birthRegisteredV1.name)).filter((m) => m.key?.toString() === answer.body.caseId);
    expect(events).toHaveLength(1);
    const envelope = JSON.parse(events[0]!.value!.toString());
    expect(envelope).toMatchObject({ type: 'birth.registered', version: 1, caseId: answer.body.caseId, correlationId: 'req-123', producer: 'gateway' });
    expect(envelope.payload.birthRecordId).toBe(birth.birthRecordId);
    // The case number and the stored acceptance travel on the event; every clock downstream starts there.
    const registered = envelope.payload as BirthRegisteredV1;
    expect(registered.caseNumber).toBe(answer.body.caseNumber);
    expect(registered.acceptedAt).toBe(answer.body.acceptedAt);
    // Both accounts sealed for the allowance service, bound to this case and field: never in clear on the topic.
    const raw = events[0]!.value!.toString();
    for (const account of [birth.mother.bankAccount!, birth.father!.bankAccount!]) expect(raw).not.toContain(account.accountNumber);
    const opener = new FieldOpener(await readPrivateKeyring(keysDir));
    const caseId = answer.body.caseId as string;
    expect(await opener.openJson(registered.mother.bankAccount!, { caseId, fieldPath: 'mother.bankAccount' })).toEqual(birth.mother.bankAccount);
    expect(await opener.openJson(registered.father!.bankAccount!, { caseId, fieldPath: 'father.bankAccount' })).toEqual(birth.father!.bankAccount);
    await expect(opener.openJson(registered.father!.bankAccount!, { caseId, fieldPath: 'mother.bankAccount' })).rejects.toThrow();

    const byId = await client.request('GET', `/api/v1/births/${answer.body.caseId}`);
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ caseNumber: answer.body.caseNumber, state: 'accepted', channel: 'http' });
    expect(byId.body.published).toEqual([expect.objectContaining({ type: 'birth.registered', publishedToKafka: true })]);
    // No case saga runs in this suite: the birth is answered without its progress (test/system.e2e-spec.ts reads it).
    expect(byId.body.progress).toBeNull();
    const byRecord = await client.request('GET', `/api/v1/births?recordId=${encodeURIComponent(birth.birthRecordId)}`);
    expect(byRecord.body.caseId).toBe(answer.body.caseId);
    // A new request id when the caller gives none.
    expect(byRecord.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const other = await hospital('other-hospital');
    expect((await other.request('GET', `/api/v1/births/${answer.body.caseId}`)).status).toBe(404);
  });

  it('answers a re-send with the first answer and publishes nothing; different content is 409 naming the fields', async () => {
    const client = await hospital('idempotent');
    const birth = birthOf(client);
    const first = await client.request('POST', '/api/v1/births', birth);
    await expectEventually(async () => expect((await client.request('GET', `/api/v1/births/${first.body.caseId}`)).body.published[0].publishedToKafka).toBe(true));
    const countAfterFirst = await registeredCount();

    const again = await client.request('POST', '/api/v1/births', birth);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);

    const changed = { ...birth, newborn: { ...birth.newborn, weightGrams: 3999 }, delivery: { ...birth.delivery, difficult: true } };
    const conflict = await client.request('POST', '/api/v1/births', changed);
    expect(conflict.status).toBe(409);
    expect(conflict.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['delivery.difficult', 'newborn.weightGrams']);
    expect(JSON.stringify(conflict.body)).not.toContain('3999');

    // Give the relay a moment's chance to publish a wrong second event, then count on the topic.
    const probe = await client.request('POST', '/api/v1/births', birthOf(client));
    await expectEventually(async () => expect(await registeredCount()).toBe(countAfterFirst + 1));
    const forFirstCase = (await ns.readAll(Topics.birthRegisteredV1.name)).filter((m) => m.key?.toString() === first.body.caseId);
    expect(forFirstCase).toHaveLength(1);
    expect(probe.status).toBe(202);
  });

  it('keeps concurrent duplicates to one case: the unique constraint decides', async () => {
    const client = await hospital('concurrent');
    const birth = birthOf(client);
    const answers = await Promise.all(Array.from({ length: 8 }, () => client.request('POST', '/api/v1/births', birth)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(202));
    expect(new Set(answers.map((a) => a.body.caseId)).size).toBe(1);
    const rows = await ns.query(`SELECT case_id FROM "${schema}".intake_records WHERE birth_record_id = $1`, [birth.birthRecordId]);
    expect(rows).toHaveLength(1);
    const events = await ns.query(`SELECT event_id FROM "${schema}".intake_events WHERE case_id = $1`, [answers[0]!.body.caseId]);
    expect(events).toHaveLength(1);
  });

  it('reports every validation error at once, with no personal data echoed', async () => {
    const client = await hospital('validation');
    const birth = birthOf(client);
    const bad = {
      ...birth,
      newborn: { ...birth.newborn, weightGrams: 200, gestation: { weeks: 50, days: 1 } },
      mother: { ...birth.mother, identity: { type: 'resident-id', number: '210202199003071529' }, phone: '12345' },
      surprise: 'field',
    };
    const answer = await client.request('POST', '/api/v1/births', bad);
    expect(answer.status).toBe(400);
    const fields = answer.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('surprise');
    expect(answer.body.errors[0]).toEqual({ field: expect.any(String), code: expect.any(String), message: { zh: expect.any(String), en: expect.any(String) } });
    // The shape error stops the detailed rules; fixing it shows them all together.
    delete (bad as Record<string, unknown>)['surprise'];
    const detailed = await client.request('POST', '/api/v1/births', bad);
    expect(detailed.status).toBe(400);
    const detailedFields = detailed.body.errors.map((e: { field: string }) => e.field);
    expect(detailedFields).toEqual(expect.arrayContaining(['newborn.weightGrams', 'newborn.gestation.weeks', 'mother.identity.number', 'mother.phone']));
    const text = JSON.stringify(detailed.body);
    for (const secret of ['210202199003071529', '王丽', '12345', '13800000000']) expect(text).not.toContain(secret);
  });

  it('refuses another hospital’s institution id in the payload, bodies over 64 KiB and invalid JSON', async () => {
    const client = await hospital('refusals');
    const birth = birthOf(client);
    birth.hospital.institutionId = 'SOMEONE-ELSE';
    expect((await client.request('POST', '/api/v1/births', birth)).status).toBe(403);
    const huge = JSON.stringify({ ...birthOf(client), padding: 'x'.repeat(70 * 1024) });
    const tooLarge = await client.request('POST', '/api/v1/births', huge);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.errors[0].code).toBe('BODY_TOO_LARGE');
    const broken = await client.request('POST', '/api/v1/births', '{"hospital": ');
    expect(broken.status).toBe(400);
    expect(broken.body.errors).toEqual([{ field: 'body', code: 'INVALID_JSON', message: { zh: expect.any(String), en: expect.any(String) } }]);
  });

  it('checks twins: same mother and delivery facts, distinct birth orders', async () => {
    const client = await hospital('twins');
    const deliveryId = `D-${randomUUID()}`;
    const twin = (order: number, overrides: Partial<BirthSubmissionV1> = {}) => {
      const birth = birthOf(client, { deliveryId });
      birth.newborn = { ...birth.newborn, plurality: 2, birthOrder: order };
      return { ...birth, ...overrides };
    };
    expect((await client.request('POST', '/api/v1/births', twin(1))).status).toBe(202);
    expect((await client.request('POST', '/api/v1/births', twin(2))).status).toBe(202);
    const sameOrder = await client.request('POST', '/api/v1/births', twin(2));
    expect(sameOrder.status).toBe(409);
    expect(sameOrder.body.errors.map((e: { code: string }) => e.code)).toContain('DELIVERY_BIRTH_ORDER_TAKEN');
    const base = twin(1);
    const otherMother = await client.request('POST', '/api/v1/births', {
      ...twin(1),
      mother: { ...base.mother, identity: { type: 'resident-id', number: '210202199103071527' } },
      delivery: { mode: 'caesarean', difficult: false },
    });
    expect(otherMother.status).toBe(409);
    expect(otherMother.body.errors.map((e: { code: string }) => e.code).sort()).toEqual(
      expect.arrayContaining(['DELIVERY_MOTHER_DIFFERS', 'DELIVERY_FACTS_DIFFER']),
    );
    // The same mother, but another account, other children before and living apart: each named on
    // its field, the accounts compared by their stored blind index (never kept in clear).
    const otherFacts = await client.request('POST', '/api/v1/births', {
      ...twin(2),
      mother: { ...base.mother, livingChildrenBefore: 2, bankAccount: { ...base.mother.bankAccount!, accountNumber: '6217000000000009999' } },
      application: { ...base.application, coupleLivesApart: true },
    });
    expect(otherFacts.status).toBe(409);
    expect(otherFacts.body.errors.map((e: { code: string; field: string }) => `${e.code} ${e.field}`)).toEqual(
      expect.arrayContaining([
        'DELIVERY_FACTS_DIFFER mother.livingChildrenBefore',
        'DELIVERY_FACTS_DIFFER application.coupleLivesApart',
        'DELIVERY_FACTS_DIFFER mother.bankAccount',
      ]),
    );
  });

  it('decides births arriving together each on its own, though they share transactions', async () => {
    const client = await hospital('together');
    const deliveryId = `D-${randomUUID()}`;
    const twin = (order: number) => {
      const birth = birthOf(client, { deliveryId });
      birth.newborn = { ...birth.newborn, plurality: 2, birthOrder: order };
      return birth;
    };
    const singles = Array.from({ length: 12 }, () => birthOf(client));
    const copy = singles[0]!; // the same content again: a re-send
    const clash = { ...singles[1]!, deliveryId: `D-${randomUUID()}` }; // the same birth record id with other content
    const [firstTwin, secondTwin, sameOrderTwin] = [twin(1), twin(2), twin(2)];
    const before = await registeredCount();

    const sent = [...singles, copy, clash, firstTwin, secondTwin, sameOrderTwin];
    const answers = await Promise.all(sent.map((birth) => client.request('POST', '/api/v1/births', birth)));
    const [singleAnswers, [copyAnswer, clashAnswer, firstTwinAnswer, ...orderTwinAnswers]] = [answers.slice(0, 12), answers.slice(12)];
    const codes = (answer: { body: { errors?: { code: string }[] } }) => (answer.body.errors ?? []).map((e) => e.code);

    expect(singleAnswers.slice(2).map((a) => a.status)).toEqual(Array(10).fill(202));
    expect(copyAnswer!.status).toBe(202);
    expect(copyAnswer!.body.caseId).toBe(singleAnswers[0]!.body.caseId);
    // Of the two contents under one birth record id, whichever came first wins; the other is told how it differs.
    const clashPair = [singleAnswers[1]!, clashAnswer!];
    expect(clashPair.map((a) => a.status).sort()).toEqual([202, 409]);
    expect(codes(clashPair.find((a) => a.status === 409)!)).toEqual(['DIFFERS_FROM_ORIGINAL']);
    expect(firstTwinAnswer!.status).toBe(202);
    expect(orderTwinAnswers.map((a) => a!.status).sort()).toEqual([202, 409]);
    expect(codes(orderTwinAnswers.find((a) => a!.status === 409)!)).toEqual(['DELIVERY_BIRTH_ORDER_TAKEN']);

    const accepted = answers.filter((a) => a.status === 202);
    const cases = new Set(accepted.map((a) => a.body.caseId as string));
    expect(cases.size).toBe(14); // 12 singles (one of them twice, one of the clashing pair) + 2 twins
    const numbers = [...new Set(accepted.map((a) => a.body.caseNumber as string))];
    expect(numbers).toHaveLength(14);
    expect(numbers.every(isValidCaseNumber)).toBe(true);
    const rows = await ns.query(`SELECT case_id, case_number FROM "${schema}".intake_records WHERE hospital_id = $1`, [client.credentials.hospitalId]);
    expect(new Set(rows.map((r) => r.case_id as string))).toEqual(cases);

    await expectEventually(async () => expect(await registeredCount()).toBe(before + 14));
    const published = (await ns.readAll(Topics.birthRegisteredV1.name)).map((m) => m.key?.toString()).filter((key) => cases.has(key!));
    expect(published.sort()).toEqual([...cases].sort());
    // Each event carries its own request's correlation id, though several shared a transaction.
    const correlationIds = (await ns.readAll(Topics.birthRegisteredV1.name))
      .filter((m) => cases.has(m.key!.toString()))
      .map((m) => JSON.parse(m.value!.toString()).correlationId as string);
    expect(new Set(correlationIds).size).toBe(14);
  });

  it('corrects a birth once per correctionId, publishes birth.corrected.v1, and refuses corrections after a void', async () => {
    const client = await hospital('corrections');
    const accepted = await client.request('POST', '/api/v1/births', birthOf(client));
    const caseId = accepted.body.caseId as string;
    const correction = { correctionId: 'c-1', patch: { newborn: { name: '李小明' } } };
    const first = await client.request('POST', `/api/v1/births/${caseId}/corrections`, correction);
    expect(first.status).toBe(202);
    expect(first.body.caseNumber).toBe(accepted.body.caseNumber);
    expect(first.body.corrections).toEqual([expect.objectContaining({ correctionId: 'c-1', changedFields: ['newborn.name'] })]);
    const retry = await client.request('POST', `/api/v1/births/${caseId}/corrections`, correction);
    expect(retry.status).toBe(202);
    expect(retry.body.corrections).toHaveLength(1);
    const reused = await client.request('POST', `/api/v1/births/${caseId}/corrections`, { correctionId: 'c-1', patch: { newborn: { name: '李小红' } } });
    expect(reused.status).toBe(409);
    const notCorrectable = await client.request('POST', `/api/v1/births/${caseId}/corrections`, { correctionId: 'c-2', patch: { mother: { identity: { number: 'x' } } } });
    expect(notCorrectable.status).toBe(400);
    expect(notCorrectable.body.errors[0]).toMatchObject({ field: 'mother.identity.number', code: 'FIELD_NOT_CORRECTABLE' });
    // Bank accounts are the allowance clerks' to correct: neither directly nor by dropping the father.
    for (const [id, patch] of [['c-3', { father: { bankAccount: { accountNumber: '6225000000000009999' } } }], ['c-4', { father: null }]] as const) {
      const account = await client.request('POST', `/api/v1/births/${caseId}/corrections`, { correctionId: id, patch });
      expect(account.status).toBe(400);
      expect(account.body.errors.map((e: { field: string; code: string }) => e.code)).toEqual(['FIELD_NOT_CORRECTABLE']);
    }

    await expectEventually(async () => {
      const corrected = (await ns.readAll(Topics.birthCorrectedV1.name)).filter((m) => m.key?.toString() === caseId);
      expect(corrected).toHaveLength(1);
      expect(JSON.parse(corrected[0]!.value!.toString()).payload).toMatchObject({ correctionId: 'c-1', changedFields: ['newborn.name'], correctedBy: `hospital:${client.credentials.hospitalId}` });
    });

    const voided = await client.request('POST', `/api/v1/births/${caseId}/void`, { reason: '重复登记' });
    expect(voided.status).toBe(202);
    expect(voided.body.state).toBe('voided');
    expect((await client.request('POST', `/api/v1/births/${caseId}/void`, { reason: '重复登记' })).status).toBe(202);
    const late = await client.request('POST', `/api/v1/births/${caseId}/corrections`, { correctionId: 'c-3', patch: { newborn: { name: '李小刚' } } });
    expect(late.status).toBe(409);
    expect(late.body.errors[0].code).toBe('CASE_VOIDED');
    await expectEventually(async () => {
      const voidEvents = (await ns.readAll(Topics.birthVoidedV1.name)).filter((m) => m.key?.toString() === caseId);
      expect(voidEvents).toHaveLength(1);
    });
  });

  it('stores the current payload only once corrected, and builds each correction on the previous one', async () => {
    const client = await hospital('successive corrections');
    const accepted = await client.request('POST', '/api/v1/births', birthOf(client));
    const caseId = accepted.body.caseId as string;
    const stored = async () =>
      (await ns.query(`SELECT original_payload_sealed, current_payload_sealed FROM "${schema}".intake_records WHERE case_id = $1`, [caseId]))[0] as {
        original_payload_sealed: string;
        current_payload_sealed: string | null;
      };
    // As submitted: the original is the only copy of the personal data.
    expect((await stored()).current_payload_sealed).toBeNull();

    expect((await client.request('POST', `/api/v1/births/${caseId}/corrections`, { correctionId: 'name', patch: { newborn: { name: '李小明' } } })).status).toBe(202);
    const afterFirst = await stored();
    expect(afterFirst.current_payload_sealed).not.toBeNull();
    expect(afterFirst.current_payload_sealed).not.toBe(afterFirst.original_payload_sealed);

    const second = await client.request('POST', `/api/v1/births/${caseId}/corrections`, { correctionId: 'weight', patch: { newborn: { weightGrams: 3400 } } });
    expect(second.status).toBe(202);
    await expectEventually(async () => {
      const corrected = (await ns.readAll(Topics.birthCorrectedV1.name)).filter((m) => m.key?.toString() === caseId).map((m) => JSON.parse(m.value!.toString()).payload);
      expect(corrected).toHaveLength(2);
      const weight = corrected.find((p) => p.correctionId === 'weight');
      expect(weight.changedFields).toEqual(['newborn.weightGrams']);
      // The second correction starts from the first one's result, not from the original.
      expect(weight.application.newborn).toMatchObject({ name: '李小明', weightGrams: 3400 });
    });
  });

  it('keeps personal data out of the intake tables in clear, and out of the logs', async () => {
    const client = await hospital('privacy');
    const birth = birthOf(client);
    expect((await client.request('POST', '/api/v1/births', birth)).status).toBe(202);
    const dump = JSON.stringify(await ns.query(`SELECT * FROM "${schema}".intake_records`));
    for (const secret of [birth.mother.name, birth.mother.identity.number, birth.mother.phone, birth.mother.bankAccount!.accountNumber, birth.father!.identity.number]) {
      expect(dump).not.toContain(secret);
      expect(gateway.process.output()).not.toContain(secret);
    }
  });

  it('answers 429 with Retry-After past the hospital’s rate', async () => {
    const client = await hospital('rate');
    const birth = birthOf(client);
    const answers = await Promise.all(Array.from({ length: 40 }, () => client.request('POST', '/api/v1/births', birth)));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.body.errors[0].code).toBe('RATE_LIMITED');
  });

  it('answers 503 with Retry-After while the database is down', async () => {
    const client = await hospital('outage');
    proxy.cutConnections();
    try {
      const answer = await client.request('POST', '/api/v1/births', birthOf(client));
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(answer.body.errors[0].code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      proxy.restore();
    }
    await expectEventually(async () => expect((await client.request('POST', '/api/v1/births', birthOf(client))).status).toBe(202));
  });
});
