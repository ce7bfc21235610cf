// The whole system of one bench run, as real processes: the seven services and the bank program,
// each on its own schema of a database made for the run, sharing a topic prefix of the run, so
// nothing else on the broker or the server is touched. Every case ends in the saga's `cases` table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPIC_REGISTRY } from '@birth/contracts';
import { KafkaJsMessageBus, TopicNamer, topicSpecsOf, type Admin } from '@birth/messaging';
import { migrateServiceSchema, prepareSealingKeys } from '@birth/platform';
import { freePort } from '../../libs/testing/src/free-port';
import { spawnNode, type NodeProcess } from '../../libs/testing/src/node-process';
import { PROGRAMS, schemaOf } from '../../infra/services';
import type { HospitalCredentials } from '../../tools/simulator/hospitals';
import { SEED_REGIONS } from '../../tools/simulator/seed-regions';
import { sqlOnce, withDatabase } from '../support/run';

/** The broker and the PostgreSQL server a run uses; `serverUrl` is a superuser's connection. */
export interface Infrastructure {
  kafkaBrokers: string;
  serverUrl: string;
}

/** The consumers of the flow: every service but the gateway (which takes the births) and the bank (which consumes nothing). */
export const CONSUMERS = ['birth-certificate', 'household-registration', 'medical-insurance', 'social-security-card', 'maternity-allowance', 'case-saga'] as const;
const BANK = 'bank-simulator';
const GATEWAY = 'gateway';
const BANK_ADMIN_TOKEN = 'bench-bank-admin-token-0123456789';
const BANK_CALLBACK_SECRET = 'bench-bank-callback-secret-0123456789';
/** Final states of a case in the saga (case-watcher.ts's FINAL, less `voided`: the bench voids nothing). */
export const COMPLETED_STATES = ['completed', 'completed_with_rejections'];

interface Program {
  name: string;
  port: number;
  internalPort: number;
  env: Record<string, string>;
  process: NodeProcess | null;
}

export class WholeSystem {
  readonly namer: TopicNamer;
  readonly databaseUrl: string;
  readonly bus: KafkaJsMessageBus;
  private admin: Admin | null = null;
  private readonly programs = new Map<string, Program>();
  private readonly benchTopics: string[] = [];
  private readonly benchGroups: string[] = [];
  private readonly keysDir = mkdtempSync(join(tmpdir(), 'bench-system-keys-'));
  hospitals: HospitalCredentials[] = [];

  constructor(
    readonly runId: string,
    readonly infra: Infrastructure,
    private readonly log: (message: string) => void,
  ) {
    this.namer = new TopicNamer(`${runId}.`);
    this.databaseUrl = withDatabase(infra.serverUrl, runId);
    this.bus = new KafkaJsMessageBus({ clientId: runId, brokers: infra.kafkaBrokers.split(','), log: (level, ns, message) => level === 'error' && log(`kafka ${ns}: ${message}`) });
  }

