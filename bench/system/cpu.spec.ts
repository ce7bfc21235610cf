import { cpuBetween, CpuSampler, parseMachineStat, parseProcessStat, type CpuSnapshot } from './cpu';
import { cpuJson, cpuKey, cpuRows, cpuSteps } from './cpu-report';
import type { StepResult } from './load-steps';

describe('the system bench CPU count', () => {
  it('reads a process stat line whose name holds spaces and parentheses', () => {
    const line = '4242 (node (swc) main) S 4200 4242 4214 0 -1 4194304 101 0 0 0 731 96 12 3 20 0 11 0 27735 3133440 379 18446744073709551615';
    expect(parseProcessStat(line)).toEqual({ ppid: 4200, ownTicks: 827, reapedChildrenTicks: 15 });
  });

  it('reads the machine line: busy is everything but idle and iowait', () => {
    expect(parseMachineStat('cpu  100 5 50 800 40 3 2 0 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n')).toEqual({ busy: 160, total: 1000 });
  });

  const snapshot = (atMs: number, parts: [string, number, number][], busy: number, total: number): CpuSnapshot => ({
    atMs,
    parts: new Map(parts.map(([name, pid, ticks]) => [name, { pid, ticks }])),
    machineBusy: busy,
    machineTotal: total,
  });

  it('divides each part and the machine by the births, leaving out a part restarted between the snapshots', () => {
    const before = snapshot(0, [['gateway', 10, 1_000], ['postgres', 20, 500], ['case-saga', 30, 100]], 10_000, 40_000);
    const after = snapshot(10_000, [['gateway', 10, 1_300], ['postgres', 20, 700], ['case-saga', 31, 50]], 11_600, 42_000);
    const use = cpuBetween(before, after, 100, 2);
    // 300 ticks = 3,000 ms over 100 births; the saga's new process is not compared with the old one's.
    expect(use.msPerBirth).toEqual({ gateway: 30, postgres: 20, other: 110 });
    expect(use.totalMsPerBirth).toBe(160);
    expect(use.machineBusy).toBeCloseTo(0.8);
    expect(use.limitBirthsPerSec).toBeCloseTo(12.5);
    expect(use.seconds).toBe(10);
  });

  it('counts the CPU a real process spends between two snapshots', () => {
    const sampler = new CpuSampler(() => new Map([['bench', { pid: process.pid }]]));
    const before = sampler.snapshot();
    const until = performance.now() + 150;
    let spin = 0;
    while (performance.now() < until) spin += Math.sqrt(spin + 1);
    const use = cpuBetween(before, sampler.snapshot(), 1, sampler.cores);
    expect(spin).toBeGreaterThan(0);
    // 150 ms of spinning: at least 100 ms counted (ticks are 10 ms; the scheduler may take some).
    expect(use.msPerBirth['bench']).toBeGreaterThanOrEqual(100);
    expect(use.totalMsPerBirth).toBeGreaterThanOrEqual(use.msPerBirth['bench']!);
  });

  describe('the report', () => {
    const cpu = cpuBetween(snapshot(0, [['gateway', 1, 0], ['postgres', 2, 0]], 0, 0), snapshot(1_000, [['gateway', 1, 40], ['postgres', 2, 100]], 180, 200), 10, 2);
    const step = (offeredPerSec: number, sustained: boolean): StepResult =>
      ({ offeredPerSec, sustained, cpu }) as unknown as StepResult;

    it('takes the highest sustained step and the first one above it', () => {
      const steps = [step(10, true), step(20, true), step(30, false), step(25, false)];
      const { saturation, above } = cpuSteps(steps);
      expect(saturation?.offeredPerSec).toBe(20);
      expect(above?.offeredPerSec).toBe(25);
    });

    it('orders the parts by cost, other last, and ends with the machine and the rate it allows', () => {
      const rows = cpuRows([{ label: '20/s', cpu }]);
      expect(rows.map((r) => r[0])).toEqual(['CPU ms per birth', 'postgres', 'gateway', 'other', 'all (the machine busy)', 'births/s 2 cores allow at that cost']);
      expect(rows[4]).toEqual(['all (the machine busy)', '180 (90%)']);
      expect(rows[5]![1]).toBe('11.1');
    });

    it('prints no rate for a column of CPU a second with no load', () => {
      const rows = cpuRows([{ label: '20/s', cpu }, { label: 'no load: ms a second', cpu, perSecond: true }]);
      expect(rows.at(-1)).toEqual(['births/s 2 cores allow at that cost', '11.1', '—']);
    });

    it('names the flat JSON keys in camel case', () => {
      expect(cpuKey('case-saga')).toBe('cpuMsCaseSaga');
      expect(cpuKey('postgres')).toBe('cpuMsPostgres');
      expect(cpuJson(step(20, true))).toEqual({ cpuMsPerBirth: 180, machineBusyAtSaturation: 0.9, cpuBirthLimit: 11.1, cpuMsGateway: 40, cpuMsPostgres: 100, cpuMsOther: 40 });
      expect(cpuJson(null)).toEqual({ cpuMsPerBirth: null, machineBusyAtSaturation: null, cpuBirthLimit: null });
    });
  });
});
