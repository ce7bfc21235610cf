import type { DataSource } from 'typeorm';
import { TestNamespace } from '@birth/testing';
import { CreateHospitals1764000001000 } from '../hospitals/migrations/1764000001000-create-hospitals';
import { ensureDemoUsers } from './demo-users';
import { CreateConsoleAuth1764000015000 } from './migrations/1764000015000-create-console-auth';
import { verifyPassword } from './password-hash';

describe('ensureDemoUsers (npm start\'s demo console logins, real PostgreSQL)', () => {
  let ns: TestNamespace;
  let dataSource: DataSource;

  beforeAll(async () => {
    ns = await TestNamespace.create([]);
    const schema = await ns.createSchema('gateway_demo_users', [CreateHospitals1764000001000, CreateConsoleAuth1764000015000]);
    dataSource = await ns.dataSource(schema);
  });

  afterAll(async () => {
    await ns?.dispose();
  });

  it('refuses in production and creates nothing there', async () => {
    await expect(ensureDemoUsers(dataSource, { NODE_ENV: 'production' })).rejects.toThrow(/local demo only/);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM console_users`)).toEqual([{ n: 0 }]);
  });

  it('creates the demo clerk, operator and auditor once, each with its own random password, and returns each login once', async () => {
    const first = await ensureDemoUsers(dataSource, { NODE_ENV: 'development' });
    expect(first.map((login) => [login.username, login.role, login.regions])).toEqual([
      ['demo-clerk', 'clerk', ['210200', '220100', '330600', '610300']],
      ['demo-operator', 'operator', []],
      ['demo-auditor', 'auditor', []],
    ]);
    expect(new Set(first.map((login) => login.password)).size).toBe(3);
    const stored = await dataSource.query<{ username: string; password_hash: string }[]>(`SELECT username, password_hash FROM console_users ORDER BY username`);
    for (const login of first) {
      const hash = stored.find((row) => row.username === login.username)!.password_hash;
      expect(login.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(await verifyPassword(login.password, hash)).toBe(true);
    }
    expect(await ensureDemoUsers(dataSource, { NODE_ENV: 'development' })).toEqual([]);
    const again = await dataSource.query<{ username: string; password_hash: string }[]>(`SELECT username, password_hash FROM console_users ORDER BY username`);
    expect(again).toEqual(stored);
  });
});
