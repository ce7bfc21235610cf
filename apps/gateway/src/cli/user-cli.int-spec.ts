import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { DataSource } from 'typeorm';
import { REPO_ROOT, TestNamespace } from '@birth/testing';
import { CreateConsoleAuth1764000015000 } from '../console-auth/migrations/1764000015000-create-console-auth';
import { verifyPassword } from '../console-auth/password-hash';
import { CreateHospitals1764000001000 } from '../hospitals/migrations/1764000001000-create-hospitals';

interface CliRun {
  code: number | null;
  lines: Record<string, unknown>[];
  stdout: string;
  output: string;
}

describe("npm run cli -- user … (console users, against a real schema)", () => {
  let ns: TestNamespace;
  let schema: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    ns = await TestNamespace.create([]);
    schema = await ns.createSchema('gateway_users', [CreateHospitals1764000001000, CreateConsoleAuth1764000015000]);
    dataSource = await ns.dataSource(schema);
  });

  afterAll(async () => {
    await ns?.dispose();
  });

  /**
   * The CLI as a process, as infra/run-node.sh runs it (libs/testing's spawnNode gives its children
   * no stdin; the password arrives on stdin here).
   */
  async function cli(args: string[], stdin = ''): Promise<CliRun> {
    const child = spawn(process.execPath, ['--enable-source-maps', '-r', '@swc-node/register', join(REPO_ROOT, 'apps/gateway/src/cli/main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.base.json'), ...ns.serviceEnv(schema, {}), NODE_ENV: 'test' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stdin.end(stdin);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const lines = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { code, lines, stdout, output };
  }

  const storedHash = async (username: string) =>
    ((await dataSource.query<{ password_hash: string }[]>(`SELECT password_hash FROM console_users WHERE username = $1`, [username]))[0]?.password_hash ?? '');

  it('adds a clerk with two regions and an operator, and lists them without hashes', async () => {
    const password = 'clerk passphrase one';
    const added = await cli(['user', 'add', '--username', 'wang.li', '--role', 'clerk', '--region', '210200', '--region', '220100', '--password-stdin'], `${password}\n`);
    expect(added.code).toBe(0);
    expect(added.lines).toEqual([
      { userId: expect.stringMatching(/^[0-9a-f-]{36}$/), username: 'wang.li', role: 'clerk', regions: ['210200', '220100'], disabledAt: null, lockedUntil: null, createdAt: expect.any(String) },
    ]);
    expect(added.output).not.toContain(password);
    expect(await verifyPassword(password, await storedHash('wang.li'))).toBe(true);

    expect((await cli(['user', 'add', '--username', 'ops-1', '--role', 'operator', '--password-stdin'], 'operator passphrase')).code).toBe(0);

    const listed = await cli(['user', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.lines.map((u) => [u['username'], u['role'], u['regions']])).toEqual([
      ['ops-1', 'operator', []],
      ['wang.li', 'clerk', ['210200', '220100']],
    ]);
    expect(listed.stdout).not.toMatch(/scrypt|hash/i);
  });

  it('gives a new password (the old one stops working), disables a user, and audits every command without a password', async () => {
    const password = 'clerk passphrase one';
    const reset = await cli(['user', 'reset-password', '--username', 'wang.li', '--password-stdin'], 'clerk passphrase two\n');
    expect(reset).toMatchObject({ code: 0, lines: [{ username: 'wang.li', sessionsEnded: 0 }] });
    expect(await verifyPassword('clerk passphrase two', await storedHash('wang.li'))).toBe(true);
    expect(await verifyPassword(password, await storedHash('wang.li'))).toBe(false);

    const disabled = await cli(['user', 'disable', '--username', 'wang.li']);
    expect(disabled).toMatchObject({ code: 0, lines: [{ username: 'wang.li', disabledAt: expect.any(String), sessionsEnded: 0 }] });
    expect(await dataSource.query(`SELECT disabled_at IS NOT NULL AS disabled FROM console_users WHERE username = 'wang.li'`)).toEqual([{ disabled: true }]);

    const actor = `cli:${userInfo().username}`;
    const audit = await dataSource.query<{ actor: string; action: string; outcome: string }[]>(`SELECT actor, action, outcome FROM audit_log ORDER BY id`);
    expect(audit).toEqual(
      ['add', 'add', 'list', 'reset-password', 'disable'].map((command) => ({ actor, action: `console-user.${command}`, outcome: 'ok' })),
    );
    const dump = JSON.stringify(await dataSource.query(`SELECT to_jsonb(a) AS row FROM audit_log a`));
    expect(dump).not.toContain('passphrase');
  });

  it('refuses a short password (exit 1) and says why without echoing it', async () => {
    const short = await cli(['user', 'add', '--username', 'short-pw', '--role', 'auditor', '--password-stdin'], 'too short\n');
    expect(short).toMatchObject({ code: 1, stdout: '' });
    expect(short.output).toContain('the password must have at least 12 characters (PASSWORD_REFUSED)');
    expect(short.output).not.toContain('too short');
  });

  it('refuses a taken or an unknown username (exit 1)', async () => {
    const taken = await cli(['user', 'add', '--username', 'ops-1', '--role', 'operator', '--password-stdin'], 'another passphrase\n');
    expect(taken).toMatchObject({ code: 1, stdout: '' });
    expect(taken.output).toMatch(/USER_EXISTS/);
    const unknown = await cli(['user', 'disable', '--username', 'nobody']);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.output).toMatch(/USER_UNKNOWN/);
  });

  it('refuses a bad command line (exit 2, the reason and the usage) and answers --help', async () => {
    const noRegion = await cli(['user', 'add', '--username', 'clerk-2', '--role', 'clerk', '--password-stdin'], 'a long passphrase\n');
    expect(noRegion).toMatchObject({ code: 2, stdout: '' });
    expect(noRegion.output).toContain('cli: a clerk needs at least one region (--region CODE)\nusage: npm run cli -- user <command>');
    const help = await cli(['user', 'add', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run cli -- user <command>/);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM console_users WHERE username IN ('short-pw', 'clerk-2')`)).toEqual([{ n: 0 }]);
  });
});
