import { RateLimiter } from './rate-limiter';

describe('per-hospital rate limiter', () => {
  it('allows the burst, then refuses with the seconds to wait, then refills at the rate', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 3, () => now);
    expect([limiter.take('h'), limiter.take('h'), limiter.take('h')]).toEqual([0, 0, 0]);
    expect(limiter.take('h')).toBe(1);
    expect(limiter.take('other')).toBe(0); // buckets are per hospital
    now += 500; // one token back at 2/s
    expect(limiter.take('h')).toBe(0);
    expect(limiter.take('h')).toBe(1);
  });
});
