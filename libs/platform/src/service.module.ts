import { Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { loadConfig } from './config/config-loader';
import { ServiceConfig } from './config/service-config';
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from './database/service-data-source';
import { HealthController } from './health/health.controller';
import { InternalApiListener } from './internal-api/internal-api-listener';
import { PersonalDataReveals } from './internal-api/personal-data-reveals';
import { KafkaProbe } from './health/kafka-probe';
import { MessagingRuntime } from './messaging-runtime';
import { ReferenceData } from './reference-data/reference-data';
import { SERVICE_DESCRIPTOR, type ServiceDescriptor } from './service-descriptor';
import { loggingParams } from './logging/logger';
import { MetricsController } from './observability/metrics.controller';
import { Observability, RequestTracing } from './observability/observability';
import { ServiceMetrics } from './observability/service-metrics';

/**
 * Everything a service has in common: validated configuration, its database schema,
 * messaging (outbox, relay, inbox transport), the health endpoints, what the internal API
 * needs (its listener, PersonalDataReveals) and the service's copy of the policy versions and
 * calendar years (ReferenceData), and observability: structured logs with a request log
 * (nestjs-pino), `/metrics` (ServiceMetrics, for the service's own metrics too) and traces.
 * An app imports `ServiceModule.forRoot(descriptor)` and adds its feature modules.
 */
@Module({})
export class ServiceModule implements NestModule {
  static forRoot(descriptor: ServiceDescriptor): DynamicModule {
    const configProvider = { provide: ServiceConfig, useFactory: () => loadConfig(descriptor.configClass) };
    return {
      module: ServiceModule,
      global: true,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        LoggerModule.forRootAsync({
          providers: [configProvider],
          inject: [ServiceConfig],
          useFactory: (config: ServiceConfig) => loggingParams(descriptor.name, config.LOG_LEVEL, config.LOG_FORMAT),
        }),
        TypeOrmModule.forRootAsync({
          extraProviders: [configProvider],
          inject: [ServiceConfig],
          useFactory: (config: ServiceConfig) =>
            serviceDataSourceOptions({
              url: config.DATABASE_URL,
              schema: config.DATABASE_SCHEMA,
              poolSize: config.DATABASE_POOL_SIZE,
              migrations: descriptor.migrations,
              entities: descriptor.entities,
            }),
          dataSourceFactory: async (options) => new DataSource(options!).initialize(),
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        configProvider,
        { provide: SERVICE_DESCRIPTOR, useValue: descriptor },
        MessagingRuntime,
        KafkaProbe,
        InternalApiListener,
        PersonalDataReveals,
        ReferenceData,
        ServiceMetrics,
        Observability,
        RequestTracing,
      ],
      exports: [ServiceConfig, SERVICE_DESCRIPTOR, MessagingRuntime, PersonalDataReveals, ReferenceData, ServiceMetrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestTracing).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
