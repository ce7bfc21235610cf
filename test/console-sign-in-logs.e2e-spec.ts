import { TestNamespace } from '@birth/testing';
import { ConsoleUsersAdmin } from '../apps/gateway/src/console-auth/console-users-admin';
import { AuditLog } from '../apps/gateway/src/security/audit-log';
import { prepareServiceSchema, startService, type RunningService } from './support/system';

/**
 * The console's sign-in on the real gateway process at the most verbose log level: the
 * passwords (right and wrong), the session token and the CSRF token never reach its output.
 */
describe('console sign-in on the real gateway: no password or session token in the logs', () => {
  let ns: TestNamespace;
  let gateway: RunningService;
  const password = 'only-in-this-test passphrase 7f3a';
  const wrongPassword = 'wrong-in-this-test passphrase 9c1e';

  beforeAll(async () => {
    ns = await TestNamespace.create();
    const schema = await prepareServiceSchema(ns, 'gateway');
    const dataSource = await ns.dataSource(schema);
    await new ConsoleUsersAdmin(dataSource, new AuditLog(dataSource), 'test').add({ username: 'log-clerk', role: 'clerk', regions: ['210200'], password });
    gateway = await startService(ns, 'gateway', { DATABASE_SCHEMA: schema, LOG_LEVEL: 'verbose', CONSOLE_LOCKOUT_FAILURES: '2' });
  });

  afterAll(async () => {
    await gateway?.stop();
    await ns?.dispose();
  });

  const post = (body: unknown) =>
    fetch(`${gateway.url}/api/console/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(20_000) });

  it('signs in, refuses a wrong password, locks, signs out — and logs none of the secrets', async () => {
    const signedIn = await post({ username: 'log-clerk', password });
    expect(signedIn.status).toBe(200);
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    const token = cookie.split('=')[1]!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    expect((await fetch(`${gateway.url}/api/console/session`, { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await post({ username: 'log-clerk', password: wrongPassword })).status).toBe(401);
    expect((await post({ username: 'nobody', password: wrongPassword })).status).toBe(401);
    expect((await post({ username: 'log-clerk', password: wrongPassword, extra: 1 })).status).toBe(400);
    expect((await post({ username: 'log-clerk', password: wrongPassword })).status).toBe(423);
    const signedOut = await fetch(`${gateway.url}/api/console/session`, { method: 'DELETE', headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken } });
    expect(signedOut.status).toBe(204);

    // The requests were logged (so the test looks at real log lines), and no secret is among them.
    const output = gateway.process.output();
    expect(output).toMatch(/\/api\/console\/session/);
    for (const secret of [password, wrongPassword, token, csrfToken]) expect(output).not.toContain(secret);
  });
});
