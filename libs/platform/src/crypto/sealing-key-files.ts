import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SEALED_KEY_ID_PATTERN } from '@birth/contracts';
import { generateSealingKeyPair, SealingPrivateKeyring, SealingPublicKeyring } from './field-sealing';

/**
 * A sealing keyring on disk: one directory per recipient, outside the repository, made by the
 * infrastructure's key step (`npm run infra:keys`), never by a service at boot.
 *
 *     <dir>/current            the key id new values are sealed under (one line)
 *     <dir>/<kid>.public       its X25519 public key, 32 bytes in base64url (0644)
 *     <dir>/<kid>.private      its private key, 32 bytes in base64url (0600; refused if group or others may read it)
 *
 * The sender (the gateway) is given `current` and the `.public` files; the recipient (the
 * maternity-allowance service) the `.private` files. Rotation adds a kid and points `current` at
 * it; retirement deletes a kid's files once nothing sealed under it is still needed.
 */
export const CURRENT_FILE = 'current';
const PUBLIC_SUFFIX = '.public';
const PRIVATE_SUFFIX = '.private';

/** Where the local keys live: `$BIRTH_KEYS_DIR`, else `$XDG_CONFIG_HOME/birth-one-thing/keys`, else `~/.config/birth-one-thing/keys`. */
export function localKeysRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env['BIRTH_KEYS_DIR']) return env['BIRTH_KEYS_DIR'];
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'birth-one-thing', 'keys');
}

/** The maternity-allowance service's sealing keyring directory under the local keys root. */
export function localAllowanceSealingKeysDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(localKeysRoot(env), 'maternity-allowance-sealing');
}

export class SealingKeyFilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealingKeyFilesError';
  }
}

function kidsWith(dir: string, suffix: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(suffix) && SEALED_KEY_ID_PATTERN.test(name.slice(0, -suffix.length)))
    .map((name) => name.slice(0, -suffix.length))
    .sort();
}

function readKeyFile(path: string): string {
  return readFileSync(path, 'utf8').trim();
}

function currentKeyIdIn(dir: string): string | undefined {
  const path = join(dir, CURRENT_FILE);
  return existsSync(path) ? readKeyFile(path) : undefined;
}

/** Writes `content` to `path` through a temporary file and a rename, so a reader never sees half a key. */
function writeAtomically(path: string, content: string, mode: number): void {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, content, { mode, flag: 'wx' });
  chmodSync(temporary, mode); // the umask may have taken bits away from `mode`
  renameSync(temporary, path);
}

/** A problem that makes `dir` unusable as a public (sender's) or private (recipient's) keyring, or undefined. Synchronous: checked at boot by the configuration. */
export function sealingKeysProblem(dir: string, side: 'public' | 'private'): string | undefined {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return `${dir} is not a directory (run npm run infra:keys)`;
  if (side === 'public') {
    const current = currentKeyIdIn(dir);
    if (!current) return `${dir} has no '${CURRENT_FILE}' file naming the key to seal under (run npm run infra:keys)`;
    if (!SEALED_KEY_ID_PATTERN.test(current)) return `${dir}/${CURRENT_FILE} does not hold a key id`;
    if (!existsSync(join(dir, `${current}${PUBLIC_SUFFIX}`))) return `${dir} has no ${current}${PUBLIC_SUFFIX}, the current key's public key`;
    return undefined;
  }
  const kids = kidsWith(dir, PRIVATE_SUFFIX);
  if (kids.length === 0) return `${dir} holds no *${PRIVATE_SUFFIX} key (run npm run infra:keys)`;
  for (const kid of kids) {
    const mode = statSync(join(dir, `${kid}${PRIVATE_SUFFIX}`)).mode & 0o777;
    if (mode & 0o077) return `${dir}/${kid}${PRIVATE_SUFFIX} may be read by others (mode ${mode.toString(8)}); it must be 0600`;
  }
  return undefined;
}

