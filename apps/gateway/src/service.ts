import type { ServiceDescriptor } from '@birth/platform';
import { GatewayConfig } from './config';

/**
 * The gateway: hospital intake API, clerk and operator API, auth, audit log. It publishes
 * through its outbox and consumes nothing, so a Kafka outage leaves it ready (degraded).
 */
export const service: ServiceDescriptor = {
  name: 'gateway',
  configClass: GatewayConfig,
  migrations: [],
  consumes: false,
};
