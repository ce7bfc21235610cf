// docker-compose.yml against the code: each service receives exactly the variables its
// configuration class declares (no fewer: a forgotten one; no more: a stale one), with a
// schema, role and port that match infra/services.ts and the class's defaults. The same for the
// demo programs (the bank simulator).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { declaredVariables, loadConfig } from '@birth/platform';
import { localAllowanceSealingKeysDir, prepareSealingKeys } from '../../libs/platform/src/crypto/sealing-key-files';
import { PROGRAMS, schemaOf, type ProgramDescriptor } from '../services';

/** The one variable an app container gets beyond its configuration: the image's selector. */
const IMAGE_SELECTOR = 'SERVICE';

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, unknown> | string[];
  ports?: (string | number | { target?: number | string; published?: number | string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  volumes?: string[];
}

const COMPOSE_FILE = join(__dirname, '../../docker-compose.yml');
// merge: true resolves the `<<: *anchor` merge keys the file uses for the shared parts.
const compose = parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };

/** A service's environment as name → value, from either the map or the list form. */
function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value == null ? '' : String(value)]));
}

/** [published, container] port pairs from the short ("[ip:]host:container") or long syntax. */
function portsOf(service: ComposeService): [string, string][] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') return [String(port.published ?? ''), String(port.target ?? '')];
    const parts = String(port).split('/')[0]!.split(':');
    const container = parts[parts.length - 1]!;
    return [parts.length > 1 ? parts[parts.length - 2]! : '', container];
  });
}

/** [volume, container path] pairs of a service's named-volume mounts ("name:/path[:ro]"). */
function volumesOf(service: ComposeService): [string, string][] {
  return (service.volumes ?? []).map((mount) => {
    const [volume, target] = mount.split(':');
    return [volume!, target!];
  });
}

/**
 * Named volumes as `migrate` fills them, made on this machine: the keys volume holds the sealing
 * keyring that infra/keys/prepare-keys.ts makes from migrate's own BIRTH_KEYS_DIR.
 */
function fillVolumesLocally(root: string): Promise<unknown> {
  const migrate = compose.services['migrate'];
  if (!migrate) throw new Error('docker-compose.yml has no migrate service');
  const keysMount = volumesOf(migrate).find(([volume]) => volume === 'keys');
  if (!keysMount) throw new Error('migrate does not mount the keys volume');
  const keysRoot = environmentOf(migrate)['BIRTH_KEYS_DIR'];
  if (keysRoot !== keysMount[1]) throw new Error(`migrate's BIRTH_KEYS_DIR (${keysRoot}) is not its keys mount (${keysMount[1]})`);
  return prepareSealingKeys(localAllowanceSealingKeysDir({ BIRTH_KEYS_DIR: join(root, 'keys') }));
}

/** A container's environment with paths on its mounted volumes pointed at the local copies of those volumes. */
function onLocalVolumes(service: ComposeService, root: string): Record<string, string> {
  const env = environmentOf(service);
  for (const [volume, target] of volumesOf(service)) {
    for (const [name, value] of Object.entries(env)) {
      if (value === target || value.startsWith(`${target}/`)) env[name] = join(root, volume, value.slice(target.length));
    }
  }
  return env;
}

function dependencyCondition(service: ComposeService, on: string): string | undefined {
  const deps = service.depends_on;
  if (!deps || Array.isArray(deps)) return undefined;
  return deps[on]?.condition;
}

/** The configuration a service gets with no variables at all, outside production: its defaults. */
function defaultsOf(service: ProgramDescriptor): { PORT: number; DATABASE_SCHEMA: string } {
  return loadConfig(service.configClass, {}) as unknown as { PORT: number; DATABASE_SCHEMA: string };
}

