// CPU accounting from /proc (Linux) for the intake bench: where a step's CPU went.
// Elsewhere (no /proc) every figure reads NaN and the bench prints "-".
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { Client } from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux the bench runs on.

interface Snapshot {
  at: number;
  /** utime + stime of the gateway process, in ticks. */
  gateway: number;
  /** utime + stime per PostgreSQL backend serving the gateway, in ticks. */
  backends: Map<number, number>;
  /** The machine's busy and total ticks over all cores (/proc/stat). */
  busy: number;
  total: number;
}

export interface CpuUse {
  /** % of one core. */
  gatewayPct: number;
  /** % of one core, summed over the gateway's PostgreSQL backends (its pool and the relay's session). */
  postgresPct: number;
  /** % of all cores: everything on the machine, the bench client, Kafka and other work included. */
  machinePct: number;
  /** Gateway plus its PostgreSQL backends' CPU, in ms. */
  gatewayAndPostgresMs: number;
}

function processTicks(pid: number | string): number {
  // Fields after the command (which may contain spaces) start after the last ')'.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the line)
}

function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0); // without guest time (counted in user already)
  const idle = fields[3]! + fields[4]!; // idle + iowait
  return { busy: total - idle, total };
}

/** Local ports of the process's TCP connections to `remotePort` (from its socket fds and /proc/net/tcp). */
function localPortsTo(pid: number, remotePort: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || !inodes.has(cols[9]!)) continue;
      const local = parseInt(cols[1]!.split(':')[1]!, 16);
      const remote = parseInt(cols[2]!.split(':')[1]!, 16);
      if (remote === remotePort) ports.push(local);
    }
  }
  return ports;
}

export class CpuMeter {
  private backendPids: number[] = [];

  constructor(
    private readonly gatewayPid: number,
    private readonly postgresPort: number,
  ) {}

  /** Finds the PostgreSQL backends of the gateway's connections now (call once its pool is open). */
  async findBackends(sql: Client): Promise<number> {
    try {
      const ports = localPortsTo(this.gatewayPid, this.postgresPort);
      const { rows } = await sql.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE client_port = ANY($1::int[])', [ports]);
      this.backendPids = rows.map((r) => r.pid);
    } catch {
      this.backendPids = [];
    }
    return this.backendPids.length;
  }

  snapshot(): Snapshot | null {
    try {
      const backends = new Map<number, number>();
      for (const pid of this.backendPids) {
        try {
          backends.set(pid, processTicks(pid));
        } catch {
          // a backend on another host or gone: not counted
        }
      }
      return { at: performance.now(), gateway: processTicks(this.gatewayPid), backends, ...machineTicks() };
    } catch {
      return null;
    }
  }

  since(before: Snapshot | null): CpuUse {
    const after = this.snapshot();
    if (!before || !after) return { gatewayPct: NaN, postgresPct: NaN, machinePct: NaN, gatewayAndPostgresMs: NaN };
    const seconds = (after.at - before.at) / 1000;
    const pct = (ticks: number): number => Math.round((ticks / TICKS_PER_SECOND / seconds) * 100);
    let postgres = 0;
    for (const [pid, ticks] of after.backends) postgres += ticks - (before.backends.get(pid) ?? ticks);
    const gateway = after.gateway - before.gateway;
    return {
      gatewayPct: pct(gateway),
      postgresPct: after.backends.size ? pct(postgres) : NaN,
      machinePct: Math.round(((after.busy - before.busy) / Math.max(1, after.total - before.total)) * 100),
      gatewayAndPostgresMs: ((gateway + postgres) / TICKS_PER_SECOND) * 1000,
    };
  }
}
