import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ComebackWatch, firstRiseAfter, progressOf } from './comeback';

describe('when each program works again after a fault', () => {
  it('adds the messages handled, parked and published from the readiness details', () => {
    expect(progressOf({ status: 'error', details: { kafka: { consumer: { processed: 40, deadLettered: 2 }, relay: { published: 7 } } } })).toBe(49);
    expect(progressOf({ details: { kafka: { consumer: null, relay: { published: 3 } } } })).toBe(3);
    expect(progressOf({ status: 'ok', details: { database: { status: 'up' } } })).toBeNull();
    expect(progressOf(null)).toBeNull();
  });

  it('is the first reading above the last one before the outage ended', () => {
    const samples = [
      { atMs: 1_000, progress: 10 },
      { atMs: 2_000, progress: 12 }, // work fetched before the fault still finishing
      { atMs: 3_000, progress: null }, // no answer during the outage
      { atMs: 4_000, progress: 12 },
      { atMs: 5_000, progress: 12 },
      { atMs: 6_000, progress: 15 },
    ];
    expect(firstRiseAfter(samples, 4_500)).toBe(6_000);
    expect(firstRiseAfter(samples, 6_500)).toBeNull();
  });

  it('compares with the first reading after the end when there was none before it', () => {
    expect(firstRiseAfter([{ atMs: 1_000, progress: null }, { atMs: 5_000, progress: 3 }, { atMs: 6_000, progress: 4 }], 2_000)).toBe(6_000);
  });

  describe('polling real readiness endpoints', () => {
    let server: Server;
    let processed = 0;
    beforeAll(async () => {
      server = createServer((_, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ details: { kafka: { consumer: { processed, deadLettered: 0 } } } }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('names the program that worked again, and leaves out one without a work counter', async () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const watch = new ComebackWatch(new Map([['saga', url], ['silent', 'http://127.0.0.1:9/health/ready']]));
      const faultAt = performance.now();
      const outageEnd = faultAt + 200;
      // Work goes on after the outage's end, once a reading has been taken after it.
      const deadline = Date.now() + 10_000;
      while (performance.now() < outageEnd + 1_200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      processed = 5;
      while (performance.now() < outageEnd + 2_400 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const back = await watch.stop(faultAt, outageEnd);
      expect(Object.keys(back)).toEqual(['saga']);
      expect(back['saga']).toBeGreaterThan(1);
    });
  });
});
