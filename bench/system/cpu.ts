// CPU used by each part of the whole system over a step of load, from Linux's /proc: each
// program's process, the broker's JVM, PostgreSQL (the postmaster, its live backends and those it
// has reaped), the bench itself, and the machine as a whole, so that a step's CPU can be divided
// by its births. It says which process a birth's cost goes to when the machine is the limit.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** A process to count: its own ticks, and with `tree` its live children's (PostgreSQL's backends). */
export interface CountedProcess {
  pid: number;
  tree?: boolean;
}

/** Ticks (USER_HZ) of each part, and of the machine, at one moment. */
export interface CpuSnapshot {
  atMs: number;
  parts: Map<string, { pid: number; ticks: number }>;
  machineBusy: number;
  machineTotal: number;
}

/** One interval's use: CPU milliseconds per birth by part, and how busy the machine was. */
export interface CpuUse {
  seconds: number;
  births: number;
  cores: number;
  /** Busy share of all cores over the interval, 0–1. */
  machineBusy: number;
  /** Every part's CPU ms per birth; `other` is the machine's busy time no counted part explains. */
  msPerBirth: Record<string, number>;
  /** The machine's busy CPU ms per birth, all parts together. */
  totalMsPerBirth: number;
  /** Births per second the cores would allow at this cost per birth (cores × 1000 ÷ totalMsPerBirth). */
  limitBirthsPerSec: number;
}

/** `/proc/<pid>/stat`: the parent, and the process's own and its reaped children's ticks (fields 4, 14–17; the name may hold spaces and parentheses). */
export function parseProcessStat(text: string): { ppid: number; ownTicks: number; reapedChildrenTicks: number } {
  const fields = text.slice(text.lastIndexOf(')') + 2).trim().split(/\s+/);
  // fields[0] is field 3 (state): field n is fields[n - 3].
  const at = (n: number) => Number(fields[n - 3]);
  return { ppid: at(4), ownTicks: at(14) + at(15), reapedChildrenTicks: at(16) + at(17) };
}

/** `/proc/stat`'s first line: ticks busy (all but idle and iowait) and in all, over every core. */
export function parseMachineStat(text: string): { busy: number; total: number } {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no cpu line in /proc/stat');
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest and guest_nice are within user and nice).
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - ticks[3]! - ticks[4]!, total };
}

/** The use between two snapshots for `births` births; a part whose process changed between them (restarted) is left out. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, births: number, cores: number): CpuUse {
  const perBirth = (ticks: number) => (ticks * 10) / Math.max(1, births); // 100 ticks a second: 10 ms a tick
  const msPerBirth: Record<string, number> = {};
  let counted = 0;
  for (const [name, end] of after.parts) {
    const start = before.parts.get(name);
    if (!start || start.pid !== end.pid) continue;
    const ticks = Math.max(0, end.ticks - start.ticks);
    counted += ticks;
    msPerBirth[name] = perBirth(ticks);
  }
  const busy = after.machineBusy - before.machineBusy;
  msPerBirth['other'] = perBirth(Math.max(0, busy - counted));
  const totalMsPerBirth = perBirth(busy);
  return {
    seconds: (after.atMs - before.atMs) / 1000,
    births,
    cores,
    machineBusy: busy / Math.max(1, after.machineTotal - before.machineTotal),
    msPerBirth,
    totalMsPerBirth,
    limitBirthsPerSec: totalMsPerBirth > 0 ? (cores * 1000) / totalMsPerBirth : Infinity,
  };
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process ended
  }
}

/** Snapshots of the parts `partsNow()` names at each call (pids may change as programs restart). */
export class CpuSampler {
  readonly cores = cpus().length;

  constructor(private readonly partsNow: () => Map<string, CountedProcess>) {}

  snapshot(): CpuSnapshot {
    const parts = new Map<string, { pid: number; ticks: number }>();
    let children: Map<number, number[]> | null = null;
    for (const [name, counted] of this.partsNow()) {
      const stat = readOrNull(`/proc/${counted.pid}/stat`);
      if (stat === null) continue;
      const own = parseProcessStat(stat);
      let ticks = own.ownTicks + own.reapedChildrenTicks;
      if (counted.tree) {
        children ??= childrenByParent();
        for (const child of children.get(counted.pid) ?? []) {
          const childStat = readOrNull(`/proc/${child}/stat`);
          if (childStat !== null) ticks += parseProcessStat(childStat).ownTicks;
        }
      }
      parts.set(name, { pid: counted.pid, ticks });
    }
    const machine = parseMachineStat(readFileSync('/proc/stat', 'utf8'));
    return { atMs: performance.now(), parts, machineBusy: machine.busy, machineTotal: machine.total };
  }
}

function childrenByParent(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOrNull(`/proc/${entry}/stat`);
    if (stat === null) continue;
    const { ppid } = parseProcessStat(stat);
    const list = byParent.get(ppid) ?? [];
    list.push(Number(entry));
    byParent.set(ppid, list);
  }
  return byParent;
}
