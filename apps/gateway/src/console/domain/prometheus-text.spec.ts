import { parseExposition, perSecond, pipelineFigures } from './prometheus-text';

const EXPOSITION = `# HELP birth_messages_consumed_total Messages the consumer group finished, per topic.
# TYPE birth_messages_consumed_total counter
birth_messages_consumed_total{topic="birth.registered.v1"} 120
birth_messages_consumed_total{topic="birth-certificate.item-changed.v1"} 30
# TYPE birth_messages_published_total counter
birth_messages_published_total{topic="case.sla-breached.v1"} 4 1733040000000
birth_consumer_lag{group="case-saga",topic="birth.registered.v1",partition="0"} 5
birth_consumer_lag{group="case-saga",topic="birth.registered.v1",partition="1"} 2
birth_handler_duration_seconds_bucket{topic="t",outcome="ok",le="+Inf"} 150
birth_outbox_backlog 0
odd_label{path="a \\"quoted\\" \\\\ value\\n",x="1"} NaN
not a sample line
`;

describe('the Prometheus text the console reads', () => {
  it('parses samples with labels, escapes, timestamps and special values', () => {
    const samples = parseExposition(EXPOSITION);
    expect(samples).toContainEqual({ name: 'birth_messages_consumed_total', labels: { topic: 'birth.registered.v1' }, value: 120 });
    expect(samples).toContainEqual({ name: 'birth_messages_published_total', labels: { topic: 'case.sla-breached.v1' }, value: 4 });
    expect(samples).toContainEqual({ name: 'birth_handler_duration_seconds_bucket', labels: { topic: 't', outcome: 'ok', le: '+Inf' }, value: 150 });
    expect(samples.find((s) => s.name === 'odd_label')).toEqual({ name: 'odd_label', labels: { path: 'a "quoted" \\ value\n', x: '1' }, value: NaN });
    expect(samples.some((s) => s.name === 'not')).toBe(false);
  });

  it('sums the pipeline figures over topics and partitions; null for what a service does not export', () => {
    expect(pipelineFigures(parseExposition(EXPOSITION))).toEqual({ consumed: 150, published: 4, consumerLag: 7, deadLetters: null, outboxBacklog: 0 });
  });

  it('turns two scrapes into messages per second, and refuses a counter that went back', () => {
    expect(perSecond({ value: 100, at: 0 }, { value: 150, at: 10_000 })).toBe(5);
    expect(perSecond(undefined, { value: 150, at: 10_000 })).toBeNull();
    expect(perSecond({ value: 200, at: 0 }, { value: 10, at: 10_000 })).toBeNull();
    expect(perSecond({ value: null, at: 0 }, { value: 10, at: 10_000 })).toBeNull();
  });
});