describe('docker-compose.yml', () => {
  let volumesRoot: string;
  beforeAll(async () => {
    volumesRoot = mkdtempSync(join(tmpdir(), 'birth-compose-volumes-'));
    await fillVolumesLocally(volumesRoot);
  });
  afterAll(() => rmSync(volumesRoot, { recursive: true, force: true }));

  it('has a service for every program of infra/services.ts (services and the bank simulator), and runs no app that is not one', () => {
    const names = PROGRAMS.map((s) => s.name).sort();
    expect(names.filter((name) => !compose.services[name])).toEqual([]);
    const selecting = Object.entries(compose.services)
      .filter(([, s]) => environmentOf(s)[IMAGE_SELECTOR] !== undefined)
      .map(([name]) => name)
      .sort();
    expect(selecting).toEqual(names);
  });

  describe.each(PROGRAMS.map((s) => [s.name, s] as const))('%s', (name, service) => {
    const composeService = (): ComposeService => {
      const found = compose.services[name];
      if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
      return found;
    };

    it('receives exactly the variables its configuration class declares (plus SERVICE)', () => {
      const given = Object.keys(environmentOf(composeService())).filter((v) => v !== IMAGE_SELECTOR);
      const declared = declaredVariables(service.configClass);
      // One object, so that a failure names both kinds of difference at once.
      expect({
        [`declared by ${service.configClass.name} but missing from compose`]: declared.filter((v) => !given.includes(v)).sort(),
        [`given by compose but not declared by ${service.configClass.name}`]: given.filter((v) => !declared.includes(v)).sort(),
      }).toEqual({
        [`declared by ${service.configClass.name} but missing from compose`]: [],
        [`given by compose but not declared by ${service.configClass.name}`]: [],
      });
    });

    it('runs its own app of the image', () => {
      expect(environmentOf(composeService())[IMAGE_SELECTOR]).toBe(name);
    });

    it('is a valid production configuration', () => {
      expect(() => loadConfig(service.configClass, onLocalVolumes(composeService(), volumesRoot))).not.toThrow();
      expect(environmentOf(composeService())['NODE_ENV']).toBe('production');
    });

    it('uses its own schema and role', () => {
      const env = environmentOf(composeService());
      expect(env['DATABASE_SCHEMA']).toBe(schemaOf(service));
      expect(defaultsOf(service).DATABASE_SCHEMA).toBe(schemaOf(service));
      const url = new URL(env['DATABASE_URL'] ?? '');
      expect({ host: url.hostname, role: url.username, database: url.pathname }).toEqual({
        host: 'postgres',
        role: schemaOf(service),
        database: '/birth',
      });
    });

    it('listens on its default port, published as the same port', () => {
      const port = environmentOf(composeService())['PORT'];
      expect(port).toBe(String(defaultsOf(service).PORT));
      expect(portsOf(composeService())).toEqual([[port, port]]);
    });

    it('starts after the migrations and reports readiness', () => {
      expect(dependencyCondition(composeService(), 'migrate')).toBe('service_completed_successfully');
      const healthcheck = composeService().healthcheck;
      expect(healthcheck?.disable).not.toBe(true);
      expect([healthcheck?.test ?? []].flat().join(' ')).toContain('/health/ready');
    });
  });

  it('runs the migrations once Kafka and PostgreSQL are healthy', () => {
    const migrate = compose.services['migrate']!;
    expect(dependencyCondition(migrate, 'kafka')).toBe('service_healthy');
    expect(dependencyCondition(migrate, 'postgres')).toBe('service_healthy');
    expect(Object.keys(environmentOf(migrate))).toEqual(expect.arrayContaining(['DATABASE_ADMIN_URL', 'KAFKA_BROKERS']));
  });

  it('runs Kafka with topic auto-creation disabled', () => {
    const kafka = compose.services['kafka']!;
    expect(kafka.image).toMatch(/^apache\/kafka:/);
    expect(environmentOf(kafka)['KAFKA_AUTO_CREATE_TOPICS_ENABLE']).toBe('false');
    expect(kafka.healthcheck?.test).toBeDefined();
  });

  it('runs PostgreSQL 16', () => {
    const postgres = compose.services['postgres']!;
    expect(postgres.image).toMatch(/^postgres:16([.-]|$)/);
    expect(postgres.healthcheck?.test).toBeDefined();
  });
});
