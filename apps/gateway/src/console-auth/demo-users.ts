import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { isProduction } from '@birth/platform';
import { AuditLog } from '../security/audit-log';
import type { ConsoleRole } from './console-user';
import { ConsoleUserAdminError, ConsoleUsersAdmin } from './console-users-admin';

/**
 * The regions of the demo clerk: the four seed prefectures the simulator's hospitals are in
 * (tools/simulator/seed-regions.ts: Dalian, Changchun, Shaoxing for Shangyu, Baoji), so the demo
 * clerk sees every simulated case. demo-users.spec.ts holds the two lists together.
 */
export const DEMO_CLERK_REGIONS = ['210200', '220100', '330600', '610300'] as const;

const DEMO_USERS: readonly { username: string; role: ConsoleRole; regions: readonly string[] }[] = [
  { username: 'demo-clerk', role: 'clerk', regions: DEMO_CLERK_REGIONS },
  { username: 'demo-operator', role: 'operator', regions: [] },
  { username: 'demo-auditor', role: 'auditor', regions: [] },
];

/** A demo user created just now, with the password to print once: it is stored only as its hash. */
export interface DemoLogin {
  username: string;
  role: ConsoleRole;
  regions: string[];
  password: string;
}

/**
 * Creates the demo console users that do not exist yet (`npm start`'s demo setup), each with a
 * new random password, and returns the logins created, for the caller to print once; users that
 * exist are left as they are (their passwords cannot be shown again: `npm run cli -- user
 * reset-password` gives a new one). `dataSource` is on the gateway's schema. Refused in
 * production (NODE_ENV=production): there, an administrator adds real users with the CLI.
 */
export async function ensureDemoUsers(dataSource: DataSource, env: NodeJS.ProcessEnv = process.env): Promise<DemoLogin[]> {
  if (isProduction(env)) throw new Error('the demo console users are for the local demo only: in production add users with `npm run cli -- user add`');
  const admin = new ConsoleUsersAdmin(dataSource, new AuditLog(dataSource), 'demo-setup');
  const created: DemoLogin[] = [];
  for (const user of DEMO_USERS) {
    if (await admin.exists(user.username)) continue;
    // 18 random bytes: 24 characters of base64url, well over the policy's 12.
    const password = randomBytes(18).toString('base64url');
    try {
      await admin.add({ ...user, password });
    } catch (error) {
      // Another start created it at the same moment: theirs stands.
      if (error instanceof ConsoleUserAdminError && error.code === 'USER_EXISTS') continue;
      throw error;
    }
    created.push({ username: user.username, role: user.role, regions: [...user.regions], password });
  }
  return created;
}
