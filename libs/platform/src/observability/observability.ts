import { Inject, Injectable, type NestMiddleware, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { childTraceparent as childOrNew, installMessagingHooks, runWithRequestTrace } from '@birth/messaging';
import { SERVICE_DESCRIPTOR, type ServiceDescriptor } from '../service-descriptor';
import { messagingObservation } from './messaging-observation';
import { registerOutboxMetrics } from './outbox-metrics';
import { ServiceMetrics } from './service-metrics';
import { SpanKind, Tracing } from './tracing';

let configuredTracing: Tracing | null | undefined;

/** The process's tracing: set by a test (`useTracing`), else as the environment says (off by default). */
export function processTracing(service: string): Tracing | null {
  if (configuredTracing === undefined) configuredTracing = Tracing.fromEnvironment(service);
  return configuredTracing;
}

/** Tests: trace this process into `tracing` (e.g. Tracing.withExporter(name, new InMemorySpanExporter())); null turns tracing off. */
export function useTracing(tracing: Tracing | null): void {
  configuredTracing = tracing;
}

/**
 * Wires a service's metrics and traces: labels its series with its name, reads its outbox
 * backlog at scrape time, and installs the messaging hooks (libs/messaging) that count and
 * trace every message. Flushes the last spans on shutdown.
 */
@Injectable()
export class Observability implements OnModuleInit, OnApplicationShutdown {
  readonly tracing: Tracing | null;

  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly dataSource: DataSource,
    @Inject(SERVICE_DESCRIPTOR) private readonly service: ServiceDescriptor,
  ) {
    this.tracing = processTracing(service.name);
  }

  onModuleInit(): void {
    this.metrics.labelAll({ service: this.service.name });
    registerOutboxMetrics(this.metrics, this.dataSource);
    installMessagingHooks(messagingObservation(this.metrics, this.tracing));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.tracing?.flush().catch(() => undefined);
  }
}

/**
 * Every HTTP request runs in a SERVER span (child of the caller's `traceparent` header when
 * it sends one), kept as the request's trace: events the request publishes continue it, and
 * its log lines carry its trace id. Without tracing, the request still gets a trace id.
 */
@Injectable()
export class RequestTracing implements NestMiddleware {
  constructor(private readonly observability: Observability) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const header = request.headers['traceparent'];
    const parent = typeof header === 'string' ? header : undefined;
    const tracing = this.observability.tracing;
    if (!tracing) {
      runWithRequestTrace(childOrNew(parent), next);
      return;
    }
    const span = tracing.start(`${request.method} ${request.baseUrl || request.path}`, SpanKind.SERVER, parent, {
      'http.request.method': request.method,
    });
    response.once('finish', () => span.end(response.statusCode >= 500 ? new Error(`HTTP ${response.statusCode}`) : undefined));
    response.setHeader('traceparent', span.traceparent);
    runWithRequestTrace(span.traceparent, next);
  }
}

