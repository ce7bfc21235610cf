// The seven services and the bank simulator as real processes on a PrivateInfra, each with its
// log in a file (a 30-minute run writes a lot: nothing is kept in memory). A fault run kills and
// restarts them; `restart` waits until the program answers /health/ready again.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PrivateInfra } from './private-infra';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** The programs in start order: the bank and the saga first, so the gateway's and the allowance's calls find them. */
export const APP_NAMES = [
  'bank-simulator',
  'case-saga',
  'gateway',
  'birth-certificate',
  'household-registration',
  'medical-insurance',
  'social-security-card',
  'maternity-allowance',
] as const;
export type AppName = (typeof APP_NAMES)[number];

/** The services that consume topics (the bank simulator does not). */
export const SERVICE_NAMES: readonly AppName[] = APP_NAMES.filter((n) => n !== 'bank-simulator');

/** Main port offsets from `basePort`, as npm start's 8080..8087; the internal API is basePort + 100 + offset. */
const OFFSETS: Record<AppName, number> = {
  gateway: 0,
  'birth-certificate': 1,
  'household-registration': 2,
  'medical-insurance': 3,
  'social-security-card': 4,
  'maternity-allowance': 5,
  'case-saga': 6,
  'bank-simulator': 7,
};

export interface AppProcessesOptions {
  infra: PrivateInfra;
  /** Where each program's log goes: <logDir>/<name>.log (appended across restarts). */
  logDir: string;
  /** Default 8280: gateway 8280, bank 8287, internal APIs 8380..8386. */
  basePort?: number;
  /** Extra variables for every program (e.g. a shorter reconciliation delay). */
  env?: Record<string, string>;
}

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
}

export class AppProcesses {
  readonly basePort: number;
  private readonly running = new Map<AppName, Running>();
  private readonly logs = new Map<AppName, WriteStream>();

  constructor(private readonly options: AppProcessesOptions) {
    this.basePort = options.basePort ?? 8280;
    mkdirSync(options.logDir, { recursive: true });
  }

  port(name: AppName): number {
    return this.basePort + OFFSETS[name];
  }

  internalPort(name: AppName): number {
    return this.basePort + 100 + OFFSETS[name];
  }

  url(name: AppName): string {
    return `http://127.0.0.1:${this.port(name)}`;
  }

  internalUrl(name: AppName): string {
    return `http://127.0.0.1:${this.internalPort(name)}`;
  }

  /** The environment `name` runs with (as infra/start.sh and docker-compose.yml give it, on the private infrastructure). */
  envOf(name: AppName, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const { infra } = this.options;
    const role = name.replace(/-/g, '_');
    const env: NodeJS.ProcessEnv = {
      ...infra.programEnv(),
      SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.base.json'),
      PORT: String(this.port(name)),
      INTERNAL_PORT: String(this.internalPort(name)),
      DATABASE_URL: infra.serviceDatabaseUrl(role),
      DATABASE_SCHEMA: role,
      KAFKA_TOPIC_PREFIX: '',
      // A killed consumer's partitions move on in seconds, not 30.
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
      LOG_LEVEL: 'log',
      LOG_FORMAT: 'text',
      CASE_SAGA_INTERNAL_URL: this.internalUrl('case-saga'),
      BANK_URL: this.url('bank-simulator'),
      PAYMENT_CALLBACK_URL: `${this.url('maternity-allowance')}/bank/callbacks`,
      ...this.options.env,
      ...extra,
    };
    // Never inherited: a failpoint is armed only for the one start that asks for it.
    if (!extra['BIRTH_FAILPOINTS']) delete env['BIRTH_FAILPOINTS'];
    delete env['NODE_ENV'];
    return env;
  }

  /** Starts `name` and waits until /health/ready answers 200 (or throws after `timeoutMs`). */
  async start(name: AppName, extra: Record<string, string> = {}, timeoutMs = 120_000): Promise<void> {
    this.spawn(name, extra);
    await this.waitReady(name, timeoutMs);
  }

  /** Starts `name` without waiting (a failpoint start, which is expected to die). */
  spawn(name: AppName, extra: Record<string, string> = {}): void {
    if (this.isRunning(name)) throw new Error(`${name} is already running`);
    const log = this.logOf(name);
    log.write(`\n==== fault run: starting ${name} at ${new Date().toISOString()}${extra['BIRTH_FAILPOINTS'] ? ` with BIRTH_FAILPOINTS=${extra['BIRTH_FAILPOINTS']}` : ''}\n`);
    const child = spawn(process.execPath, ['--enable-source-maps', '--disable-warning=TimeoutNegativeWarning', '-r', '@swc-node/register', join(REPO_ROOT, `apps/${name}/src/main.ts`)], {
      cwd: REPO_ROOT,
      env: this.envOf(name, extra),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    const exited = new Promise<void>((done) =>
      child.on('exit', (code, signal) => {
        log.write(`==== fault run: ${name} exited (${code ?? signal}) at ${new Date().toISOString()}\n`);
        if (this.running.get(name)?.child === child) this.running.delete(name);
        done();
      }),
    );
    this.running.set(name, { child, exited });
  }

  isRunning(name: AppName): boolean {
    return this.running.has(name);
  }

  /** Resolves once `name` has exited (immediately when it is not running), or rejects after `timeoutMs`. */
  async waitExit(name: AppName, timeoutMs: number): Promise<boolean> {
    const current = this.running.get(name);
    if (!current) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((done) => (timer = setTimeout(() => done(false), timeoutMs)));
    const result = await Promise.race([current.exited.then(() => true), timedOut]);
    clearTimeout(timer);
    return result;
  }

  async waitReady(name: AppName, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.isRunning(name)) throw new Error(`${name} exited before it was ready (log: ${this.logPath(name)})`);
      try {
        const response = await fetch(`${this.url(name)}/health/ready`, { signal: AbortSignal.timeout(3_000) });
        await response.arrayBuffer();
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${name} was not ready within ${timeoutMs} ms (log: ${this.logPath(name)})`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** Sends `signal` and waits for the exit. */
  async stop(name: AppName, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 60_000): Promise<void> {
    const current = this.running.get(name);
    if (!current) return;
    current.child.kill(signal);
    if (!(await this.waitExit(name, timeoutMs))) {
      current.child.kill('SIGKILL');
      await current.exited;
    }
  }

  async kill(name: AppName): Promise<void> {
    await this.stop(name, 'SIGKILL');
  }

  async restart(name: AppName, extra: Record<string, string> = {}): Promise<void> {
    await this.stop(name);
    await this.start(name, extra);
  }

  async startAll(): Promise<void> {
    // The bank and the saga first; the rest side by side (each waits for its own readiness).
    await this.start('bank-simulator');
    await this.start('case-saga');
    await Promise.all(APP_NAMES.filter((n) => n !== 'bank-simulator' && n !== 'case-saga').map((n) => this.start(n)));
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((n) => this.stop(n)));
    await Promise.all([...this.logs.values()].map((log) => new Promise<void>((done) => log.end(done))));
    this.logs.clear();
  }

  logPath(name: AppName): string {
    return join(this.options.logDir, `${name}.log`);
  }

  private logOf(name: AppName): WriteStream {
    let log = this.logs.get(name);
    if (!log) {
      log = createWriteStream(this.logPath(name), { flags: 'a' });
      this.logs.set(name, log);
    }
    return log;
  }
}
