import type { EventEnvelope, TopicDefinition } from '@birth/contracts';
import type { OutgoingMessage, Producer } from '@birth/messaging';
import { expectEventually } from './eventually';
import { spawnNode, type NodeProcess } from './node-process';
import { startServiceProcess } from './service-process';
import { TestNamespace } from './test-namespace';
import { TopicDeliveries } from './topic-deliveries';

export interface DepartmentSuiteOptions {
  /** The topics the namespace creates (what the service consumes and publishes). */
  topics: readonly TopicDefinition[];
  /** The service's consumer group (its name) and the topics it consumes, for `deliver`. */
  group: string;
  consumed: readonly TopicDefinition[];
  /** The service's schema (before the namespace's prefix) and its migrations. */
  schemaName: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- as TestNamespace.createSchema takes them
  migrations: Function[];
  /** The service's entry point, e.g. `apps/medical-insurance/src/main.ts`. */
  entry: string;
  env?: Record<string, string>;
  /** false for a service without internal controllers: it prints no internal API line. */
  internalApi?: boolean;
}

/**
 * A department service as a real process in its own namespace, with what its integration suite
 * needs around it: a connected producer, `deliver` (waits until the service consumed it), the
 * case's events on a topic, the outbox drained, and GETs on its internal API. `start` undoes what
 * it did when a step fails; `stop` ends the process, the producer and the namespace.
 */
export class DepartmentSuite {
  private constructor(
    readonly ns: TestNamespace,
    readonly schema: string,
    readonly producer: Producer,
    readonly deliveries: TopicDeliveries,
    readonly process: NodeProcess,
    /** `http://127.0.0.1:<INTERNAL_PORT>`; empty when the service has no internal API. */
    readonly internalUrl: string,
  ) {}

  static async start(options: DepartmentSuiteOptions): Promise<DepartmentSuite> {
    const ns = await TestNamespace.create(options.topics);
    let producer: Producer | undefined;
    let process: NodeProcess | undefined;
    try {
      const schema = await ns.createSchema(options.schemaName, options.migrations);
      producer = ns.bus.producer();
      await producer.connect();
      const deliveries = new TopicDeliveries(ns, producer, options.group, options.consumed);
      let internalUrl = '';
      if (options.internalApi === false) {
        process = spawnNode(options.entry, ns.serviceEnv(schema, options.env));
        await process.waitForOutput(/listening on http/, 90_000);
      } else {
        const service = await startServiceProcess(ns, options.entry, schema, options.env);
        process = service.process;
        internalUrl = service.internalUrl;
      }
      return new DepartmentSuite(ns, schema, producer, deliveries, process, internalUrl);
    } catch (error) {
      process?.kill('SIGKILL');
      await process?.exited;
      await producer?.disconnect();
      await ns.dispose();
      throw error;
    }
  }

  /** Sends in order and waits until the service has consumed everything sent so far. */
  deliver(...messages: OutgoingMessage[]): Promise<void> {
    return this.deliveries.deliver(...messages);
  }

  /** The case's events on `topicName` (relayed from the outbox, so waited for until there are `expected`). */
  published<E extends EventEnvelope<unknown>>(topicName: string, caseId: string, expected: number): Promise<E[]> {
    return expectEventually(async () => {
      const all = (await this.ns.readAll(topicName)).map((m) => JSON.parse(m.value!.toString('utf8')) as E);
      const ofCase = all.filter((e) => e.caseId === caseId);
      expect(ofCase).toHaveLength(expected);
      return ofCase;
    });
  }

  /** Waits until the service's outbox has relayed every row. */
  async outboxDrained(): Promise<void> {
    await expectEventually(async () => expect(await this.ns.query(`SELECT 1 FROM "${this.schema}".outbox WHERE published_at IS NULL`)).toEqual([]));
  }

  /** GET `path` on the internal API, the JSON body read. */
  async internalGet(path: string, headers: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.internalUrl}${path}`, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async stop(): Promise<void> {
    await this.producer.disconnect();
    this.process.kill('SIGTERM');
    await this.process.exited;
    await this.ns.dispose();
  }
}

/** Runs the gateway's CLI (`npm run cli -- <args>`) as a real process, NODE_ENV=test, to its exit. */
export async function runGatewayCli(env: Record<string, string>, args: string[]): Promise<{ code: number | null; output: string }> {
  const run = spawnNode('apps/gateway/src/cli/main.ts', { ...env, NODE_ENV: 'test' }, args);
  const exit = await run.exited;
  return { code: exit.code, output: run.output() };
}
