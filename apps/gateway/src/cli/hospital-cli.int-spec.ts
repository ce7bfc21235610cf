import { randomBytes, randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { DataSource } from 'typeorm';
import { spawnNode, TestNamespace } from '@birth/testing';
import { CreateHospitals1764000001000 } from '../hospitals/migrations/1764000001000-create-hospitals';
import { SeenNoncesPerChannel1764000006500 } from '../hospitals/migrations/1764000006500-seen-nonces-per-channel';
import { HospitalsRepository } from '../hospitals/hospitals.repository';
import { SignedMessageVerifier } from '../hospitals/signed-message-verifier';
import { AuditLog } from '../security/audit-log';
import { signedHeaders } from '../security/request-signature';
import { SecretBox } from '@birth/platform';

interface CliRun {
  code: number | null;
  lines: Record<string, unknown>[];
  stdout: string;
  output: string;
}

describe("npm run cli -- hospital … (the administrators' command, against a real schema)", () => {
  let ns: TestNamespace;
  let schema: string;
  let dataSource: DataSource;
  const kek = randomBytes(32).toString('base64');
  const id = `H-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    ns = await TestNamespace.create([]);
    schema = await ns.createSchema('gateway_cli', [CreateHospitals1764000001000, SeenNoncesPerChannel1764000006500]);
    dataSource = await ns.dataSource(schema);
  });

  afterAll(async () => {
    await ns?.dispose();
  });

  async function cli(...args: string[]): Promise<CliRun> {
    const child = spawnNode('apps/gateway/src/cli/main.ts', ns.serviceEnv(schema, { SECRETS_KEK: kek }), args);
    let stdout = '';
    child.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const { code } = await child.exited;
    const lines = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { code, lines, stdout, output: child.output() };
  }

  /** Whether `secret` signs for the key, as the gateway checks it. */
  async function works(keyId: string, secret: string): Promise<boolean> {
    const verifier = new SignedMessageVerifier(new HospitalsRepository(dataSource), SecretBox.fromBase64(kek), new AuditLog(dataSource));
    const now = Date.now();
    const headers = signedHeaders({ hospitalId: id, keyId, secret, signedParts: ['GET', '/x'], timestamp: String(now), nonce: randomUUID(), body: '' });
    const result = await verifier.verifySignedMessage(
      {
        hospitalId: headers['X-Hospital-Id'],
        keyId: headers['X-Key-Id'],
        timestamp: headers['X-Timestamp'],
        nonce: headers['X-Nonce'],
        signature: headers['X-Signature'],
        signedParts: ['GET', '/x'],
        body: Buffer.alloc(0),
      },
      now,
    );
    return result.ok;
  }

  it('adds, lists, rotates, revokes and disables; prints each secret once; audits every command', async () => {
    const added = await cli('hospital', 'add', '--id', id, '--name', '长春市妇产医院', '--region', '220100');
    expect(added.code).toBe(0);
    expect(added.lines).toHaveLength(1);
    const first = added.lines[0] as { hospital: Record<string, unknown>; keyId: string; secret: string };
    expect(first.hospital).toEqual({ id, name: '长春市妇产医院', region: '220100', enabled: true });
    expect(first.keyId).toMatch(/^k_[0-9a-f]{12}$/);
    expect(first.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(added.output).toMatch(/shown only this once/);
    expect(await works(first.keyId, first.secret)).toBe(true);

    const listed = await cli('hospital', 'list');
    expect(listed.code).toBe(0);
    expect(listed.lines).toEqual([
      { id, name: '长春市妇产医院', region: '220100', enabled: true, createdAt: expect.any(String), keys: [{ id: first.keyId, created: expect.any(String), revoked: null }] },
    ]);
    expect(listed.output).not.toContain(first.secret);
    expect(listed.output).not.toContain('v1:');

    const rotated = await cli('hospital', 'rotate-key', '--id', id);
    expect(rotated.code).toBe(0);
    const second = rotated.lines[0] as { hospitalId: string; keyId: string; secret: string };
    expect(second).toMatchObject({ hospitalId: id, keyId: expect.stringMatching(/^k_[0-9a-f]{12}$/), secret: expect.any(String) });
    expect(second.keyId).not.toBe(first.keyId);
    expect(second.secret).not.toBe(first.secret);
    // Roll-over without downtime: both keys sign until the old one is revoked.
    expect(await works(first.keyId, first.secret)).toBe(true);
    expect(await works(second.keyId, second.secret)).toBe(true);

    const revoked = await cli('hospital', 'revoke-key', '--id', id, '--key', first.keyId);
    expect(revoked.code).toBe(0);
    expect(revoked.lines[0]).toMatchObject({ hospitalId: id, keyId: first.keyId, revoked: expect.any(String) });
    expect(await works(first.keyId, first.secret)).toBe(false);
    expect(await works(second.keyId, second.secret)).toBe(true);

    // The last active key stays unless --force; a revoked key cannot be revoked again.
    const last = await cli('hospital', 'revoke-key', '--id', id, '--key', second.keyId);
    expect(last.code).toBe(1);
    expect(last.output).toMatch(/LAST_ACTIVE_KEY/);
    expect((await cli('hospital', 'revoke-key', '--id', id, '--key', first.keyId)).code).toBe(1);

    const disabled = await cli('hospital', 'disable', '--id', id);
    expect(disabled.code).toBe(0);
    expect(disabled.lines[0]).toEqual({ id, enabled: false });
    expect(await works(second.keyId, second.secret)).toBe(false);

    const all = (await cli('hospital', 'list')).lines as { enabled: boolean; keys: { id: string; revoked: string | null }[] }[];
    expect(all[0]!.enabled).toBe(false);
    expect(all[0]!.keys.map((k) => [k.id, k.revoked !== null])).toEqual([
      [first.keyId, true],
      [second.keyId, false],
    ]);

    const audit = await dataSource.query<{ actor: string; action: string; outcome: string; reason: string | null; hospital_id: string | null; key_id: string | null }[]>(
      `SELECT actor, action, outcome, reason, hospital_id, key_id FROM audit_log WHERE actor LIKE 'cli:%' ORDER BY id`,
    );
    const actor = `cli:${userInfo().username}`;
    expect(audit).toEqual([
      { actor, action: 'hospital.add', outcome: 'ok', reason: null, hospital_id: id, key_id: first.keyId },
      { actor, action: 'hospital.list', outcome: 'ok', reason: null, hospital_id: null, key_id: null },
      { actor, action: 'hospital.rotate-key', outcome: 'ok', reason: null, hospital_id: id, key_id: second.keyId },
      { actor, action: 'hospital.revoke-key', outcome: 'ok', reason: null, hospital_id: id, key_id: first.keyId },
      { actor, action: 'hospital.revoke-key', outcome: 'failed', reason: 'LAST_ACTIVE_KEY', hospital_id: id, key_id: second.keyId },
      { actor, action: 'hospital.revoke-key', outcome: 'failed', reason: 'KEY_ALREADY_REVOKED', hospital_id: id, key_id: first.keyId },
      { actor, action: 'hospital.disable', outcome: 'ok', reason: null, hospital_id: id, key_id: null },
      { actor, action: 'hospital.list', outcome: 'ok', reason: null, hospital_id: null, key_id: null },
    ]);
    // Nothing anywhere in the schema's tables holds a secret in clear.
    const dump = JSON.stringify(await dataSource.query(`SELECT to_jsonb(a) FROM audit_log a UNION ALL SELECT to_jsonb(k) FROM hospital_keys k`));
    expect(dump).not.toContain(first.secret);
    expect(dump).not.toContain(second.secret);
  });

  it('revokes the last active key with --force, and re-enables a hospital', async () => {
    const other = `H-${randomUUID().slice(0, 8)}`;
    const { keyId } = (await cli('hospital', 'add', '--id', other, '--name', '吉林市人民医院', '--region', '220200')).lines[0] as { keyId: string };
    expect((await cli('hospital', 'revoke-key', '--id', other, '--key', keyId, '--force')).code).toBe(0);
    expect((await cli('hospital', 'disable', '--id', other)).code).toBe(0);
    expect((await cli('hospital', 'enable', '--id', other)).lines[0]).toEqual({ id: other, enabled: true });
  });

  it('refuses a duplicate hospital and an unknown one (exit 1), and a bad command line (exit 2)', async () => {
    const duplicate = await cli('hospital', 'add', '--id', id, '--name', 'again', '--region', '220100');
    expect(duplicate).toMatchObject({ code: 1, stdout: '' });
    expect(duplicate.output).toMatch(/HOSPITAL_EXISTS/);
    const unknown = await cli('hospital', 'rotate-key', '--id', 'NO-SUCH-HOSPITAL');
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.output).toMatch(/HOSPITAL_UNKNOWN/);
    const usage = await cli('hospital', 'add', '--id', 'X', '--name', 'Y', '--region', '2201');
    expect(usage).toMatchObject({ code: 2, stdout: '' });
    expect(usage.output).toMatch(/usage: npm run cli -- hospital/);
    expect((await cli('hospital', 'frobnicate')).code).toBe(2);
    const failed = await dataSource.query<{ reason: string }[]>(`SELECT reason FROM audit_log WHERE outcome = 'failed' AND action IN ('hospital.add', 'hospital.rotate-key') ORDER BY id`);
    expect(failed.map((r) => r.reason)).toEqual(['HOSPITAL_EXISTS', 'HOSPITAL_UNKNOWN']);
  });
});
