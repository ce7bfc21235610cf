import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';
import { Default, DemoDefault } from './config-loader';

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/** Variables every service reads. A service's own configuration class extends this one. */
export class ServiceConfig {
  @Default('development')
  @IsIn(['development', 'test', 'production'])
  NODE_ENV!: 'development' | 'test' | 'production';

  /** Interface to listen on; 0.0.0.0 inside containers. */
  @Default('127.0.0.1')
  @IsString()
  @IsNotEmpty()
  HOST!: string;

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT!: number;

  /** PostgreSQL connection of this service's own role. */
  @DemoDefault('postgres://postgres@127.0.0.1:5432/birth')
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  /** The schema this service owns; its tables, outbox, inbox and migrations table live there. */
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DATABASE_SCHEMA must be a lower-case SQL identifier' })
  DATABASE_SCHEMA!: string;

  @Default(10)
  @IsInt()
  @Min(1)
  DATABASE_POOL_SIZE!: number;

  /** Comma-separated host:port list. */
  @DemoDefault('127.0.0.1:9092')
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be a comma-separated host:port list' })
  KAFKA_BROKERS!: string;

  /** Prepended to every topic name; empty in production, a per-suite prefix in tests. */
  @Default('')
  @Matches(/^[a-zA-Z0-9._-]*$/)
  KAFKA_TOPIC_PREFIX!: string;

  @Default(30000)
  @IsInt()
  @Min(1000)
  KAFKA_SESSION_TIMEOUT_MS!: number;

  @Default(3000)
  @IsInt()
  @Min(100)
  KAFKA_HEARTBEAT_INTERVAL_MS!: number;

  /** Attempts of a failing handler before its message goes to the dead-letter topic. */
  @Default(5)
  @IsInt()
  @Min(1)
  CONSUMER_MAX_ATTEMPTS!: number;

  @Default(7 * 24 * 3600)
  @IsInt()
  @Min(60)
  OUTBOX_RETENTION_SECONDS!: number;

  @Default('log')
  @IsIn(LOG_LEVELS)
  LOG_LEVEL!: (typeof LOG_LEVELS)[number];

  /** json for machines (production), text for a terminal. */
  @Default('json')
  @IsIn(['json', 'text'])
  LOG_FORMAT!: 'json' | 'text';
}
