import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');
const TEST_DATABASE = 'birth_test';

async function dockerAvailable(): Promise<boolean> {
  if (process.env['BIRTH_TEST_INFRA'] === 'local') return false;
  try {
    await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

async function ensureDatabase(adminUrl: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEST_DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${TEST_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${TEST_DATABASE}`;
  return url.toString();
}

/**
 * Real infrastructure for the integration, e2e and outage suites, started once per jest run:
 * - with a Docker engine: Apache Kafka (KRaft) and PostgreSQL 16 from testcontainers;
 * - without one (this machine, CI): the local broker from infra/kafka/kafka.sh (started if it
 *   is not answering) and the PostgreSQL at DATABASE_ADMIN_URL.
 * Suites then isolate themselves: their own schema, topic prefix and consumer groups.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env['BIRTH_TEST_KAFKA_BROKERS'] && process.env['BIRTH_TEST_DATABASE_URL']) return;
  if (await dockerAvailable()) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const [kafka, postgres] = await Promise.all([
      // Confluent's image 7.9 carries Apache Kafka 3.9; the module's KRaft support expects it.
      new KafkaContainer('confluentinc/cp-kafka:7.9.1')
        .withKraft()
        .withEnvironment({
          KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
          KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
          KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS: '1000',
        })
        .start(),
      new PostgreSqlContainer('postgres:16-alpine').start(),
    ]);
    (globalThis as Record<string, unknown>)['__BIRTH_CONTAINERS__'] = [kafka, postgres];
    process.env['BIRTH_TEST_INFRA_MODE'] = 'containers';
    process.env['BIRTH_TEST_KAFKA_BROKERS'] = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
    process.env['BIRTH_TEST_KAFKA_CONTAINER_ID'] = kafka.getId();
    process.env['BIRTH_TEST_DATABASE_URL'] = await ensureDatabase(postgres.getConnectionUri());
    return;
  }
  await run('bash', [join(ROOT, 'infra/kafka/kafka.sh'), 'start'], { env: process.env, timeout: 180_000 });
  process.env['BIRTH_TEST_INFRA_MODE'] = 'local';
  process.env['BIRTH_TEST_KAFKA_BROKERS'] = `127.0.0.1:${process.env['KAFKA_PORT'] ?? '9092'}`;
  process.env['BIRTH_TEST_DATABASE_URL'] = await ensureDatabase(
    process.env['DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  );
}
