import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import type { EventEnvelope } from '@birth/contracts';
import { messagingObservation } from './messaging-observation';
import { ServiceMetrics } from './service-metrics';
import { SpanKind, Tracing } from './tracing';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

function envelope(id: string): EventEnvelope<object> {
  return { id, type: 'birth.accepted', version: 1, occurredAt: '2026-03-01T00:00:00.000Z', caseId: 'case-1', correlationId: 'corr-1', causationId: null, producer: 'gateway', payload: {} };
}

describe('traces across Kafka (in-memory exporter)', () => {
  it('a request, the event it publishes and its handling in the next service are one trace, each span the parent of the next', () => {
    const exporter = new InMemorySpanExporter();
    const gateway = Tracing.withExporter('gateway', exporter);
    const department = Tracing.withExporter('household-registration', exporter);
    const gatewayHooks = messagingObservation(new ServiceMetrics(), gateway);
    const departmentHooks = messagingObservation(new ServiceMetrics(), department);

    const request = gateway.start('POST /api/v1/births', SpanKind.SERVER, `00-${TRACE_ID}-00f067aa0ba902b7-01`);
    const header = gatewayHooks.publishing!('birth.accepted.v1', request.traceparent);
    request.end();
    const handling = departmentHooks.handling!('birth.accepted.v1', envelope('m-1'), header);
    departmentHooks.publishing!('household-registration.item-changed.v1', handling.traceparent);
    handling.end(new Error('x'));

    const spans = exporter.getFinishedSpans();
    const byName = (name: string) => spans.find((s) => s.name === name)!;
    const server = byName('POST /api/v1/births');
    const producer = byName('birth.accepted.v1 publish');
    const consumer = byName('birth.accepted.v1 process');
    const nextProducer = byName('household-registration.item-changed.v1 publish');
    expect(spans.map((s) => s.spanContext().traceId)).toEqual([TRACE_ID, TRACE_ID, TRACE_ID, TRACE_ID]);
    expect(server.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(producer.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(nextProducer.parentSpanContext?.spanId).toBe(consumer.spanContext().spanId);
    expect([server.kind, producer.kind, consumer.kind]).toEqual([SpanKind.SERVER, SpanKind.PRODUCER, SpanKind.CONSUMER]);
    expect(consumer.resource.attributes['service.name']).toBe('household-registration');
    expect(consumer.attributes['birth.case_id']).toBe('case-1');
    expect(consumer.status).toEqual({ code: 2, message: 'Error' });
    expect(header).toBe(`00-${TRACE_ID}-${producer.spanContext().spanId}-01`);
  });

  it('without tracing the trace still continues by hand (a child traceparent of the same trace)', () => {
    const hooks = messagingObservation(new ServiceMetrics(), null);
    const header = hooks.publishing!('t', `00-${TRACE_ID}-00f067aa0ba902b7-01`);
    expect(header).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    expect(header).not.toContain('00f067aa0ba902b7');
  });
});
