import { randomUUID } from 'node:crypto';
import type { BirthRegisteredV1 } from '@birth/contracts';
import { validApplication } from '../../apps/gateway/src/intake/domain/validation/birth-application.fixture';

/**
 * A single birth in Dalian, as a hospital would send it now: the intake rules' fixture
 * (fictional people, valid shapes) with fresh record and delivery ids, born three hours ago.
 */
export function sampleBirth(overrides: Partial<BirthRegisteredV1> = {}): BirthRegisteredV1 {
  const birth = validApplication();
  return {
    ...birth,
    birthRecordId: `BR-${randomUUID()}`,
    deliveryId: `D-${randomUUID()}`,
    newborn: { ...birth.newborn, bornAt: new Date(Date.now() - 3 * 3600_000).toISOString() },
    application: { ...birth.application, consent: { given: true, at: new Date().toISOString() } },
    ...overrides,
  };
}
