// The faults a fault run injects, one at a time, on a PrivateInfra and its AppProcesses.
// Each returns a line saying what it did; every poison message is recorded (poison.jsonl) with
// the consumer groups that read its topic, so the checker knows what each DLQ must hold.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { AssignerProtocol, Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { Client } from 'pg';
import type { TestNamespace } from '@birth/testing';
import { planDelivery } from '../../../tools/simulator/birth-generator';
import type { HospitalCredentials } from '../../../tools/simulator/hospitals';
import { SeededRandom } from '../../../tools/simulator/random';
import { SEED_REGIONS } from '../../../tools/simulator/seed-regions';
import { signedIngressMessage } from '../../support/ingress-client';
import { SERVICE_NAMES, type AppName, type AppProcesses } from './app-processes';
import { waitUntil, type PrivateInfra } from './private-infra';

export const FAULT_KINDS = [
  'app-kill',
  'failpoint-crash',
  'broker-kill',
  'broker-pause',
  'postgres-crash',
  'redelivery',
  'poison',
  'timer-burst',
  'clock-jump',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One poison message as the checker reads it back (poison.jsonl). */
export interface InjectedPoison {
  poisonId: string;
  topic: string;
  kind: 'bad-json' | 'oversized' | 'wrong-type-deep' | 'bad-signature';
  /** The consumer groups subscribed to the topic when it was produced: each must park it once. */
  groups: string[];
}

/** The Kafka header that marks a poison message (kept by the dead-letter topic with the others). */
export const POISON_HEADER = 'x-fault-poison-id';

export interface FaultInjectorOptions {
  infra: PrivateInfra;
  apps: AppProcesses;
  rng: SeededRandom;
  credentials: Map<string, HospitalCredentials>;
  poisonFile: string;
  /** How long the broker stays frozen (SIGSTOP) before SIGCONT. */
  brokerPauseMs: number;
  note: (text: string) => void;
}

const CONSUMER_FAILPOINT = 'consumer.after-commit-before-offset';
/** Pending timers a burst waits for (holding the bank) before it fires them. */
const BURST_PENDING = 20;
const PAYMENT_FAILPOINT = 'payments.after-send-before-record';

export class FaultInjector {
  readonly counts: Record<string, number> = {};
  readonly poisonByTopic: Record<string, number> = {};
  private readonly kafka: Kafka;
  private admin: Admin | null = null;
  private producer: Producer | null = null;

  constructor(private readonly options: FaultInjectorOptions) {
    this.kafka = new Kafka({ clientId: 'fault-run', brokers: [options.infra.kafkaBrokers], logLevel: logLevel.NOTHING, retry: { retries: 8 } });
  }

  async inject(kind: FaultKind): Promise<string> {
    const what = await this.run(kind);
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    return what;
  }

  private run(kind: FaultKind): Promise<string> {
    switch (kind) {
      case 'app-kill':
        return this.appKill();
      case 'failpoint-crash':
        return this.failpointCrash();
      case 'broker-kill':
        return this.brokerKill();
      case 'broker-pause':
        return this.brokerPause();
      case 'postgres-crash':
        return this.postgresCrash();
      case 'redelivery':
        return this.redelivery();
      case 'poison':
        return this.poison();
      case 'timer-burst':
        return this.timerBurst();
      case 'clock-jump':
        return this.clockJump();
    }
  }

  /** SIGKILL one program (any of the eight), then start it again. */
  private async appKill(): Promise<string> {
    const name = this.options.rng.pick([...SERVICE_NAMES, 'bank-simulator'] as AppName[]);
    await this.options.apps.kill(name);
    await this.options.apps.start(name);
    return `SIGKILL ${name}, restarted`;
  }

  /**
   * Restarts a consumer with a failpoint armed: it dies (SIGKILL, by itself) right after its
   * first database commit and before the offset commit (or, for the allowance, half the time
   * after a payment was sent and before it was recorded); then it starts again without it.
   */
  private async failpointCrash(): Promise<string> {
    const { apps, rng } = this.options;
    // Not the gateway: it consumes only the hospitals' ingress topic, which this load does not use.
    const name = rng.pick(SERVICE_NAMES.filter((n) => n !== 'gateway'));
    const failpoint = name === 'maternity-allowance' && rng.chance(0.5) ? PAYMENT_FAILPOINT : CONSUMER_FAILPOINT;
    await apps.stop(name);
    apps.spawn(name, { BIRTH_FAILPOINTS: failpoint });
    // The wait includes the start, which takes tens of seconds on a busy machine.
    const died = await apps.waitExit(name, 90_000);
    if (!died) await apps.kill(name);
    await apps.start(name);
    return `${name} restarted with ${failpoint}: ${died ? 'died there' : 'never reached it within 90 s (killed)'}; restarted`;
  }

  private async brokerKill(): Promise<string> {
    await this.options.infra.killBroker();
    await sleep(1_000);
    const started = Date.now();
    await this.options.infra.startBroker();
    return `broker kill -9; back in ${((Date.now() - started) / 1000).toFixed(1)} s`;
  }

  private async brokerPause(): Promise<string> {
    this.options.infra.pauseBroker();
    await sleep(this.options.brokerPauseMs);
    this.options.infra.resumeBroker();
    return `broker SIGSTOP for ${this.options.brokerPauseMs / 1000} s, then SIGCONT`;
  }

  private async postgresCrash(): Promise<string> {
    await this.options.infra.crashPostgres();
    await sleep(2_000);
    await this.options.infra.startPostgres();
    return 'PostgreSQL stop -m immediate, restarted after 2 s';
  }

  /**
   * Stops one service, moves its consumer group back to the earliest offset of every topic it
   * reads (kafkajs admin), and starts it again: it reads everything a second time and must apply
   * nothing twice.
   */
  private async redelivery(): Promise<string> {
    const name = this.options.rng.pick(SERVICE_NAMES);
    const topics = await this.subscribedTopics(name);
    await this.options.apps.stop(name);
    const admin = await this.connectedAdmin();
    await waitUntil(async () => (await admin.describeGroups([name])).groups[0]?.state === 'Empty', 60_000, `group ${name} to be empty`);
    for (const topic of topics) await admin.resetOffsets({ groupId: name, topic, earliest: true });
    await this.options.apps.start(name);
    return `${name} stopped, group reset to earliest on ${topics.length} topics, restarted`;
  }

  /** Poison on every topic some service consumes: bad JSON, oversized, a wrong type deep inside; a bad signature on the ingress. */
  private async poison(): Promise<string> {
    const groupsByTopic = new Map<string, string[]>();
    for (const group of SERVICE_NAMES) {
      for (const topic of await this.subscribedTopics(group)) groupsByTopic.set(topic, [...(groupsByTopic.get(topic) ?? []), group]);
    }
    const producer = await this.connectedProducer();
    let count = 0;
    for (const [topic, groups] of [...groupsByTopic].sort()) {
      const sample = await this.sampleOf(topic);
      const kinds: [InjectedPoison['kind'], Buffer, Record<string, string>][] = [
        ['bad-json', Buffer.from('{"id": "broken', 'utf8'), {}],
        ['oversized', Buffer.from(JSON.stringify({ ...sample, id: randomUUID(), correlationId: 'x'.repeat(600_000) }), 'utf8'), {}],
        ['wrong-type-deep', Buffer.from(JSON.stringify(wrongTypeDeep({ ...sample, id: randomUUID() })), 'utf8'), {}],
      ];
      if (topic === 'birth.submitted.v1') kinds.push(this.badlySigned());
      for (const [kind, value, headers] of kinds) {
        const poisonId = randomUUID();
        await producer.send({ topic, messages: [{ key: `fault-poison-${poisonId}`, value, headers: { ...headers, [POISON_HEADER]: poisonId } }] });
        const record: InjectedPoison = { poisonId, topic, kind, groups };
        appendFileSync(this.options.poisonFile, `${JSON.stringify(record)}\n`);
        this.poisonByTopic[topic] = (this.poisonByTopic[topic] ?? 0) + 1;
        count += 1;
      }
    }
    return `${count} poison messages on ${groupsByTopic.size} topics`;
  }

  /** A well-formed submission signed with a secret that is not the hospital's (a forgery): SIGNATURE_INVALID, parked. */
  private badlySigned(): ['bad-signature', Buffer, Record<string, string>] {
    const region = SEED_REGIONS[0]!;
    const credentials = this.options.credentials.get(region.hospitalId)!;
    const delivery = planDelivery(new SeededRandom(this.options.rng.int(1, 2 ** 30)), { now: new Date(), runId: 'POISON', sequence: 1, region });
    const registryNames = { topic: (name: string) => name } as unknown as TestNamespace;
    const { message } = signedIngressMessage(registryNames, credentials, delivery.births[0]!.submission, { secret: 'not-the-hospital-secret' });
    return ['bad-signature', Buffer.from(message.value as string, 'utf8'), message.headers];
  }

  /** A recent real message of `topic` from its producer's outbox (any schema), or a bare envelope of the topic. */
  private async sampleOf(topic: string): Promise<Record<string, unknown>> {
    const client = new Client({ connectionString: this.options.infra.databaseAdminUrl });
    await client.connect();
    try {
      const schemas = (await client.query<{ table_schema: string }>(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox'`)).rows;
      for (const { table_schema: schema } of schemas) {
        const rows = (await client.query<{ value: unknown }>(`SELECT value FROM "${schema}".outbox WHERE topic = $1 ORDER BY seq DESC LIMIT 1`, [topic])).rows;
        if (rows[0]) return (typeof rows[0].value === 'string' ? JSON.parse(rows[0].value) : rows[0].value) as Record<string, unknown>;
      }
    } finally {
      await client.end();
    }
    const [, domain, event] = /^(.*)\.([^.]+)\.v\d+$/.exec(topic) ?? [];
    return { id: randomUUID(), type: `${domain}.${event}`, version: 1, occurredAt: new Date().toISOString(), caseId: randomUUID(), correlationId: randomUUID(), causationId: null, producer: 'fault-run', payload: { deep: { inside: 'x' } } };
  }

  /**
   * Timers wait only while steps run, and under a steady low load a case is done in seconds, so
   * there is seldom a pending timer to fire (the first 30-minute run skipped every burst). A step's
   * timers start when its department starts it, so stopping a department is no use (its steps never
   * start); the burst stops the bank instead: the allowance's steps have started and wait for their
   * payments. Once BURST_PENDING timers are pending, the saga's clock moves to the due time of the
   * 50 earliest, so they all fire together; then the bank starts again and the payments go out.
   */
  private async timerBurst(): Promise<string> {
    let pending = 0;
    return this.whileHeld(
      'bank-simulator',
      async () => (pending = await this.withSaga(async (saga) => Number((await saga.query<{ n: string }>(`SELECT count(*) AS n FROM timers WHERE state = 'pending'`)).rows[0]!.n))) >= BURST_PENDING,
      async () => `${pending} timers pending: ${await this.fireEarliestTimers()}`,
    );
  }

  /**
   * Stops `held`, waits until `ready` (checked every 2 s, two minutes at most: the load keeps
   * opening cases), runs `work`, and starts `held` again, which then works its backlog.
   */
  private async whileHeld(held: AppName, ready: () => Promise<boolean>, work: () => Promise<string>): Promise<string> {
    const { apps } = this.options;
    await apps.stop(held);
    const heldAt = Date.now();
    try {
      while (Date.now() - heldAt < 120_000 && !(await ready())) await sleep(2_000);
      const what = await work();
      return `${held} held ${Math.round((Date.now() - heldAt) / 1000)} s; ${what}`;
    } finally {
      await apps.start(held);
    }
  }

  /** Moves the saga's clock to the due time of the 50 earliest pending timers at once: they all fire together. */
  private async fireEarliestTimers(): Promise<string> {
    return this.withSaga(async (saga) => {
      const row = (
        await saga.query<{ due: Date | null; n: string }>(
          `SELECT max(due_at) AS due, count(*) AS n FROM (SELECT due_at FROM timers WHERE state = 'pending' ORDER BY due_at LIMIT 50) t`,
        )
      ).rows[0]!;
      if (!row.due) return 'no pending timer: burst skipped';
      const now = await sagaNow(saga);
      if (row.due.getTime() <= now.getTime()) return `${row.n} timers already due`;
      await setSagaClock(saga, new Date(row.due.getTime() + 1_000));
      return `saga clock moved ${((row.due.getTime() - now.getTime()) / 3_600_000).toFixed(1)} h: ${row.n} timers due at once`;
    });
  }

  /**
   * The saga's clock jumps around an open step's deadline: just before it, back a little, then past
   * it. It holds a department (chosen by the seed) until such a step exists: the first 30-minute
   * run found none at three of its five jumps.
   */
  private async clockJump(): Promise<string> {
    return this.whileHeld(
      this.options.rng.pick(SERVICE_NAMES.filter((n) => n !== 'gateway' && n !== 'case-saga')),
      () => this.withSaga(async (saga) => (await openDeadlineAhead(saga)) !== undefined),
      () => this.jumpAroundDeadline(),
    );
  }

  private async jumpAroundDeadline(): Promise<string> {
    return this.withSaga(async (saga) => {
      const now = await sagaNow(saga);
      const step = await openDeadlineAhead(saga);
      if (!step) return 'no open deadline ahead: jump skipped';
      const deadline = step.deadline.getTime();
      await setSagaClock(saga, new Date(deadline - 30_000));
      await sleep(2_000);
      await setSagaClock(saga, new Date(deadline - 50_000));
      await sleep(2_000);
      await setSagaClock(saga, new Date(deadline + 30_000));
      return `saga clock jumped ${((deadline - now.getTime()) / 3_600_000).toFixed(1)} h to 30 s before ${step.item}'s deadline, back 20 s, then 30 s past it`;
    });
  }

  private async withSaga<T>(work: (saga: Client) => Promise<T>): Promise<T> {
    const saga = new Client({ connectionString: this.options.infra.serviceDatabaseUrl('case_saga') });
    await saga.connect();
    try {
      return await work(saga);
    } finally {
      await saga.end();
    }
  }

  /** The topics `group`'s members are assigned now (empty when none runs). */
  async subscribedTopics(group: string): Promise<string[]> {
    const admin = await this.connectedAdmin();
    const described = (await admin.describeGroups([group])).groups[0];
    const topics = new Set<string>();
    for (const member of described?.members ?? []) {
      const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      for (const topic of Object.keys(assignment?.assignment ?? {})) topics.add(topic);
    }
    // A group with no member at this moment (its service restarting, a rebalance after a broker
    // fault) still reads its topics from its committed offsets when it is back: count those too,
    // or its parking of the poison would look unexpected (the 30-minute run's 24 false alarms).
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId: group })) {
      if (partitions.some((p) => p.offset !== '-1')) topics.add(topic);
    }
    return [...topics].sort();
  }

  private async connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    return this.admin;
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
      await this.producer.connect();
    }
    return this.producer;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.admin?.disconnect(), this.producer?.disconnect()]);
  }
}

