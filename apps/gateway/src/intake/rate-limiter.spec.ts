import { RateLimiter } from './rate-limiter';

describe('per-key rate limiter', () => {
  it('allows the burst, then refuses with the seconds to wait, then refills at the rate', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 3, () => now);
    expect([limiter.take('h'), limiter.take('h'), limiter.take('h')]).toEqual([0, 0, 0]);
    expect(limiter.take('h')).toBe(1);
    expect(limiter.take('other')).toBe(0); // buckets are per key
    now += 500; // one token back at 2/s
    expect(limiter.take('h')).toBe(0);
    expect(limiter.take('h')).toBe(1);
  });

  it('keeps at most maxKeys buckets: refilled ones go first, then the oldest half', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 2, () => now, 4);
    for (const key of ['a', 'b', 'c', 'd']) limiter.take(key);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1); // 'a' is empty
    now += 1000; // b, c, d are full again; 'a' has one token
    limiter.take('e');
    expect(limiter.size).toBe(2); // a and e
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1); // 'a' kept its bucket
    for (const key of ['f', 'g']) limiter.take(key);
    limiter.take('h'); // none refilled in no time: the oldest half (a, e) goes
    expect(limiter.size).toBe(3);
    expect(limiter.take('a')).toBe(0); // a fresh burst for a dropped key
  });
});
