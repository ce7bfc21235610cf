import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { prepareSealingKeys, SecretBox } from '@birth/platform';
import { spawnNode, TestNamespace } from '@birth/testing';
import { HospitalsAdmin } from '../../apps/gateway/src/hospitals/hospitals-admin';
import { HospitalsRepository } from '../../apps/gateway/src/hospitals/hospitals.repository';
import { CreateConsoleAuth1764000015000 } from '../../apps/gateway/src/console-auth/migrations/1764000015000-create-console-auth';
import { verifyPassword } from '../../apps/gateway/src/console-auth/password-hash';
import { CreateHospitals1764000001000 } from '../../apps/gateway/src/hospitals/migrations/1764000001000-create-hospitals';
import { SeenNoncesPerChannel1764000006500 } from '../../apps/gateway/src/hospitals/migrations/1764000006500-seen-nonces-per-channel';
import { hospitalKeyContext } from '../../apps/gateway/src/hospitals/signed-message-verifier';
import { AuditLog } from '../../apps/gateway/src/security/audit-log';
import { DEMO_HOSPITAL, type DemoHospitalFile } from './demo-hospital';

/**
 * The demo data step of `npm start` (infra/demo/ensure-demo.ts) as infra/start.sh runs it, on a
 * real gateway schema: the demo hospital made and printed once, reused by the next start, a new
 * key when its file is gone or its key revoked; the secret only ever in the 0600 file. The
 * console's demo logins made and their passwords printed once.
 */