/** The sender's keyring from `dir`: every `.public` key and the current key id. */
export async function readPublicKeyring(dir: string): Promise<SealingPublicKeyring> {
  const problem = sealingKeysProblem(dir, 'public');
  if (problem) throw new SealingKeyFilesError(problem);
  const keys = Object.fromEntries(kidsWith(dir, PUBLIC_SUFFIX).map((kid) => [kid, readKeyFile(join(dir, `${kid}${PUBLIC_SUFFIX}`))]));
  return SealingPublicKeyring.fromRawKeys(keys, currentKeyIdIn(dir)!);
}

/** The recipient's keyring from `dir`: every `.private` key (each 0600). */
export async function readPrivateKeyring(dir: string): Promise<SealingPrivateKeyring> {
  const problem = sealingKeysProblem(dir, 'private');
  if (problem) throw new SealingKeyFilesError(problem);
  const keys = Object.fromEntries(kidsWith(dir, PRIVATE_SUFFIX).map((kid) => [kid, readKeyFile(join(dir, `${kid}${PRIVATE_SUFFIX}`))]));
  return SealingPrivateKeyring.fromRawKeys(keys);
}

/** A new key id: the date it was made and 6 random hex digits, e.g. `k-20261201-3fa2c1`. */
function newKeyId(now: Date): string {
  return `k-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
}

async function addKeyPair(dir: string, now: Date): Promise<string> {
  const kid = newKeyId(now);
  const pair = await generateSealingKeyPair();
  writeAtomically(join(dir, `${kid}${PRIVATE_SUFFIX}`), `${Buffer.from(pair.privateKey).toString('base64url')}\n`, 0o600);
  writeAtomically(join(dir, `${kid}${PUBLIC_SUFFIX}`), `${Buffer.from(pair.publicKey).toString('base64url')}\n`, 0o644);
  writeAtomically(join(dir, CURRENT_FILE), `${kid}\n`, 0o644);
  return kid;
}

export interface SealingKeysState {
  dir: string;
  currentKeyId: string;
  keyIds: string[];
  /** Whether this call made a key pair (false when the directory already had a usable current key). */
  created: boolean;
}

function stateOf(dir: string, created: boolean): SealingKeysState {
  return { dir, currentKeyId: currentKeyIdIn(dir)!, keyIds: kidsWith(dir, PUBLIC_SUFFIX), created };
}

/**
 * Makes the keyring in `dir` once: a first key pair when there is no usable current key;
 * otherwise nothing (idempotent: a re-run keeps the keys). The directory is made 0700.
 */
export async function prepareSealingKeys(dir: string, now = new Date()): Promise<SealingKeysState> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!sealingKeysProblem(dir, 'public') && existsSync(join(dir, `${currentKeyIdIn(dir)}${PRIVATE_SUFFIX}`))) return stateOf(dir, false);
  if (currentKeyIdIn(dir)) throw new SealingKeyFilesError(`${dir}/${CURRENT_FILE} names a key whose files are missing; restore them or remove ${CURRENT_FILE} deliberately`);
  await addKeyPair(dir, now);
  return stateOf(dir, true);
}

/** Rotation: a new key pair becomes current; the old ones stay (their values keep opening). */
export async function rotateSealingKey(dir: string, now = new Date()): Promise<SealingKeysState> {
  const problem = sealingKeysProblem(dir, 'public');
  if (problem) throw new SealingKeyFilesError(problem);
  await addKeyPair(dir, now);
  return stateOf(dir, true);
}

/** Retirement: deletes `kid`'s key pair; values sealed under it no longer open. The current key cannot be retired. */
export function retireSealingKey(dir: string, kid: string): SealingKeysState {
  if (!SEALED_KEY_ID_PATTERN.test(kid)) throw new SealingKeyFilesError(`'${kid.slice(0, 70)}' is not a key id`);
  if (currentKeyIdIn(dir) === kid) throw new SealingKeyFilesError(`${kid} is the current key; rotate first, then retire it`);
  const files = [`${kid}${PRIVATE_SUFFIX}`, `${kid}${PUBLIC_SUFFIX}`].map((name) => join(dir, name)).filter((path) => existsSync(path));
  if (files.length === 0) throw new SealingKeyFilesError(`${dir} has no key ${kid}`);
  for (const path of files) unlinkSync(path);
  return stateOf(dir, false);
}
