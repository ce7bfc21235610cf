// A private Kafka broker and PostgreSQL cluster that a fault run (or a recovery benchmark) may
// kill, freeze and restart without touching the shared ones (127.0.0.1:9092 and :5432) that
// other suites are using at the same moment.
//
//   const infra = await PrivateInfra.start({ root: 'tmp/faults/infra' });
//   infra.kafkaBrokers                    '127.0.0.1:9192'
//   infra.serviceDatabaseUrl('case_saga')  the role's own connection (trust auth: any password)
//   await infra.killBroker(); await infra.startBroker();      kill -9, then a fresh JVM on the same data
//   infra.pauseBroker(); infra.resumeBroker();                SIGSTOP / SIGCONT
//   await infra.crashPostgres(); await infra.startPostgres(); pg_ctl stop -m immediate, then start
//   await infra.dispose();                                    stops both and removes the temporary directories
//
// start() also prepares everything `npm start` prepares: the database with one role and schema per
// program and their migrations (infra/db/prepare.ts), the sealing keys (infra/keys/prepare-keys.ts,
// in a private BIRTH_KEYS_DIR) and every topic (infra/kafka/create-topics.ts).
// Needs root (PostgreSQL runs as the postgres user through runuser) and the binaries of
// PostgreSQL 15 (PG_BIN, default /usr/lib/postgresql/15/bin).
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const CACHE_DIR = process.env['BIRTH_CACHE_DIR'] ?? join(process.env['XDG_CACHE_HOME'] ?? join(process.env['HOME'] ?? '/root', '.cache'), 'birth-one-thing');

export interface PrivateInfraOptions {
  /** Broker port (default 9192) and its controller port (default 9193). Never 9092/9093. */
  kafkaPort?: number;
  kafkaControllerPort?: number;
  /** PostgreSQL port (default 5442). Never 5432. */
  postgresPort?: number;
  /** Where the temporary directories go (default the OS temp dir); they are removed by dispose(). */
  root?: string;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
  /** Kafka JVM heap (default -Xmx384m -Xms384m: this machine runs many things at once). */
  kafkaHeapOpts?: string;
}

/** The shared ports other suites use: a private infrastructure refuses them. */
const SHARED_PORTS = new Set([9092, 9093, 5432]);

export class PrivateInfra {
  readonly kafkaPort: number;
  readonly kafkaControllerPort: number;
  readonly postgresPort: number;
  /** The temporary root: kafka/, postgres/, keys/ below it. */
  readonly dir: string;
  readonly kafkaDataDir: string;
  readonly postgresDataDir: string;
  /** The private BIRTH_KEYS_DIR (the allowance's sealing keyring). */
  readonly keysDir: string;
  readonly databaseName = 'birth';
  private readonly log: (line: string) => void;
  private readonly kafkaHeapOpts: string;
  private paused = false;

  private constructor(options: PrivateInfraOptions) {
    this.kafkaPort = options.kafkaPort ?? 9192;
    this.kafkaControllerPort = options.kafkaControllerPort ?? 9193;
    this.postgresPort = options.postgresPort ?? 5442;
    for (const port of [this.kafkaPort, this.kafkaControllerPort, this.postgresPort]) {
      if (SHARED_PORTS.has(port)) throw new Error(`port ${port} belongs to the shared infrastructure; a private one must use another`);
    }
    const parent = options.root ?? tmpdir();
    mkdirSync(parent, { recursive: true });
    this.dir = mkdtempSync(join(parent, 'private-infra-'));
    this.kafkaDataDir = join(this.dir, 'kafka');
    this.postgresDataDir = join(this.dir, 'postgres');
    this.keysDir = join(this.dir, 'keys');
    this.log = options.log ?? ((line) => process.stderr.write(`[private-infra] ${line}\n`));
    this.kafkaHeapOpts = options.kafkaHeapOpts ?? '-Xmx384m -Xms384m';
  }

  /** Starts the broker and PostgreSQL and prepares the database, the keys and the topics. */
  static async start(options: PrivateInfraOptions = {}): Promise<PrivateInfra> {
    const infra = new PrivateInfra(options);
    try {
      await infra.initPostgres();
      await Promise.all([infra.startPostgres(), infra.startBroker()]);
      await infra.prepare();
      return infra;
    } catch (error) {
      await infra.dispose();
      throw error;
    }
  }

  get kafkaBrokers(): string {
    return `127.0.0.1:${this.kafkaPort}`;
  }

