import {
  childTraceparent,
  currentCausalContext,
  freshCausalContext,
  isValidTraceparent,
  newTraceparent,
  runWithCausalContext,
  type CausalContext,
} from './trace-context';

const FORMAT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function parts(traceparent: string) {
  const [version, traceId, spanId, flags] = traceparent.split('-');
  return { version, traceId, spanId, flags };
}

describe('newTraceparent', () => {
  it('is a valid W3C traceparent, sampled', () => {
    const value = newTraceparent();
    expect(value).toMatch(FORMAT);
    expect(isValidTraceparent(value)).toBe(true);
    expect(parts(value).flags).toBe('01');
  });

  it('starts a new trace each time', () => {
    expect(parts(newTraceparent()).traceId).not.toBe(parts(newTraceparent()).traceId);
  });

  it('never repeats an id, across refills of the random pool', () => {
    // 1,000 trace parents take 24,000 random bytes: the 8 KiB pool is refilled twice.
    const values = Array.from({ length: 1_000 }, () => newTraceparent());
    expect(values.every((v) => isValidTraceparent(v))).toBe(true);
    expect(new Set(values.map((v) => parts(v).traceId)).size).toBe(1_000);
    expect(new Set(values.map((v) => parts(v).spanId)).size).toBe(1_000);
  });
});

describe('childTraceparent', () => {
  it('keeps the trace id and the flags and changes the span id', () => {
    const child = childTraceparent(PARENT);
    expect(child).toMatch(FORMAT);
    expect(parts(child).traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(parts(child).flags).toBe('01');
    expect(parts(child).spanId).not.toBe('00f067aa0ba902b7');
  });

  it('keeps unsampled flags', () => {
    const child = childTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00');
    expect(parts(child).flags).toBe('00');
    expect(parts(child).traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['malformed', 'not-a-traceparent'],
    ['upper-case', PARENT.toUpperCase()],
    ['all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
  ])('starts a fresh trace when the parent is %s', (_label, parent) => {
    const child = childTraceparent(parent);
    expect(isValidTraceparent(child)).toBe(true);
    expect(parts(child).traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(parts(child).traceId).not.toBe('00000000000000000000000000000000');
  });
});

describe('isValidTraceparent', () => {
  it('accepts a well-formed traceparent', () => {
    expect(isValidTraceparent(PARENT)).toBe(true);
  });

  it.each([
    ['undefined', undefined],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero span id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['another version', '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['a short trace id', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'],
    ['trailing text', `${PARENT}-extra`],
  ])('rejects %s', (_label, value) => {
    expect(isValidTraceparent(value)).toBe(false);
  });
});

describe('causal context', () => {
  const context: CausalContext = { traceparent: PARENT, correlationId: 'corr-1', causationId: 'msg-1' };

  it('is undefined outside any unit of work', () => {
    expect(currentCausalContext()).toBeUndefined();
  });

  it('is visible inside the work, across an await, and gone afterwards', async () => {
    const seen = await runWithCausalContext(context, async () => {
      const before = currentCausalContext();
      await new Promise((resolve) => setTimeout(resolve, 5));
      return [before, currentCausalContext()];
    });
    expect(seen).toEqual([context, context]);
    expect(currentCausalContext()).toBeUndefined();
  });

  it('keeps concurrent units of work apart', async () => {
    const other: CausalContext = { traceparent: newTraceparent(), correlationId: 'corr-2', causationId: null };
    const read = async (ms: number) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return currentCausalContext()?.correlationId;
    };
    const results = await Promise.all([runWithCausalContext(context, () => read(10)), runWithCausalContext(other, () => read(1))]);
    expect(results).toEqual(['corr-1', 'corr-2']);
  });

  it('returns what the work returns', () => {
    expect(runWithCausalContext(context, () => currentCausalContext()?.causationId)).toBe('msg-1');
  });

  it('freshCausalContext starts a new trace caused by nothing', () => {
    const fresh = freshCausalContext('corr-9');
    expect(fresh.correlationId).toBe('corr-9');
    expect(fresh.causationId).toBeNull();
    expect(isValidTraceparent(fresh.traceparent)).toBe(true);
    expect(freshCausalContext().correlationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
