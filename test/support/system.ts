import type { ServiceDescriptor } from '@birth/platform';
import { spawnNode, type NodeProcess, type TestNamespace } from '@birth/testing';
import { SERVICES } from '../../infra/services';

export interface RunningService {
  name: string;
  schema: string;
  process: NodeProcess;
  url: string;
  /** The internal API (`http://127.0.0.1:<INTERNAL_PORT>`), for a service that serves one; null otherwise. */
  internalUrl: string | null;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function descriptorOf(name: string): ServiceDescriptor {
  const service = SERVICES.find((s) => s.name === name);
  if (!service) throw new Error(`no service ${name}`);
  return service;
}

/** The service's schema inside the namespace, migrated to head (as infra/db/prepare.ts does). */
export async function prepareServiceSchema(ns: TestNamespace, name: string): Promise<string> {
  return ns.createSchema(name.replace(/-/g, '_'), descriptorOf(name).migrations);
}

/** Starts a service as a real process in the namespace and waits until it listens. */
export async function startService(ns: TestNamespace, name: string, env: Record<string, string> = {}): Promise<RunningService> {
  const schema = env['DATABASE_SCHEMA'] ?? (await prepareServiceSchema(ns, name));
  const process = spawnNode(`apps/${name}/src/main.ts`, ns.serviceEnv(schema, env));
  const line = await process.waitForOutput(/listening on http:\/\/[^:]+:(\d+)/, 90_000).catch(async (error: unknown) => {
    // The caller never gets a RunningService to stop: a process left running would keep jest alive.
    process.kill('SIGKILL');
    await process.exited;
    throw error;
  });
  const port = /:(\d+)$/.exec(line)![1];
  // Printed before "listening on" by a service with internal controllers (libs/platform bootstrap).
  const internalPort = /internal API on http:\/\/[^:]+:(\d+)/.exec(process.output())?.[1];
  return {
    name,
    schema,
    process,
    url: `http://127.0.0.1:${port}`,
    internalUrl: internalPort ? `http://127.0.0.1:${internalPort}` : null,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      process.kill(signal);
      return process.exited;
    },
  };
}

export interface HealthAnswer {
  status: string;
  details: Record<string, Record<string, unknown>>;
}

export async function readiness(service: RunningService): Promise<{ status: number; body: HealthAnswer }> {
  const response = await fetch(`${service.url}/health/ready`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as HealthAnswer };
}
