import type { EventTopicDefinition } from '@birth/contracts';
import type { FieldMasks } from '../internal-api/reveal-masking';
import type { ItemTransitions } from './domain/item-transitions';

/**
 * What makes one department's item different from another's, for the kit: its state machine,
 * its `<service>.item-changed.v1` topic, and how its own facts are published and answered.
 * `F`: the facts the service keeps on the item (stored as jsonb); `P`: the topic's payload class.
 */
export interface DepartmentItemDefinition<F extends object, P extends object> {
  /** The item (`transitions.item`) and its allowed moves. */
  transitions: ItemTransitions;
  /** The service's `<service>.item-changed.v1`: every change is published there with the common item block. */
  topic: EventTopicDefinition<P>;
  /**
   * The facts published beside `change` and `item` (those the next department needs, nothing more).
   * Default: the stored facts as they are. The payload is checked against the topic's class before
   * it is written to the outbox, so a fact the class does not know fails in the service's own transaction.
   */
  eventFacts?: (facts: F) => Omit<P, 'change' | 'item'>;
  /** The service's fields in `GET /internal/items/{caseId}`. Default: the stored facts as they are. */
  answerFields?: (facts: F) => Record<string, unknown>;
  /** The service's own personal fields in that answer, masked unless revealed (beyond those libs/contracts knows). */
  masks?: FieldMasks;
}
