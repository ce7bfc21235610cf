/** Stops the containers the global setup started; the local broker is left to infra/kafka/kafka.sh (CI stops it). */
export default async function globalTeardown(): Promise<void> {
  const containers = (globalThis as Record<string, unknown>)['__BIRTH_CONTAINERS__'] as { stop(): Promise<unknown> }[] | undefined;
  if (containers) await Promise.all(containers.map((c) => c.stop()));
}
