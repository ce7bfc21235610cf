import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { isValidTraceparent } from '@birth/messaging';

/** A span in progress, and the traceparent that names it (what children and messages carry). */
export interface StartedSpan {
  readonly traceparent: string;
  end(error?: unknown): void;
}

/**
 * OpenTelemetry traces, continued across Kafka through the `traceparent` header (the services
 * keep the current trace in their causal context, libs/messaging trace-context.ts, not in
 * OpenTelemetry's context, so spans are started with an explicit parent).
 *
 * Off unless configured: `OTEL_EXPORTER_OTLP_ENDPOINT` (or `..._TRACES_ENDPOINT`) turns on the
 * OTLP/HTTP exporter, batching; tests pass an exporter (InMemorySpanExporter) to `startTracing`.
 * `OTEL_SDK_DISABLED=true` keeps it off whatever else is set.
 */
export class Tracing {
  private readonly tracer: Tracer;

  private constructor(private readonly provider: TracerProvider) {
    this.tracer = provider.getTracer('birth-one-thing');
  }

  /** Tracing as the environment configures it, or null when it is off. */
  static fromEnvironment(service: string, env: NodeJS.ProcessEnv = process.env): Tracing | null {
    if (env['OTEL_SDK_DISABLED'] === 'true') return null;
    if (!env['OTEL_EXPORTER_OTLP_ENDPOINT'] && !env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) return null;
    return Tracing.withExporter(service, new OTLPTraceExporter(), { batch: true });
  }

  /** Tracing into `exporter`; `batch` exports in the background (production), otherwise span by span (tests). */
  static withExporter(service: string, exporter: SpanExporter, options: { batch?: boolean } = {}): Tracing {
    const processor = options.batch ? new BatchSpanProcessor({ exporter }) : new SimpleSpanProcessor({ exporter });
    return new Tracing(
      new TracerProvider({
        resource: resourceFromAttributes({ 'service.name': env('OTEL_SERVICE_NAME') ?? service }),
        spanProcessors: [processor],
      }),
    );
  }

  /** Starts a span, child of `parent` (a traceparent), or the root of a new trace when there is none. */
  start(name: string, kind: SpanKind, parent: string | undefined, attributes?: Attributes): StartedSpan {
    const span = this.tracer.startSpan(name, { kind, attributes }, parentContext(parent));
    return { traceparent: traceparentOf(span), end: (error) => endSpan(span, error) };
  }

  async flush(): Promise<void> {
    await this.provider.forceFlush();
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}

function env(name: string): string | undefined {
  return process.env[name] || undefined;
}

function parentContext(traceparent: string | undefined) {
  if (!isValidTraceparent(traceparent)) return ROOT_CONTEXT;
  const [, traceId, spanId, flags] = traceparent.split('-');
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: traceId!, spanId: spanId!, traceFlags: parseInt(flags!, 16), isRemote: true });
}

function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${(traceFlags & TraceFlags.SAMPLED ? 1 : 0).toString(16).padStart(2, '0')}`;
}

function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    // The error's class only: its message may quote a value from the payload.
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
  }
  span.end();
}

export { SpanKind };
