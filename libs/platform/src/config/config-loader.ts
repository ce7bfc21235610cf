import 'reflect-metadata';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';

/**
 * Boot-time configuration from environment variables (one property per variable, same name).
 * A missing or malformed variable stops the service with a message that names it.
 *
 * Two kinds of default:
 * - `@Default(v)`: harmless everywhere (a timeout, a log level);
 * - `@DemoDefault(v)`: only for the local demo. Secrets and addresses carry this one, so in
 *   production (`NODE_ENV=production`) each must be given explicitly.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DEFAULTS = Symbol('config:defaults');
interface DefaultSpec {
  value: string;
  demoOnly: boolean;
  /** A default computed from the other variables (after their own defaults), e.g. a port from PORT. */
  derive?: (given: Readonly<Record<string, string | undefined>>) => string;
}

function defaultsOf(target: object): Map<string, DefaultSpec> {
  const own = Reflect.getOwnMetadata(DEFAULTS, target) as Map<string, DefaultSpec> | undefined;
  if (own) return own;
  const inherited = Reflect.getMetadata(DEFAULTS, target) as Map<string, DefaultSpec> | undefined;
  const map = new Map(inherited ?? []);
  Reflect.defineMetadata(DEFAULTS, map, target);
  return map;
}

export function Default(value: string | number): PropertyDecorator {
  // Braces matter: a legacy property decorator's return value would become the property descriptor.
  return (target, property) => {
    defaultsOf(target).set(String(property), { value: String(value), demoOnly: false });
  };
}

export function DemoDefault(value: string | number): PropertyDecorator {
  return (target, property) => {
    defaultsOf(target).set(String(property), { value: String(value), demoOnly: true });
  };
}

/** A default computed from the other variables once theirs are settled (INTERNAL_PORT = PORT + 100). Harmless everywhere, like @Default. */
export function DerivedDefault(derive: (given: Readonly<Record<string, string | undefined>>) => string | number): PropertyDecorator {
  return (target, property) => {
    defaultsOf(target).set(String(property), { value: '', demoOnly: false, derive: (given) => String(derive(given)) });
  };
}

/** The environment variables a configuration class declares (for the docker-compose consistency test). */
export function declaredVariables(cls: ClassConstructor<object>): string[] {
  const names = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(cls, '', true, false)
      .map((m) => m.propertyName),
  );
  return [...names].sort();
}

export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['NODE_ENV'] === 'production';
}

export function loadConfig<T extends object>(cls: ClassConstructor<T>, env: NodeJS.ProcessEnv = process.env): T {
  const production = isProduction(env);
  const defaults = (Reflect.getMetadata(DEFAULTS, cls.prototype) as Map<string, DefaultSpec> | undefined) ?? new Map();
  const problems: string[] = [];
  const raw: Record<string, string | undefined> = {};
  const derived: [string, NonNullable<DefaultSpec['derive']>][] = [];
  for (const name of declaredVariables(cls)) {
    const given = env[name];
    const spec = defaults.get(name);
    if (given !== undefined && given !== '') raw[name] = given;
    else if (spec?.derive) derived.push([name, spec.derive]);
    else if (spec && (!spec.demoOnly || !production)) raw[name] = spec.value;
    else if (spec?.demoOnly && production) problems.push(`${name} is required in production (the demo default is not used there)`);
  }
  for (const [name, derive] of derived) raw[name] = derive(raw);
  const instance = plainToInstance(cls, raw, { enableImplicitConversion: true });
  for (const error of validateSync(instance, { skipMissingProperties: false })) {
    if (problems.some((p) => p.startsWith(`${error.property} `))) continue;
    const shown = raw[error.property] === undefined ? 'missing' : 'invalid';
    problems.push(`${error.property} is ${shown}: ${Object.values(error.constraints ?? {}).join('; ')}`);
  }
  if (problems.length) throw new ConfigError(problems.sort());
  return instance;
}
