/**
 * A token bucket per key (a hospital, or a client address on the public calendar endpoint):
 * `ratePerSecond` sustained, `burst` at once. Past it, the caller gets 429 with Retry-After (the
 * seconds until a token is back). Per gateway instance: with N instances behind a balancer a
 * key's limit is N × rate, which is fine for protection from a runaway client, which is what
 * this is for.
 *
 * At most `maxKeys` buckets are kept: the public endpoint's keys are whoever asks. When a new key
 * would pass the bound, the buckets that have refilled (the same as no bucket) are dropped, and if
 * that is not enough, the oldest half: those keys start again with a full burst, which costs a
 * little protection, never memory.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly clock: () => number = () => Date.now(),
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes a token; returns 0 when allowed, or the whole seconds to wait. */
  take(key: string): number {
    const now = this.clock();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.makeRoom(now);
      bucket = { tokens: this.burst, updatedAt: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = this.tokensAt(bucket, now);
    bucket.updatedAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerSecond));
  }

  /** How many keys have a bucket (for tests). */
  get size(): number {
    return this.buckets.size;
  }

  private tokensAt(bucket: { tokens: number; updatedAt: number }, now: number): number {
    return Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.ratePerSecond);
  }

  private makeRoom(now: number): void {
    for (const [key, bucket] of this.buckets) if (this.tokensAt(bucket, now) >= this.burst) this.buckets.delete(key);
    if (this.buckets.size < this.maxKeys) return;
    // A Map iterates in insertion order: the first keys are the oldest.
    let drop = Math.ceil(this.buckets.size / 2);
    for (const key of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}
