import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { FieldOpener, FieldSealer, readPrivateKeyring, readPublicKeyring } from '@birth/platform';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');

/** `npm run infra:keys -- <args>` as the scripts run it (infra/run-node.sh), with the keys under `keysRoot`. */
async function infraKeys(keysRoot: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('bash', ['infra/run-node.sh', 'infra/keys/prepare-keys.ts', ...args], { cwd: root, env: { ...process.env, BIRTH_KEYS_DIR: keysRoot } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

describe('npm run infra:keys (the key preparation step)', () => {
  let keysRoot: string;
  let dir: string;
  const binding = { caseId: 'c-0001', fieldPath: 'mother.bankAccount' };

  beforeAll(() => {
    keysRoot = mkdtempSync(join(tmpdir(), 'birth-keys-'));
    dir = join(keysRoot, 'maternity-allowance-sealing');
  });
  afterAll(() => rmSync(keysRoot, { recursive: true, force: true }));

  it('makes the sealing key pair once: a second run keeps the same keys; private key 0600, directory 0700; never prints a key', async () => {
    const first = await infraKeys(keysRoot);
    expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/made a key pair; current k-\d{8}-[0-9a-f]{6}; keys k-\d{8}-[0-9a-f]{6}\n$/) });
    const made = snapshot(dir);
    const kid = made['current']!.trim();
    expect(Object.keys(made).sort()).toEqual(['current', `${kid}.private`, `${kid}.public`]);

    const second = await infraKeys(keysRoot);
    expect(second).toMatchObject({ code: 0, stdout: expect.stringContaining(`kept; current ${kid}`) });
    expect(snapshot(dir)).toEqual(made);

    expect(statSync(join(dir, `${kid}.private`)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const output of [first, second]) expect(output.stdout + output.stderr).not.toContain(made[`${kid}.private`]!.trim());

    // What the step made is what the services' keyrings read: the gateway seals, the allowance opens.
    const sealed = await new FieldSealer(await readPublicKeyring(dir)).seal('6222020200112233445', binding);
    expect(sealed.kid).toBe(kid);
    expect(await new FieldOpener(await readPrivateKeyring(dir)).open(sealed, binding)).toBe('6222020200112233445');
  });

  it('rotates to a new current key and retires the old one on request', async () => {
    const old = readFileSync(join(dir, 'current'), 'utf8').trim();
    const sealedBefore = await new FieldSealer(await readPublicKeyring(dir)).seal('a', binding);
    expect((await infraKeys(keysRoot, 'rotate')).code).toBe(0);
    const current = readFileSync(join(dir, 'current'), 'utf8').trim();
    expect(current).not.toBe(old);
    expect(await new FieldOpener(await readPrivateKeyring(dir)).open(sealedBefore, binding)).toBe('a');

    expect(await infraKeys(keysRoot, 'retire', current)).toMatchObject({ code: 1, stderr: `[keys] ${current} is the current key; rotate first, then retire it\n` });
    expect(await infraKeys(keysRoot, 'retire', old)).toMatchObject({ code: 0, stdout: expect.stringContaining(`retired ${old}; current ${current}; keys ${current}\n`) });
    await expect(new FieldOpener(await readPrivateKeyring(dir)).open(sealedBefore, binding)).rejects.toThrow(`sealed under key '${old}', which this keyring does not hold`);
  });

  it('refuses a keys directory inside the repository that .gitignore does not cover', async () => {
    const result = await infraKeys(join(root, 'libs', 'keys-must-not-be-here'));
    expect(result).toMatchObject({ code: 1, stderr: expect.stringContaining('is inside the repository and not ignored by .gitignore') });
    expect(() => statSync(join(root, 'libs', 'keys-must-not-be-here'))).toThrow();
  });
});
