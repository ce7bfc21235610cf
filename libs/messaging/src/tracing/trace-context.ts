import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';

/** W3C Trace Context: `00-<trace id>-<parent span id>-<flags>`. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function isValidTraceparent(value: string | undefined): value is string {
  const match = value ? TRACEPARENT.exec(value) : null;
  return !!match && !/^0+$/.test(match[1]!) && !/^0+$/.test(match[2]!);
}

export function newTraceparent(): string {
  return `00-${randomHex(16)}-${randomHex(8)}-01`;
}

/** A child span of `parent`: same trace id, new span id (a fresh trace when the parent is missing or malformed). */
export function childTraceparent(parent: string | undefined): string {
  if (!isValidTraceparent(parent)) return newTraceparent();
  const [, traceId, , flags] = TRACEPARENT.exec(parent)!;
  return `00-${traceId}-${randomHex(8)}-${flags}`;
}

/**
 * Random bytes for trace and span ids come from a pool refilled 8 KiB at a time: a `randomBytes`
 * call for each id cost more of the backbone's CPU per message than building the message did
 * (bench/README.md).
 */
const RANDOM_POOL_BYTES = 8192;
let randomPool = Buffer.alloc(0);
let randomPoolAt = 0;

function randomHex(bytes: number): string {
  if (randomPoolAt + bytes > randomPool.length) {
    randomPool = randomBytes(RANDOM_POOL_BYTES);
    randomPoolAt = 0;
  }
  randomPoolAt += bytes;
  return randomPool.toString('hex', randomPoolAt - bytes, randomPoolAt);
}

/**
 * What the current unit of work inherits from whatever caused it: an HTTP request or a
 * consumed message. Messages published inside it carry the same correlation id, the
 * causing message's id as causation id, and a child of its trace.
 */
export interface CausalContext {
  traceparent: string;
  correlationId: string;
  /** Id of the message being handled; null when a request (not a message) started the work. */
  causationId: string | null;
  /** The case of the message being handled, when it has one (logs carry it). */
  caseId?: string | null;
}

const storage = new AsyncLocalStorage<CausalContext>();

export function runWithCausalContext<T>(context: CausalContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentCausalContext(): CausalContext | undefined {
  return storage.getStore();
}

/**
 * The trace of the HTTP request being served, set by the platform's request middleware. It is
 * not a causal context (a request handler picks its own correlation id): a fresh context made
 * inside the request continues the request's trace instead of starting one.
 */
const requestTrace = new AsyncLocalStorage<string>();

export function runWithRequestTrace<T>(traceparent: string, work: () => T): T {
  return requestTrace.run(traceparent, work);
}

export function currentRequestTrace(): string | undefined {
  return requestTrace.getStore();
}

/** A context for work that nothing else caused (a new request, a timer). */
export function freshCausalContext(correlationId: string = randomUUID()): CausalContext {
  return { traceparent: requestTrace.getStore() ?? newTraceparent(), correlationId, causationId: null };
}

/** Header names used on Kafka messages. */
export const HEADER = {
  traceparent: 'traceparent',
  correlationId: 'correlation-id',
  contentType: 'content-type',
} as const;
