/**
 * What a test file opened through @birth/testing and has not closed yet: namespaces (with their
 * Kafka clients and DataSources), service processes and TCP proxies. Any of them keeps jest's
 * process alive. The suites close them in their after-hooks; the jest environment
 * (jest-environment.ts) closes what is left when a file ends, so a failed set-up or a throwing
 * after-hook cannot hang the run, and fails the file that left something open.
 *
 * The set lives on the test file's global object, which the environment also sees.
 */
export interface OpenResource {
  /** What it is, for the report: `service process apps/gateway/src/main.ts (pid 123)`. */
  readonly what: string;
  /** True once the suite asked it to close (a process killed but not exited yet): not a leak, only awaited. */
  closing(): boolean;
  close(): Promise<void>;
}

export const OPEN_RESOURCES = Symbol.for('birth.testing.openResources');

export function openResources(scope: object = globalThis): Set<OpenResource> {
  const holder = scope as { [OPEN_RESOURCES]?: Set<OpenResource> };
  return (holder[OPEN_RESOURCES] ??= new Set<OpenResource>());
}

/** Records `resource` as open; the returned function records it as closed. */
export function trackOpen(resource: OpenResource): () => void {
  const open = openResources();
  open.add(resource);
  return () => open.delete(resource);
}

/**
 * Closes everything still open in `scope`, each within `deadlineMs`, and returns what the suite
 * had left open (not counting what was already closing).
 */
export async function closeLeftovers(scope: object, deadlineMs = 15_000): Promise<string[]> {
  const open = openResources(scope);
  const left = [...open];
  const leaked = left.filter((r) => !r.closing()).map((r) => r.what);
  await Promise.all(
    left.map(async (resource) => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
      try {
        await Promise.race([resource.close().catch(() => undefined), deadline]);
      } finally {
        clearTimeout(timer);
        open.delete(resource);
      }
    }),
  );
  return leaked;
}
