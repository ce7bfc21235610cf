import type { ClientConfig } from 'pg';
import type { ServiceConfig } from '../config/service-config';

/** A plain pg connection to the service's schema (for sessions outside the TypeORM pool: the relay's). */
export function connectionConfigOf(config: Pick<ServiceConfig, 'DATABASE_URL' | 'DATABASE_SCHEMA'>): ClientConfig {
  return {
    connectionString: config.DATABASE_URL,
    options: `-c search_path=${config.DATABASE_SCHEMA}`,
    connectionTimeoutMillis: 3_000,
    keepAlive: true,
  };
}
