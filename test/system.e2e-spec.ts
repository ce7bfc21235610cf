import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Topics, type BirthRegisteredV1 } from '@birth/contracts';
import { OutboxPublisher } from '@birth/messaging';
import { DEMO_INTERNAL_TOKEN, InternalApiClient, prepareSealingKeys, type ItemAnswer } from '@birth/platform';
import { expectEventually, TestNamespace } from '@birth/testing';
import { SERVICES } from '../infra/services';
import { addHospital, HospitalClient } from './support/hospital-client';
import { readiness, startService, type RunningService } from './support/system';
import { sampleBirth, sampleRegisteredBirth } from './support/sample-birth';

/** The four departments built on the department item kit, each read through its own internal API. */
const DEPARTMENTS = ['birth-certificate', 'household-registration', 'medical-insurance', 'social-security-card'] as const;
type Department = (typeof DEPARTMENTS)[number];

/**
 * The whole system wired end to end on real Kafka and PostgreSQL: seven service processes,
 * each on its own schema, sharing one topic namespace.
 */
describe('the seven services, wired', () => {
  let ns: TestNamespace;
  let services: RunningService[] = [];
  /** The allowance's key pair of this suite: the gateway seals the bank accounts to its public side. */
  const keysDir = mkdtempSync(join(tmpdir(), 'system-sealing-'));

  beforeAll(async () => {
    ns = await TestNamespace.create();
    await prepareSealingKeys(keysDir);
    // Sequentially: seven SWC compilations at once would only compete for two cores. The gateway
    // last: it reads the cases' progress from the saga's internal API, whose port is known once it runs.
    for (const service of [...SERVICES.filter((s) => s.name !== 'gateway'), ...SERVICES.filter((s) => s.name === 'gateway')]) {
      const sagaUrl = services.find((s) => s.name === 'case-saga')?.internalUrl ?? '';
      // The gateway seals to the public side; the allowance opens with the private side (its payments).
      const env: Record<string, string> =
        service.name === 'gateway'
          ? { ALLOWANCE_SEALING_PUBLIC_KEYS_DIR: keysDir, CASE_SAGA_INTERNAL_URL: sagaUrl }
          : service.name === 'maternity-allowance'
            ? { SEALING_PRIVATE_KEYS_DIR: keysDir }
            : {};
      services.push(await startService(ns, service.name, env));
    }
    // Seven processes, each up to 90 s to compile and listen on a busy machine: more than one e2e hook's 120 s.
  }, 7 * 90_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop('SIGKILL')));
    await ns?.dispose();
    rmSync(keysDir, { recursive: true, force: true });
  });

  const running = (name: string) => services.find((s) => s.name === name)!;

  /** The department's item for the case, read as the saga and the CLI read it (the demo token, outside production). */
  async function itemOf(department: Department, caseId: string): Promise<ItemAnswer> {
    const client = new InternalApiClient({ baseUrl: running(department).internalUrl!, token: DEMO_INTERNAL_TOKEN });
    const answer = await client.get<ItemAnswer>(`/internal/items/${caseId}`);
    if (!answer.ok) throw new Error(`${department}: ${answer.status} ${JSON.stringify(answer.errors)}`);
    return answer.body;
  }

  /** Waits until every department's item for the case matches what `expected` says of it. */
  async function expectItems(caseId: string, expected: Record<Department, object>): Promise<void> {
    for (const department of DEPARTMENTS) {
      await expectEventually(async () => expect(await itemOf(department, caseId)).toMatchObject(expected[department]), {
        timeoutMs: 60_000,
        message: `${department} item of case ${caseId}`,
      });
    }
  }

  const allowanceClaimOf = (hospitalId: string, deliveryId: string) =>
    ns.query(`SELECT case_ids FROM "${running('maternity-allowance').schema}".allowance_claims WHERE hospital_id = $1 AND delivery_id = $2`, [hospitalId, deliveryId]);

  /** A birth without the newborn's name, as any hospital sends it: where each department stands. */
  const WITHOUT_NAME: Record<Department, object> = {
    'birth-certificate': { state: 'awaiting_applicant', waitingFor: ['newborn-name'], reasonCode: 'NEWBORN_NAME_REQUIRED' },
    'household-registration': { state: 'waiting', waitingFor: ['birth-certificate'] },
    'medical-insurance': { state: 'waiting', waitingFor: ['birth-certificate'], eligibilityBasis: expect.any(String) },
    'social-security-card': { state: 'waiting', waitingFor: ['citizen-id-number', 'insurance-outcome'] },
  };

  it('every service is live and ready (database at head; consumers joined)', async () => {
    for (const service of services) {
      const live = await fetch(`${service.url}/health/live`);
      expect(live.status).toBe(200);
      await expectEventually(async () => {
        const ready = await readiness(service);
        expect({ service: service.name, status: ready.status }).toEqual({ service: service.name, status: 200 });
        expect(ready.body.details.database).toMatchObject({ status: 'up', migrations: 'at head' });
      });
    }
  });

  it('a birth published through the gateway outbox opens the case, every department item and the allowance claim, once', async () => {
    const gateway = running('gateway');
    const dataSource = await ns.dataSource(gateway.schema);
    const publisher = new OutboxPublisher('gateway', ns.namer);
    const caseId = randomUUID();
    // Accepted an hour before it is published: the case's clock starts at the acceptance, not at occurredAt.
    const acceptedAt = new Date(Date.now() - 3600_000);
    const birth: BirthRegisteredV1 = { ...(await sampleRegisteredBirth(caseId)), acceptedAt: acceptedAt.toISOString() };
    await dataSource.transaction((tx) => publisher.publish(tx, { topic: Topics.birthRegisteredV1, key: caseId, caseId, payload: birth }));

    await expectEventually(async () => expect(await ns.messageCount(Topics.birthRegisteredV1.name)).toBe(1), { timeoutMs: 30_000 });
    const saga = services.find((s) => s.name === 'case-saga')!;
    await expectEventually(async () => {
      const rows = await ns.query(`SELECT case_id, hospital_id, birth_record_id, state, accepted_at FROM "${saga.schema}".cases`);
      expect(rows).toEqual([{ case_id: caseId, hospital_id: birth.hospital.institutionId, birth_record_id: birth.birthRecordId, state: 'open', accepted_at: acceptedAt }]);
    });
    await expectItems(caseId, WITHOUT_NAME);
    for (const department of DEPARTMENTS) expect((await itemOf(department, caseId)).caseId).toBe(caseId);
    await expectEventually(async () => expect(await allowanceClaimOf(birth.hospital.institutionId, birth.deliveryId)).toEqual([{ case_ids: [caseId] }]), {
      message: 'allowance claim',
    });
    expect(await ns.messageCount(`${Topics.birthRegisteredV1.name}.dlq`)).toBe(0);
  });

  it('a signed submission without a name leaves the certificate waiting; the correction that names the child takes all four items to done', async () => {
    const gateway = running('gateway');
    const hospital = new HospitalClient(gateway.url, await addHospital(ns, gateway.schema, { id: 'H210202100', name: '大连市妇女儿童医疗中心', region: '210202' }));
    const submission = sampleBirth();
    submission.hospital = { ...submission.hospital, institutionId: hospital.credentials.hospitalId };
    expect(submission.newborn.name).toBeNull();

    const accepted = await hospital.request('POST', '/api/v1/births', submission);
    expect(accepted.status).toBe(202);
    const caseId = accepted.body.caseId as string;
    await expectItems(caseId, WITHOUT_NAME);
    await expectEventually(async () => expect(await allowanceClaimOf(hospital.credentials.hospitalId, submission.deliveryId)).toEqual([{ case_ids: [caseId] }]), {
      message: 'allowance claim',
    });

    const corrected = await hospital.request('POST', `/api/v1/births/${caseId}/corrections`, { correctionId: 'name', patch: { newborn: { name: '王小雨' } } });
    expect(corrected.status).toBe(202);

    // Certificate → household registration (the citizen ID number) → insurance (on the certificate) → card (number and outcome).
    // Masked in the answer (no reveal asked): the county of registration and the last four only.
    const maskedIdNumber = expect.stringMatching(/^210202\*{8}\d{3}[0-9X]$/);
    await expectItems(caseId, {
      'birth-certificate': { state: 'done', waitingFor: [], reasonCode: null, certificateNumber: expect.stringMatching(/^[A-Z]\d{9}$/), replaces: null },
      'household-registration': { state: 'done', registrationRegionCode: '210202', forwardedTo: null, citizenIdNumber: maskedIdNumber },
      'medical-insurance': { state: 'done', outcome: 'enrolled' },
      'social-security-card': { state: 'done', cardState: 'applied', electronicCardIssuedAt: expect.any(String), socialSecurityNumber: maskedIdNumber },
    });
    const certificate = await itemOf('birth-certificate', caseId);
    expect(certificate.history.map((h) => h.state)).toEqual(['awaiting_applicant', 'done']);

    // The saga mirrors each department's item from its topic: the four steps done, the family told of the wait for the name.
    // NOTE: the case reaches `completed` only once the allowance pays, and the allowance pays through the bank program,
    // which this suite does not run: its step is not asserted here. To see `completed`, start the bank beside the services
    // (test/allowance-claims-paid.e2e-spec.ts shows how: BankUnderTest, BANK_URL, accounts the bank knows) and assert
    // `state: 'completed'`; src/cases/cases.int-spec.ts drives a full case to completed from the departments' topics.
    const saga = new InternalApiClient({ baseUrl: running('case-saga').internalUrl!, token: DEMO_INTERNAL_TOKEN });
    type SagaCase = { state: string; steps: { item: string; state: string }[]; notifications: { event: string; item: string }[] };
    const sagaCase = await expectEventually(
      async () => {
        const answer = await saga.get<SagaCase>(`/internal/cases/${caseId}`);
        if (!answer.ok) throw new Error(`case-saga: ${answer.status}`);
        expect(answer.body.steps.filter((s) => s.item !== 'maternity-allowance')).toEqual(DEPARTMENTS.map((item) => expect.objectContaining({ item, state: 'done' })));
        return answer.body;
      },
      { timeoutMs: 60_000, message: 'the saga\'s case' },
    );
    expect(sagaCase.steps.map((s) => s.item)).toEqual([...DEPARTMENTS, 'maternity-allowance']);
    expect(sagaCase.notifications).toEqual(expect.arrayContaining([expect.objectContaining({ event: 'step-awaiting-applicant', item: 'birth-certificate' })]));
    // The hospital reads the same progress through the gateway: states, waits and deadlines, no personal data.
    const byId = await hospital.request('GET', `/api/v1/births/${caseId}`);
    expect(byId.status).toBe(200);
    expect(byId.body.progress.steps.filter((s: { item: string }) => s.item !== 'maternity-allowance')).toEqual(
      DEPARTMENTS.map((item) => ({ item, state: 'done', waitingFor: [], deadline: expect.stringMatching(/T00:00:00\+08:00$/) })),
    );
    expect(JSON.stringify(byId.body)).not.toContain(submission.mother.identity.number);
    expect((await itemOf('household-registration', caseId)).history.map((h) => h.state)).toEqual(['waiting', 'done']);
    for (const topic of [Topics.birthRegisteredV1.name, Topics.birthCorrectedV1.name]) expect(await ns.messageCount(`${topic}.dlq`)).toBe(0);
  });

  it('stops gracefully on SIGTERM: finishes, flushes, disconnects, exits 0', async () => {
    const results = await Promise.all(services.map(async (s) => ({ name: s.name, exit: await s.stop('SIGTERM'), output: s.process.output() })));
    for (const { name, exit, output } of results) {
      expect({ name, code: exit.code }).toEqual({ name, code: 0 });
      expect(output).toMatch(/shutting down on SIGTERM/);
      expect(output).toMatch(/stopped \(relay published \d+ messages this run\)/);
    }
    services = [];
  });
});
