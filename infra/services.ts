// The services of DESIGN.md, for the scripts that prepare and start the whole system.
import type { ClassConstructor } from 'class-transformer';
import type { ServiceDescriptor } from '@birth/platform';
import { service as gateway } from '../apps/gateway/src/service';
import { service as birthCertificate } from '../apps/birth-certificate/src/service';
import { service as householdRegistration } from '../apps/household-registration/src/service';
import { service as medicalInsurance } from '../apps/medical-insurance/src/service';
import { service as socialSecurityCard } from '../apps/social-security-card/src/service';
import { service as maternityAllowance } from '../apps/maternity-allowance/src/service';
import { service as caseSaga } from '../apps/case-saga/src/service';
import { program as bankSimulator } from '../apps/bank-simulator/src/program';

export const SERVICES: readonly ServiceDescriptor[] = [
  gateway,
  birthCertificate,
  householdRegistration,
  medicalInsurance,
  socialSecurityCard,
  maternityAllowance,
  caseSaga,
];

/** What the infra scripts need of any program with a schema: a service, or a demo program. */
export interface ProgramDescriptor {
  name: string;
  configClass: ClassConstructor<object>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  migrations: readonly Function[];
  /** False when the program has no messaging: no outbox, inbox or reveal tables in its schema. */
  platformTables?: boolean;
}

/**
 * Programs that stand in for the world outside the platform in the demo: the bank simulator
 * (apps/bank-simulator). `npm start` and docker compose run them beside the services; they
 * never belong to a production deployment (issue 14: a demo overlay only).
 */
export const DEMO_PROGRAMS: readonly ProgramDescriptor[] = [bankSimulator];

/** Every program with a schema and role of its own: the services, then the demo programs. */
export const PROGRAMS: readonly ProgramDescriptor[] = [...SERVICES, ...DEMO_PROGRAMS];

/** Each program's schema and role share one name: the program name in snake case. */
export function schemaOf(service: Pick<ProgramDescriptor, 'name'>): string {
  return service.name.replace(/-/g, '_');
}
