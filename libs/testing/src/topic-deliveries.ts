import { randomUUID } from 'node:crypto';
import type { EventEnvelope, TopicDefinition } from '@birth/contracts';
import type { OutgoingMessage, Producer } from '@birth/messaging';
import { expectEventually } from './eventually';
import type { TestNamespace } from './test-namespace';

/**
 * A message as another service would put it on `topic` (in the namespace): a valid envelope
 * around `payload`, keyed by the case id. Pass `id` to send the same message again (a redelivery).
 */
export function envelopeMessage(
  ns: TestNamespace,
  topic: TopicDefinition,
  caseId: string,
  payload: object,
  options: { id?: string; producer?: string } = {},
): OutgoingMessage {
  const envelope: EventEnvelope<object> = {
    id: options.id ?? randomUUID(),
    type: topic.type,
    version: topic.version,
    occurredAt: new Date().toISOString(),
    caseId,
    correlationId: randomUUID(),
    causationId: null,
    producer: options.producer ?? 'test',
    payload,
  };
  return { topic: ns.topic(topic.name), key: caseId, value: JSON.stringify(envelope), headers: { 'content-type': 'application/json' } };
}

/**
 * Sends messages to a service under test and waits until its consumer group has committed
 * everything sent so far on each topic it consumes: a test's next step then sees their effects.
 * Messages of one call go out in order; across topics the service may still consume them in any
 * order (wait between calls to order them).
 */
export class TopicDeliveries {
  private readonly sent = new Map<string, number>();

  constructor(
    private readonly ns: TestNamespace,
    private readonly producer: Producer,
    /** The service's consumer group (its name). */
    private readonly group: string,
    private readonly consumed: readonly TopicDefinition[],
  ) {}

  async deliver(...messages: OutgoingMessage[]): Promise<void> {
    for (const m of messages) {
      await this.producer.send([m]);
      this.sent.set(m.topic, (this.sent.get(m.topic) ?? 0) + 1);
    }
    await expectEventually(
      async () => {
        for (const topic of this.consumed) {
          const consumed = await this.ns.committedCount(this.ns.topic(this.group), topic.name);
          expect({ topic: topic.name, consumed }).toEqual({ topic: topic.name, consumed: this.sent.get(this.ns.topic(topic.name)) ?? 0 });
        }
      },
      { timeoutMs: 60_000, message: `${this.group} consumed what was sent` },
    );
  }
}
