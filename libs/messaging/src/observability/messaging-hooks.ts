import type { EventEnvelope } from '@birth/contracts';
import { childTraceparent } from '../tracing/trace-context';

/** What an observer learns of one handler run, and tells back (the trace of the handling). */
export interface HandlingObservation {
  /** The traceparent of the handling: the causal context's, and the parent of what it publishes. */
  readonly traceparent: string;
  /** Called once, when the handler returned (no error) or threw. */
  end(error?: unknown): void;
}

/**
 * Where metrics and traces hook into messaging, without messaging knowing either library.
 * The platform installs one (libs/platform observability); the default does nothing but
 * continue the trace by hand, as before. Every hook runs on the hot path: keep them cheap.
 * Topics are physical names (with the deployment's prefix).
 */
export interface MessagingHooks {
  /** A handler is about to run for `envelope`, received with the `traceparent` header (if any). */
  handling(topic: string, envelope: EventEnvelope<object>, traceparent: string | undefined): HandlingObservation;
  /** The traceparent header of a message published under `parent` (the cause's traceparent). */
  publishing(topic: string, parent: string): string;
  /** The relay put `count` messages on `topic` (Kafka acknowledged them). */
  published(topic: string, count: number): void;
  /** A consumer finished a batch of `topic`/`partition`; `lag` messages are left behind the high watermark. */
  consumed(groupId: string, topic: string, partition: number, count: number, lag: number | null): void;
  /** A message of `topic` was parked on its dead-letter topic. */
  deadLettered(groupId: string, topic: string, code: string): void;
}

const noop = (): void => undefined;

const defaultHooks: MessagingHooks = {
  handling: (_topic, _envelope, traceparent) => ({ traceparent: childTraceparent(traceparent), end: noop }),
  publishing: (_topic, parent) => childTraceparent(parent),
  published: noop,
  consumed: noop,
  deadLettered: noop,
};

let installed: MessagingHooks = defaultHooks;

/** Installs the process's hooks (one set per process: metrics and traces are per process too). */
export function installMessagingHooks(hooks: Partial<MessagingHooks>): void {
  installed = { ...defaultHooks, ...hooks };
}

/** Back to the defaults (tests). */
export function resetMessagingHooks(): void {
  installed = defaultHooks;
}

export function messagingHooks(): MessagingHooks {
  return installed;
}