/** The message with its deepest string value inside `payload` turned into a number. */
export function wrongTypeDeep(message: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(message);
  let deepest: { holder: Record<string, unknown> | unknown[]; key: string | number; depth: number } | null = null;
  const walk = (node: unknown, depth: number) => {
    if (Array.isArray(node)) node.forEach((v, i) => visit(node, i, v, depth));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) visit(node as Record<string, unknown>, k, v, depth);
  };
  const visit = (holder: Record<string, unknown> | unknown[], key: string | number, value: unknown, depth: number) => {
    if (typeof value === 'string' && (!deepest || depth > deepest.depth)) deepest = { holder, key, depth };
    else walk(value, depth + 1);
  };
  walk(copy['payload'], 1);
  const found = deepest as { holder: Record<string | number, unknown>; key: string | number } | null;
  if (found) found.holder[found.key] = 12_345;
  else copy['payload'] = { deep: { inside: 12_345 } };
  return copy;
}

/** The open step whose deadline comes first after the saga's now. */
async function openDeadlineAhead(saga: Client): Promise<{ deadline: Date; case_id: string; item: string } | undefined> {
  return (
    await saga.query<{ deadline: Date; case_id: string; item: string }>(
      `SELECT deadline, case_id, item FROM step_clocks
        WHERE deadline > (SELECT now() + clock_offset FROM saga_clock) AND breached_at IS NULL AND voided_at IS NULL AND state NOT IN ('done', 'rejected', 'forwarded', 'revoked')
        ORDER BY deadline LIMIT 1`,
    )
  ).rows[0];
}

async function sagaNow(saga: Client): Promise<Date> {
  return (await saga.query<{ now: Date }>(`SELECT now() + clock_offset AS now FROM saga_clock`)).rows[0]!.now;
}

/** What the saga's test-only setTestClock({ at }) does (apps/case-saga/src/timers/test-clock.ts), in plain SQL. */
async function setSagaClock(saga: Client, at: Date): Promise<void> {
  await saga.query('BEGIN');
  try {
    await saga.query(`SELECT set_config('saga.test_clock', 'allowed', true)`);
    await saga.query(`UPDATE saga_clock SET clock_offset = $1::timestamptz - now()`, [at.toISOString()]);
    await saga.query('COMMIT');
  } catch (error) {
    await saga.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
