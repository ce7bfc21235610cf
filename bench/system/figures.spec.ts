import { birthLimit, efficiency, judgeStep, nextRate, percentile, ratePerSecOf, recoverySeconds, type StepSample } from './figures';

describe('the system bench figures', () => {
  describe('percentile (nearest rank)', () => {
    it('takes the value at the rank, whatever the order given', () => {
      const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
      expect(percentile(values, 50)).toBe(5);
      expect(percentile(values, 90)).toBe(9);
      expect(percentile(values, 99)).toBe(10);
      expect(percentile(values, 0)).toBe(1);
    });

    it('is NaN for no values', () => {
      expect(percentile([], 50)).toBeNaN();
    });
  });

  describe('a step is sustained', () => {
    const kept: StepSample = { offeredPerSec: 20, sent: 400, accepted: 400, drained: true, completedPerSec: 19.5, latencyFirstQuarterMs: 4_000, latencyLastQuarterMs: 6_500 };

    it('when the system keeps up, however long its own latency', () => {
      expect(judgeStep(kept)).toEqual({ sustained: true, reasons: [] });
    });

    it('not when the gateway refuses more than 5%', () => {
      expect(judgeStep({ ...kept, accepted: 379 })).toEqual({ sustained: false, reasons: ['accepted 379 of 400'] });
    });

    it('not when births are done below 90% of the offered rate', () => {
      expect(judgeStep({ ...kept, completedPerSec: 17.9 }).reasons).toEqual(['done 17.9/s < 90% of 20/s']);
    });

    it('not when the last births wait longer than the first by more than half again and a second', () => {
      expect(judgeStep({ ...kept, latencyLastQuarterMs: 7_001 }).reasons).toEqual(['latency grew 4000 → 7001 ms']);
      expect(judgeStep({ ...kept, latencyLastQuarterMs: 7_000 }).sustained).toBe(true);
    });

    it('not when its births are not all done in time', () => {
      expect(judgeStep({ ...kept, drained: false }).reasons).toEqual(['not all done in time']);
    });
  });

  describe('the done rate', () => {
    it('is the completions between the 10th and 90th percentile over the time between them', () => {
      expect(ratePerSecOf([1_000, 1_500, 2_000, 3_000])).toBe(1.5);
      // Eleven completions a second apart, the first one 5 s early and the last 5 s late: still 1/s.
      expect(ratePerSecOf([-5_000, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 9_000, 15_000])).toBe(1);
      expect(ratePerSecOf([5_000])).toBe(0);
    });
  });

  describe('the saturation search', () => {
    const rates = [10, 20, 40, 80];

    it('steps up while sustained', () => {
      expect(nextRate(rates, [])).toBe(10);
      expect(nextRate(rates, [{ rate: 10, sustained: true }])).toBe(20);
      expect(nextRate(rates, [{ rate: 10, sustained: true }, { rate: 20, sustained: true }, { rate: 40, sustained: true }, { rate: 80, sustained: true }])).toBeNull();
    });

    it('after the first failure tries halfway back once, then stops', () => {
      const failedAt40 = [{ rate: 10, sustained: true }, { rate: 20, sustained: true }, { rate: 40, sustained: false }];
      expect(nextRate(rates, failedAt40)).toBe(30);
      expect(nextRate(rates, [...failedAt40, { rate: 30, sustained: true }])).toBeNull();
      expect(nextRate(rates, [...failedAt40, { rate: 30, sustained: false }])).toBeNull();
    });

    it('stops at once when the first rate fails or the gap is small', () => {
      expect(nextRate(rates, [{ rate: 10, sustained: false }])).toBeNull();
      expect(nextRate([100, 105], [{ rate: 100, sustained: true }, { rate: 105, sustained: false }])).toBeNull();
    });
  });

  describe('efficiency', () => {
    it('divides by the tighter of the two limits, each per birth', () => {
      const limits = { kafkaMsgsPerSec: 10_000, messagesPerBirth: 20, dbTxPerSec: 3_000, transactionsPerBirth: 30 };
      expect(birthLimit(limits)).toEqual({ birthsPerSec: 100, kafka: 500, database: 100, bound: 'database' });
      expect(efficiency(60, limits)).toBeCloseTo(0.6);
      expect(birthLimit({ ...limits, kafkaMsgsPerSec: 1_000 }).bound).toBe('kafka');
      expect(efficiency(25, { ...limits, kafkaMsgsPerSec: 1_000 })).toBeCloseTo(0.5);
    });
  });

  describe('recovery', () => {
    it('is the end of the first 3-second window back at 90% of the rate, after the fault has shown', () => {
      // 10/s; nothing for 4 s, then 5/s, then the backlog at 20/s: seconds 5–7 average 10.
      expect(recoverySeconds([0, 0, 0, 0, 5, 5, 20, 20, 20, 10], 10)).toBe(7);
      expect(recoverySeconds([0, 0, 0, 0, 5, 5, 5, 10, 10, 10], 10)).toBe(10);
    });

    it('does not count what was fetched before the fault and completes in its first seconds', () => {
      expect(recoverySeconds([12, 10, 9, 2, 0, 0, 0, 10, 10, 10], 10)).toBe(10);
    });

    it('is 0 when throughput never fell, null when it never came back within the watch', () => {
      expect(recoverySeconds([10, 9, 11, 10], 10)).toBe(0);
      expect(recoverySeconds([0, 0, 1, 2, 3, 4, 5], 10)).toBeNull();
    });
  });
});
