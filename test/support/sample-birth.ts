import { randomUUID } from 'node:crypto';
import type { BirthRegisteredV1 } from '@birth/contracts';

/** A single birth in Dalian, as a hospital would send it (fictional people, valid shapes). */
export function sampleBirth(overrides: Partial<BirthRegisteredV1> = {}): BirthRegisteredV1 {
  return {
    hospital: { institutionId: 'H210202001', name: '大连市妇女儿童医疗中心', regionCode: '210202' },
    birthRecordId: `BR-${randomUUID()}`,
    deliveryId: `D-${randomUUID()}`,
    newborn: {
      name: null,
      sex: '2',
      bornAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
      weightGrams: 3250,
      gestation: { weeks: 39, days: 2 },
      plurality: 1,
      birthOrder: 1,
    },
    delivery: { mode: 'vaginal', difficult: false },
    mother: {
      name: '王丽',
      identity: { type: 'resident-id', number: '21020219900307152X' },
      hukouRegionCode: '210202',
      hukouAddress: '辽宁省大连市中山区人民路1号',
      phone: '13800000000',
      maternityInsurance: { insured: true, insuringRegionCode: '210200', employerId: 'E-1', insuredCategory: 'employee', employerAverageMonthlyWageFen: 900000 },
      bankAccount: { bankName: '中国银行大连分行', accountNumber: '6217000000000000000', accountName: '王丽' },
    },
    father: { name: '李强', identity: { type: 'resident-id', number: '210202198805061230' }, hukouRegionCode: '210202', phone: '13900000000', insured: true },
    application: {
      items: ['birth-certificate', 'household-registration', 'medical-insurance', 'social-security-card', 'maternity-allowance'],
      hukouParent: 'mother',
      householdHeadName: '王丽',
      contactPhone: '13800000000',
      consent: { given: true, at: new Date().toISOString() },
    },
    ...overrides,
  };
}
