import 'reflect-metadata';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';
import { ConfigError, declaredVariables, Default, DemoDefault, isProduction, loadConfig } from './config-loader';
import { ServiceConfig } from './service-config';

class SampleConfig {
  @Default('info')
  @IsIn(['info', 'debug'])
  LEVEL!: 'info' | 'debug';

  @Default(5)
  @IsInt()
  @Min(1)
  RETRIES!: number;

  @DemoDefault('demo-secret')
  @IsString()
  @IsNotEmpty()
  SECRET!: string;

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT!: number;
}

/** A service's configuration, built like the apps build theirs (apps/gateway/src/config.ts). */
class SampleServiceConfig extends ServiceConfig {
  @Default(8080)
  @IsInt()
  override PORT!: number;

  @Default('sample')
  @Matches(/^[a-z_][a-z0-9_]*$/)
  override DATABASE_SCHEMA!: string;
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies both kinds of default outside production and converts numbers from strings', () => {
    const config = loadConfig(SampleConfig, { PORT: '8080' });
    expect(config).toBeInstanceOf(SampleConfig);
    expect(config).toEqual(Object.assign(new SampleConfig(), { LEVEL: 'info', RETRIES: 5, SECRET: 'demo-secret', PORT: 8080 }));
    expect(typeof config.PORT).toBe('number');
    expect(typeof config.RETRIES).toBe('number');
  });

  it('prefers a given variable over its default, and treats an empty one as not given', () => {
    const config = loadConfig(SampleConfig, { PORT: '1', LEVEL: 'debug', RETRIES: '7', SECRET: '' });
    expect(config.LEVEL).toBe('debug');
    expect(config.RETRIES).toBe(7);
    expect(config.SECRET).toBe('demo-secret');
  });

  it('does not use a demo default in production, and names the variable', () => {
    const problems = problemsOf(() => loadConfig(SampleConfig, { NODE_ENV: 'production', PORT: '8080' }));
    expect(problems).toEqual(['SECRET is required in production (the demo default is not used there)']);
  });

  it('uses a plain default in production', () => {
    const config = loadConfig(SampleConfig, { NODE_ENV: 'production', PORT: '8080', SECRET: 's' });
    expect(config.LEVEL).toBe('info');
    expect(config.RETRIES).toBe(5);
    expect(config.SECRET).toBe('s');
  });

  it('names a malformed variable', () => {
    const problems = problemsOf(() => loadConfig(SampleConfig, { PORT: '8080', RETRIES: 'many' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^RETRIES is invalid: /);
  });

  it('names a missing variable that has no default', () => {
    const problems = problemsOf(() => loadConfig(SampleConfig, {}));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PORT is missing: /);
  });

  it('reports every problem at once, sorted, in the error message too', () => {
    const load = () => loadConfig(SampleConfig, { NODE_ENV: 'production', RETRIES: '0', LEVEL: 'trace' });
    const problems = problemsOf(load);
    expect(problems.map((p) => p.split(' ').slice(0, 3).join(' '))).toEqual([
      'LEVEL is invalid:',
      'PORT is missing:',
      'RETRIES is invalid:',
      'SECRET is required',
    ]);
    expect(() => load()).toThrow(/^invalid configuration:\n {2}- LEVEL is invalid: .*\n {2}- PORT is missing: .*\n {2}- RETRIES is invalid: .*\n {2}- SECRET is required in production/);
  });
});

describe('declaredVariables', () => {
  it('lists the properties of a configuration class, sorted', () => {
    expect(declaredVariables(SampleConfig)).toEqual(['LEVEL', 'PORT', 'RETRIES', 'SECRET']);
  });

  it('includes the inherited variables of a service configuration', () => {
    const variables = declaredVariables(SampleServiceConfig);
    expect(variables).toEqual([...variables].sort());
    expect(variables).toEqual(
      expect.arrayContaining(['NODE_ENV', 'HOST', 'PORT', 'DATABASE_URL', 'DATABASE_SCHEMA', 'KAFKA_BROKERS', 'KAFKA_TOPIC_PREFIX', 'LOG_LEVEL']),
    );
  });
});

describe('isProduction', () => {
  it('is true only for NODE_ENV=production', () => {
    expect(isProduction({ NODE_ENV: 'production' })).toBe(true);
    expect(isProduction({ NODE_ENV: 'development' })).toBe(false);
    expect(isProduction({})).toBe(false);
  });
});

describe('a ServiceConfig subclass', () => {
  it('starts in development with nothing given: its own defaults and the demo defaults', () => {
    const config = loadConfig(SampleServiceConfig, {});
    expect(config.NODE_ENV).toBe('development');
    expect(config.PORT).toBe(8080);
    expect(config.DATABASE_SCHEMA).toBe('sample');
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/birth');
    expect(config.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(config.DATABASE_POOL_SIZE).toBe(10);
    expect(config.CONSUMER_MAX_ATTEMPTS).toBe(5);
  });

  it('requires the addresses in production', () => {
    const problems = problemsOf(() => loadConfig(SampleServiceConfig, { NODE_ENV: 'production', PORT: '8080' }));
    expect(problems).toEqual([
      'DATABASE_URL is required in production (the demo default is not used there)',
      'KAFKA_BROKERS is required in production (the demo default is not used there)',
    ]);
  });

  it('starts in production once the addresses are given', () => {
    const config = loadConfig(SampleServiceConfig, {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://gateway@db:5432/birth',
      KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092',
    });
    expect(config.NODE_ENV).toBe('production');
    expect(config.PORT).toBe(8080);
    expect(config.INTERNAL_PORT).toBe(8180);
    expect(config.KAFKA_BROKERS).toBe('kafka-1:9092,kafka-2:9092');
  });

  it('names a malformed inherited variable with its own message', () => {
    const problems = problemsOf(() => loadConfig(SampleServiceConfig, { KAFKA_BROKERS: 'kafka-1' }));
    expect(problems).toEqual(['KAFKA_BROKERS is invalid: KAFKA_BROKERS must be a comma-separated host:port list']);
  });
});
