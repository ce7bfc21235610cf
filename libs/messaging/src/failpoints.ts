/**
 * Failpoints: named places where a test can make a real process die (SIGKILL) on purpose,
 * to prove that a crash between two steps loses nothing and duplicates no effect
 * (the technique of etcd's gofail and FoundationDB's buggify), or fail one attempt of a piece
 * of work (failsFirstAttempt) to prove that its retry succeeds.
 *
 * Armed only through BIRTH_FAILPOINTS (comma-separated names) and never in production.
 */
const armed = new Set(
  process.env['NODE_ENV'] === 'production' ? [] : (process.env['BIRTH_FAILPOINTS'] ?? '').split(',').filter(Boolean),
);

export type FailpointName = 'relay.after-publish-before-mark' | 'consumer.after-commit-before-offset' | 'payments.after-send-before-record';

export function failpoint(name: FailpointName): void {
  if (!armed.has(name)) return;
  process.stderr.write(`failpoint ${name}: killing process ${process.pid}\n`);
  process.kill(process.pid, 'SIGKILL');
  // Make sure not one more step runs while the signal is delivered.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
}

/** Failpoints that fail one attempt with a transient error instead of killing the process. */
export type TransientFailpointName = 'ingress.after-verification';

const failedAttempts = new Set<string>();

/**
 * True when `name` is armed (BIRTH_FAILPOINTS, never in production) and the work `key` names
 * (e.g. a message id) has not been failed here yet: the caller then fails this attempt with a
 * transient error, and its next attempt goes through. Proves that a retry is not punished for
 * what the failed attempt did.
 */
export function failsFirstAttempt(name: TransientFailpointName, key: string): boolean {
  if (!armed.has(name) || failedAttempts.has(`${name}\n${key}`)) return false;
  failedAttempts.add(`${name}\n${key}`);
  process.stderr.write(`failpoint ${name}: failing the first attempt of ${key}\n`);
  return true;
}
