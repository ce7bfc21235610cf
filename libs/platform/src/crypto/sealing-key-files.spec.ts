import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config/config-loader';
import { FieldOpener, FieldSealer, FieldSealingError } from './field-sealing';
import { localAllowanceSealingKeysDir, prepareSealingKeys, readPrivateKeyring, readPublicKeyring, retireSealingKey, rotateSealingKey, SealingKeyFilesError } from './sealing-key-files';
import { WithAllowanceSealingPublicKeys, WithSealingPrivateKeys } from './sealing-keys.config';

const binding = { caseId: 'c-1', fieldPath: 'mother.bankAccount' };
let dir: string;

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'sealing-keys-')), 'maternity-allowance-sealing');
});
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

describe('sealing keys on disk', () => {
  it('are made once: a re-run keeps them; private keys 0600, the directory 0700', async () => {
    const first = await prepareSealingKeys(dir, new Date('2026-12-01T00:00:00Z'));
    expect(first).toEqual({ dir, currentKeyId: expect.stringMatching(/^k-20261201-[0-9a-f]{6}$/), keyIds: [first.currentKeyId], created: true });
    const privateFile = join(dir, `${first.currentKeyId}.private`);
    const before = readFileSync(privateFile, 'utf8');
    expect(await prepareSealingKeys(dir)).toEqual({ ...first, created: false });
    expect(readFileSync(privateFile, 'utf8')).toBe(before);
    expect(statSync(privateFile).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('rotate, then retire: the old key opens until it is retired; the current key cannot be retired', async () => {
    const { currentKeyId: k1 } = await prepareSealingKeys(dir);
    const old = await new FieldSealer(await readPublicKeyring(dir)).seal('account', binding);
    const { currentKeyId: k2, keyIds } = await rotateSealingKey(dir);
    expect(keyIds.sort()).toEqual([k1, k2].sort());
    const fresh = await new FieldSealer(await readPublicKeyring(dir)).seal('account', binding);
    expect([old.kid, fresh.kid]).toEqual([k1, k2]);
    const opener = new FieldOpener(await readPrivateKeyring(dir));
    expect([await opener.open(old, binding), await opener.open(fresh, binding)]).toEqual(['account', 'account']);

    expect(() => retireSealingKey(dir, k2)).toThrow(new SealingKeyFilesError(`${k2} is the current key; rotate first, then retire it`));
    expect(retireSealingKey(dir, k1).keyIds).toEqual([k2]);
    const afterRetirement = new FieldOpener(await readPrivateKeyring(dir));
    await expect(afterRetirement.open(old, binding)).rejects.toThrow(FieldSealingError);
    await expect(afterRetirement.open(old, binding)).rejects.toThrow(`sealed under key '${k1}', which this keyring does not hold (retired, or never issued here)`);
    expect(await afterRetirement.open(fresh, binding)).toBe('account');
  });

  it('refuses a private key that others may read, and a current key whose files are gone', async () => {
    const { currentKeyId } = await prepareSealingKeys(dir);
    chmodSync(join(dir, `${currentKeyId}.private`), 0o640);
    await expect(readPrivateKeyring(dir)).rejects.toThrow(/may be read by others \(mode 640\); it must be 0600/);
    unlinkSync(join(dir, `${currentKeyId}.public`));
    await expect(readPublicKeyring(dir)).rejects.toThrow(`has no ${currentKeyId}.public`);
    await expect(prepareSealingKeys(dir)).rejects.toThrow(/names a key whose files are missing/);
  });

  it('lives outside the repository by default', () => {
    expect(localAllowanceSealingKeysDir({})).toMatch(/\/\.config\/birth-one-thing\/keys\/maternity-allowance-sealing$/);
    expect(localAllowanceSealingKeysDir({ XDG_CONFIG_HOME: '/etc/cfg' })).toBe('/etc/cfg/birth-one-thing/keys/maternity-allowance-sealing');
    expect(localAllowanceSealingKeysDir({ BIRTH_KEYS_DIR: '/run/keys' })).toBe('/run/keys/maternity-allowance-sealing');
  });
});

describe('the keyrings in a service’s configuration (checked at boot)', () => {
  class GatewayLike extends WithAllowanceSealingPublicKeys(Object) {}
  class AllowanceLike extends WithSealingPrivateKeys(Object) {}

  function problemsOf(cls: new () => object, env: Record<string, string>): string[] {
    try {
      loadConfig(cls, env);
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  }

  it('accepts a prepared directory, each side its own files', async () => {
    await prepareSealingKeys(dir);
    expect(loadConfig(GatewayLike, { ALLOWANCE_SEALING_PUBLIC_KEYS_DIR: dir }).ALLOWANCE_SEALING_PUBLIC_KEYS_DIR).toBe(dir);
    expect(loadConfig(AllowanceLike, { SEALING_PRIVATE_KEYS_DIR: dir }).SEALING_PRIVATE_KEYS_DIR).toBe(dir);
  });

  it('names the problem: no directory, no current key, a readable private key; required in production', async () => {
    expect(problemsOf(GatewayLike, { ALLOWANCE_SEALING_PUBLIC_KEYS_DIR: dir })).toEqual([`ALLOWANCE_SEALING_PUBLIC_KEYS_DIR is invalid: ${dir} is not a directory (run npm run infra:keys)`]);
    const { currentKeyId } = await prepareSealingKeys(dir);
    writeFileSync(join(dir, 'current'), 'k-unknown\n');
    expect(problemsOf(GatewayLike, { ALLOWANCE_SEALING_PUBLIC_KEYS_DIR: dir })).toEqual([`ALLOWANCE_SEALING_PUBLIC_KEYS_DIR is invalid: ${dir} has no k-unknown.public, the current key's public key`]);
    chmodSync(join(dir, `${currentKeyId}.private`), 0o644);
    expect(problemsOf(AllowanceLike, { SEALING_PRIVATE_KEYS_DIR: dir })).toEqual([expect.stringMatching(/^SEALING_PRIVATE_KEYS_DIR is invalid: .*must be 0600$/)]);
    expect(problemsOf(AllowanceLike, { NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^SEALING_PRIVATE_KEYS_DIR is required in production/)]);
    expect(problemsOf(GatewayLike, { NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^ALLOWANCE_SEALING_PUBLIC_KEYS_DIR is required in production/)]);
  });
});
