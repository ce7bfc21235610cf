import type { BirthSubmissionV1 } from '@birth/contracts';
import { rulesFor } from '@birth/policy';
import { FATHER_ID, MOTHER_ID, NOW, validApplication } from './birth-application.fixture';
import type { IntakeError } from './error-catalogue';
import { residentIdCheckCharacter } from './resident-id';
import { validateBirthApplication, type ValidationContext } from './validate-birth-application';

type Edit = (application: BirthSubmissionV1) => void;

function check(edit: Edit = () => undefined, context: Partial<ValidationContext> = {}): IntakeError[] {
  const application = validApplication();
  edit(application);
  return validateBirthApplication(application, { now: NOW, ...context });
}

/** The (code, field) pairs reported, for compact assertions. */
function problems(edit?: Edit, context?: Partial<ValidationContext>): string[] {
  return check(edit, context).map((error) => `${error.code} ${error.field}`);
}

function residentId(body: string): string {
  return body + residentIdCheckCharacter(body);
}

describe('validateBirthApplication', () => {
  it('accepts the valid fixture with no errors', () => {
    expect(check()).toEqual([]);
  });

  it('reports errors with bilingual messages from the catalogue', () => {
    const [error] = check((a) => (a.newborn.weightGrams = 250));
    expect(error).toEqual({
      field: 'newborn.weightGrams',
      code: 'NEWBORN_WEIGHT_OUT_OF_RANGE',
      message: { zh: '出生体重应在300至7000克之间', en: 'The birth weight must be between 300 and 7000 grams' },
    });
  });

  describe('identity documents', () => {
    it('checks the resident ID numbers of both parents', () => {
      expect(
        problems((a) => {
          a.mother.identity.number = '210202199003071521';
          a.father!.identity.number = '21020219880506123x';
        }),
      ).toEqual(['RESIDENT_ID_CHECKSUM mother.identity.number', 'RESIDENT_ID_FORMAT father.identity.number']);
    });

    it("requires a female sequence digit in the mother's number and a male one in the father's", () => {
      expect(problems((a) => (a.mother.identity.number = FATHER_ID))).toEqual(['ID_SEX_MISMATCH mother.identity.number']);
      expect(problems((a) => (a.father!.identity.number = MOTHER_ID))).toEqual(['ID_SEX_MISMATCH father.identity.number']);
      expect(
        problems((a) => {
          [a.mother.identity.number, a.father!.identity.number] = [FATHER_ID, MOTHER_ID];
        }),
      ).toEqual(['ID_SEX_MISMATCH mother.identity.number', 'ID_SEX_MISMATCH father.identity.number']);
    });

    it('checks province, date and future date of a resident ID number', () => {
      expect(problems((a) => (a.mother.identity.number = residentId('99020219900307152')))).toEqual([
        'RESIDENT_ID_PROVINCE_UNKNOWN mother.identity.number',
      ]);
      expect(problems((a) => (a.mother.identity.number = residentId('21020219900230152')))).toEqual([
        'RESIDENT_ID_DATE_INVALID mother.identity.number',
      ]);
      expect(problems((a) => (a.father!.identity.number = residentId('21020220260101123')))).toEqual([
        'RESIDENT_ID_DATE_IN_FUTURE father.identity.number',
      ]);
    });

    it("requires the mother's date of birth and nationality with any other document", () => {
      const passport: Edit = (a) => (a.mother.identity = { type: 'passport', number: 'E12345678' });
      expect(problems(passport)).toEqual(['MOTHER_DATE_OF_BIRTH_REQUIRED mother.dateOfBirth', 'MOTHER_NATIONALITY_REQUIRED mother.nationality']);
      expect(
        problems((a) => {
          passport(a);
          a.mother.dateOfBirth = '1990-03-07';
          a.mother.nationality = 'CHN';
        }),
      ).toEqual([]);
      expect(
        problems((a) => {
          passport(a);
          a.mother.dateOfBirth = '1990-02-30';
          a.mother.nationality = 'CHN';
        }),
      ).toEqual(['MOTHER_DATE_OF_BIRTH_INVALID mother.dateOfBirth']);
    });

    it.each([
      ['passport', 'e1234', 'PASSPORT_NUMBER_INVALID'],
      ['hk-macao-permit', 'H1234', 'HK_MACAO_PERMIT_NUMBER_INVALID'],
      ['taiwan-permit', '1234', 'TAIWAN_PERMIT_NUMBER_INVALID'],
      ['foreign-permanent-resident-id', 'USA1234', 'FOREIGN_PERMANENT_RESIDENT_ID_INVALID'],
    ] as const)('checks the number of a %s', (type, number, code) => {
      expect(
        problems((a) => {
          a.mother.identity = { type, number };
          a.mother.dateOfBirth = '1990-03-07';
          a.mother.nationality = 'USA';
          a.father!.identity = { type, number };
          Object.assign(a.father!, { dateOfBirth: '1988-05-06', nationality: 'USA' });
        }),
      ).toEqual([`${code} mother.identity.number`, `${code} father.identity.number`]);
    });

    it("does not check the sex of a father's non-resident document", () => {
      expect(
        problems((a) => {
          a.father!.identity = { type: 'passport', number: 'X98765432' };
          Object.assign(a.father!, { dateOfBirth: '1988-05-06', nationality: 'GBR' });
        }),
      ).toEqual([]);
    });
  });

  describe("the mother's age at delivery", () => {
    it('accepts 12 and 60, refuses 11 and 61 (from the resident ID)', () => {
      // the newborn was born on 2025-03-07 in China time
      expect(problems((a) => (a.mother.identity.number = residentId('21020220130307152')))).toEqual([]);
      expect(problems((a) => (a.mother.identity.number = residentId('21020220130308152')))).toEqual([
        'MOTHER_AGE_OUT_OF_RANGE mother.identity.number',
      ]);
      expect(problems((a) => (a.mother.identity.number = residentId('21020219640308152')))).toEqual([]);
      expect(problems((a) => (a.mother.identity.number = residentId('21020219640307152')))).toEqual([
        'MOTHER_AGE_OUT_OF_RANGE mother.identity.number',
      ]);
    });

    it('uses the date of birth given with another document', () => {
      expect(
        problems((a) => {
          a.mother.identity = { type: 'passport', number: 'E12345678' };
          a.mother.dateOfBirth = '2015-01-01';
          a.mother.nationality = 'CHN';
        }),
      ).toEqual(['MOTHER_AGE_OUT_OF_RANGE mother.dateOfBirth']);
    });

    it("counts on the newborn's date of birth in China time, not UTC", () => {
      // 23:30 UTC on 7 March is 8 March in China: the mother born 2013-03-08 is 12 that day
      const edit: Edit = (a) => {
        a.newborn.bornAt = '2025-03-07T23:30:00Z';
        a.mother.identity.number = residentId('21020220130308152');
      };
      expect(problems(edit, { now: new Date('2025-03-08T00:00:00Z') })).toEqual([]);
    });
  });

  describe('the newborn', () => {
    it('refuses a birth more than 5 minutes in the future, tolerating clock skew', () => {
      expect(problems((a) => (a.newborn.bornAt = '2025-03-07T10:04:59+08:00'))).toEqual([]);
      expect(problems((a) => (a.newborn.bornAt = '2025-03-07T02:05:01Z'))).toEqual(['BORN_IN_FUTURE newborn.bornAt']);
    });

    it('accepts a birth up to a year ago (the rules\' default intake window, DOMAIN.md §5) and refuses one a day older', () => {
      // Checked on 7 March 2025: born on 7 March 2024 (China date) is the last day inside the window.
      expect(problems((a) => (a.newborn.bornAt = '2024-03-07T00:30:00+08:00'))).toEqual([]);
      expect(problems((a) => (a.newborn.bornAt = '2024-12-06T12:00:00+08:00'))).toEqual([]);
      const errors = check((a) => (a.newborn.bornAt = '2024-03-06T23:59:00+08:00'));
      expect(errors.map((e) => e.code)).toEqual(['BIRTH_OUTSIDE_WINDOW']);
      expect(errors[0].message.en).toContain('more than 365 days');
      expect(errors[0].message.zh).toContain('365天');
    });

    it("takes the window from the rules of the hospital's region on the day of the check", () => {
      const asked: string[] = [];
      const policy = (region: string, onDate: string) => {
        asked.push(`${region} ${onDate}`);
        const rules = rulesFor(region, onDate);
        return { ...rules, values: { ...rules.values, intake: { window: { amount: 30, unit: 'days' as const } } } };
      };
      const errors = check((a) => (a.newborn.bornAt = '2025-02-01T12:00:00+08:00'), { policy });
      expect(errors.map((e) => e.code)).toEqual(['BIRTH_OUTSIDE_WINDOW']);
      expect(errors[0].message.en).toContain('30 days');
      expect(asked).toEqual(['210202 2025-03-07']);
    });

    it.each([
      [300, true],
      [7000, true],
      [299, false],
      [7001, false],
    ])('weight %d g valid: %s', (grams, valid) => {
      expect(problems((a) => (a.newborn.weightGrams = grams))).toEqual(valid ? [] : ['NEWBORN_WEIGHT_OUT_OF_RANGE newborn.weightGrams']);
    });

    it.each([
      [20, 0, []],
      [45, 6, []],
      [19, 6, ['GESTATION_OUT_OF_RANGE newborn.gestation.weeks']],
      [46, 0, ['GESTATION_OUT_OF_RANGE newborn.gestation.weeks']],
      [39, 7, ['GESTATION_OUT_OF_RANGE newborn.gestation.days']],
    ])('gestation %d weeks %d days', (weeks, days, expected) => {
      expect(problems((a) => (a.newborn.gestation = { weeks, days }))).toEqual(expected);
    });

    it('accepts twins, the second of them included', () => {
      expect(problems((a) => Object.assign(a.newborn, { plurality: 2, birthOrder: 1 }))).toEqual([]);
      expect(problems((a) => Object.assign(a.newborn, { plurality: 2, birthOrder: 2 }))).toEqual([]);
      expect(problems((a) => Object.assign(a.newborn, { plurality: 8, birthOrder: 8 }))).toEqual([]);
    });

    it('refuses the third of twins, an order of 0, and impossible pluralities', () => {
      expect(problems((a) => Object.assign(a.newborn, { plurality: 2, birthOrder: 3 }))).toEqual(['BIRTH_ORDER_OUT_OF_RANGE newborn.birthOrder']);
      expect(problems((a) => Object.assign(a.newborn, { plurality: 1, birthOrder: 0 }))).toEqual(['BIRTH_ORDER_OUT_OF_RANGE newborn.birthOrder']);
      expect(problems((a) => Object.assign(a.newborn, { plurality: 0, birthOrder: 1 }))).toEqual(['PLURALITY_OUT_OF_RANGE newborn.plurality']);
      expect(problems((a) => Object.assign(a.newborn, { plurality: 9, birthOrder: 9 }))).toEqual([
        'PLURALITY_OUT_OF_RANGE newborn.plurality',
        'BIRTH_ORDER_OUT_OF_RANGE newborn.birthOrder',
      ]);
    });

    it("checks the newborn's name only when given", () => {
      expect(problems((a) => (a.newborn.name = '王小明'))).toEqual([]);
      expect(problems((a) => (a.newborn.name = ''))).toEqual([]);
      expect(problems((a) => (a.newborn.name = '王\u202E明'))).toEqual(['NAME_INVALID_CHARACTERS newborn.name']);
    });
  });

  describe('region codes', () => {
    it('checks every region code of the form', () => {
      expect(
        problems((a) => {
          a.hospital.regionCode = '210299';
          a.mother.hukouRegionCode = '999999';
          a.mother.residencePermitRegionCode = '371200';
          a.mother.maternityInsurance.insuringRegionCode = '220171';
          a.father!.hukouRegionCode = '610322';
        }),
      ).toEqual([
        'REGION_CODE_UNKNOWN hospital.regionCode',
        'REGION_CODE_UNKNOWN mother.hukouRegionCode',
        'REGION_CODE_UNKNOWN mother.residencePermitRegionCode',
        'REGION_CODE_UNKNOWN mother.maternityInsurance.insuringRegionCode',
        'REGION_CODE_UNKNOWN father.hukouRegionCode',
      ]);
    });

    it('accepts seed-city districts, prefectures and provinces', () => {
      expect(
        problems((a) => {
          a.hospital.regionCode = '330604';
          a.mother.hukouRegionCode = '610305';
          a.mother.residencePermitRegionCode = '220100';
          a.mother.maternityInsurance.insuringRegionCode = '330600';
          a.father!.hukouRegionCode = '650000';
        }),
      ).toEqual([]);
    });
  });

  describe('names, phones, bank account, money', () => {
    it('checks every name', () => {
      expect(
        problems((a) => {
          a.mother.name = ' ';
          a.father!.name = '李'.repeat(51);
          a.application.householdHeadName = '王\u0007丽';
          a.mother.bankAccount!.accountName = '\u3000';
        }),
      ).toEqual([
        'NAME_REQUIRED mother.name',
        'NAME_REQUIRED mother.bankAccount.accountName',
        'NAME_TOO_LONG father.name',
        'NAME_INVALID_CHARACTERS application.householdHeadName',
      ]);
    });

    it('accepts rare characters and the middle dot in names', () => {
      expect(
        problems((a) => {
          a.mother.name = '𪚥·阿依古丽';
          a.mother.bankAccount!.accountName = '𪚥·阿依古丽';
          a.application.householdHeadName = '𠮷田';
        }),
      ).toEqual([]);
    });

    it('checks every phone number', () => {
      expect(
        problems((a) => {
          a.mother.phone = '1380000000';
          a.father!.phone = '+86 139';
          a.application.contactPhone = '0411-123';
        }),
      ).toEqual(['PHONE_INVALID mother.phone', 'PHONE_INVALID father.phone', 'PHONE_INVALID application.contactPhone']);
      expect(
        problems((a) => {
          a.mother.phone = '+8613800000000';
          a.father!.phone = '0411-88888888';
          a.application.contactPhone = '01012345678';
        }),
      ).toEqual([]);
    });

    it('checks the bank account number and the wage in fen', () => {
      expect(
        problems((a) => {
          a.mother.bankAccount!.accountNumber = '6217 0000 0000';
          a.mother.maternityInsurance.employerAverageMonthlyWageFen = 100_000_001;
        }),
      ).toEqual(['AMOUNT_OUT_OF_RANGE mother.maternityInsurance.employerAverageMonthlyWageFen', 'BANK_ACCOUNT_INVALID mother.bankAccount.accountNumber']);
      expect(problems((a) => (a.mother.maternityInsurance.employerAverageMonthlyWageFen = 0))).toEqual([]);
      expect(problems((a) => delete a.mother.maternityInsurance.employerAverageMonthlyWageFen)).toEqual([]);
    });
  });

  describe('the application', () => {
    it("requires a father when the child joins the father's hukou", () => {
      expect(problems((a) => (a.application.hukouParent = 'father'))).toEqual([]);
      expect(
        problems((a) => {
          a.application.hukouParent = 'father';
          delete a.father;
        }),
      ).toEqual(['HUKOU_PARENT_MISSING application.hukouParent']);
    });

    it("requires the father's hukou region when his household is chosen for the registration", () => {
      const noRegion: Edit = (a) => {
        a.application.hukouParent = 'father';
        delete a.father!.hukouRegionCode;
      };
      expect(problems(noRegion)).toEqual(['HUKOU_PARENT_REGION_REQUIRED father.hukouRegionCode']);
      expect(
        problems((a) => {
          noRegion(a);
          a.application.items = ['birth-certificate'];
        }),
      ).toEqual([]);
    });

    it('requires the insuring region and category of an insured mother', () => {
      const uninsured: Edit = (a) => {
        a.mother.maternityInsurance = { insured: false };
      };
      expect(problems(uninsured)).toEqual([]);
      expect(problems((a) => (a.mother.maternityInsurance = { insured: true }))).toEqual([
        'INSURANCE_DETAILS_REQUIRED mother.maternityInsurance.insuringRegionCode',
        'INSURANCE_DETAILS_REQUIRED mother.maternityInsurance.insuredCategory',
        'INSURANCE_DETAILS_REQUIRED mother.maternityInsurance.contributionMonths',
      ]);
      expect(problems((a) => (a.father!.maternityInsurance = { insured: true, insuringRegionCode: '210200', insuredCategory: 'employee' }))).toEqual([
        'INSURANCE_DETAILS_REQUIRED father.maternityInsurance.contributionMonths',
      ]);
    });

    it('requires a bank account for the maternity allowance only', () => {
      expect(problems((a) => delete a.mother.bankAccount)).toEqual(['BANK_ACCOUNT_REQUIRED mother.bankAccount']);
      expect(
        problems((a) => {
          delete a.mother.bankAccount;
          a.application.items = ['birth-certificate', 'household-registration'];
        }),
      ).toEqual([]);
    });

    it('requires consent given, not in the future beyond the skew', () => {
      expect(problems((a) => (a.application.consent.at = '2025-03-07T10:05:00+08:00'))).toEqual([]);
      expect(problems((a) => (a.application.consent.at = '2025-03-07T10:06:00+08:00'))).toEqual(['CONSENT_IN_FUTURE application.consent.at']);
      expect(problems((a) => ((a.application.consent as { given: boolean }).given = false))).toEqual(['CONSENT_REQUIRED application.consent.given']);
    });
  });

  describe('a form with many problems', () => {
    const MOTHER_NAME = '欧阳娜娜';
    const FATHER_NAME = '司马懿明';
    const HEAD_NAME = '诸葛孔明';
    const ACCOUNT_NAME = '上官婉儿';
    const NEWBORN_NAME = '欧阳小\u0000娜';
    const MOTHER_NUMBER = '210202199003071521';
    const FATHER_NUMBER = '21020219880506123x';
    const MOTHER_PHONE = '1380013800';
    const FATHER_PHONE = '139001390';
    const CONTACT_PHONE = '0411-99';
    const ACCOUNT_NUMBER = '6217-8888-7777';

    const broken: Edit = (a) => {
      a.hospital.regionCode = '210299';
      a.newborn.name = NEWBORN_NAME;
      a.newborn.weightGrams = 32500;
      a.newborn.gestation = { weeks: 50, days: 2 };
      Object.assign(a.newborn, { plurality: 2, birthOrder: 3 });
      a.mother.name = MOTHER_NAME + '\u202E';
      a.mother.identity.number = MOTHER_NUMBER;
      a.mother.phone = MOTHER_PHONE;
      a.mother.maternityInsurance = { insured: true, employerAverageMonthlyWageFen: -5 };
      a.mother.bankAccount = { bankName: '中国银行', accountNumber: ACCOUNT_NUMBER, accountName: ACCOUNT_NAME + '\u200B' };
      a.father = { name: FATHER_NAME + '\n', identity: { type: 'resident-id', number: FATHER_NUMBER }, phone: FATHER_PHONE, maternityInsurance: { insured: false } };
      a.application.hukouParent = 'father';
      a.application.householdHeadName = HEAD_NAME.repeat(13);
      a.application.contactPhone = CONTACT_PHONE;
      a.application.consent.at = '2025-03-08T10:00:00+08:00';
    };

    it('reports every problem at once', () => {
      expect(problems(broken)).toEqual([
        'REGION_CODE_UNKNOWN hospital.regionCode',
        'NAME_INVALID_CHARACTERS newborn.name',
        'NEWBORN_WEIGHT_OUT_OF_RANGE newborn.weightGrams',
        'GESTATION_OUT_OF_RANGE newborn.gestation.weeks',
        'BIRTH_ORDER_OUT_OF_RANGE newborn.birthOrder',
        'NAME_INVALID_CHARACTERS mother.name',
        'RESIDENT_ID_CHECKSUM mother.identity.number',
        'PHONE_INVALID mother.phone',
        'INSURANCE_DETAILS_REQUIRED mother.maternityInsurance.insuringRegionCode',
        'INSURANCE_DETAILS_REQUIRED mother.maternityInsurance.insuredCategory',
        'INSURANCE_DETAILS_REQUIRED mother.maternityInsurance.contributionMonths',
        'AMOUNT_OUT_OF_RANGE mother.maternityInsurance.employerAverageMonthlyWageFen',
        'BANK_ACCOUNT_INVALID mother.bankAccount.accountNumber',
        'NAME_INVALID_CHARACTERS mother.bankAccount.accountName',
        'NAME_INVALID_CHARACTERS father.name',
        'RESIDENT_ID_FORMAT father.identity.number',
        'PHONE_INVALID father.phone',
        'HUKOU_PARENT_REGION_REQUIRED father.hukouRegionCode',
        'NAME_TOO_LONG application.householdHeadName',
        'PHONE_INVALID application.contactPhone',
        'CONSENT_IN_FUTURE application.consent.at',
      ]);
    });

    it('never echoes a submitted personal value', () => {
      const serialised = JSON.stringify(check(broken));
      const personal = [
        MOTHER_NAME,
        FATHER_NAME,
        HEAD_NAME,
        ACCOUNT_NAME,
        NEWBORN_NAME,
        '欧阳',
        MOTHER_NUMBER,
        FATHER_NUMBER,
        MOTHER_NUMBER.slice(6, 14), // the date of birth inside it
        MOTHER_PHONE,
        FATHER_PHONE,
        CONTACT_PHONE,
        ACCOUNT_NUMBER,
        '-5',
        '32500',
      ];
      for (const value of personal) expect(serialised).not.toContain(value);
      expect(serialised).not.toContain(JSON.stringify(NEWBORN_NAME).slice(1, -1));
    });

    it('never echoes values of the other documents either', () => {
      const errors = check((a) => {
        a.mother.identity = { type: 'hk-macao-permit', number: 'H99887766554433' };
        a.mother.dateOfBirth = '1990-13-45';
        a.father!.identity = { type: 'passport', number: 'p-998877' };
      });
      const serialised = JSON.stringify(errors);
      for (const value of ['H99887766554433', '1990-13-45', 'p-998877']) expect(serialised).not.toContain(value);
      expect(errors.map((e) => e.code)).toEqual([
        'HK_MACAO_PERMIT_NUMBER_INVALID',
        'MOTHER_DATE_OF_BIRTH_INVALID',
        'MOTHER_NATIONALITY_REQUIRED',
        'PASSPORT_NUMBER_INVALID',
        'FATHER_DATE_OF_BIRTH_REQUIRED',
        'FATHER_NATIONALITY_REQUIRED',
      ]);
    });
  });
});
