import 'reflect-metadata';
import { createHash, randomBytes } from 'node:crypto';
import { Controller, Get, Global, HttpCode, Module, Post } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { loadConfig, ServiceConfig } from '@birth/platform';
import { TestNamespace } from '@birth/testing';
import { GatewayConfig } from '../config';
import { CreateHospitals1764000001000 } from '../hospitals/migrations/1764000001000-create-hospitals';
import { AuditLog } from '../security/audit-log';
import { service } from '../service';
import { ConsoleAudit } from './console-audit';
import { ConsoleAuthModule } from './console-auth.module';
import { ConsoleRoute, CurrentConsoleUser } from './console-route';
import { ConsoleSessions } from './console-sessions';
import type { ConsoleUser } from './console-user';
import { ConsoleUsersAdmin } from './console-users-admin';
import { CreateConsoleAuth1764000015000 } from './migrations/1764000015000-create-console-auth';
import { SECURE_SESSION_COOKIE } from './secure-session-cookie';

/** A change for clerks only, as the console's own routes will be (issue 15's "the server decides"). */
@Controller('api/console/probe')
class ProbeController {
  @Post()
  @HttpCode(200)
  @ConsoleRoute('clerk')
  change(@CurrentConsoleUser() user: ConsoleUser) {
    return { username: user.username, regions: user.regions };
  }

  @Get()
  @ConsoleRoute('clerk', 'operator')
  read(@CurrentConsoleUser() user: ConsoleUser) {
    return { username: user.username };
  }
}

interface Answer {
  status: number;
  headers: Headers;
  body: { errors?: { field: string; code: string; message: { zh: string; en: string } }[] } & Record<string, unknown>;
}

// Long enough that a session just opened is still live when a loaded machine gets to the next request.
const IDLE_SECONDS_OF_SHORT_APP = 3;

