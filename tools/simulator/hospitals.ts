import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { SeedRegion } from './seed-regions';

// The simulated hospitals' credentials: read from a file outside the repository, or registered
// once through the administrators' CLI (npm run cli -- hospital add) and kept there (mode 0600),
// so a second run reuses them. A secret is never printed.

export interface HospitalCredentials {
  hospitalId: string;
  keyId: string;
  secret: string;
}

const ROOT = resolve(__dirname, '../..');

export function defaultHospitalsFile(env: NodeJS.ProcessEnv): string {
  const configHome = env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
  return join(configHome, 'birth-one-thing', 'simulator-hospitals.json');
}

function isCredentials(value: unknown): value is HospitalCredentials {
  const v = value as Partial<HospitalCredentials> | null;
  return typeof v?.hospitalId === 'string' && typeof v.keyId === 'string' && typeof v.secret === 'string';
}

async function readCredentials(file: string): Promise<HospitalCredentials[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every(isCredentials)) throw new Error(`${file} is not a list of {hospitalId, keyId, secret}`);
  return parsed;
}

/** Runs the gateway's CLI (the same environment as this process) and returns its JSON line. */
async function cli(args: string[]): Promise<Record<string, unknown>> {
  try {
    const { stdout } = await promisify(execFile)('bash', ['infra/run-node.sh', 'apps/gateway/src/cli/main.ts', ...args], { cwd: ROOT, env: process.env });
    const line = stdout.split('\n').find((l) => l.startsWith('{'));
    if (!line) throw new Error('no JSON answer');
    return JSON.parse(line) as Record<string, unknown>;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? (error as Error).message;
    throw new Error(`npm run cli -- ${args.slice(0, 2).join(' ')} failed: ${stderr.trim().split('\n')[0]}`, { cause: error });
  }
}

async function register(region: SeedRegion): Promise<HospitalCredentials> {
  try {
    const added = await cli(['hospital', 'add', '--id', region.hospitalId, '--name', region.hospitalName, '--region', region.county]);
    return { hospitalId: region.hospitalId, keyId: String(added['keyId']), secret: String(added['secret']) };
  } catch (error) {
    if (!/HOSPITAL_EXISTS/.test((error as Error).message)) throw error;
    // Registered before, but its key is not in the file (deleted, or another machine's): a new key.
    const rotated = await cli(['hospital', 'rotate-key', '--id', region.hospitalId]);
    return { hospitalId: region.hospitalId, keyId: String(rotated['keyId']), secret: String(rotated['secret']) };
  }
}

/**
 * The credentials of every seed region's hospital: those in `file`, and for any missing, a
 * hospital registered through the CLI and added to the file. `note` tells the human what happened.
 */
export async function hospitalCredentials(file: string, regions: readonly SeedRegion[], note: (text: string) => void): Promise<Map<string, HospitalCredentials>> {
  const known = new Map((await readCredentials(file)).map((c) => [c.hospitalId, c]));
  const missing = regions.filter((r) => !known.has(r.hospitalId));
  if (missing.length === 0) return known;
  for (const region of missing) {
    note(`registering the simulated hospital ${region.hospitalId} (${region.hospitalName}) with npm run cli -- hospital add`);
    known.set(region.hospitalId, await register(region));
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify([...known.values()], null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  note(`the simulated hospitals' keys are kept in ${file} (outside the repository) and reused by the next run`);
  return known;
}