  /** A superuser connection to the services' database. */
  get databaseAdminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.postgresPort}/${this.databaseName}`;
  }

  /** The connection a program uses: its own role (named like its schema). */
  serviceDatabaseUrl(role: string): string {
    return `postgres://${role}:${role}@127.0.0.1:${this.postgresPort}/${this.databaseName}`;
  }

  // ---- Kafka ----

  /** Starts the broker on its data directory (waits until it serves metadata). */
  async startBroker(): Promise<void> {
    this.paused = false;
    await this.kafkaSh('start');
  }

  /** SIGTERM and wait: a clean stop. */
  async stopBroker(): Promise<void> {
    if (this.paused) this.resumeBroker();
    await this.kafkaSh('stop');
  }

  /** kill -9 the broker's JVM and wait until it is gone; startBroker() brings it back on the same data. */
  async killBroker(): Promise<void> {
    const pid = this.brokerPid();
    if (pid === undefined) return;
    process.kill(pid, 'SIGKILL');
    this.paused = false;
    await waitUntil(() => !alive(pid), 30_000, `broker ${pid} to die`);
  }

  /** SIGSTOP: the broker keeps its sockets open but answers nothing (a hung broker, not a dead one). */
  pauseBroker(): void {
    const pid = this.brokerPid();
    if (pid === undefined) throw new Error('no private broker to pause');
    process.kill(pid, 'SIGSTOP');
    this.paused = true;
  }

  resumeBroker(): void {
    const pid = this.brokerPid();
    if (pid !== undefined) process.kill(pid, 'SIGCONT');
    this.paused = false;
  }

  /** The broker JVM's pid, when one runs. */
  brokerPid(): number | undefined {
    const file = join(CACHE_DIR, `kafka-run-${this.kafkaPort}`, 'kafka.pid');
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').trim());
    return pid > 0 && alive(pid) ? pid : undefined;
  }

  private async kafkaSh(command: 'start' | 'stop'): Promise<void> {
    await run('bash', [join(REPO_ROOT, 'infra/kafka/kafka.sh'), command], {
      env: {
        ...process.env,
        KAFKA_PORT: String(this.kafkaPort),
        KAFKA_CONTROLLER_PORT: String(this.kafkaControllerPort),
        KAFKA_DATA_DIR: this.kafkaDataDir,
        KAFKA_HEAP_OPTS: this.kafkaHeapOpts,
      },
      timeout: 120_000,
    });
    this.log(`broker ${command} on ${this.kafkaBrokers}`);
  }

  // ---- PostgreSQL ----

  private async initPostgres(): Promise<void> {
    mkdirSync(this.postgresDataDir, { recursive: true });
    const postgres = userInfo().uid === 0 ? await pgUser() : undefined;
    if (postgres) {
      chownSync(this.dir, postgres.uid, postgres.gid);
      chownSync(this.postgresDataDir, postgres.uid, postgres.gid);
    }
    // trust: the cluster listens on 127.0.0.1 only and lives for one run.
    await this.asPostgres('initdb', ['-D', this.postgresDataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    this.log(`initdb ${this.postgresDataDir}`);
  }

  /** Starts (or restarts after a crash) the cluster and waits until it accepts connections. */
  async startPostgres(): Promise<void> {
    const options = `-p ${this.postgresPort} -k ${this.postgresDataDir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
    await this.asPostgres('pg_ctl', ['-D', this.postgresDataDir, '-o', options, '-l', join(this.postgresDataDir, 'server.log'), '-w', '-t', '120', 'start']);
    this.log(`postgres started on 127.0.0.1:${this.postgresPort}`);
  }

  /** pg_ctl stop -m immediate: every backend dies without a checkpoint, as in a crash; the next start recovers from WAL. */
  async crashPostgres(): Promise<void> {
    await this.asPostgres('pg_ctl', ['-D', this.postgresDataDir, '-m', 'immediate', '-w', 'stop']);
    this.log('postgres stopped (immediate)');
  }

  async stopPostgres(): Promise<void> {
    await this.asPostgres('pg_ctl', ['-D', this.postgresDataDir, '-m', 'fast', '-w', 'stop']);
  }

  async restartPostgres(): Promise<void> {
    await this.crashPostgres();
    await this.startPostgres();
  }

  private async postgresRunning(): Promise<boolean> {
    return existsSync(join(this.postgresDataDir, 'postmaster.pid'));
  }

  private async asPostgres(binary: string, args: string[]): Promise<void> {
    const bin = join(process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin', binary);
    const [file, argv] = userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
    await run(file, argv, { timeout: 180_000, cwd: '/' });
  }

  // ---- preparation ----

  private async prepare(): Promise<void> {
    const env = this.programEnv();
    await run('bash', [join(REPO_ROOT, 'infra/run-node.sh'), 'infra/db/prepare.ts'], { cwd: REPO_ROOT, env, timeout: 300_000 });
    await run('bash', [join(REPO_ROOT, 'infra/run-node.sh'), 'infra/keys/prepare-keys.ts'], { cwd: REPO_ROOT, env, timeout: 120_000 });
    await run('bash', [join(REPO_ROOT, 'infra/run-node.sh'), 'infra/kafka/create-topics.ts'], { cwd: REPO_ROOT, env, timeout: 120_000 });
    this.log('database, keys and topics prepared');
  }

  /** The variables every program and infra script needs to use this infrastructure (not the shared one). */
  programEnv(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      KAFKA_BROKERS: this.kafkaBrokers,
      DATABASE_ADMIN_URL: `postgres://postgres@127.0.0.1:${this.postgresPort}/postgres`,
      DATABASE_NAME: this.databaseName,
      BIRTH_KEYS_DIR: this.keysDir,
    };
  }

  /** Stops the broker and PostgreSQL (whatever their state) and removes the temporary directories. */
  async dispose(): Promise<void> {
    try {
      if (this.paused) this.resumeBroker();
      if (this.brokerPid() !== undefined) await this.killBroker();
    } catch (error) {
      this.log(`broker: ${(error as Error).message}`);
    }
    try {
      if (await this.postgresRunning()) await this.crashPostgres();
    } catch (error) {
      this.log(`postgres: ${(error as Error).message}`);
    }
    rmSync(this.dir, { recursive: true, force: true });
    this.log(`removed ${this.dir}`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie still answers signal 0; /proc says whether it is really running.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

async function pgUser(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(gid.trim()) };
}

/** Polls `condition` every 100 ms until it holds or `timeoutMs` passes. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
