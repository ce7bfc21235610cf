import { randomUUID } from 'node:crypto';
import { Topics, type BirthRegisteredV1 } from '@birth/contracts';
import { OutboxPublisher } from '@birth/messaging';
import { expectEventually, TestNamespace } from '@birth/testing';
import { SERVICES } from '../infra/services';
import { readiness, startService, type RunningService } from './support/system';
import { sampleRegisteredBirth } from './support/sample-birth';

/**
 * The whole system wired end to end on real Kafka and PostgreSQL: seven service processes,
 * each on its own schema, sharing one topic namespace.
 */
describe('the seven services, wired', () => {
  let ns: TestNamespace;
  let services: RunningService[] = [];

  beforeAll(async () => {
    ns = await TestNamespace.create();
    // Sequentially: seven SWC compilations at once would only compete for two cores.
    for (const service of SERVICES) services.push(await startService(ns, service.name));
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop('SIGKILL')));
    await ns?.dispose();
  });

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

  it('a birth published through the gateway outbox opens the case and every department item, once', async () => {
    const gateway = services.find((s) => s.name === 'gateway')!;
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
    for (const service of services.filter((s) => s.name !== 'gateway' && s.name !== 'case-saga')) {
      await expectEventually(async () => {
        const rows = await ns.query(`SELECT case_id, delivery_id, state FROM "${service.schema}".work_items`);
        expect(rows).toEqual([{ case_id: caseId, delivery_id: birth.deliveryId, state: 'opened' }]);
      }, { timeoutMs: 30_000, message: `${service.name} work item` });
    }
    expect(await ns.messageCount(`${Topics.birthRegisteredV1.name}.dlq`)).toBe(0);
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
