import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Console passwords, stored as scrypt hashes (node:crypto): `scrypt$N$r$p$<salt>$<hash>`, the
 * salt (16 random bytes per password) and the 32-byte hash in base64url.
 *
 * Cost: N = 2^15, r = 8, p = 3, one of OWASP's equivalent scrypt settings (Password Storage Cheat
 * Sheet: N=2^17 r=8 p=1 ≈ N=2^15 r=8 p=3): the same work as 2^17 with a quarter of the memory
 * (128·N·r = 32 MiB a hash instead of 128 MiB), so four sign-ins at once on libuv's threads stay
 * within 128 MiB. About 0.3 s a hash on an idle core. The cost is stored with each hash, so a
 * later, higher cost applies to new passwords while old hashes still verify.
 */
const COST = { N: 2 ** 15, r: 8, p: 3 } as const;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** scrypt needs 128·N·r bytes plus a little; Node's default ceiling (32 MiB) is just too low. */
const MAX_MEMORY = 96 * 1024 * 1024;

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: MAX_MEMORY };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, HASH_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

const STORED = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/** Whether `password` matches `stored`, compared in constant time; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = STORED.exec(stored);
  if (!match) return false;
  const [, n, r, p, salt, hash] = match;
  const expected = Buffer.from(hash!, 'base64url');
  let actual: Buffer;
  try {
    actual = await derive(password, Buffer.from(salt!, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  } catch {
    // Parameters scrypt refuses (N not a power of two, beyond MAX_MEMORY): no password matches.
    return false;
  }
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let decoy: Promise<string> | undefined;

/**
 * Spends the time of one verification on nothing: for a username that does not exist, so that an
 * unknown user and a wrong password take as long and answer the same (INVALID_CREDENTIALS).
 */
export async function verifyNothing(password: string): Promise<false> {
  decoy ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(password, await decoy);
  return false;
}
