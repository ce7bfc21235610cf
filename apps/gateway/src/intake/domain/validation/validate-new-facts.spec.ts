import type { BirthSubmissionV1 } from '@birth/contracts';
import { countiesIn, provinces } from '@birth/policy';
import { NOW, validApplication } from './birth-application.fixture';
import { validateBirthApplication } from './validate-birth-application';

// The facts and checks issue 10 added to the one-form application: the mother's optional hukou,
// her children and contributions, the father's own insurance and account, the settlement county,
// the item dependencies, and hukou counties anywhere in China.

type Edit = (application: BirthSubmissionV1) => void;

function problems(edit: Edit): string[] {
  const application = validApplication();
  edit(application);
  return validateBirthApplication(application, { now: NOW }).map((error) => `${error.code} ${error.field}`);
}

/** A mother with a passport, whose child joins the father's hukou. */
const passportMother: Edit = (a) => {
  a.mother.identity = { type: 'passport', number: 'E12345678' };
  a.mother.dateOfBirth = '1991-05-02';
  a.mother.nationality = 'SGP';
  delete a.mother.hukouRegionCode;
  delete a.mother.hukouAddress;
  a.application.hukouParent = 'father';
};

describe("the mother's hukou", () => {
  it('may be left out by a mother with a passport whose child joins the father', () => {
    expect(problems(passportMother)).toEqual([]);
  });

  it('is required for a resident-ID holder, and when the child joins the mother', () => {
    const noHukou: Edit = (a) => {
      delete a.mother.hukouRegionCode;
      delete a.mother.hukouAddress;
    };
    expect(problems(noHukou)).toEqual(['MOTHER_HUKOU_REQUIRED mother.hukouRegionCode', 'MOTHER_HUKOU_REQUIRED mother.hukouAddress']);
    expect(
      problems((a) => {
        passportMother(a);
        a.application.hukouParent = 'mother';
      }),
    ).toEqual(['MOTHER_HUKOU_REQUIRED mother.hukouRegionCode', 'MOTHER_HUKOU_REQUIRED mother.hukouAddress']);
  });
});

describe("the mother's children and the father's facts", () => {
  it('requires the living children before the delivery when the allowance is applied for', () => {
    expect(problems((a) => delete a.mother.livingChildrenBefore)).toEqual(['LIVING_CHILDREN_REQUIRED mother.livingChildrenBefore']);
    expect(
      problems((a) => {
        delete a.mother.livingChildrenBefore;
        a.application.items = ['birth-certificate', 'household-registration'];
      }),
    ).toEqual([]);
  });

  it("requires the father's date of birth and nationality with any document but a resident ID", () => {
    const foreignFather: Edit = (a) => (a.father!.identity = { type: 'passport', number: 'K98765432' });
    expect(problems(foreignFather)).toEqual(['FATHER_DATE_OF_BIRTH_REQUIRED father.dateOfBirth', 'FATHER_NATIONALITY_REQUIRED father.nationality']);
    expect(
      problems((a) => {
        foreignFather(a);
        a.father!.dateOfBirth = '1987-02-30';
        a.father!.nationality = 'KOR';
      }),
    ).toEqual(['FATHER_DATE_OF_BIRTH_INVALID father.dateOfBirth']);
  });

  it("requires an insured father's own account when the allowance is applied for, and checks it", () => {
    expect(problems((a) => delete a.father!.bankAccount)).toEqual(['BANK_ACCOUNT_REQUIRED father.bankAccount']);
    expect(
      problems((a) => {
        delete a.father!.bankAccount;
        a.father!.maternityInsurance = { insured: false };
      }),
    ).toEqual([]);
    expect(problems((a) => (a.father!.bankAccount!.accountNumber = '62-25'))).toEqual(['BANK_ACCOUNT_INVALID father.bankAccount.accountNumber']);
  });

  it("checks the father's residence permit and insuring regions", () => {
    expect(
      problems((a) => {
        a.father!.residencePermitRegionCode = '999999';
        a.father!.maternityInsurance.insuringRegionCode = '220171';
      }),
    ).toEqual(['REGION_CODE_UNKNOWN father.residencePermitRegionCode', 'REGION_CODE_UNKNOWN father.maternityInsurance.insuringRegionCode']);
  });
});

