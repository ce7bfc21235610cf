import { Topics } from '@birth/contracts';
import type { Producer } from '@birth/messaging';
import { expectEventually, TestNamespace } from '@birth/testing';
import type { HospitalCredentials } from './support/hospital-client';
import { intakeResultsFor, signedIngressMessage, startIngressGateway, type IngressGateway } from './support/ingress-client';
import { sampleBirth } from './support/sample-birth';

/**
 * Hospitals on the government network produce signed births to `birth.submitted.v1`; the
 * gateway answers each on `birth.intake-results.v1` (keyed by hospital id) and registers the
 * accepted ones, exactly as over HTTP.
 */
describe('hospital intake over the ingress topic', () => {
  let ns: TestNamespace;
  let ingress: IngressGateway;
  let credentials: HospitalCredentials;
  let producer: Producer;

  beforeAll(async () => {
    ns = await TestNamespace.create();
    ingress = await startIngressGateway(ns, [{ id: 'H210202900', name: '大连市中心医院', region: '210202' }]);
    [credentials] = ingress.hospitals as [HospitalCredentials];
    producer = ingress.producer;
  });

  afterAll(async () => {
    await ingress?.stop();
    await ns?.dispose();
  });

  const signedSubmission = (payload: object, options: { secret?: string } = {}) => signedIngressMessage(ns, credentials, payload, options);
  const resultsFor = (submissionId: string) => intakeResultsFor(ns, submissionId);

  function birth() {
    const b = sampleBirth();
    b.hospital = { institutionId: credentials.hospitalId, name: '大连市中心医院', regionCode: '210202' };
    return b;
  }

  it('accepts a signed submission: one birth.registered.v1 and an accepted result keyed by the hospital', async () => {
    const { envelope, message } = signedSubmission(birth());
    await producer.send([message]);
    await expectEventually(async () => {
      const [result] = await resultsFor(envelope.id);
      expect(result).toMatchObject({ key: credentials.hospitalId, payload: { outcome: 'accepted', errors: [] } });
      expect(result!.payload.caseNumber).toMatch(/^210202-\d{8}-\d{6}-\d$/);
    }, { timeoutMs: 60_000 });
    const [result] = await resultsFor(envelope.id);
    const registered = (await ns.readAll(Topics.birthRegisteredV1.name)).filter((m) => m.key?.toString() === result!.payload.caseId);
    expect(registered).toHaveLength(1);
    // Caused by the submission: same correlation id, the submission as causation.
    expect(JSON.parse(registered[0]!.value!.toString())).toMatchObject({ correlationId: envelope.correlationId, causationId: envelope.id });
  });

  it('a duplicate submission (same birth record, new message) gets the same case and publishes nothing new', async () => {
    const payload = birth();
    const first = signedSubmission(payload);
    await producer.send([first.message]);
    await expectEventually(async () => expect(await resultsFor(first.envelope.id)).toHaveLength(1), { timeoutMs: 60_000 });
    const second = signedSubmission(payload);
    await producer.send([second.message]);
    await expectEventually(async () => expect(await resultsFor(second.envelope.id)).toHaveLength(1), { timeoutMs: 60_000 });
    const [a] = await resultsFor(first.envelope.id);
    const [b] = await resultsFor(second.envelope.id);
    expect(b!.payload).toMatchObject({ outcome: 'accepted', caseId: a!.payload.caseId, caseNumber: a!.payload.caseNumber });
    const registered = (await ns.readAll(Topics.birthRegisteredV1.name)).filter((m) => m.key?.toString() === a!.payload.caseId);
    expect(registered).toHaveLength(1);
  });

  it('rejects an invalid or badly signed submission: a rejected result with the reasons, and the message in the DLQ', async () => {
    const invalidPayload = { ...birth(), newborn: { ...birth().newborn, weightGrams: 100 } };
    const invalid = signedSubmission(invalidPayload);
    const forged = signedSubmission(birth(), { secret: 'not-the-secret' });
    const malformed = signedSubmission({ birthRecordId: 'BR-x', hello: 'world' });
    await producer.send([invalid.message, forged.message, malformed.message]);

    await expectEventually(async () => {
      const [r1] = await resultsFor(invalid.envelope.id);
      expect(r1!.payload).toMatchObject({ outcome: 'rejected', caseId: null });
      expect(r1!.payload.errors.map((e: { field: string }) => e.field)).toContain('newborn.weightGrams');
      const [r2] = await resultsFor(forged.envelope.id);
      expect(r2!.payload.errors.map((e: { code: string }) => e.code)).toContain('SIGNATURE_INVALID');
      const [r3] = await resultsFor(malformed.envelope.id);
      expect(r3!.payload.outcome).toBe('rejected');
      expect(r3!.payload.errors.map((e: { code: string }) => e.code)).toContain('UNKNOWN_FIELD');
    }, { timeoutMs: 60_000 });
    const dead = await ns.readAll(`${Topics.birthSubmittedV1.name}.dlq`);
    const deadIds = dead.map((m) => JSON.parse(m.value!.toString()).id);
    expect(deadIds).toEqual(expect.arrayContaining([invalid.envelope.id, forged.envelope.id, malformed.envelope.id]));
    for (const m of dead) expect(m.headers['dlq-reason']).toBeTruthy();
    // Rejections are permanent at once (no retries), invalid shapes never reach the handler.
    expect(dead.map((m) => m.headers['dlq-code']).sort()).toEqual(['INVALID_MESSAGE', 'PERMANENT_REJECTION', 'PERMANENT_REJECTION']);
  });
});
