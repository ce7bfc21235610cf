import { parseArgs } from 'node:util';
import type { HospitalsAdmin } from '../hospitals/hospitals-admin';

export const USAGE = `usage: npm run cli -- hospital <command> [options]
  hospital add --id ID --name NAME --region CODE      register a hospital (region: 6 digits); prints its first key id and secret, once
  hospital rotate-key --id ID                         add a new key; the others stay valid until revoked; prints it, once
  hospital revoke-key --id ID --key KEYID [--force]   revoke a key at once (--force: even the hospital's last active key)
  hospital disable --id ID                            refuse every request of the hospital (HOSPITAL_DISABLED)
  hospital enable --id ID                             accept its requests again
  hospital list                                       every hospital with its keys, one JSON line each (never a secret)`;

/** A mistake in the command line itself: exit code 2, with the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type HospitalCommand =
  | { command: 'add'; id: string; name: string; region: string }
  | { command: 'rotate-key'; id: string }
  | { command: 'revoke-key'; id: string; key: string; force: boolean }
  | { command: 'disable'; id: string }
  | { command: 'enable'; id: string }
  | { command: 'list' };

const OPTIONS_OF: Record<HospitalCommand['command'], { required: string[]; optional: string[] }> = {
  add: { required: ['id', 'name', 'region'], optional: [] },
  'rotate-key': { required: ['id'], optional: [] },
  'revoke-key': { required: ['id', 'key'], optional: ['force'] },
  disable: { required: ['id'], optional: [] },
  enable: { required: ['id'], optional: [] },
  list: { required: [], optional: [] },
};

/** `hospital <command> --option value …` into a command; throws UsageError on anything else. */
export function parseHospitalCommand(argv: readonly string[]): HospitalCommand {
  const [group, command, ...rest] = argv;
  if (group !== 'hospital') throw new UsageError(group ? `unknown command group "${group}"` : 'a command is required');
  if (!command || !(command in OPTIONS_OF)) throw new UsageError(command ? `unknown command "hospital ${command}"` : 'a hospital command is required');
  const spec = OPTIONS_OF[command as HospitalCommand['command']];
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: false,
      options: {
        id: { type: 'string' },
        name: { type: 'string' },
        region: { type: 'string' },
        key: { type: 'string' },
        force: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const allowed = [...spec.required, ...spec.optional];
  const extra = Object.keys(values).filter((name) => !allowed.includes(name));
  if (extra.length) throw new UsageError(`hospital ${command} does not take ${extra.map((n) => `--${n}`).join(', ')}`);
  const missing = spec.required.filter((name) => typeof values[name] !== 'string' || values[name] === '');
  if (missing.length) throw new UsageError(`hospital ${command} needs ${missing.map((n) => `--${n}`).join(', ')}`);
  if (command === 'add' && !/^[0-9]{6}$/.test(values['region'] as string)) throw new UsageError('--region must be a 6-digit region code (e.g. 220100)');
  const id = values['id'] as string;
  switch (command) {
    case 'add':
      return { command, id, name: values['name'] as string, region: values['region'] as string };
    case 'revoke-key':
      return { command, id, key: values['key'] as string, force: values['force'] === true };
    case 'rotate-key':
    case 'disable':
    case 'enable':
      return { command, id };
    default:
      return { command: 'list' };
  }
}

export interface Output {
  /** One JSON document per line on stdout. */
  json(value: unknown): void;
  /** A note for the human on stderr. */
  note(text: string): void;
}

const SECRET_NOTE = 'store the secret now in the hospital system\'s configuration: it is shown only this once and cannot be read again';

/** Runs one command; HospitalAdminError and database errors propagate (exit 1). */
export async function runHospitalCommand(command: HospitalCommand, admin: HospitalsAdmin, out: Output): Promise<void> {
  switch (command.command) {
    case 'add': {
      const { hospital, key } = await admin.add({ id: command.id, name: command.name, regionCode: command.region });
      out.json({
        hospital: { id: hospital.id, name: hospital.name, region: hospital.regionCode, enabled: hospital.enabled },
        keyId: key.keyId,
        secret: key.secret,
      });
      out.note(SECRET_NOTE);
      return;
    }
    case 'rotate-key': {
      const key = await admin.rotateKey(command.id);
      out.json({ hospitalId: key.hospitalId, keyId: key.keyId, secret: key.secret, created: key.createdAt });
      out.note(`${SECRET_NOTE}; the older keys stay valid until "hospital revoke-key"`);
      return;
    }
    case 'revoke-key': {
      const key = await admin.revokeKey(command.id, command.key, { force: command.force });
      out.json({ hospitalId: key.hospitalId, keyId: key.keyId, revoked: key.revokedAt });
      return;
    }
    case 'disable':
    case 'enable': {
      const hospital = await admin.setEnabled(command.id, command.command === 'enable');
      out.json({ id: hospital.id, enabled: hospital.enabled });
      return;
    }
    case 'list': {
      const hospitals = await admin.list();
      for (const hospital of hospitals) out.json(hospital);
      out.note(`${hospitals.length} hospital(s)`);
      return;
    }
  }
}