describe('the items applied for', () => {
  it('needs the birth certificate for every other item', () => {
    expect(problems((a) => (a.application.items = ['household-registration', 'medical-insurance']))).toEqual(['ITEM_NEEDS_BIRTH_CERTIFICATE application.items']);
    expect(problems((a) => (a.application.items = ['birth-certificate']))).toEqual([]);
  });

  it('needs household registration for the social security card', () => {
    expect(problems((a) => (a.application.items = ['birth-certificate', 'medical-insurance', 'social-security-card']))).toEqual([
      'SOCIAL_SECURITY_CARD_NEEDS_HOUSEHOLD_REGISTRATION application.items',
    ]);
  });
});

describe('the county household registration uses', () => {
  it("refuses a prefecture or province as the chosen parent's hukou when household registration is applied for", () => {
    expect(problems((a) => (a.mother.hukouRegionCode = '210200'))).toEqual(['HUKOU_REGION_NOT_COUNTY mother.hukouRegionCode']);
    expect(
      problems((a) => {
        a.application.hukouParent = 'father';
        a.father!.hukouRegionCode = '210000';
      }),
    ).toEqual(['HUKOU_REGION_NOT_COUNTY father.hukouRegionCode']);
    // Not the parent the child joins, or no registration applied for: not refused.
    expect(problems((a) => (a.father!.hukouRegionCode = '210200'))).toEqual([]);
    expect(
      problems((a) => {
        a.mother.hukouRegionCode = '210200';
        a.application.items = ['birth-certificate', 'medical-insurance'];
      }),
    ).toEqual([]);
  });

  it('accepts a prefecture-level city without counties (Dongguan) as its own county', () => {
    expect(problems((a) => (a.mother.hukouRegionCode = '441900'))).toEqual([]);
  });

  it('accepts a hukou county of every province-level division that has counties', () => {
    const mainland = provinces().filter((province) => countiesIn(province.code).length > 0);
    expect(mainland).toHaveLength(31);
    for (const province of mainland) {
      const county = countiesIn(province.code)[0]!;
      expect([county, problems((a) => (a.mother.hukouRegionCode = county))]).toEqual([county, []]);
    }
  });

  it('accepts Hong Kong, Macao and Taiwan, which GB/T 2260 lists without counties, as regions but not as a registration county', () => {
    for (const code of ['810000', '820000', '710000']) {
      expect(problems((a) => (a.father!.hukouRegionCode = code))).toEqual([]);
      expect(problems((a) => (a.mother.hukouRegionCode = code))).toEqual(['HUKOU_REGION_NOT_COUNTY mother.hukouRegionCode']);
    }
  });
});

describe('the settlement county (DOMAIN.md §4, Changchun)', () => {
  it('accepts a county of Changchun, whose rule lets the family name one', () => {
    expect(
      problems((a) => {
        a.application.settlementRegionCode = '220102';
        a.mother.hukouRegionCode = '210200';
      }),
    ).toEqual([]);
  });

  it("refuses a county whose region's rule does not allow it, and a prefecture", () => {
    expect(problems((a) => (a.application.settlementRegionCode = '210202'))).toEqual(['SETTLEMENT_REGION_NOT_ALLOWED application.settlementRegionCode']);
    expect(problems((a) => (a.application.settlementRegionCode = '220100'))).toEqual(['SETTLEMENT_REGION_NOT_ALLOWED application.settlementRegionCode']);
    expect(problems((a) => (a.application.settlementRegionCode = '229999'))).toEqual(['REGION_CODE_UNKNOWN application.settlementRegionCode']);
  });
});
