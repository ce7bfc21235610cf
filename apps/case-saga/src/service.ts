import type { ServiceDescriptor } from '@birth/platform';
import { CaseSagaConfig } from './config';
import { CreateCases1764000000200 } from './migrations/1764000000200-create-cases';
import { CreateTimers1764000000300 } from './migrations/1764000000300-create-timers';

/** The case saga: owns each case end to end, its steps, timeline and SLA timers. */
export const service: ServiceDescriptor = {
  name: 'case-saga',
  configClass: CaseSagaConfig,
  migrations: [CreateCases1764000000200, CreateTimers1764000000300],
  consumes: true,
};
