// Administrators' command for hospitals and their signing keys (apps/gateway/README.md).
//
//   npm run cli -- hospital add --id ID --name NAME --region CODE
//   npm run cli -- hospital rotate-key --id ID
//   npm run cli -- hospital revoke-key --id ID --key KEYID [--force]
//   npm run cli -- hospital disable --id ID | enable --id ID
//   npm run cli -- hospital list
//   npm run cli -- policy import FILE | policy list
//   npm run cli -- calendar import FILE | calendar list
//   npm run cli -- certificate-blocks add --institution ID --prefix LETTER --from N --to M | list --institution ID
//   npm run cli -- insurance record-payment --case ID | card advance --case ID [--to STATE]
//   npm run cli -- --help
//
// Environment: the gateway's own (GatewayConfig): DATABASE_URL, DATABASE_SCHEMA, SECRETS_KEK.
// JSON on stdout, notes and errors on stderr; exit 0 done, 1 refused or failed, 2 usage error.
import 'reflect-metadata';
import { userInfo } from 'node:os';
import { OutboxPublisher, TopicNamer } from '@birth/messaging';
import { createServiceDataSource, loadConfig, SecretBox } from '@birth/platform';
import { GatewayConfig } from '../config';
import { HospitalsAdmin, HospitalAdminError } from '../hospitals/hospitals-admin';
import { HospitalsRepository } from '../hospitals/hospitals.repository';
import { AuditLog } from '../security/audit-log';
import { ReferenceDataImportError, ReferenceDataImports } from '../reference-data/reference-data-imports';
import { parseHospitalCommand, runHospitalCommand, USAGE, UsageError, type HospitalCommand, type Output } from './hospital-command';
import { certificateServiceClient, CERTIFICATE_BLOCKS_USAGE, parseCertificateBlocksCommand, runCertificateBlocksCommand } from './certificate-blocks-command';
import { departmentItemClient, DEPARTMENT_ITEMS_USAGE, DepartmentItemRefused, parseDepartmentItemCommand, runDepartmentItemCommand } from './department-items-command';
import { parseReferenceDataCommand, REFERENCE_DATA_USAGE, runReferenceDataCommand, type ReferenceDataCommand } from './reference-data-command';

const ALL_USAGE = `${USAGE}\n${REFERENCE_DATA_USAGE}\n${CERTIFICATE_BLOCKS_USAGE}\n${DEPARTMENT_ITEMS_USAGE}`;

type Command = { group: 'hospital'; command: HospitalCommand } | { group: 'reference-data'; command: ReferenceDataCommand };

function parseCommand(argv: readonly string[]): Command {
  if (argv[0] === 'policy' || argv[0] === 'calendar') return { group: 'reference-data', command: parseReferenceDataCommand(argv) };
  return { group: 'hospital', command: parseHospitalCommand(argv) };
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // A container user without a passwd entry.
    return process.env['USER'] ?? process.env['LOGNAME'] ?? `uid-${process.getuid?.() ?? 'unknown'}`;
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.some((arg) => arg === '--help' || arg === '-h') || argv[0] === 'help') {
    process.stdout.write(`${ALL_USAGE}\n`);
    return 0;
  }
  // Another service's administration: through its internal API, without the gateway's database.
  if (argv[0] === 'certificate-blocks') return certificateBlocks(argv);
  if (argv[0] === 'insurance' || argv[0] === 'card') return departmentItems(argv);
  let parsed: Command;
  try {
    parsed = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`cli: ${error.message}\n${ALL_USAGE}\n`);
    return 2;
  }
  const config = loadConfig(GatewayConfig);
  const secrets = SecretBox.fromBase64(config.SECRETS_KEK);
  const dataSource = await createServiceDataSource({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, migrations: [], poolSize: 2 }).initialize();
  const out: Output = {
    json: (value) => process.stdout.write(`${JSON.stringify(value)}\n`),
    note: (text) => process.stderr.write(`${text}\n`),
  };
  try {
    const actor = `cli:${osUser()}`;
    if (parsed.group === 'reference-data') {
      // The row goes to the gateway's outbox; the running gateway's relay puts it on Kafka.
      const publisher = new OutboxPublisher('gateway', new TopicNamer(config.KAFKA_TOPIC_PREFIX));
      await runReferenceDataCommand(parsed.command, new ReferenceDataImports(dataSource, new AuditLog(dataSource), publisher, actor), out);
      return 0;
    }
    const admin = new HospitalsAdmin(new HospitalsRepository(dataSource), new AuditLog(dataSource), secrets, actor);
    await runHospitalCommand(parsed.command, admin, out);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

async function certificateBlocks(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseCertificateBlocksCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`cli: ${error.message}\n${CERTIFICATE_BLOCKS_USAGE}\n`);
    return 2;
  }
  const out: Output = { json: (value) => process.stdout.write(`${JSON.stringify(value)}\n`), note: (text) => process.stderr.write(`${text}\n`) };
  await runCertificateBlocksCommand(command, certificateServiceClient(), `cli:${osUser()}`, out);
  return 0;
}

async function departmentItems(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseDepartmentItemCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`cli: ${error.message}\n${DEPARTMENT_ITEMS_USAGE}\n`);
    return 2;
  }
  const out: Output = { json: (value) => process.stdout.write(`${JSON.stringify(value)}\n`), note: (text) => process.stderr.write(`${text}\n`) };
  try {
    await runDepartmentItemCommand(command, departmentItemClient(command.group), `cli:${osUser()}`, out);
  } catch (error) {
    if (!(error instanceof DepartmentItemRefused)) throw error;
    process.stderr.write(`cli: ${error.message}\n`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    const code = error instanceof HospitalAdminError || error instanceof ReferenceDataImportError ? ` (${error.code})` : '';
    process.stderr.write(`cli: ${error.message}${code}\n`);
    process.exit(1);
  },
);
