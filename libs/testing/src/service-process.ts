import { spawnNode, type NodeProcess } from './node-process';
import type { TestNamespace } from './test-namespace';

/** A service started as a real process in a test namespace, with its internal API's address. */
export interface ServiceProcess {
  process: NodeProcess;
  /** `http://127.0.0.1:<INTERNAL_PORT>`, as the service printed it. */
  internalUrl: string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `entry` (e.g. `apps/medical-insurance/src/main.ts`) on `schema` in the namespace and waits
 * until both its internal API and its main port listen. A process that does not get there is
 * killed before the error is thrown, so it never keeps jest alive.
 */
export async function startServiceProcess(ns: TestNamespace, entry: string, schema: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const process = spawnNode(entry, ns.serviceEnv(schema, env));
  try {
    const line = await process.waitForOutput(/internal API on http:\/\/[^:]+:\d+/, 90_000);
    await process.waitForOutput(/listening on http/, 90_000);
    return {
      process,
      internalUrl: `http://127.0.0.1:${/internal API on http:\/\/[^:]+:(\d+)/.exec(line)![1]}`,
      async stop() {
        process.kill('SIGTERM');
        await process.exited;
      },
    };
  } catch (error) {
    process.kill('SIGKILL');
    await process.exited;
    throw error;
  }
}
