// Administrators' command for hospitals and their signing keys (apps/gateway/README.md).
//
//   npm run cli -- hospital add --id ID --name NAME --region CODE
//   npm run cli -- hospital rotate-key --id ID
//   npm run cli -- hospital revoke-key --id ID --key KEYID [--force]
//   npm run cli -- hospital disable --id ID | enable --id ID
//   npm run cli -- hospital list
//
// Environment: the gateway's own (GatewayConfig): DATABASE_URL, DATABASE_SCHEMA, SECRETS_KEK.
// JSON on stdout, notes and errors on stderr; exit 0 done, 1 refused or failed, 2 usage error.
import 'reflect-metadata';
import { userInfo } from 'node:os';
import { createServiceDataSource, loadConfig, SecretBox } from '@birth/platform';
import { GatewayConfig } from '../config';
import { HospitalsAdmin, HospitalAdminError } from '../hospitals/hospitals-admin';
import { HospitalsRepository } from '../hospitals/hospitals.repository';
import { AuditLog } from '../security/audit-log';
import { parseHospitalCommand, runHospitalCommand, USAGE, UsageError, type HospitalCommand } from './hospital-command';

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // A container user without a passwd entry.
    return process.env['USER'] ?? process.env['LOGNAME'] ?? `uid-${process.getuid?.() ?? 'unknown'}`;
  }
}

async function main(argv: string[]): Promise<number> {
  let command: HospitalCommand;
  try {
    command = parseHospitalCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`cli: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(GatewayConfig);
  const secrets = SecretBox.fromBase64(config.SECRETS_KEK);
  const dataSource = await createServiceDataSource({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, migrations: [], poolSize: 2 }).initialize();
  try {
    const admin = new HospitalsAdmin(new HospitalsRepository(dataSource), new AuditLog(dataSource), secrets, `cli:${osUser()}`);
    await runHospitalCommand(command, admin, {
      json: (value) => process.stdout.write(`${JSON.stringify(value)}\n`),
      note: (text) => process.stderr.write(`${text}\n`),
    });
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    const code = error instanceof HospitalAdminError ? ` (${error.code})` : '';
    process.stderr.write(`cli: ${error.message}${code}\n`);
    process.exit(1);
  },
);
