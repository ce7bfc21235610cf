import type { ServiceDescriptor } from '@birth/platform';
import { CaseSagaConfig } from './config';
import { CreateCases1764000000200 } from './migrations/1764000000200-create-cases';
import { CreateTimers1764000000300 } from './migrations/1764000000300-create-timers';
import { CreateStepClocks1764000000400 } from './migrations/1764000000400-create-step-clocks';
import { CreateCaseSteps1764000000500 } from './migrations/1764000000500-create-case-steps';

/** The case saga: owns each case end to end, its steps, timeline and SLA timers. */
export const service: ServiceDescriptor = {
  name: 'case-saga',
  configClass: CaseSagaConfig,
  migrations: [CreateCases1764000000200, CreateTimers1764000000300, CreateStepClocks1764000000400, CreateCaseSteps1764000000500],
  consumes: true,
};
