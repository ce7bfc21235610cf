import { watchJestExit } from './exit-watchdog';

/**
 * Stops the containers the global setup started; the local broker is left to infra/kafka/kafka.sh
 * (CI stops it). Then arms the exit watchdog (exit-watchdog.ts): jest runs without --forceExit,
 * and a parent that does not end on its own is reported, with what it still held, and ended.
 */
export default async function globalTeardown(): Promise<void> {
  const containers = (globalThis as Record<string, unknown>)['__BIRTH_CONTAINERS__'] as { stop(): Promise<unknown> }[] | undefined;
  if (containers) await Promise.all(containers.map((c) => c.stop()));
  watchJestExit();
}
