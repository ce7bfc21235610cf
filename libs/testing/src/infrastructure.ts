import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/**
 * Where the tests' real infrastructure is, as the jest global setup left it in the
 * environment: testcontainers where a Docker engine answers, otherwise the local broker
 * (infra/kafka/kafka.sh) and the local PostgreSQL.
 */
export interface TestInfrastructure {
  mode: 'local' | 'containers';
  kafkaBrokers: string;
  /** A superuser connection to the tests' database; each suite makes its own schema there. */
  databaseUrl: string;
  kafkaContainerId?: string;
}

export function testInfrastructure(): TestInfrastructure {
  const kafkaBrokers = process.env['BIRTH_TEST_KAFKA_BROKERS'];
  const databaseUrl = process.env['BIRTH_TEST_DATABASE_URL'];
  if (!kafkaBrokers || !databaseUrl) throw new Error('test infrastructure not set up: run the tests through jest (its global setup)');
  return {
    mode: process.env['BIRTH_TEST_INFRA_MODE'] === 'containers' ? 'containers' : 'local',
    kafkaBrokers,
    databaseUrl,
    kafkaContainerId: process.env['BIRTH_TEST_KAFKA_CONTAINER_ID'],
  };
}

/** Stops the shared broker (outage suites only: they run alone, after the others). */
export async function stopKafka(): Promise<void> {
  const infra = testInfrastructure();
  if (infra.mode === 'containers') await run('docker', ['pause', infra.kafkaContainerId!]);
  else await run('bash', [join(REPO_ROOT, 'infra/kafka/kafka.sh'), 'stop'], { env: process.env });
}

export async function startKafka(): Promise<void> {
  const infra = testInfrastructure();
  if (infra.mode === 'containers') await run('docker', ['unpause', infra.kafkaContainerId!]);
  else await run('bash', [join(REPO_ROOT, 'infra/kafka/kafka.sh'), 'start'], { env: process.env });
}
