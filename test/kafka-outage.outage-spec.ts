import { randomUUID } from 'node:crypto';
import { Topics } from '@birth/contracts';
import { OutboxPublisher } from '@birth/messaging';
import { expectEventually, startKafka, stopKafka, TestNamespace } from '@birth/testing';
import { readiness, startService, type RunningService } from './support/system';
import { sampleRegisteredBirth } from './support/sample-birth';

/** Stops the shared broker: runs alone, after every other suite (jest project "outage"). */
describe('a Kafka outage', () => {
  let ns: TestNamespace;
  let gateway: RunningService;
  let department: RunningService;

  beforeAll(async () => {
    ns = await TestNamespace.create();
    gateway = await startService(ns, 'gateway');
    department = await startService(ns, 'birth-certificate');
    for (const service of [gateway, department]) await expectEventually(async () => expect((await readiness(service)).status).toBe(200));
  });

  afterAll(async () => {
    await startKafka();
    await Promise.all([gateway, department].map((s) => s?.stop('SIGKILL')));
    await ns?.dispose();
  });

  it('makes a consuming service unready but leaves the gateway ready (degraded); its outbox absorbs the outage', async () => {
    await stopKafka();
    await expectEventually(async () => {
      const ready = await readiness(department);
      expect(ready.status).toBe(503);
      expect(ready.body.details.kafka).toMatchObject({ status: 'down', reachable: false });
    }, { timeoutMs: 60_000 });
    const gatewayReady = await readiness(gateway);
    expect(gatewayReady.status).toBe(200);
    expect(gatewayReady.body.details.kafka).toMatchObject({ status: 'up', state: 'degraded', reachable: false });

    // The gateway keeps accepting work: its outbox holds the event until Kafka is back.
    const caseId = randomUUID();
    const dataSource = await ns.dataSource(gateway.schema);
    const payload = await sampleRegisteredBirth(caseId);
    await dataSource.transaction((tx) => new OutboxPublisher('gateway', ns.namer).publish(tx, { topic: Topics.birthRegisteredV1, key: caseId, caseId, payload }));

    await startKafka();
    for (const service of [gateway, department]) {
      await expectEventually(async () => {
        const ready = await readiness(service);
        expect(ready.status).toBe(200);
        expect(ready.body.details.kafka.state).toBe('ok');
      }, { timeoutMs: 90_000 });
    }
    await expectEventually(async () => {
      // The department's own item table (the department item kit): exactly one item for the case.
      expect(await ns.query(`SELECT case_id FROM "${department.schema}".items`)).toEqual([{ case_id: caseId }]);
    }, { timeoutMs: 60_000 });
    expect(await ns.messageCount(Topics.birthRegisteredV1.name)).toBe(1);
  });
});