describe('npm start’s demo data (infra/demo/ensure-demo.ts)', () => {
  let ns: TestNamespace;
  let schema: string;
  let dataSource: DataSource;
  const kek = randomBytes(32).toString('base64');
  const dir = mkdtempSync(join(tmpdir(), 'ensure-demo-'));
  const demoDir = join(dir, 'demo');
  const file = join(demoDir, 'hospital.json');

  beforeAll(async () => {
    ns = await TestNamespace.create([]);
    schema = await ns.createSchema('gateway', [CreateHospitals1764000001000, SeenNoncesPerChannel1764000006500, CreateConsoleAuth1764000015000]);
    dataSource = await ns.dataSource(schema);
    await prepareSealingKeys(join(dir, 'keys'));
  });

  afterAll(async () => {
    await ns?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function ensureDemo(): Promise<{ code: number | null; stdout: string; output: string }> {
    const child = spawnNode('infra/demo/ensure-demo.ts', {
      ...ns.serviceEnv(schema, { SECRETS_KEK: kek, ALLOWANCE_SEALING_PUBLIC_KEYS_DIR: join(dir, 'keys'), BIRTH_DEMO_DIR: demoDir }),
      NODE_ENV: 'development',
    });
    let stdout = '';
    child.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const { code } = await child.exited;
    return { code, stdout, output: child.output() };
  }

  const kept = () => JSON.parse(readFileSync(file, 'utf8')) as DemoHospitalFile;
  const keysOf = () => new HospitalsRepository(dataSource).keysOf(DEMO_HOSPITAL.id);

  /** Whether the kept secret is the one registered for the kept key: the sealed column opened as the gateway opens it to verify a request. */
  async function signs(hospital: DemoHospitalFile): Promise<boolean> {
    const [row] = await dataSource.query<{ secret_sealed: string }[]>(`SELECT secret_sealed FROM hospital_keys WHERE hospital_id = $1 AND key_id = $2`, [hospital.hospitalId, hospital.keyId]);
    return row !== undefined && SecretBox.fromBase64(kek).open(row.secret_sealed, hospitalKeyContext(hospital.hospitalId, hospital.keyId)).toString('utf8') === hospital.secret;
  }

  it('the first start makes the demo hospital and prints it once (never the secret); the second reuses it and says only where it is', async () => {
    const first = await ensureDemo();
    expect({ code: first.code, output: first.output }).toEqual({ code: 0, output: expect.stringContaining('made the demo hospital') });
    const hospital = kept();
    expect(hospital).toEqual({ hospitalId: DEMO_HOSPITAL.id, name: DEMO_HOSPITAL.name, regionCode: '210202', keyId: expect.stringMatching(/^k_[0-9a-f]{12}$/), secret: expect.any(String), createdAt: expect.any(String) });
    expect(await signs(hospital)).toBe(true);
    expect(first.stdout).toContain(`key id     ${hospital.keyId}`);
    expect(first.stdout).toContain(`secret     in ${file} (mode 0600`);
    expect(first.stdout).toContain('bash infra/run-node.sh infra/demo/send-birth.ts');
    expect(first.output).not.toContain(hospital.secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(demoDir).mode & 0o777).toBe(0o700);
    // Registered as the CLI registers, audited.
    const audit = await dataSource.query(`SELECT actor, action, outcome FROM audit_log WHERE hospital_id = $1`, [DEMO_HOSPITAL.id]);
    expect(audit).toEqual([{ actor: 'demo:npm-start', action: 'hospital.add', outcome: 'ok' }]);

    // The console's demo logins, each password printed this once and stored as its hash.
    const logins = [...first.stdout.matchAll(/^\[demo\] {3}(demo-\w+) +(\S+) +(\w+)/gm)].map((m) => ({ username: m[1]!, password: m[2]!, role: m[3]! }));
    expect(logins.map((l) => [l.username, l.role])).toEqual([['demo-clerk', 'clerk'], ['demo-operator', 'operator'], ['demo-auditor', 'auditor']]);
    for (const login of logins) {
      const [row] = await dataSource.query<{ password_hash: string }[]>(`SELECT password_hash FROM console_users WHERE username = $1`, [login.username]);
      expect(await verifyPassword(login.password, row!.password_hash)).toBe(true);
    }

    const second = await ensureDemo();
    expect(second.code).toBe(0);
    expect(second.stdout.split('\n')[0]).toBe(`[demo] demo hospital ${DEMO_HOSPITAL.id} (key ${hospital.keyId}): ${file}`);
    expect(second.stdout).toContain('logins demo-clerk, demo-operator, demo-auditor (passwords were shown on the first start');
    for (const login of logins) expect(second.output).not.toContain(login.password);
    expect(kept()).toEqual(hospital);
    expect(await keysOf()).toHaveLength(1);
  }, 120_000);

  it('a deleted file or a revoked key gets a new key (printed once again); the old key stays as it was', async () => {
    const before = kept();
    unlinkSync(file);
    const afterDeletion = await ensureDemo();
    expect(afterDeletion.stdout).toContain(`gave the demo hospital a new key (${file} was missing)`);
    const renewed = kept();
    expect(renewed.keyId).not.toBe(before.keyId);
    expect(await signs(renewed)).toBe(true);
    expect((await keysOf()).map((k) => [k.keyId, k.revokedAt])).toEqual(expect.arrayContaining([[before.keyId, null], [renewed.keyId, null]]));

    const admin = new HospitalsAdmin(new HospitalsRepository(dataSource), new AuditLog(dataSource), SecretBox.fromBase64(kek), 'test');
    await admin.revokeKey(DEMO_HOSPITAL.id, renewed.keyId);
    const afterRevocation = await ensureDemo();
    expect(afterRevocation.stdout).toContain(`gave the demo hospital a new key (its key ${renewed.keyId} was revoked)`);
    expect(await signs(kept())).toBe(true);
    expect(afterRevocation.output).not.toContain(kept().secret);
  }, 120_000);

  it('is refused with NODE_ENV=production', async () => {
    const child = spawnNode('infra/demo/ensure-demo.ts', { ...ns.serviceEnv(schema, { BIRTH_DEMO_DIR: join(dir, 'prod') }), NODE_ENV: 'production' });
    expect((await child.exited).code).toBe(1);
    expect(child.output()).toContain('never made with NODE_ENV=production');
  }, 120_000);
});
