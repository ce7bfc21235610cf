// CPU accounting from /proc (Linux) for the intake bench: where a step's CPU went.
// Elsewhere (no /proc) every figure reads NaN and the bench prints "-".
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux the bench runs on.

interface Snapshot {
  at: number;
  /** utime + stime of the gateway process, in ticks. */
  gateway: number;
  /** utime + stime of every `postgres` process (the whole server, other databases included), in ticks. */
  postgres: number;
  /** The machine's busy and total ticks over all cores (/proc/stat). */
  busy: number;
  total: number;
}

export interface CpuUse {
  /** % of one core. */
  gatewayPct: number;
  /** % of one core, summed over the server's processes. */
  postgresPct: number;
  /** % of all cores. */
  machinePct: number;
  /** Gateway plus PostgreSQL CPU, in ms. */
  gatewayAndPostgresMs: number;
}

function processTicks(pid: number | string): number {
  // Fields after the command (which may contain spaces) start after the last ')'.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the line)
}

function postgresTicks(): number {
  let sum = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') sum += processTicks(entry);
    } catch {
      // gone meanwhile
    }
  }
  return sum;
}

function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0); // without guest time (counted in user already)
  const idle = fields[3]! + fields[4]!; // idle + iowait
  return { busy: total - idle, total };
}

export class CpuMeter {
  constructor(private readonly gatewayPid: number) {}

  snapshot(): Snapshot | null {
    try {
      return { at: performance.now(), gateway: processTicks(this.gatewayPid), postgres: postgresTicks(), ...machineTicks() };
    } catch {
      return null;
    }
  }

  since(before: Snapshot | null): CpuUse {
    const after = this.snapshot();
    if (!before || !after) return { gatewayPct: NaN, postgresPct: NaN, machinePct: NaN, gatewayAndPostgresMs: NaN };
    const seconds = (after.at - before.at) / 1000;
    const pct = (ticks: number): number => Math.round((ticks / TICKS_PER_SECOND / seconds) * 100);
    return {
      gatewayPct: pct(after.gateway - before.gateway),
      postgresPct: pct(after.postgres - before.postgres),
      machinePct: Math.round(((after.busy - before.busy) / Math.max(1, after.total - before.total)) * 100),
      gatewayAndPostgresMs: ((after.gateway - before.gateway + after.postgres - before.postgres) / TICKS_PER_SECOND) * 1000,
    };
  }
}
