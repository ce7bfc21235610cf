import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';
import { Default, DemoDefault } from './config-loader';

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/**
 * Variables every program of the system reads: where it listens, its own schema and role, its
 * logs. ServiceConfig adds the internal API and messaging; a program without them (the bank
 * simulator) extends this one directly.
 */
export class ProgramConfig {
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

  /** PostgreSQL connection of this program's own role. */
  @DemoDefault('postgres://postgres@127.0.0.1:5432/birth')
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  /** The schema this program owns; its tables (a service's outbox and inbox too) and migrations table live there. */
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DATABASE_SCHEMA must be a lower-case SQL identifier' })
  DATABASE_SCHEMA!: string;

  @Default(10)
  @IsInt()
  @Min(1)
  DATABASE_POOL_SIZE!: number;

  @Default('log')
  @IsIn(LOG_LEVELS)
  LOG_LEVEL!: (typeof LOG_LEVELS)[number];

  /** json for machines (production), text for a terminal. */
  @Default('json')
  @IsIn(['json', 'text'])
  LOG_FORMAT!: 'json' | 'text';
}
