import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';
import { AddInboxAttempts1764000004000, CreateMessagingTables1764000000000, OutboxNotifyWhenIdle1764000005000 } from '@birth/messaging';
import { CreatePersonalDataReveals1764000006000 } from '../internal-api/personal-data-reveals.migration';
import { DropRetiredWorkItems1764000012100 } from './retired-work-items.migration';

const PLATFORM_MIGRATIONS = [
  CreateMessagingTables1764000000000,
  AddInboxAttempts1764000004000,
  OutboxNotifyWhenIdle1764000005000,
  CreatePersonalDataReveals1764000006000,
  DropRetiredWorkItems1764000012100,
];

export interface ServiceDataSourceOptions {
  url: string;
  schema: string;
  poolSize?: number;
  /** The service's own migrations; the platform's (outbox/inbox, reveal audit, the retired work_items dropped) are always included, run in timestamp order. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes (DataSourceOptions.migrations)
  migrations: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes (DataSourceOptions.entities)
  entities?: MixedList<Function>;
  /**
   * False for a program that neither publishes nor consumes (the bank simulator): its schema then
   * holds its own tables only, without the outbox, inbox and reveal-audit tables. Default true.
   */
  platformTables?: boolean;
}

/**
 * A service's connection to its own schema. `search_path` is the schema, so migrations and
 * queries use unqualified names; the migrations table lives in the schema too.
 * Never `synchronize`: schemas change through migrations only, run by the infra script or
 * `npm run infra:db`, not silently at boot.
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource(serviceDataSourceOptions(options));
}

export function serviceDataSourceOptions(options: ServiceDataSourceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    migrations: [
      ...(options.platformTables === false ? [] : PLATFORM_MIGRATIONS),
      // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
      ...(options.migrations as Function[]),
    ],
    entities: options.entities ?? [],
    logging: false,
    extra: {
      max: options.poolSize ?? 10,
      options: `-c search_path=${options.schema}`,
      connectionTimeoutMillis: 3_000,
      // A dead connection fails fast instead of hanging a request or a consumer.
      query_timeout: 30_000,
      keepAlive: true,
    },
  };
}

/** Creates the schema if needed and runs pending migrations. Returns the names of those applied. */
export async function migrateServiceSchema(options: ServiceDataSourceOptions): Promise<string[]> {
  const dataSource = createServiceDataSource({ ...options, poolSize: 1 });
  await dataSource.initialize();
  try {
    // Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists.
    const existing: unknown[] = await dataSource.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [options.schema]);
    if (existing.length === 0) await dataSource.query(`CREATE SCHEMA "${options.schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
