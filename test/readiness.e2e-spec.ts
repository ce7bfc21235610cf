import { expectEventually, spawnNode, TcpProxy, TestNamespace } from '@birth/testing';
import { prepareServiceSchema, readiness, startService, type RunningService } from './support/system';

describe('readiness follows the database', () => {
  let ns: TestNamespace;
  let proxy: TcpProxy;
  const services: RunningService[] = [];

  beforeAll(async () => {
    ns = await TestNamespace.create();
    const target = new URL(ns.databaseUrl);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    for (const name of ['gateway', 'birth-certificate']) {
      const schema = await prepareServiceSchema(ns, name);
      services.push(await startService(ns, name, { DATABASE_SCHEMA: schema, DATABASE_URL: proxy.urlThrough(ns.databaseUrl) }));
    }
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop('SIGKILL')));
    await proxy?.stop();
    await ns?.dispose();
  });

  it('answers 503 while the database connection is down, and 200 again once it is back', async () => {
    for (const service of services) await expectEventually(async () => expect((await readiness(service)).status).toBe(200));

    proxy.cutConnections();
    for (const service of services) {
      await expectEventually(async () => {
        const ready = await readiness(service);
        expect(ready.status).toBe(503);
        expect(ready.body.details.database.status).toBe('down');
      });
      expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
    }

    proxy.restore();
    for (const service of services) await expectEventually(async () => expect((await readiness(service)).status).toBe(200), { timeoutMs: 30_000 });
  });

  it('reports pending migrations as not ready', async () => {
    // A schema with no migrations run: the service boots, but is not ready to work.
    const schema = `${ns.id}_unmigrated`;
    await ns.query(`CREATE SCHEMA "${schema}"`);
    const service = await startService(ns, 'birth-certificate', { DATABASE_SCHEMA: schema });
    services.push(service);
    const ready = await readiness(service);
    expect(ready.status).toBe(503);
    expect(ready.body.details.database.migrations).toMatch(/^pending/);
    await ns.query(`DROP SCHEMA "${schema}" CASCADE`);
  });
});

describe('configuration is checked at boot', () => {
  it('in production, a missing variable stops the service with a message naming it', async () => {
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: '',
      KAFKA_BROKERS: 'kafka:9092',
      DATABASE_SCHEMA: 'gateway',
      PORT: '0',
    };
    const gateway = spawnNode('apps/gateway/src/main.ts', env);
    const exit = await gateway.exited;
    expect(exit.code).toBe(78);
    expect(gateway.output()).toContain('DATABASE_URL is required in production');
  });

  it('a malformed variable stops the service with a message naming it, in any mode', async () => {
    const service = spawnNode('apps/birth-certificate/src/main.ts', { NODE_ENV: 'development', KAFKA_BROKERS: 'not a broker list' });
    const exit = await service.exited;
    expect(exit.code).toBe(78);
    expect(service.output()).toContain('KAFKA_BROKERS is invalid');
  });
});