describe('console sign-in, sessions, CSRF, roles and the audit log (in-process gateway app, real PostgreSQL)', () => {
  let ns: TestNamespace;
  let dataSource: DataSource;
  const apps: NestExpressApplication[] = [];
  let url: string;
  /** The same schema, served by a gateway whose sessions end after IDLE_SECONDS_OF_SHORT_APP. */
  let shortUrl: string;
  /** The same schema, served as in production (the cookie is Secure). */
  let productionUrl: string;
  let admin: ConsoleUsersAdmin;
  const password = 'correct horse battery staple';
  const users = { clerk: 'clerk-dl', operator: 'ops-1', auditor: 'audit-1', locked: 'clerk-lock', disabled: 'clerk-off' };

  async function startApp(env: Record<string, string>, schema: string, options: { productionCookie?: boolean } = {}): Promise<string> {
    const config = loadConfig(GatewayConfig, ns.serviceEnv(schema, { SECRETS_KEK: randomBytes(32).toString('base64'), ...env }));
    @Global()
    @Module({
      providers: [
        { provide: ServiceConfig, useValue: config },
        { provide: DataSource, useValue: dataSource },
      ],
      exports: [ServiceConfig, DataSource],
    })
    class TestPlatformModule {}
    const builder = Test.createTestingModule({ imports: [TestPlatformModule, ConsoleAuthModule], controllers: [ProbeController] });
    if (options.productionCookie) builder.overrideProvider(SECURE_SESSION_COOKIE).useValue(true);
    const moduleRef = await builder.compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ rawBody: true, logger: false, bodyParser: false });
    // The gateway's own body intake and error filter (service.configureApp), as in production.
    service.configureApp!(app);
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  }

  beforeAll(async () => {
    ns = await TestNamespace.create([]);
    const schema = await ns.createSchema('gateway_console', [CreateHospitals1764000001000, CreateConsoleAuth1764000015000]);
    dataSource = await ns.dataSource(schema);
    url = await startApp({ CONSOLE_LOCKOUT_FAILURES: '3', CONSOLE_LOCKOUT_MINUTES: '15' }, schema);
    shortUrl = await startApp({ CONSOLE_SESSION_IDLE_SECONDS: String(IDLE_SECONDS_OF_SHORT_APP) }, schema);
    productionUrl = await startApp({}, schema, { productionCookie: true });
    admin = new ConsoleUsersAdmin(dataSource, new AuditLog(dataSource), 'test');
    await Promise.all([
      admin.add({ username: users.clerk, role: 'clerk', regions: ['210200'], password }),
      admin.add({ username: users.operator, role: 'operator', regions: [], password }),
      admin.add({ username: users.auditor, role: 'auditor', regions: [], password }),
      admin.add({ username: users.locked, role: 'clerk', regions: ['220100'], password }),
      admin.add({ username: users.disabled, role: 'clerk', regions: ['330600'], password }),
    ]);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await ns?.dispose();
  });

  async function call(method: string, path: string, options: { cookie?: string; csrf?: string; body?: unknown; base?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.cookie !== undefined) headers['Cookie'] = options.cookie;
    if (options.csrf !== undefined) headers['X-CSRF-Token'] = options.csrf;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${options.base ?? url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Answer['body']) : {} };
  }

  const signIn = (username: string, pw = password) => call('POST', '/api/console/session', { body: { username, password: pw } });

  /** Signs in and returns the cookie to send back and the CSRF token. */
  async function session(username: string): Promise<{ cookie: string; csrf: string; token: string }> {
    const answer = await signIn(username);
    expect(answer.status).toBe(200);
    const token = /^birth_console_session=([^;]+);/.exec(answer.headers.get('set-cookie') ?? '')![1]!;
    return { cookie: `birth_console_session=${token}`, csrf: answer.body['csrfToken'] as string, token };
  }

  const refusal = (status: number, field: string, code: string) => ({
    status,
    body: { errors: [{ field, code, message: { zh: expect.any(String), en: expect.any(String) } }] },
  });

  it('signs in: the user, a CSRF token and an httpOnly SameSite=Strict cookie (Secure except in the demo configuration); the database keeps only the token\'s digest', async () => {
    const answer = await signIn(users.clerk);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      user: { userId: expect.stringMatching(/^[0-9a-f-]{36}$/), username: users.clerk, role: 'clerk', regions: ['210200'] },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const cookie = answer.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^birth_console_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const token = cookie.split(';')[0]!.split('=')[1]!;
    const stored = await dataSource.query<{ id: string; csrf_token: string }[]>(`SELECT id, csrf_token FROM console_sessions`);
    expect(stored.map((s) => s.id)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(token);

    const current = await call('GET', '/api/console/session', { cookie: `birth_console_session=${token}` });
    expect(current).toMatchObject({ status: 200, body: { user: { username: users.clerk, role: 'clerk' }, csrfToken: answer.body['csrfToken'] } });

    // Outside the demo configuration the cookie is Secure, on sign-in and on sign-out.
    const production = await call('POST', '/api/console/session', { base: productionUrl, body: { username: users.clerk, password } });
    expect(production.headers.get('set-cookie')).toMatch(/^birth_console_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure$/);
    const productionCookie = production.headers.get('set-cookie')!.split(';')[0]!;
    const out = await call('DELETE', '/api/console/session', { base: productionUrl, cookie: productionCookie, csrf: production.body['csrfToken'] as string });
    expect(out.headers.get('set-cookie')).toBe('birth_console_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure');
  });

  it('answers a wrong password and an unknown user alike (401 INVALID_CREDENTIALS), and refuses a malformed body (400)', async () => {
    const wrong = await signIn(users.operator, 'not the password at all');
    const unknown = await signIn('nobody-here', password);
    expect(wrong).toMatchObject(refusal(401, 'credentials', 'INVALID_CREDENTIALS'));
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const missing = await call('POST', '/api/console/session', { body: { username: users.operator } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors!.map((e) => [e.field, e.code])).toContainEqual(['password', 'IS_NOT_EMPTY']);
    const extra = await call('POST', '/api/console/session', { body: { username: users.operator, password, remember: true } });
    expect(extra.status).toBe(400);
    expect(extra.body.errors!.map((e) => [e.field, e.code])).toEqual([['remember', 'UNKNOWN_FIELD']]);
    // The failure above still counts once: a good sign-in clears it.
    await session(users.operator);
    expect(await dataSource.query(`SELECT failed_attempts FROM console_users WHERE username = $1`, [users.operator])).toEqual([{ failed_attempts: 0 }]);
  });

  it('locks an account after 3 wrong passwords (423 with Retry-After), refuses the right password while locked, and audits each refusal', async () => {
    expect(await signIn(users.locked, 'wrong password one')).toMatchObject({ status: 401 });
    expect(await signIn(users.locked, 'wrong password two')).toMatchObject({ status: 401 });
    const third = await signIn(users.locked, 'wrong password three');
    expect(third).toMatchObject(refusal(423, 'credentials', 'ACCOUNT_LOCKED'));
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(Number(third.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    const right = await signIn(users.locked);
    expect(right).toMatchObject(refusal(423, 'credentials', 'ACCOUNT_LOCKED'));
    expect(right.headers.get('set-cookie')).toBeNull();

    const refused = await dataSource.query<{ action: string; detail: { code: string } }[]>(
      `SELECT action, detail FROM console_audit_log WHERE actor_username = $1 ORDER BY seq`,
      [users.locked],
    );
    expect(refused.map((r) => [r.action, r.detail.code])).toEqual([
      ['session.sign-in-refused', 'INVALID_CREDENTIALS'],
      ['session.sign-in-refused', 'INVALID_CREDENTIALS'],
      ['session.sign-in-refused', 'ACCOUNT_LOCKED'],
      ['session.sign-in-refused', 'ACCOUNT_LOCKED'],
    ]);
    // An administrator's new password ends the lock.
    await admin.resetPassword(users.locked, 'a brand new passphrase');
    expect(await signIn(users.locked, 'a brand new passphrase')).toMatchObject({ status: 200 });
  });

  it('refuses a disabled user (403 ACCOUNT_DISABLED, only after the right password), and disabling ends the user\'s open sessions', async () => {
    const open = await session(users.disabled);
    expect(await call('GET', '/api/console/probe', { cookie: open.cookie })).toMatchObject({ status: 200 });
    const disabled = await admin.disable(users.disabled);
    expect(disabled.sessionsEnded).toBe(1);
    expect(await call('GET', '/api/console/probe', { cookie: open.cookie })).toMatchObject(refusal(401, 'session', 'SESSION_REQUIRED'));
    expect(await signIn(users.disabled)).toMatchObject(refusal(403, 'credentials', 'ACCOUNT_DISABLED'));
    expect(await signIn(users.disabled, 'not the password at all')).toMatchObject(refusal(401, 'credentials', 'INVALID_CREDENTIALS'));
  });

  it('ends a session idle for longer than CONSOLE_SESSION_IDLE_SECONDS (401 SESSION_EXPIRED, then SESSION_REQUIRED everywhere)', async () => {
    const open = await session(users.operator);
    // Active: the short-timeout gateway accepts it at once.
    expect(await call('GET', '/api/console/session', { cookie: open.cookie, base: shortUrl })).toMatchObject({ status: 200 });
    const sessionId = createHash('sha256').update(open.token).digest('hex');
    const shortSessions = apps[1]!.get(ConsoleSessions);
    expect(await shortSessions.isLive(sessionId)).toBe(true);
    // Idle for the timeout itself; isLive, as a server-sent events stream asks it, keeps nothing alive.
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS_OF_SHORT_APP * 1000 + 300));
    expect(await shortSessions.isLive(sessionId)).toBe(false);
    expect(await apps[0]!.get(ConsoleSessions).isLive(sessionId)).toBe(true);
    expect(await call('GET', '/api/console/session', { cookie: open.cookie, base: shortUrl })).toMatchObject(refusal(401, 'session', 'SESSION_EXPIRED'));
    // Ended, not merely judged idle: the 30-minute gateway refuses it too.
    expect(await call('GET', '/api/console/session', { cookie: open.cookie })).toMatchObject(refusal(401, 'session', 'SESSION_REQUIRED'));
    expect(await apps[0]!.get(ConsoleSessions).isLive(sessionId)).toBe(false);
  });

  it('signs out: DELETE needs the CSRF token, ends the session and clears the cookie; the cookie opens nothing afterwards', async () => {
    const open = await session(users.clerk);
    expect(await call('DELETE', '/api/console/session', { cookie: open.cookie })).toMatchObject(refusal(403, 'X-CSRF-Token', 'CSRF_TOKEN_INVALID'));
    const out = await call('DELETE', '/api/console/session', { cookie: open.cookie, csrf: open.csrf });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toBe('birth_console_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
    expect(await call('GET', '/api/console/session', { cookie: open.cookie })).toMatchObject(refusal(401, 'session', 'SESSION_REQUIRED'));
    expect(await call('DELETE', '/api/console/session', { cookie: open.cookie, csrf: open.csrf })).toMatchObject(refusal(401, 'session', 'SESSION_REQUIRED'));
  });

  it('refuses a change without the session\'s CSRF token (missing, wrong, another session\'s), and no session at all', async () => {
    const mine = await session(users.clerk);
    const other = await session(users.clerk);
    expect(await call('POST', '/api/console/probe', { cookie: mine.cookie, body: {} })).toMatchObject(refusal(403, 'X-CSRF-Token', 'CSRF_TOKEN_INVALID'));
    expect(await call('POST', '/api/console/probe', { cookie: mine.cookie, csrf: 'x'.repeat(43), body: {} })).toMatchObject(refusal(403, 'X-CSRF-Token', 'CSRF_TOKEN_INVALID'));
    expect(await call('POST', '/api/console/probe', { cookie: mine.cookie, csrf: other.csrf, body: {} })).toMatchObject(refusal(403, 'X-CSRF-Token', 'CSRF_TOKEN_INVALID'));
    expect(await call('POST', '/api/console/probe', { cookie: mine.cookie, csrf: mine.csrf, body: {} })).toMatchObject({ status: 200, body: { username: users.clerk, regions: ['210200'] } });
    expect(await call('POST', '/api/console/probe', { csrf: mine.csrf, body: {} })).toMatchObject(refusal(401, 'session', 'SESSION_REQUIRED'));
    expect(await call('GET', '/api/console/probe', { cookie: `birth_console_session=${randomBytes(32).toString('base64url')}` })).toMatchObject(refusal(401, 'session', 'SESSION_REQUIRED'));
  });

  it('refuses a role the route is not for (403 ROLE_FORBIDDEN): an operator on the audit log and on a clerk\'s change, a clerk on the audit log', async () => {
    const operator = await session(users.operator);
    const clerk = await session(users.clerk);
    expect(await call('GET', '/api/console/audit', { cookie: operator.cookie })).toMatchObject(refusal(403, 'role', 'ROLE_FORBIDDEN'));
    expect(await call('GET', '/api/console/audit', { cookie: clerk.cookie })).toMatchObject(refusal(403, 'role', 'ROLE_FORBIDDEN'));
    expect(await call('POST', '/api/console/probe', { cookie: operator.cookie, csrf: operator.csrf, body: {} })).toMatchObject(refusal(403, 'role', 'ROLE_FORBIDDEN'));
    expect(await call('GET', '/api/console/probe', { cookie: operator.cookie })).toMatchObject({ status: 200 });
  });

  it('lets auditors read the audit log, filtered and paged; ConsoleAudit.record writes within a transaction; the log is append-only', async () => {
    const clerk = await session(users.clerk);
    const clerkUser = (await call('GET', '/api/console/session', { cookie: clerk.cookie })).body['user'] as { userId: string; username: string };
    const caseId = '0e8f9a3c-1b2d-4e5f-8a9b-0c1d2e3f4a5b';
    const audit = new ConsoleAudit(dataSource);
    const user = { userId: clerkUser.userId, username: clerkUser.username, role: 'clerk' as const, sessionId: createHash('sha256').update(clerk.token).digest('hex') };
    for (const field of ['mother.name', 'mother.idNumber', 'mother.phone']) {
      await dataSource.transaction((manager) => audit.record({ user, action: 'case.reveal', caseId, field, reason: '申请人到窗口核对', detail: { source: 'test' } }, manager));
    }
    // A transaction that fails leaves no row.
    await expect(
      dataSource.transaction(async (manager) => {
        await audit.record({ user, action: 'case.reveal', caseId, field: 'father.name', reason: 'rolled back' }, manager);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');

    const auditor = await session(users.auditor);
    const first = await call('GET', `/api/console/audit?caseId=${caseId}&limit=2`, { cookie: auditor.cookie });
    expect(first.status).toBe(200);
    expect(first.body['entries']).toEqual([
      {
        seq: expect.any(String),
        at: expect.any(String),
        actor: { userId: clerkUser.userId, username: users.clerk, role: 'clerk' },
        action: 'case.reveal',
        caseId,
        field: 'mother.phone',
        reason: '申请人到窗口核对',
        detail: { source: 'test' },
      },
      expect.objectContaining({ field: 'mother.idNumber' }),
    ]);
    const second = await call('GET', `/api/console/audit?caseId=${caseId}&limit=2&cursor=${first.body['nextCursor'] as string}`, { cookie: auditor.cookie });
    expect((second.body['entries'] as { field: string }[]).map((e) => e.field)).toEqual(['mother.name']);
    expect(second.body['nextCursor']).toBeNull();
    const signIns = await call('GET', `/api/console/audit?actor=${users.auditor}&action=session.sign-in`, { cookie: auditor.cookie });
    expect((signIns.body['entries'] as { action: string }[]).map((e) => e.action)).toEqual(['session.sign-in']);
    expect(await call('GET', '/api/console/audit?limit=500&caseId=x', { cookie: auditor.cookie })).toMatchObject({
      status: 400,
      body: { errors: [expect.objectContaining({ field: 'caseId', code: 'IS_UUID' }), expect.objectContaining({ field: 'limit', code: 'MAX' })] },
    });

    await expect(dataSource.query(`UPDATE console_audit_log SET reason = 'changed'`)).rejects.toThrow(/append-only|permission denied/);
    await expect(dataSource.query(`DELETE FROM console_audit_log`)).rejects.toThrow(/append-only|permission denied/);
    await expect(dataSource.query(`TRUNCATE console_audit_log`)).rejects.toThrow(/append-only|permission denied/);
    const reasons = await dataSource.query<{ reason: string }[]>(`SELECT DISTINCT reason FROM console_audit_log WHERE case_id = $1`, [caseId]);
    expect(reasons).toEqual([{ reason: '申请人到窗口核对' }]);
  });

  it('never stores or audits a password', async () => {
    const dump = JSON.stringify(
      await dataSource.query(`SELECT to_jsonb(u) AS row FROM console_users u UNION ALL SELECT to_jsonb(a) FROM console_audit_log a UNION ALL SELECT to_jsonb(l) FROM audit_log l`),
    );
    expect(dump).not.toContain(password);
    expect(dump).not.toContain('a brand new passphrase');
    expect(dump).toContain('scrypt$32768$8$3$');
  });
});
