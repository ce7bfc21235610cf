// The services of DESIGN.md, for the scripts that prepare and start the whole system.
import type { ServiceDescriptor } from '@birth/platform';
import { service as gateway } from '../apps/gateway/src/service';
import { service as birthCertificate } from '../apps/birth-certificate/src/service';
import { service as householdRegistration } from '../apps/household-registration/src/service';
import { service as medicalInsurance } from '../apps/medical-insurance/src/service';
import { service as socialSecurityCard } from '../apps/social-security-card/src/service';
import { service as maternityAllowance } from '../apps/maternity-allowance/src/service';
import { service as caseSaga } from '../apps/case-saga/src/service';

export const SERVICES: readonly ServiceDescriptor[] = [
  gateway,
  birthCertificate,
  householdRegistration,
  medicalInsurance,
  socialSecurityCard,
  maternityAllowance,
  caseSaga,
];

/** Each service's schema and role share one name: the service name in snake case. */
export function schemaOf(service: ServiceDescriptor): string {
  return service.name.replace(/-/g, '_');
}
