/**
 * A token bucket per hospital: `ratePerSecond` sustained, `burst` at once. Past it, the
 * hospital gets 429 with Retry-After (the seconds until a token is back). Per gateway instance:
 * with N instances behind a balancer a hospital's limit is N × rate, which is fine for
 * protection from a runaway client, which is what this is for.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  /** Takes a token; returns 0 when allowed, or the whole seconds to wait. */
  take(key: string): number {
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.ratePerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerSecond));
  }
}
