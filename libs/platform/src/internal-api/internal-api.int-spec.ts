import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrateServiceSchema } from '../database/service-data-source';
import { InternalApiClient } from './internal-api-client';
import { spawnNode, TestNamespace, type NodeProcess } from '@birth/testing';

const FIXTURE = 'libs/platform/test/fixtures/internal-api-service.ts';
const RECORD_ID = 'c0ffee00-0000-4000-8000-000000000001';

interface Running {
  process: NodeProcess;
  main: string;
  internal: string;
}

interface ErrorAnswer {
  errors: { field: string; code: string; message: { zh: string; en: string } }[];
}

interface RecordAnswer {
  recordId: string;
  socialSecurityNumber: string;
  mother: { name: string };
  askedBy: { caller: string; actor: string | null };
}

function token(): string {
  return randomBytes(24).toString('base64url');
}

async function start(env: Record<string, string>): Promise<Running> {
  const process = spawnNode(FIXTURE, env);
  const internalLine = await process.waitForOutput(/internal API on http:\/\/[^:]+:(\d+)/, 90_000);
  const mainLine = await process.waitForOutput(/listening on http:\/\/[^:]+:(\d+)/, 90_000);
  const portOf = (line: string) => /:(\d+)/.exec(line.slice(line.indexOf('http://') + 7))![1];
  return { process, main: `http://127.0.0.1:${portOf(mainLine)}`, internal: `http://127.0.0.1:${portOf(internalLine)}` };
}

async function stop(running: Running | undefined): Promise<void> {
  if (!running) return;
  running.process.kill('SIGTERM');
  await running.process.exited;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null, headers: response.headers };
}

function codesOf(body: unknown): string[] {
  return (body as ErrorAnswer).errors.map((e) => e.code);
}

