/**
 * Waits until `probe` stops throwing (or returns a value that `until` accepts), or fails
 * with the probe's last error once the deadline passes. No fixed sleeps in tests: this polls.
 */
export async function expectEventually<T>(
  probe: () => Promise<T> | T,
  { timeoutMs = 30_000, intervalMs = 50, message }: { timeoutMs?: number; intervalMs?: number; message?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(`${message ?? 'condition'} not met within ${timeoutMs} ms: ${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
