import { BankSimulatorConfig } from './config';
import { CreateBank1765000000000 } from './database/migrations/1765000000000-create-bank';
import { FaultLostAnswers1765000000100 } from './database/migrations/1765000000100-fault-lost-answers';

/**
 * The bank simulator as the infra scripts see it: a demo program beside the services (its own
 * role, schema and port), without messaging, so no platform tables in its schema.
 */
export const program = {
  name: 'bank-simulator',
  configClass: BankSimulatorConfig,
  migrations: [CreateBank1765000000000, FaultLostAnswers1765000000100],
  platformTables: false,
} as const;
