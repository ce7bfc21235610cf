import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Topics } from '@birth/contracts';
import type { Producer } from '@birth/messaging';
import { expectEventually, spawnNode, TestNamespace } from '@birth/testing';
import type { HospitalCredentials } from './support/hospital-client';
import { intakeResultsFor, signedIngressMessage, startIngressGateway, type IngressGateway, type SignedIngressMessage } from './support/ingress-client';
import { sampleBirth } from './support/sample-birth';
import type { RunningService } from './support/system';

const SUBMITTED = Topics.birthSubmittedV1.name;
const DEAD_LETTERS = `${SUBMITTED}.dlq`;
const HOUR_MS = 3600_000;

/**
 * A retry of an ingress message is never punished for what its failed attempt did: the nonce is
 * recorded in the inbox transaction, and the timestamp is judged against the time the message was
 * first produced, also when it comes back from the dead-letter topic. The gateway runs with the
 * test-only failpoint `ingress.after-verification` armed: the first attempt of every message fails
 * just after its signature was verified (and its nonce recorded), with a serialization failure
 * raised by PostgreSQL, and the inbox retries it.
 */
describe('ingress retries and replayed dead letters (gateway with the failpoint ingress.after-verification)', () => {
  let ns: TestNamespace;
  let schema: string;
  let ingress: IngressGateway;
  let gateway: RunningService;
  let hospital: HospitalCredentials;
  let revokedLater: HospitalCredentials;
  let producer: Producer;

  beforeAll(async () => {
    ns = await TestNamespace.create();
    ingress = await startIngressGateway(
      ns,
      [
        { id: 'H210202901', name: '大连市妇女儿童医疗中心', region: '210202' },
        { id: 'H210202902', name: '大连市友谊医院', region: '210202' },
      ],
      { BIRTH_FAILPOINTS: 'ingress.after-verification' },
    );
    [hospital, revokedLater] = ingress.hospitals as [HospitalCredentials, HospitalCredentials];
    ({ schema, gateway, producer } = ingress);
  });

  afterAll(async () => {
    await ingress?.stop();
    await ns?.dispose();
  });

  function birth(from: HospitalCredentials, birthRecordId?: string) {
    const b = sampleBirth(birthRecordId ? { birthRecordId } : {});
    b.hospital = { institutionId: from.hospitalId, name: '大连市妇女儿童医疗中心', regionCode: '210202' };
    return b;
  }

  /**
   * Waits until the gateway has committed its offsets past every message on the ingress topic and
   * its relay has published every answer: after that nothing more will be written for them, so the
   * topics can be counted.
   */
  async function settled(): Promise<void> {
    await expectEventually(
      async () => {
        expect(await ns.committedCount(ns.topic('gateway'), SUBMITTED)).toBe(await ns.messageCount(SUBMITTED));
        expect(await ns.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE published_at IS NULL`)).toEqual([{ n: 0 }]);
      },
      { timeoutMs: 90_000, message: 'the gateway consumed every ingress message and published every answer' },
    );
  }

  async function registeredFor(caseId: string) {
    return (await ns.readAll(Topics.birthRegisteredV1.name)).filter((m) => m.key?.toString() === caseId);
  }

  async function deadLettersOf(submissionId: string) {
    return (await ns.readAll(DEAD_LETTERS)).filter((m) => JSON.parse(m.value!.toString()).id === submissionId);
  }

  function failpointFired(submissionId: string): boolean {
    return gateway.process.output().includes(`failpoint ingress.after-verification: failing the first attempt of ${submissionId}`);
  }

  it('retries a message whose first attempt failed after the signature check: one case, one accepted result, no dead letter', async () => {
    const { envelope, message } = signedIngressMessage(ns, hospital, birth(hospital));
    await producer.send([message]);
    await settled();

    expect(failpointFired(envelope.id)).toBe(true);
    const results = await intakeResultsFor(ns, envelope.id);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ key: hospital.hospitalId, payload: { outcome: 'accepted', errors: [] } });
    expect(await registeredFor(results[0]!.payload.caseId)).toHaveLength(1);
    expect(await ns.messageCount(DEAD_LETTERS)).toBe(0);
    // The nonce is recorded once, by the attempt that committed.
    const nonces = await ns.query(`SELECT count(*)::int AS n FROM "${schema}".seen_nonces WHERE nonce = $1`, [message.headers['X-Nonce']]);
    expect(nonces).toEqual([{ n: 1 }]);
  });

  /**
   * On its merits: as the message would have been judged when first produced (its signature,
   * and its X-Timestamp against that first record time), by the hospital and key as they are at
   * replay time (a key revoked since signs nothing more), and once (the inbox knows its id).
   */
  describe('a dead letter replayed two hours after it was first produced is judged on its merits', () => {
    const firstProducedAt = Date.now() - 2 * HOUR_MS;
    let parkedWhileBroken: SignedIngressMessage;
    let forged: SignedIngressMessage;
    let skewedAtFirst: SignedIngressMessage;
    let keyRevokedSince: SignedIngressMessage;

    async function replay(submissionIds: string[]): Promise<void> {
      const letters = await ns.readAll(DEAD_LETTERS);
      const ids = letters.filter((m) => submissionIds.includes(JSON.parse(m.value!.toString()).id)).map((m) => `${m.partition}:${m.offset}`);
      // The operators' command, as the runbook says: npm run dlq -- replay birth.submitted.v1 --ids …
      // The replay audit goes to the gateway's test schema (dropped with the namespace).
      const env = { KAFKA_BROKERS: ns.kafkaBrokers, KAFKA_TOPIC_PREFIX: ns.namer.prefix, DATABASE_URL: ns.databaseUrl, DLQ_AUDIT_SCHEMA: schema };
      const cli = spawnNode('tools/dlq/dlq.cli.ts', env, [
        'replay',
        SUBMITTED,
        '--ids',
        ids.join(','),
      ]);
      const { code } = await cli.exited;
      expect({ code, output: cli.output() }).toMatchObject({ code: 0 });
    }

    beforeAll(async () => {
      const recordId = `BR-parked-${Date.now()}`;
      // Signed 30 s before it was produced, two hours ago.
      parkedWhileBroken = signedIngressMessage(ns, hospital, birth(hospital, recordId), { timestamp: firstProducedAt - 30_000 });
      // The same birth record (so the same partition, right after it): a forgery, and a message
      // whose X-Timestamp was two hours off the time it was produced but is fresh at replay time.
      forged = signedIngressMessage(ns, hospital, birth(hospital, recordId), { timestamp: firstProducedAt, secret: 'not-the-secret' });
      skewedAtFirst = signedIngressMessage(ns, hospital, birth(hospital, recordId), { timestamp: Date.now() });
      keyRevokedSince = signedIngressMessage(ns, revokedLater, birth(revokedLater), { timestamp: firstProducedAt - 30_000 });

      // The intake's store fails while they are consumed: the valid ones are retried, then parked as RETRIES_EXHAUSTED.
      await ns.query(`CREATE FUNCTION "${schema}".intake_store_broken() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN RAISE EXCEPTION 'intake store unavailable (test)'; END $$`);
      await ns.query(`CREATE TRIGGER intake_store_broken BEFORE INSERT ON "${schema}".intake_records
                        FOR EACH ROW EXECUTE FUNCTION "${schema}".intake_store_broken()`);
      // Produced two hours ago as far as Kafka knows: the hospital's producer sets the record time (CreateTime).
      const his = new Kafka({ clientId: 'hospital-his', brokers: ns.kafkaBrokers.split(','), logLevel: logLevel.NOTHING }).producer({
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await his.connect();
      try {
        await his.send({
          topic: ns.topic(SUBMITTED),
          messages: [parkedWhileBroken, forged, skewedAtFirst, keyRevokedSince].map(({ message }) => ({
            key: message.key,
            value: message.value,
            headers: message.headers,
            timestamp: String(firstProducedAt),
          })),
        });
      } finally {
        await his.disconnect();
      }
      await settled();
      const codes = Object.fromEntries(
        (await ns.readAll(DEAD_LETTERS)).map((m) => [JSON.parse(m.value!.toString()).id, m.headers['dlq-code']]),
      );
      expect(codes).toEqual({
        [parkedWhileBroken.envelope.id]: 'RETRIES_EXHAUSTED',
        [forged.envelope.id]: 'PERMANENT_REJECTION',
        [skewedAtFirst.envelope.id]: 'PERMANENT_REJECTION',
        [keyRevokedSince.envelope.id]: 'RETRIES_EXHAUSTED',
      });

      // The cause is fixed, the second hospital's key revoked, then all four are replayed.
      await ns.query(`DROP TRIGGER intake_store_broken ON "${schema}".intake_records`);
      const revoke = spawnNode('apps/gateway/src/cli/main.ts', ns.serviceEnv(schema), [
        'hospital',
        'revoke-key',
        '--id',
        revokedLater.hospitalId,
        '--key',
        revokedLater.keyId,
        '--force', // its only key
      ]);
      expect({ code: (await revoke.exited).code, output: revoke.output() }).toMatchObject({ code: 0 });
      await replay([parkedWhileBroken, forged, skewedAtFirst, keyRevokedSince].map((s) => s.envelope.id));
      await settled();
    });

    it('accepts one parked for a transient-looking reason (retries exhausted) once the cause is fixed: its timestamp is judged against its first record time, not the replay', async () => {
      const results = await intakeResultsFor(ns, parkedWhileBroken.envelope.id);
      expect(results.map((r) => r.payload.outcome)).toEqual(['rejected', 'accepted']);
      expect(results[0]!.payload.errors.map((e: { code: string }) => e.code)).toEqual(['RETRIES_EXHAUSTED']);
      expect(await registeredFor(results[1]!.payload.caseId)).toHaveLength(1);
      expect(await deadLettersOf(parkedWhileBroken.envelope.id)).toHaveLength(1);
    });

    it('keeps refusing a forgery (SIGNATURE_INVALID), audited once per dead-lettering', async () => {
      const results = await intakeResultsFor(ns, forged.envelope.id);
      expect(results.map((r) => [r.payload.outcome, r.payload.errors.map((e: { code: string }) => e.code)])).toEqual([
        ['rejected', ['SIGNATURE_INVALID']],
        ['rejected', ['SIGNATURE_INVALID']],
      ]);
      const letters = await deadLettersOf(forged.envelope.id);
      expect(letters).toHaveLength(2);
      // The second dead letter still carries the time the message was first produced.
      expect(letters.map((m) => m.headers['dlq-original-timestamp'])).toEqual([String(firstProducedAt), String(firstProducedAt)]);
      const audited = await ns.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${schema}".audit_log WHERE reason = 'SIGNATURE_INVALID' AND hospital_id = $1 AND actor = 'hospital-ingress'`,
        [hospital.hospitalId],
      );
      expect(audited).toEqual([{ n: 2 }]);
    });

    it('keeps refusing one whose X-Timestamp was off when first produced (TIMESTAMP_SKEW), although it is fresh at replay time', async () => {
      const results = await intakeResultsFor(ns, skewedAtFirst.envelope.id);
      expect(results.map((r) => [r.payload.outcome, r.payload.errors.map((e: { code: string }) => e.code)])).toEqual([
        ['rejected', ['TIMESTAMP_SKEW']],
        ['rejected', ['TIMESTAMP_SKEW']],
      ]);
    });

    it('refuses one signed with a key revoked since it was parked (KEY_REVOKED): hospital and key are judged as they are now', async () => {
      const results = await intakeResultsFor(ns, keyRevokedSince.envelope.id);
      expect(results.map((r) => [r.payload.outcome, r.payload.errors.map((e: { code: string }) => e.code)])).toEqual([
        ['rejected', ['RETRIES_EXHAUSTED']],
        ['rejected', ['KEY_REVOKED']],
      ]);
    });

    it('has no second effect when the accepted one is replayed again (the inbox knows its id)', async () => {
      const before = await ns.messageCount(Topics.birthIntakeResultsV1.name);
      await replay([parkedWhileBroken.envelope.id]);
      await settled();
      expect(await ns.messageCount(Topics.birthIntakeResultsV1.name)).toBe(before);
      const [, accepted] = await intakeResultsFor(ns, parkedWhileBroken.envelope.id);
      expect(await registeredFor(accepted!.payload.caseId)).toHaveLength(1);
    });
  });
});
