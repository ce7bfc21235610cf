import { randomUUID } from 'node:crypto';
import type { BirthRegisteredV1 } from '@birth/contracts';

/**
 * A birth as the gateway publishes it on `birth.registered.v1`, for department suites that
 * publish the event themselves: a single girl born three hours ago in Dalian (hospital 210202),
 * both parents with a Dalian hukou, every item applied for, accepted now; fictional people with
 * check-valid ID numbers. No bank accounts (they are sealed for the allowance alone). `overrides`
 * replace whole top-level parts.
 */
export function registeredBirthV1(overrides: Partial<BirthRegisteredV1> = {}): BirthRegisteredV1 {
  const now = Date.now();
  return {
    hospital: { institutionId: 'H210202001', name: '大连市妇女儿童医疗中心', regionCode: '210202' },
    birthRecordId: `BR-${randomUUID()}`,
    deliveryId: `D-${randomUUID()}`,
    newborn: { name: '李小雨', sex: '2', bornAt: new Date(now - 3 * 3600_000).toISOString(), weightGrams: 3250, gestation: { weeks: 39, days: 2 }, plurality: 1, birthOrder: 1 },
    delivery: { mode: 'vaginal', difficult: false },
    mother: {
      name: '王丽',
      identity: { type: 'resident-id', number: '21020219900307152X' },
      hukouRegionCode: '210202',
      hukouAddress: '辽宁省大连市中山区人民路1号',
      phone: '13800000000',
      livingChildrenBefore: 0,
      maternityInsurance: { insured: true, insuringRegionCode: '210200', employerId: 'E-1', insuredCategory: 'employee', contributionMonths: 24 },
    },
    father: {
      name: '李强',
      identity: { type: 'resident-id', number: '210202198805061230' },
      hukouRegionCode: '210202',
      hukouAddress: '辽宁省大连市中山区人民路1号',
      phone: '13900000000',
      maternityInsurance: { insured: true, insuringRegionCode: '210200', insuredCategory: 'employee', contributionMonths: 36 },
    },
    application: {
      items: ['birth-certificate', 'household-registration', 'medical-insurance', 'social-security-card', 'maternity-allowance'],
      hukouParent: 'mother',
      householdHeadName: '王丽',
      contactPhone: '13800000000',
      consent: { given: true, at: new Date(now - 60_000).toISOString() },
    },
    caseNumber: '210202-20261201-000001-7',
    acceptedAt: new Date(now).toISOString(),
    ...overrides,
  };
}
