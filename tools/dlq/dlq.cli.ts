// Operators' command for dead letters.
//
//   npm run dlq -- list   <topic>                      list the dead letters of <topic> (personal data masked)
//   npm run dlq -- replay <topic> --ids 0:12,3:4       re-publish chosen dead letters to <topic>
//   npm run dlq -- replay <topic> --all                re-publish every dead letter of <topic>
//       [--actor <who>]   who replays, for the audit (default: the OS user)
//       [--note <text>]   why it may go through now, for the audit
//
// <topic> is the registry name (e.g. birth.registered.v1); its dead letters are on <topic>.dlq.
// A dead letter's id is `partition:offset` in the dead-letter topic, as `list` prints it.
// Replaying is safe to repeat: consumers deduplicate on the message id (the inbox).
// Every replay is recorded (who, which dead letter and why it was parked, its message id, when,
// the note, sent or failed)
// in dead_letter_replays, in the schema DLQ_AUDIT_SCHEMA, created on first use.
// Environment: KAFKA_BROKERS (default 127.0.0.1:9092), KAFKA_TOPIC_PREFIX (default empty),
// DATABASE_URL (demo default postgres://postgres@127.0.0.1:5432/birth; required when NODE_ENV=production),
// DLQ_AUDIT_SCHEMA (default dead_letter_audit).
import { userInfo } from 'node:os';
import { DataSource } from 'typeorm';
import { deadLetterTopicOf } from '@birth/contracts';
import { CreateDeadLetterReplays1764000004100, DeadLetterReplayAudit, DeadLetterStore, KafkaJsMessageBus, TopicNamer, type DeadLetter } from '@birth/messaging';

const USAGE = `usage:
  npm run dlq -- list <topic>
  npm run dlq -- replay <topic> (--ids <partition:offset>[,...] | --all) [--actor <who>] [--note <text>]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function summary(letter: DeadLetter): string {
  return JSON.stringify(letter);
}

async function main(argv: string[]): Promise<void> {
  const [command, topic, ...rest] = argv;
  if (!command || !topic || !['list', 'replay'].includes(command)) fail('a command (list or replay) and a topic are required');
  const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
  const namer = new TopicNamer(process.env['KAFKA_TOPIC_PREFIX'] ?? '');
  const store = new DeadLetterStore(new KafkaJsMessageBus({ clientId: 'dlq-cli', brokers }));
  const dlqTopic = deadLetterTopicOf(namer.physical(topic));

  if (command === 'list') {
    const letters = await store.list(dlqTopic);
    for (const letter of letters) process.stdout.write(`${summary(letter)}\n`);
    process.stderr.write(`${letters.length} dead letter(s) in ${dlqTopic}\n`);
    return;
  }
  const all = rest.includes('--all');
  const ids = (option(rest, '--ids') ?? '').split(',').filter(Boolean);
  if (all === ids.length > 0) fail('replay takes either --ids or --all');
  if (ids.some((id) => !/^\d+:\d+$/.test(id))) fail('--ids takes partition:offset pairs, e.g. 0:12,3:4');
  const note = option(rest, '--note')?.trim() || null;
  const actor = option(rest, '--actor')?.trim() || osUser();
  if (!actor) fail('no OS user name: say who replays with --actor');
  const dataSource = await auditDataSource();
  try {
    const audit = new DeadLetterReplayAudit(dataSource).recorder(actor, note);
    const replayed = await store.replay(dlqTopic, ids, audit);
    for (const letter of replayed) process.stdout.write(`${summary(letter)}\n`);
    process.stderr.write(`replayed ${replayed.length} dead letter(s) from ${dlqTopic} to their original topic, recorded as ${actor}\n`);
  } finally {
    await dataSource.destroy();
  }
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? '';
  }
}

/** The operators' schema with the replay audit table, created and migrated on first use. */
async function auditDataSource(): Promise<DataSource> {
  const url = process.env['DATABASE_URL'] || (process.env['NODE_ENV'] === 'production' ? '' : 'postgres://postgres@127.0.0.1:5432/birth');
  if (!url) fail('DATABASE_URL is required in production (the replay audit is written there)');
  const schema = process.env['DLQ_AUDIT_SCHEMA'] || 'dead_letter_audit';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) fail('DLQ_AUDIT_SCHEMA must be a lower-case SQL identifier');
  const dataSource = await new DataSource({
    type: 'postgres',
    url,
    schema,
    migrations: [CreateDeadLetterReplays1764000004100],
    migrationsTableName: 'migrations',
    extra: { max: 1, options: `-c search_path=${schema}` },
  }).initialize();
  try {
    const existing: unknown[] = await dataSource.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (existing.length === 0) await dataSource.query(`CREATE SCHEMA "${schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`dlq: ${error.message}\n`);
    process.exit(1);
  },
);
