import type { BirthSubmissionV1 } from '../src/events/birth-submission.v1';

// A valid birth application as a hospital sends it, for unit tests of the contract and of the
// gateway's intake rules (which reaches it through its birth-application.fixture.ts). Fictional
// people; the ID numbers carry correct check characters. Fixed instants keep tests off the clock.

/** Check-valid numbers: the mother's is female (17th digit even), the father's male (odd). */
export const MOTHER_ID = '21020219900307152X';
export const FATHER_ID = '210202198805061230';

/** A single girl born 7 March 2025, 08:15 China time, in Dalian; every item applied for; both parents with bank accounts. */
export function validBirthSubmission(): BirthSubmissionV1 {
  return {
    hospital: { institutionId: 'H210202001', name: '大连市妇女儿童医疗中心', regionCode: '210202' },
    birthRecordId: 'BR-0001',
    deliveryId: 'D-0001',
    newborn: {
      name: null,
      sex: '2',
      bornAt: '2025-03-07T08:15:00+08:00',
      weightGrams: 3250,
      gestation: { weeks: 39, days: 2 },
      plurality: 1,
      birthOrder: 1,
    },
    delivery: { mode: 'vaginal', difficult: false },
    mother: {
      name: '王丽',
      identity: { type: 'resident-id', number: MOTHER_ID },
      hukouRegionCode: '210202',
      hukouAddress: '辽宁省大连市中山区人民路1号',
      phone: '13800000000',
      maternityInsurance: {
        insured: true,
        insuringRegionCode: '210200',
        employerId: 'E-1',
        insuredCategory: 'employee',
        contributionMonths: 24,
        employerAverageMonthlyWageFen: 900000,
      },
      livingChildrenBefore: 0,
      bankAccount: { bankName: '中国银行大连分行', accountNumber: '6217000000000000000', accountName: '王丽' },
    },
    father: {
      name: '李强',
      identity: { type: 'resident-id', number: FATHER_ID },
      hukouRegionCode: '210202',
      hukouAddress: '辽宁省大连市中山区人民路1号',
      phone: '13900000000',
      maternityInsurance: { insured: true, insuringRegionCode: '210200', insuredCategory: 'employee', contributionMonths: 36 },
      bankAccount: { bankName: '招商银行大连分行', accountNumber: '6225000000000000001', accountName: '李强' },
    },
    application: {
      items: ['birth-certificate', 'household-registration', 'medical-insurance', 'social-security-card', 'maternity-allowance'],
      hukouParent: 'mother',
      householdHeadName: '王丽',
      contactPhone: '13800000000',
      consent: { given: true, at: '2025-03-07T09:00:00+08:00' },
    },
  };
}
