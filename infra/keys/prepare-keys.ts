// Makes the key pairs the services are given, once, outside the repository; never a service at boot.
// Today: the maternity-allowance service's sealing keyring (HPKE, DESIGN.md "Security"), whose
// public keys the gateway seals bank accounts to.
//
//   npm run infra:keys                    make the keyring if it has no current key; otherwise keep it (idempotent)
//   npm run infra:keys -- list            the key ids and the current one
//   npm run infra:keys -- rotate          a new key pair becomes current; the old ones stay readable
//   npm run infra:keys -- retire <kid>    delete a key pair: what it sealed no longer opens
//
//   BIRTH_KEYS_DIR   the keys' root (default $XDG_CONFIG_HOME or ~/.config, then birth-one-thing/keys);
//                    the keyring is <root>/maternity-allowance-sealing: current, <kid>.public, <kid>.private (0600)
//
// Never prints a key. The services read the directory through their configuration
// (ALLOWANCE_SEALING_PUBLIC_KEYS_DIR for the gateway, SEALING_PRIVATE_KEYS_DIR for the allowance).
import { execFileSync } from 'node:child_process';
import { isAbsolute, relative, resolve } from 'node:path';
import {
  localAllowanceSealingKeysDir,
  prepareSealingKeys,
  readPublicKeyring,
  retireSealingKey,
  rotateSealingKey,
  type SealingKeysState,
} from '../../libs/platform/src/crypto/sealing-key-files';

const USAGE = 'usage: npm run infra:keys [-- list | rotate | retire <kid>]';

function report(state: SealingKeysState, what: string): void {
  process.stdout.write(`[keys] maternity-allowance sealing: ${state.dir}, ${what}; current ${state.currentKeyId}; keys ${state.keyIds.join(', ')}\n`);
}

/** Keys belong outside git: a directory inside this repository must be one .gitignore covers. */
function assertNotCommittable(dir: string): void {
  const root = resolve(__dirname, '../..');
  const inside = relative(root, resolve(dir));
  if (inside.startsWith('..') || isAbsolute(inside)) return;
  try {
    execFileSync('git', ['check-ignore', '-q', inside], { cwd: root, stdio: 'ignore' });
  } catch {
    throw new Error(`${dir} is inside the repository and not ignored by .gitignore: keys must never be committed`);
  }
}

async function main(argv: string[]): Promise<void> {
  const dir = localAllowanceSealingKeysDir();
  assertNotCommittable(dir);
  const [command, argument] = argv;
  switch (command) {
    case undefined: {
      const state = await prepareSealingKeys(dir);
      return report(state, state.created ? 'made a key pair' : 'kept');
    }
    case 'list': {
      const ring = await readPublicKeyring(dir);
      return report({ dir, currentKeyId: ring.currentKeyId, keyIds: ring.keyIds(), created: false }, 'listed');
    }
    case 'rotate':
      return report(await rotateSealingKey(dir), 'rotated');
    case 'retire':
      if (!argument) throw new Error(`retire takes a key id\n${USAGE}`);
      return report(retireSealingKey(dir, argument), `retired ${argument}`);
    default:
      throw new Error(`unknown command '${command}'\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`[keys] ${error.message}\n`);
  process.exit(1);
});
