// The administrators' one tool (apps/gateway/README.md; npm run cli -- --help, or <group> --help):
//
//   npm run cli -- hospital add --id ID --name NAME --region CODE | rotate-key | revoke-key | disable | enable | list
//   npm run cli -- policy import FILE | policy list
//   npm run cli -- calendar import FILE | calendar list
//   npm run cli -- certificate-blocks add --institution ID --prefix LETTER --from N --to M | list --institution ID
//   npm run cli -- insurance record-payment --case ID | card advance --case ID [--to STATE]
//   npm run cli -- dlq list TOPIC | dlq replay TOPIC (--ids P:O,... | --all)   (also npm run dlq -- …)
//   npm run cli -- user add --username U --role ROLE [--region CODE …] --password-stdin | disable | reset-password | list
//
// Environment: hospital, user, policy and calendar use the gateway's own (GatewayConfig): DATABASE_URL,
// DATABASE_SCHEMA, SECRETS_KEK; the others say theirs in their usage.
// JSON on stdout, notes and errors on stderr; exit 0 done, 1 refused or failed, 2 usage error.
import 'reflect-metadata';
import { userInfo } from 'node:os';
import { OutboxPublisher, TopicNamer } from '@birth/messaging';
import { createServiceDataSource, loadConfig, SecretBox } from '@birth/platform';
import { GatewayConfig } from '../config';
import { HospitalsAdmin, HospitalAdminError } from '../hospitals/hospitals-admin';
import { HospitalsRepository } from '../hospitals/hospitals.repository';
import { AuditLog } from '../security/audit-log';
import { ConsoleUserAdminError, ConsoleUsersAdmin } from '../console-auth/console-users-admin';
import { ReferenceDataImportError, ReferenceDataImports } from '../reference-data/reference-data-imports';
import { certificateServiceClient, runCertificateBlocksCommand } from './certificate-blocks-command';
import { readCommandLine, type CliCommand } from './command-line';
import { runDeadLetterCommand } from './dead-letters-command';
import { departmentItemClient, runDepartmentItemCommand } from './department-items-command';
import { runHospitalCommand, UsageError, type Output } from './hospital-command';
import { runReferenceDataCommand } from './reference-data-command';
import { firstLineOf, runUserCommand } from './user-command';

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // A container user without a passwd entry.
    return process.env['USER'] ?? process.env['LOGNAME'] ?? `uid-${process.getuid?.() ?? 'unknown'}`;
  }
}

const out: Output = {
  json: (value) => process.stdout.write(`${JSON.stringify(value)}\n`),
  note: (text) => process.stderr.write(`${text}\n`),
};

/** Commands on the gateway's own database: hospitals, console users, policy and calendar. */
async function runOnGatewayDatabase(command: Extract<CliCommand, { group: 'hospital' | 'reference-data' | 'user' }>): Promise<void> {
  const config = loadConfig(GatewayConfig);
  const secrets = SecretBox.fromBase64(config.SECRETS_KEK);
  const dataSource = await createServiceDataSource({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, migrations: [], poolSize: 2 }).initialize();
  try {
    const actor = `cli:${osUser()}`;
    if (command.group === 'reference-data') {
      // The row goes to the gateway's outbox; the running gateway's relay puts it on Kafka.
      const publisher = new OutboxPublisher('gateway', new TopicNamer(config.KAFKA_TOPIC_PREFIX));
      await runReferenceDataCommand(command.command, new ReferenceDataImports(dataSource, new AuditLog(dataSource), publisher, actor), out);
      return;
    }
    if (command.group === 'user') {
      await runUserCommand(command.command, new ConsoleUsersAdmin(dataSource, new AuditLog(dataSource), actor), out, () => firstLineOf(process.stdin));
      return;
    }
    await runHospitalCommand(command.command, new HospitalsAdmin(new HospitalsRepository(dataSource), new AuditLog(dataSource), secrets, actor), out);
  } finally {
    await dataSource.destroy();
  }
}

async function run(command: CliCommand): Promise<void> {
  switch (command.group) {
    case 'hospital':
    case 'reference-data':
    case 'user':
      return runOnGatewayDatabase(command);
    // Another service's administration: through its internal API, without the gateway's database.
    case 'certificate-blocks':
      return runCertificateBlocksCommand(command.command, certificateServiceClient(), `cli:${osUser()}`, out);
    case 'department-items':
      return runDepartmentItemCommand(command.command, departmentItemClient(command.command.group), `cli:${osUser()}`, out);
    case 'dlq':
      return runDeadLetterCommand(command.command, out);
  }
}

async function main(argv: string[]): Promise<number> {
  const line = readCommandLine(argv);
  if (line.kind === 'help') {
    process.stdout.write(`${line.text}\n`);
    return 0;
  }
  if (line.kind === 'usage-error') {
    process.stderr.write(`cli: ${line.message}\n${line.usage}\n`);
    return 2;
  }
  await run(line.command);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    if (error instanceof UsageError) {
      process.stderr.write(`cli: ${error.message}\n`);
      process.exit(2);
    }
    const code = error instanceof HospitalAdminError || error instanceof ReferenceDataImportError || error instanceof ConsoleUserAdminError ? ` (${error.code})` : '';
    process.stderr.write(`cli: ${error.message}${code}\n`);
    process.exit(1);
  },
);