  schemaOf(name: string): string {
    return schemaOf({ name });
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.programs.get(GATEWAY)!.port}`;
  }

  /** The database, every program's schema, the topics, the sealing keys and the hospitals. */
  async prepare(): Promise<void> {
    await sqlOnce(this.infra.serverUrl, `CREATE DATABASE "${this.runId}"`);
    for (const program of PROGRAMS) {
      await migrateServiceSchema({ url: this.databaseUrl, schema: schemaOf(program), migrations: [...program.migrations], platformTables: program.platformTables });
    }
    // Certificate numbers for a national day and more (the demo block has 1,000), loaded as the CLI would.
    for (const [index, region] of SEED_REGIONS.entries()) {
      await sqlOnce(
        this.databaseUrl,
        `INSERT INTO birth_certificate.certificate_number_blocks (institution_id, prefix, first_serial, last_serial, next_serial, loaded_by) VALUES ($1, $2, 1, 99999999, 1, 'bench')`,
        [region.hospitalId, String.fromCharCode(66 + index)],
      );
    }
    this.admin = this.bus.admin();
    await this.admin.connect();
    await this.admin.ensureTopics(topicSpecsOf(TOPIC_REGISTRY, this.namer));
    await prepareSealingKeys(this.keysDir);

    const ports = new Map<string, [number, number]>();
    for (const program of PROGRAMS) ports.set(program.name, [await freePort(), await freePort()]);
    const portOf = (name: string) => ports.get(name)![0];
    const internalOf = (name: string) => ports.get(name)![1];
    const special: Record<string, Record<string, string>> = {
      [GATEWAY]: {
        ALLOWANCE_SEALING_PUBLIC_KEYS_DIR: this.keysDir,
        CASE_SAGA_INTERNAL_URL: `http://127.0.0.1:${internalOf('case-saga')}`,
        // The bench offers the load: the per-hospital limit is not what it measures.
        INTAKE_RATE_PER_SECOND: '1000000',
        INTAKE_RATE_BURST: '1000000',
      },
      'maternity-allowance': {
        SEALING_PRIVATE_KEYS_DIR: this.keysDir,
        BANK_URL: `http://127.0.0.1:${portOf(BANK)}`,
        BANK_CALLBACK_SECRET,
        PAYMENT_CALLBACK_URL: `http://127.0.0.1:${portOf('maternity-allowance')}/bank/callbacks`,
      },
      [BANK]: { BANK_ADMIN_TOKEN, BANK_CALLBACK_SECRET },
    };
    for (const program of PROGRAMS) {
      const [port, internalPort] = ports.get(program.name)!;
      this.programs.set(program.name, {
        name: program.name,
        port,
        internalPort,
        process: null,
        env: {
          NODE_ENV: 'test',
          DATABASE_URL: this.databaseUrl,
          DATABASE_SCHEMA: schemaOf(program),
          KAFKA_BROKERS: this.infra.kafkaBrokers,
          KAFKA_TOPIC_PREFIX: this.namer.prefix,
          LOG_FORMAT: 'text',
          LOG_LEVEL: 'warn',
          PORT: String(port),
          INTERNAL_PORT: String(internalPort),
          PGAPPNAME: `${this.runId}-${program.name}`,
          // e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`: a profile per program, written when it stops.
          ...(process.env['BENCH_PROGRAM_NODE_OPTIONS'] ? { NODE_OPTIONS: process.env['BENCH_PROGRAM_NODE_OPTIONS'] } : {}),
          ...special[program.name],
        },
      });
    }
    this.hospitals = await Promise.all(SEED_REGIONS.map((region) => this.addHospital(region.hospitalId, region.hospitalName, region.county)));
  }

  /** A hospital registered through the administrators' CLI (npm run cli -- hospital add), as the simulator does. */
  private async addHospital(id: string, name: string, region: string): Promise<HospitalCredentials> {
    const cli = spawnNode('apps/gateway/src/cli/main.ts', this.programs.get(GATEWAY)!.env, ['hospital', 'add', '--id', id, '--name', name, '--region', region]);
    const { code } = await cli.exited;
    const line = cli.output().split('\n').find((l) => l.startsWith('{'));
    if (code !== 0 || !line) throw new Error(`hospital add ${id} failed (${code}): ${cli.output().slice(-500)}`);
    const printed = JSON.parse(line) as { keyId: string; secret: string };
    return { hospitalId: id, keyId: printed.keyId, secret: printed.secret };
  }

  /** Starts the named programs (all of them by default) and waits until each is ready. */
  async start(names: readonly string[] = [...this.programs.keys()]): Promise<void> {
    for (const name of names) {
      const program = this.programs.get(name)!;
      if (program.process && program.process.child.exitCode === null && program.process.child.signalCode === null) continue;
      program.process = spawnNode(name === BANK ? 'apps/bank-simulator/src/main.ts' : `apps/${name}/src/main.ts`, program.env);
    }
    await Promise.all(names.map((name) => this.waitReady(this.programs.get(name)!)));
  }

  /** Stops the named programs (SIGTERM: they leave their consumer groups) and waits until they exited. */
  async stop(names: readonly string[], signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await Promise.all(
      names.map(async (name) => {
        const process = this.programs.get(name)?.process;
        if (!process) return;
        process.kill(signal);
        await process.exited;
      }),
    );
  }

  /** Every program's readiness address (its details count the messages it handled and published), by name. */
  healthUrls(): Map<string, string> {
    return new Map([...this.programs].map(([name, program]) => [name, `http://127.0.0.1:${program.port}/health/ready`]));
  }

  /** The process ids of the running programs, by name. */
  pids(): Map<string, number> {
    const pids = new Map<string, number>();
    for (const [name, program] of this.programs) if (program.process?.child.pid && program.process.child.exitCode === null) pids.set(name, program.process.child.pid);
    return pids;
  }

  private async waitReady(program: Program, timeoutMs = 240_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const process = program.process!;
      if (process.child.exitCode !== null || process.child.signalCode !== null) throw new Error(`${program.name} exited (${process.child.exitCode ?? process.child.signalCode}):\n${process.output().slice(-2000)}`);
      const ready = await fetch(`http://127.0.0.1:${program.port}/health/ready`, { signal: AbortSignal.timeout(5_000) }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`${program.name} not ready within ${timeoutMs / 1000} s:\n${process.output().slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** Opens the accounts in the bank's own table: the bank program stands for the world outside, so the run sets its world up. */
  async openAccounts(accounts: { number: string; holderName: string }[]): Promise<void> {
    for (let i = 0; i < accounts.length; i += 5_000) {
      const slice = accounts.slice(i, i + 5_000);
      await sqlOnce(
        this.databaseUrl,
        `INSERT INTO bank_simulator.accounts (number, holder_name) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
        [slice.map((a) => a.number), slice.map((a) => a.holderName)],
      );
    }
  }

  /** A topic of the run for a measurement of its own (deleted with the run's topics). */
  async benchTopic(name: string, partitions: number): Promise<string> {
    const topic = this.namer.physical(`bench.${name}`);
    await this.admin!.ensureTopics([{ name: topic, partitions }]);
    this.benchTopics.push(topic);
    return topic;
  }

  /** A consumer group of the run for a measurement of its own (deleted with the run's groups). */
  benchGroup(name: string): string {
    const group = this.namer.physical(`bench.${name}`);
    this.benchGroups.push(group);
    return group;
  }

  /** Messages ever written to the run's topics (sum of high-water marks minus low ones). */
  async messagesOnTopics(): Promise<number> {
    let total = 0;
    for (const spec of topicSpecsOf(TOPIC_REGISTRY, this.namer)) {
      const offsets = await this.admin!.partitionOffsets(spec.name);
      total += offsets.reduce((sum, o) => sum + Number(BigInt(o.high) - BigInt(o.low)), 0);
    }
    return total;
  }

  /** Stops every program, drops the database and the topics. */
  async dispose(): Promise<void> {
    // Asked to stop first (a program profiled with --cpu-prof writes its profile on a clean exit), killed after 15 s.
    const all = [...this.programs.keys()];
    await Promise.race([this.stop(all, 'SIGTERM').catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
    await this.stop(all, 'SIGKILL').catch(() => undefined);
    if (this.admin) {
      await this.admin.deleteTopics([...topicSpecsOf(TOPIC_REGISTRY, this.namer).map((t) => t.name), ...this.benchTopics]).catch(() => undefined);
      for (const group of [...PROGRAMS.map((p) => this.namer.physical(p.name)), ...this.benchGroups]) await this.admin.deleteGroup(group).catch(() => undefined);
      await this.admin.disconnect().catch(() => undefined);
    }
    await sqlOnce(this.infra.serverUrl, `DROP DATABASE IF EXISTS "${this.runId}" WITH (FORCE)`).catch((error: Error) => this.log(`dropping ${this.runId}: ${error.message}`));
    rmSync(this.keysDir, { recursive: true, force: true });
  }
}
