import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createServiceDataSource } from '@birth/platform';
import { BankSimulatorConfig } from '../config';
import { program } from '../program';

/** The bank's connection pool on its own schema (search_path), opened at boot, closed at shutdown. */
@Injectable()
export class BankDatabase implements OnApplicationShutdown {
  readonly dataSource: DataSource;

  constructor(config: BankSimulatorConfig) {
    this.dataSource = createServiceDataSource({
      url: config.DATABASE_URL,
      schema: config.DATABASE_SCHEMA,
      poolSize: config.DATABASE_POOL_SIZE,
      migrations: [...program.migrations],
      platformTables: program.platformTables,
    });
  }

  async open(): Promise<void> {
    await this.dataSource.initialize();
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
