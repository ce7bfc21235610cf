import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ServiceDescriptor } from '@birth/platform';
import { GatewayConfig } from './config';
import { CreateHospitals1764000001000 } from './hospitals/migrations/1764000001000-create-hospitals';
import { SeenNoncesPerChannel1764000006500 } from './hospitals/migrations/1764000006500-seen-nonces-per-channel';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { requestIdMiddleware } from './intake/request-id';
import { CreateIntake1764000002000 } from './intake/migrations/1764000002000-create-intake';
import { CurrentPayloadOnlyWhenCorrected1764000003000 } from './intake/migrations/1764000003000-current-payload-only-when-corrected';
import { configureOpenApi } from './http/openapi';
import { configureBodyIntake } from './http/body-intake';
import { CreateReferenceData1764000007200 } from './reference-data/migrations/1764000007200-create-reference-data';
import { IntakeRuleVersion1764000013100 } from './intake/migrations/1764000013100-intake-rule-version';
import { CreateConsoleAuth1764000015000 } from './console-auth/migrations/1764000015000-create-console-auth';

export { MAX_BODY_BYTES } from './http/body-intake';

/**
 * The gateway: hospital intake API (HTTP and the ingress topic), clerk and operator API, auth,
 * audit log. It consumes the ingress topic, but its readiness does not need Kafka: HTTP intake
 * goes on through its outbox while Kafka is away (readiness reports Kafka as degraded).
 */
export const service: ServiceDescriptor = {
  name: 'gateway',
  configClass: GatewayConfig,
  migrations: [
    CreateHospitals1764000001000,
    CreateIntake1764000002000,
    CurrentPayloadOnlyWhenCorrected1764000003000,
    SeenNoncesPerChannel1764000006500,
    CreateReferenceData1764000007200,
    IntakeRuleVersion1764000013100,
    CreateConsoleAuth1764000015000,
  ],
  consumes: true,
  readinessNeedsKafka: false,
  // Ingress births per inbox transaction. Small: each birth of a run keeps its region's
  // case-number counter locked until the run commits, and HTTP births of that region wait for
  // it. Nonces commit with the run, so a failed run is simply redone message by message.
  consumerBatchSize: 16,
  configureApp: (app) => {
    const express = app as NestExpressApplication;
    express.use(requestIdMiddleware);
    configureBodyIntake(express);
    express.useGlobalFilters(new ApiExceptionFilter(express.getHttpAdapter()));
    configureOpenApi(express);
  },
};
