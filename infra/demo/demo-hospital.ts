import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { HospitalsAdmin } from '../../apps/gateway/src/hospitals/hospitals-admin';
import type { HospitalsRepository } from '../../apps/gateway/src/hospitals/hospitals.repository';

// The demo's own hospital: registered on the first `npm start` through the gateway's hospital
// administration (the code of `npm run cli -- hospital add`, audited as it is), its key kept in a
// file outside the repository, mode 0600. A later start finds it and changes nothing. The secret
// is written to that file only, never printed.

export const DEMO_HOSPITAL = { id: 'DEMO-210202', name: '演示医院（大连市中山区）', regionCode: '210202' } as const;

/** What the demo's hospital file holds: what a hospital's system needs to sign (docs/hospital-integration.md). */
export interface DemoHospitalFile {
  hospitalId: string;
  name: string;
  regionCode: string;
  keyId: string;
  /** The HMAC key (its UTF-8 bytes). */
  secret: string;
  createdAt: string;
}

/** `$BIRTH_DEMO_DIR`, else `$XDG_CONFIG_HOME/birth-one-thing/demo`, else `~/.config/birth-one-thing/demo` (next to the keys). */
export function demoDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['BIRTH_DEMO_DIR']) return env['BIRTH_DEMO_DIR'];
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'birth-one-thing', 'demo');
}

export function demoHospitalFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(demoDir(env), 'hospital.json');
}

export async function readDemoHospital(file: string): Promise<DemoHospitalFile | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<DemoHospitalFile>;
  if (typeof parsed.hospitalId !== 'string' || typeof parsed.keyId !== 'string' || typeof parsed.secret !== 'string') {
    throw new Error(`${file} is not a demo hospital file ({hospitalId, keyId, secret, …}): move it away and start again`);
  }
  return parsed as DemoHospitalFile;
}

/** Written whole or not at all (a temporary file renamed), readable by its owner only. */
async function writeDemoHospital(file: string, content: DemoHospitalFile): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}

export type DemoHospitalOutcome =
  /** Registered now, with its first key. */
  | { kind: 'created'; hospital: DemoHospitalFile; file: string }
  /** Registered before, but the file's key was missing, unknown or revoked: a new key beside the others. */
  | { kind: 'new-key'; hospital: DemoHospitalFile; file: string; why: string }
  /** The file's key is an active key of the registered hospital: nothing changed. */
  | { kind: 'reused'; hospital: DemoHospitalFile; file: string; enabled: boolean };

/**
 * The demo hospital registered with an active key whose secret is in `file`: as it is when it
 * already is, otherwise registered (`add`) or given a new key (`rotateKey`) and the file written.
 */
export async function ensureDemoHospital(admin: HospitalsAdmin, hospitals: HospitalsRepository, file: string): Promise<DemoHospitalOutcome> {
  const kept = await readDemoHospital(file);
  const registered = await hospitals.findHospital(DEMO_HOSPITAL.id);
  if (!registered) {
    const { hospital, key } = await admin.add({ id: DEMO_HOSPITAL.id, name: DEMO_HOSPITAL.name, regionCode: DEMO_HOSPITAL.regionCode });
    const content = { hospitalId: hospital.id, name: hospital.name, regionCode: hospital.regionCode, keyId: key.keyId, secret: key.secret, createdAt: key.createdAt.toISOString() };
    await writeDemoHospital(file, content);
    return { kind: 'created', hospital: content, file };
  }
  const keys = await hospitals.keysOf(DEMO_HOSPITAL.id);
  const keptKey = kept?.hospitalId === DEMO_HOSPITAL.id ? keys.find((k) => k.keyId === kept.keyId) : undefined;
  if (kept && keptKey && !keptKey.revokedAt) return { kind: 'reused', hospital: kept, file, enabled: registered.enabled };
  const why = !kept ? `${file} was missing` : !keptKey ? `its key ${kept.keyId} is not registered` : `its key ${kept.keyId} was revoked`;
  const key = await admin.rotateKey(DEMO_HOSPITAL.id);
  const content = { hospitalId: registered.id, name: registered.name, regionCode: registered.regionCode, keyId: key.keyId, secret: key.secret, createdAt: key.createdAt.toISOString() };
  await writeDemoHospital(file, content);
  return { kind: 'new-key', hospital: content, file, why };
}
