// Where a bench run happens: a private broker and PostgreSQL cluster started for the run (the
// fault runs' PrivateInfra, test/faults/support/private-infra.ts), which the recovery
// measurements may kill; or the shared ones, which nothing here ever stops.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrivateInfra } from '../../test/faults/support/private-infra';
import type { CountedProcess } from './cpu';
import type { Infrastructure } from './whole-system';

/** Kill and bring back: a broker's JVM (kill -9, then a fresh start), PostgreSQL (immediate stop, then start). */
export interface Faults {
  killBroker(): Promise<void>;
  startBroker(): Promise<void>;
  crashDatabase(): Promise<void>;
  startDatabase(): Promise<void>;
}

export interface BenchInfrastructure extends Infrastructure {
  kind: 'private' | 'shared';
  /** Null on the shared infrastructure: it is never killed. */
  faults: Faults | null;
  /** The broker's JVM and PostgreSQL's postmaster (with its backends), for the CPU count; none on the shared infrastructure (other users' work runs there). */
  processes(): Map<string, CountedProcess>;
  dispose(): Promise<void>;
}

/**
 * Ports of its own, away from the shared ones (9092, 5432) and from the fault run's defaults
 * (9192, 5442), so that the bench and a fault run can go at the same time.
 */
export const PRIVATE_PORTS = { kafkaPort: 9292, kafkaControllerPort: 9293, postgresPort: 5452 };

/** Started in the OS's temporary directory (removed by dispose()). */
export async function privateInfrastructure(log: (line: string) => void): Promise<BenchInfrastructure> {
  const infra = await PrivateInfra.start({ log, ...PRIVATE_PORTS });
  return {
    kind: 'private',
    kafkaBrokers: infra.kafkaBrokers,
    serverUrl: `postgres://postgres@127.0.0.1:${infra.postgresPort}/postgres`,
    faults: {
      killBroker: () => infra.killBroker(),
      startBroker: () => infra.startBroker(),
      crashDatabase: () => infra.crashPostgres(),
      startDatabase: () => infra.startPostgres(),
    },
    processes: () => {
      const found = new Map<string, CountedProcess>();
      const broker = infra.brokerPid();
      if (broker !== undefined) found.set('broker', { pid: broker });
      const postmaster = postmasterPid(infra.postgresDataDir);
      if (postmaster !== undefined) found.set('postgres', { pid: postmaster, tree: true });
      return found;
    },
    dispose: () => infra.dispose(),
  };
}

export function sharedInfrastructure(): BenchInfrastructure {
  return {
    kind: 'shared',
    kafkaBrokers: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    serverUrl: process.env['BENCH_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    faults: null,
    processes: () => new Map(),
    dispose: async () => undefined,
  };
}

/** The first line of the cluster's postmaster.pid; undefined while it is down. */
function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
