// An open-loop HTTP load driver for the intake bench (bench/README.md, "Intake").
//
// Request i of a step is due at t0 + i / rate whatever happened to the ones before it, and its
// latency is measured from that due time, not from when it was actually written: when the
// server (or the client's connection pool) falls behind, the queueing shows in the latency
// instead of silently lowering the offered rate (the "coordinated omission" of closed loops).
import http from 'node:http';

/** One request, built (and for births signed) before the step starts. */
export interface PreparedRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: http.OutgoingHttpHeaders;
  body?: Buffer;
}

export interface StepResult {
  /** Requests per second offered (the schedule). */
  offeredPerSec: number;
  durationMs: number;
  sent: number;
  /** Answers with the expected status. */
  ok: number;
  /** Other answers, network errors and requests abandoned after the drain limit. */
  failed: number;
  abandoned: number;
  statuses: Record<string, number>;
  /** ok / the longer of the step and the time until its last ok answer. */
  achievedPerSec: number;
  /** Latency percentiles of the ok answers, from their due times. */
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How late the client wrote a request after its due time at worst (its own scheduling lag). */
  maxSendLagMs: number;
  /** CPU the bench process itself used during the step, in % of one core. */
  clientCpuPct: number;
  /** A few failed answers, for the log. */
  failures: string[];
}

export interface StepOptions {
  rate: number;
  durationMs: number;
  requests: readonly PreparedRequest[];
  expectStatus: number;
  /** After the last request is due, how long to wait for stragglers before abandoning them. */
  drainLimitMs: number;
}

const percentile = (sorted: Float64Array, p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

export class OpenLoopClient {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    baseUrl: string,
    readonly connections: number,
  ) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    // Keep-alive, at most `connections` sockets; requests beyond them wait in the agent's queue
    // (and that wait is part of their latency).
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections, scheduling: 'fifo' });
  }

  /** Opens every connection before a timed step (one cheap request per socket, all at once). */
  async warmUp(path: string): Promise<void> {
    await Promise.all(Array.from({ length: this.connections }, () => this.once({ method: 'GET', path, headers: {} })));
  }

  /** One request, answered with its status and body. */
  once(request: PreparedRequest): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ agent: this.agent, host: this.host, port: this.port, method: request.method, path: request.path, headers: request.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(request.body);
    });
  }

  run(options: StepOptions): Promise<StepResult> {
    const { rate, durationMs, requests, expectStatus, drainLimitMs } = options;
    const count = Math.min(requests.length, Math.round((rate * durationMs) / 1000));
    const intervalMs = 1000 / rate;
    const latencies = new Float64Array(count).fill(NaN);
    const statuses: Record<string, number> = {};
    const failures: string[] = [];
    const inFlight = new Map<number, http.ClientRequest>();
    let ok = 0;
    let failed = 0;
    let lastOkAt = 0;
    let maxSendLagMs = 0;
    let next = 0;
    const cpuBefore = process.cpuUsage();
    const t0 = performance.now() + 5;

    return new Promise<StepResult>((resolve) => {
      let finished = false;
      let drainTimer: NodeJS.Timeout | null = null;

      const finish = (): void => {
        if (finished) return;
        finished = true;
        if (drainTimer) clearTimeout(drainTimer);
        const abandoned = inFlight.size;
        for (const req of inFlight.values()) req.destroy();
        inFlight.clear();
        failed += abandoned;
        if (abandoned) statuses['abandoned'] = abandoned;
        const okLatencies = latencies.filter((l) => !Number.isNaN(l)).sort();
        const spanMs = Math.max(durationMs, lastOkAt - t0);
        const cpu = process.cpuUsage(cpuBefore);
        const wallMs = performance.now() - t0;
        resolve({
          offeredPerSec: rate,
          durationMs,
          sent: next,
          ok,
          failed,
          abandoned,
          statuses,
          achievedPerSec: Math.round((ok / spanMs) * 1000),
          p50Ms: percentile(okLatencies, 50),
          p90Ms: percentile(okLatencies, 90),
          p99Ms: percentile(okLatencies, 99),
          maxMs: okLatencies.length ? okLatencies[okLatencies.length - 1]! : NaN,
          maxSendLagMs,
          clientCpuPct: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 100),
          failures,
        });
      };

      const settle = (index: number, status: number | string, detail?: string): void => {
        if (!inFlight.delete(index) || finished) return;
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === expectStatus) {
          const at = performance.now();
          latencies[index] = at - (t0 + index * intervalMs);
          lastOkAt = at;
          ok += 1;
        } else {
          failed += 1;
          if (failures.length < 5) failures.push(`${status}${detail ? ` ${detail.slice(0, 300)}` : ''}`);
        }
        if (next >= count && inFlight.size === 0) finish();
      };

      const send = (index: number): void => {
        const request = requests[index]!;
        const req = http.request(
          { agent: this.agent, host: this.host, port: this.port, method: request.method, path: request.path, headers: request.headers },
          (res) => {
            const status = res.statusCode ?? 0;
            if (status === expectStatus) {
              res.resume();
              res.on('end', () => settle(index, status));
            } else {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => settle(index, status, Buffer.concat(chunks).toString('utf8')));
            }
            res.on('error', (error) => settle(index, 'error', error.message));
          },
        );
        req.on('error', (error) => settle(index, 'error', error.message));
        inFlight.set(index, req);
        req.end(request.body);
      };

      // The schedule: every millisecond or so, send whatever is due by now.
      const tick = (): void => {
        const now = performance.now();
        while (next < count && t0 + next * intervalMs <= now) {
          maxSendLagMs = Math.max(maxSendLagMs, now - (t0 + next * intervalMs));
          send(next++);
        }
        if (next < count) {
          setTimeout(tick, Math.max(0, Math.min(1, t0 + next * intervalMs - performance.now())));
        } else if (inFlight.size === 0) {
          finish();
        } else {
          drainTimer = setTimeout(finish, drainLimitMs);
        }
      };
      setTimeout(tick, 5);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
