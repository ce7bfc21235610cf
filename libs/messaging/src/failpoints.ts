/**
 * Failpoints: named places where a test can make a real process die (SIGKILL) on purpose,
 * to prove that a crash between two steps loses nothing and duplicates no effect
 * (the technique of etcd's gofail and FoundationDB's buggify).
 *
 * Armed only through BIRTH_FAILPOINTS (comma-separated names) and never in production.
 */
const armed = new Set(
  process.env['NODE_ENV'] === 'production' ? [] : (process.env['BIRTH_FAILPOINTS'] ?? '').split(',').filter(Boolean),
);

export type FailpointName = 'relay.after-publish-before-mark' | 'consumer.after-commit-before-offset';

export function failpoint(name: FailpointName): void {
  if (!armed.has(name)) return;
  process.stderr.write(`failpoint ${name}: killing process ${process.pid}\n`);
  process.kill(process.pid, 'SIGKILL');
  // Make sure not one more step runs while the signal is delivered.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
}
