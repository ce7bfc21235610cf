import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { deadLetterTopicOf, TOPIC_REGISTRY } from '@birth/contracts';
import { CreateDeadLetterReplays1764000004100, DeadLetterReplayAudit, DeadLetterStore, KafkaJsMessageBus, TopicNamer } from '@birth/messaging';
import { UsageError, type Output } from './hospital-command';

// Dead letters (docs/operations.md#dead-letters): `npm run cli -- dlq …`, and `npm run dlq -- …`
// (tools/dlq/dlq.cli.ts), which runs the same command.

export const DEAD_LETTERS_USAGE = `usage: npm run cli -- dlq <command>      (also npm run dlq -- <command>)
  dlq list TOPIC          the dead letters of TOPIC (on TOPIC.dlq), one JSON line each, personal data masked
  dlq replay TOPIC (--ids PARTITION:OFFSET[,...] | --all) [--actor WHO] [--note TEXT]
                          re-publish chosen dead letters (ids as list prints them) or every one to TOPIC; safe to
                          repeat (consumers deduplicate); each replay is recorded in the replay audit
  TOPIC is the registry name (e.g. birth.registered.v1). --actor: who replays (default the OS user); --note: why
  it may go through now.
  Environment: KAFKA_BROKERS (default 127.0.0.1:9092), KAFKA_TOPIC_PREFIX (default empty), DATABASE_URL (demo
  default postgres://postgres@127.0.0.1:5432/birth; required with NODE_ENV=production), DLQ_AUDIT_SCHEMA (default
  dead_letter_audit, created on first use)`;

export type DeadLetterCommand =
  | { command: 'list'; topic: string }
  | { command: 'replay'; topic: string; ids: string[]; all: boolean; actor: string | null; note: string | null };

const TOPIC_NAMES = new Set(TOPIC_REGISTRY.map((t) => t.name));

/** `dlq list TOPIC` or `dlq replay TOPIC (--ids … | --all) [--actor WHO] [--note TEXT]`; throws UsageError on anything else. */
export function parseDeadLetterCommand(argv: readonly string[]): DeadLetterCommand {
  const [group, command, ...rest] = argv;
  if (group !== 'dlq') throw new UsageError(`unknown command group "${group ?? ''}"`);
  if (command !== 'list' && command !== 'replay') throw new UsageError(command ? `unknown command "dlq ${command}"` : 'a dlq command is required (list, replay)');
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: true,
      options: { ids: { type: 'string' }, all: { type: 'boolean' }, actor: { type: 'string' }, note: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`dlq ${command} takes exactly one TOPIC (got ${positionals.length})`);
  const topic = positionals[0]!;
  if (!TOPIC_NAMES.has(topic)) throw new UsageError(`unknown topic "${topic}": give a registry name such as birth.registered.v1`);
  if (command === 'list') {
    const extra = Object.keys(values);
    if (extra.length) throw new UsageError(`dlq list does not take ${extra.map((n) => `--${n}`).join(', ')}`);
    return { command, topic };
  }
  const ids = (values.ids ?? '').split(',').filter(Boolean);
  const all = values.all === true;
  if (all === ids.length > 0) throw new UsageError('dlq replay takes either --ids or --all');
  const bad = ids.find((id) => !/^\d+:\d+$/.test(id));
  if (bad) throw new UsageError(`--ids takes partition:offset pairs, e.g. 0:12,3:4 (got "${bad}")`);
  const actor = values.actor?.trim() || null;
  if (values.actor !== undefined && !actor) throw new UsageError('--actor needs a name');
  return { command, topic, ids, all, actor, note: values.note?.trim() || null };
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? '';
  }
}

/** The operators' schema with the replay audit table, created and migrated on first use. */
async function auditDataSource(env: NodeJS.ProcessEnv): Promise<DataSource> {
  const url = env['DATABASE_URL'] || (env['NODE_ENV'] === 'production' ? '' : 'postgres://postgres@127.0.0.1:5432/birth');
  if (!url) throw new UsageError('DATABASE_URL is required in production (the replay audit is written there)');
  const schema = env['DLQ_AUDIT_SCHEMA'] || 'dead_letter_audit';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new UsageError('DLQ_AUDIT_SCHEMA must be a lower-case SQL identifier');
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

/** Runs one command against the broker (and, for a replay, the audit's database). */
export async function runDeadLetterCommand(command: DeadLetterCommand, out: Output, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const brokers = (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
  const namer = new TopicNamer(env['KAFKA_TOPIC_PREFIX'] ?? '');
  const store = new DeadLetterStore(new KafkaJsMessageBus({ clientId: 'dlq-cli', brokers }));
  const dlqTopic = deadLetterTopicOf(namer.physical(command.topic));
  if (command.command === 'list') {
    const letters = await store.list(dlqTopic);
    for (const letter of letters) out.json(letter);
    out.note(`${letters.length} dead letter(s) in ${dlqTopic}`);
    return;
  }
  const actor = command.actor ?? osUser();
  if (!actor) throw new UsageError('no OS user name: say who replays with --actor');
  const dataSource = await auditDataSource(env);
  try {
    const audit = new DeadLetterReplayAudit(dataSource).recorder(actor, command.note);
    const replayed = await store.replay(dlqTopic, command.all ? [] : command.ids, audit);
    for (const letter of replayed) out.json(letter);
    out.note(`replayed ${replayed.length} dead letter(s) from ${dlqTopic} to their original topic, recorded as ${actor}`);
  } finally {
    await dataSource.destroy();
  }
}