describe('the internal API (a real service through the platform bootstrap, real PostgreSQL)', () => {
  const tokens = { gateway: token(), 'case-saga': token(), cli: token() };
  const configured = Object.entries(tokens)
    .map(([caller, value]) => `${caller}:${value}`)
    .join(',');
  let ns: TestNamespace;
  let schema: string;
  let service: Running;

  beforeAll(async () => {
    ns = await TestNamespace.create([]);
    schema = await ns.createSchema('internal_api');
    service = await start(ns.serviceEnv(schema, { INTERNAL_API_TOKENS: configured }));
  });

  afterAll(async () => {
    await stop(service);
    await ns?.dispose();
  });

  const reveals = () => ns.query<{ caller: string; actor: string | null; record_kind: string; record_id: string; fields: string[]; reason: string }>(
    `SELECT caller, actor, record_kind, record_id, fields, reason FROM "${schema}".personal_data_reveals ORDER BY id`,
  );

  describe('two ports', () => {
    it('the main port serves health and the public routes, and answers 404 for /internal in any spelling', async () => {
      expect((await get(`${service.main}/health/live`)).status).toBe(200);
      expect((await get(`${service.main}/public`)).status).toBe(200);
      for (const path of ['/internal/records/x', '/INTERNAL/records/x', '/internal']) {
        const answer = await get(`${service.main}${path}`, { Authorization: `Bearer ${tokens.gateway}` });
        expect({ path, status: answer.status, codes: codesOf(answer.body) }).toEqual({ path, status: 404, codes: ['NOT_FOUND'] });
      }
    });

    it('the internal port serves /internal only: no health, metrics or public routes', async () => {
      for (const path of ['/health/live', '/health/ready', '/metrics', '/public']) {
        const answer = await get(`${service.internal}${path}`, { Authorization: `Bearer ${tokens.gateway}` });
        expect({ path, status: answer.status, codes: codesOf(answer.body) }).toEqual({ path, status: 404, codes: ['NOT_FOUND'] });
      }
    });
  });

  describe('bearer tokens', () => {
    it('401 without a token, with the platform error shape', async () => {
      const answer = await get(`${service.internal}/internal/records/${RECORD_ID}`);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(answer.body).toEqual({
        errors: [{ field: 'Authorization', code: 'INTERNAL_TOKEN_MISSING', message: { zh: expect.any(String), en: expect.any(String) } }],
      });
    });

    it('401 for an unknown token, and for a token of another scheme', async () => {
      expect(codesOf((await get(`${service.internal}/internal/records/${RECORD_ID}`, { Authorization: `Bearer ${token()}` })).body)).toEqual([
        'INTERNAL_TOKEN_UNKNOWN',
      ]);
      const basic = await get(`${service.internal}/internal/records/${RECORD_ID}`, { Authorization: `Basic ${tokens.gateway}` });
      expect({ status: basic.status, codes: codesOf(basic.body) }).toEqual({ status: 401, codes: ['INTERNAL_TOKEN_MISSING'] });
    });

    it('401 for an unknown internal path without a token: nothing is told before authentication', async () => {
      expect((await get(`${service.internal}/internal/nothing-here`)).status).toBe(401);
    });

    it('200 with each configured token, the handler told which caller it is', async () => {
      for (const [caller, value] of Object.entries(tokens)) {
        const answer = await get(`${service.internal}/internal/records/${RECORD_ID}`, { Authorization: `Bearer ${value}` });
        expect({ caller, status: answer.status, askedBy: (answer.body as RecordAnswer).askedBy }).toEqual({
          caller,
          status: 200,
          askedBy: { caller, actor: null },
        });
      }
    });

    it('accepts the demo token outside production, as caller demo', async () => {
      const answer = await get(`${service.internal}/internal/records/${RECORD_ID}`, { Authorization: 'Bearer demo-internal-token' });
      expect(answer.status).toBe(200);
      expect((answer.body as RecordAnswer).askedBy.caller).toBe('demo');
    });

    it('passes X-Actor on, and refuses a malformed one', async () => {
      const named = await get(`${service.internal}/internal/records/${RECORD_ID}`, { Authorization: `Bearer ${tokens.gateway}`, 'X-Actor': 'clerk:zhang.san' });
      expect((named.body as RecordAnswer).askedBy).toEqual({ caller: 'gateway', actor: 'clerk:zhang.san' });
      const tooLong = await get(`${service.internal}/internal/records/${RECORD_ID}`, { Authorization: `Bearer ${tokens.gateway}`, 'X-Actor': 'a'.repeat(129) });
      expect({ status: tooLong.status, codes: codesOf(tooLong.body) }).toEqual({ status: 400, codes: ['INVALID_ACTOR'] });
    });

    it("a handler's own refusal keeps the platform shape", async () => {
      const answer = await get(`${service.internal}/internal/records/unknown`, { Authorization: `Bearer ${tokens.gateway}` });
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ errors: [{ field: 'recordId', code: 'RECORD_NOT_FOUND', message: { zh: '没有该记录', en: 'No such record' } }] });
    });
  });

  describe('reveal of personal data', () => {
    const url = (query: string) => `${service.internal}/internal/records/${RECORD_ID}${query}`;
    const asGateway = { Authorization: `Bearer ${tokens.gateway}`, 'X-Actor': 'clerk:li.si' };

    it('answers masked by default, and audits nothing', async () => {
      const before = (await reveals()).length;
      const answer = await get(url(''), asGateway);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ socialSecurityNumber: '210202********123X', mother: { name: '王**' } });
      expect((await reveals()).length).toBe(before);
    });

    it('refuses a reveal without a reason (400), and reveals nothing', async () => {
      const before = (await reveals()).length;
      for (const query of ['?reveal=true', '?reveal=true&reason=%20%20', '?reveal=yes&reason=x']) {
        const answer = await get(url(query), asGateway);
        expect({ query, status: answer.status }).toEqual({ query, status: 400 });
        expect(JSON.stringify(answer.body)).not.toContain('21020220250101123X');
      }
      expect(codesOf((await get(url('?reveal=true'), asGateway)).body)).toEqual(['REVEAL_REASON_REQUIRED']);
      expect(codesOf((await get(url(`?reveal=true&reason=${'x'.repeat(501)}`), asGateway)).body)).toEqual(['REVEAL_REASON_INVALID']);
      expect((await reveals()).length).toBe(before);
    });

    it('reveals with a reason, after writing one audit row: caller, actor, record, fields, reason', async () => {
      const before = await reveals();
      const reason = '窗口核对身份 / identity check at the window';
      const answer = await get(url(`?reveal=true&reason=${encodeURIComponent(reason)}`), asGateway);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ socialSecurityNumber: '21020220250101123X', mother: { name: '王小红' } });
      const after = await reveals();
      expect(after.slice(before.length)).toEqual([
        { caller: 'gateway', actor: 'clerk:li.si', record_kind: 'record', record_id: RECORD_ID, fields: ['mother.name', 'socialSecurityNumber'], reason },
      ]);
    });

    it('InternalApiClient sends the token, the actor and the reveal as the service expects', async () => {
      const client = new InternalApiClient({ baseUrl: `${service.internal}/`, token: tokens.cli });
      const before = (await reveals()).length;
      const masked = await client.get<RecordAnswer>(`/internal/records/${RECORD_ID}`);
      expect(masked).toMatchObject({ ok: true, status: 200, body: { socialSecurityNumber: '210202********123X', askedBy: { caller: 'cli', actor: null } } });
      const revealed = await client.get<RecordAnswer>(`/internal/records/${RECORD_ID}`, { actor: 'operator:wang', reveal: { reason: 'a reason & more' } });
      expect(revealed).toMatchObject({ ok: true, body: { socialSecurityNumber: '21020220250101123X' } });
      expect((await reveals()).slice(before)).toEqual([expect.objectContaining({ caller: 'cli', actor: 'operator:wang', reason: 'a reason & more' })]);
      expect(await client.get(`/internal/records/unknown`)).toEqual({ ok: false, status: 404, errors: [expect.objectContaining({ code: 'RECORD_NOT_FOUND' })] });
      expect(await new InternalApiClient({ baseUrl: service.internal, token: token() }).get(`/internal/records/${RECORD_ID}`)).toEqual({
        ok: false,
        status: 401,
        errors: [expect.objectContaining({ code: 'INTERNAL_TOKEN_UNKNOWN' })],
      });
    });

    it('answers an error, never the data, when the audit row cannot be written', async () => {
      await ns.query(`ALTER TABLE "${schema}".personal_data_reveals RENAME TO personal_data_reveals_away`);
      try {
        const answer = await get(url('?reveal=true&reason=check'), asGateway);
        expect({ status: answer.status, codes: codesOf(answer.body) }).toEqual({ status: 500, codes: ['INTERNAL_ERROR'] });
        expect(JSON.stringify(answer.body)).not.toMatch(/21020220250101123X|王小红/);
      } finally {
        await ns.query(`ALTER TABLE "${schema}".personal_data_reveals_away RENAME TO personal_data_reveals`);
      }
    });

    it('keeps the audit append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
      for (const statement of [
        `UPDATE "${schema}".personal_data_reveals SET reason = 'changed'`,
        `DELETE FROM "${schema}".personal_data_reveals`,
        `TRUNCATE "${schema}".personal_data_reveals`,
      ]) {
        await expect(ns.query(statement)).rejects.toThrow(/append-only/);
      }
      expect((await reveals()).length).toBeGreaterThan(0);
    });

    it('leaves the service role, which owns the table, without UPDATE, DELETE and TRUNCATE on it', async () => {
      // As infra/db/prepare.ts sets a service up: its own role owns its schema and runs its migrations.
      const role = `${schema}_role`;
      const roleSchema = `${schema}_owned`;
      await ns.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${role}'`);
      try {
        await ns.query(`CREATE SCHEMA "${roleSchema}" AUTHORIZATION "${role}"`);
        const url = new URL(ns.databaseUrl);
        url.username = role;
        url.password = role;
        await migrateServiceSchema({ url: url.toString(), schema: roleSchema, migrations: [] });
        const client = new Client({ connectionString: url.toString(), options: `-c search_path=${roleSchema}` });
        await client.connect();
        try {
          await client.query(`INSERT INTO personal_data_reveals (caller, actor, record_kind, record_id, fields, reason) VALUES ('cli', NULL, 'record', 'r', '{x}', 'check')`);
          for (const statement of ['UPDATE personal_data_reveals SET reason = $$changed$$', 'DELETE FROM personal_data_reveals', 'TRUNCATE personal_data_reveals']) {
            await expect(client.query(statement)).rejects.toThrow(/permission denied/);
          }
        } finally {
          await client.end();
        }
      } finally {
        await ns.query(`DROP SCHEMA IF EXISTS "${roleSchema}" CASCADE`);
        await ns.query(`DROP ROLE "${role}"`);
      }
    });
  });

  describe('under production configuration', () => {
    let production: Running | undefined;
    afterAll(() => stop(production));

    it('refuses the demo token and accepts the configured ones', async () => {
      production = await start(ns.serviceEnv(schema, { NODE_ENV: 'production', INTERNAL_API_TOKENS: configured }));
      const demo = await get(`${production.internal}/internal/records/${RECORD_ID}`, { Authorization: 'Bearer demo-internal-token' });
      expect({ status: demo.status, codes: codesOf(demo.body) }).toEqual({ status: 401, codes: ['INTERNAL_TOKEN_UNKNOWN'] });
      const saga = await get(`${production.internal}/internal/records/${RECORD_ID}`, { Authorization: `Bearer ${tokens['case-saga']}` });
      expect(saga.status).toBe(200);
    });

    it('stops on SIGTERM with both ports closed', async () => {
      const running = production!;
      production = undefined;
      running.process.kill('SIGTERM');
      expect((await running.process.exited).code).toBe(0);
      await expect(fetch(`${running.internal}/internal/records/${RECORD_ID}`)).rejects.toThrow();
      await expect(fetch(`${running.main}/health/live`)).rejects.toThrow();
    });

    it('does not start without tokens, naming the variable', async () => {
      const refused = spawnNode(FIXTURE, ns.serviceEnv(schema, { NODE_ENV: 'production' }));
      expect((await refused.exited).code).toBe(78);
      expect(refused.output()).toContain('INTERNAL_API_TOKENS is required in production');
    });

    it('does not start with a malformed token list, naming the variable and never the token', async () => {
      const refused = spawnNode(FIXTURE, ns.serviceEnv(schema, { INTERNAL_API_TOKENS: 'gateway:too-short-secret' }));
      expect((await refused.exited).code).toBe(78);
      expect(refused.output()).toContain('INTERNAL_API_TOKENS is invalid');
      expect(refused.output()).not.toContain('too-short-secret');
    });
  });
});
