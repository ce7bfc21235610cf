import { Module, type DynamicModule } from '@nestjs/common';
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

/**
 * Everything a service has in common: validated configuration, its database schema,
 * messaging (outbox, relay, inbox transport), the health endpoints, what the internal API
 * needs (its listener, PersonalDataReveals) and the service's copy of the policy versions and
 * calendar years (ReferenceData).
 * An app imports `ServiceModule.forRoot(descriptor)` and adds its feature modules.
 */
@Module({})
export class ServiceModule {
  static forRoot(descriptor: ServiceDescriptor): DynamicModule {
    const configProvider = { provide: ServiceConfig, useFactory: () => loadConfig(descriptor.configClass) };
    return {
      module: ServiceModule,
      global: true,
      imports: [
        TerminusModule.forRoot({ logger: false }),
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
      controllers: [HealthController],
      providers: [
        configProvider,
        { provide: SERVICE_DESCRIPTOR, useValue: descriptor },
        MessagingRuntime,
        KafkaProbe,
        InternalApiListener,
        PersonalDataReveals,
        ReferenceData,
      ],
      exports: [ServiceConfig, SERVICE_DESCRIPTOR, MessagingRuntime, PersonalDataReveals, ReferenceData],
    };
  }
}
