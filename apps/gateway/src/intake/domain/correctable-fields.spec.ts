import { validApplication } from './validation/birth-application.fixture';
import { accountChangeRefusals, correctionRefusals, isCorrectable } from './correctable-fields';
import { applyMergePatch } from './canonical-json';

describe('correctable fields', () => {
  it('allows the newborn\'s name, sex, weight and gestation, the mother\'s phone and hukou address, the father and the contact facts', () => {
    for (const path of ['newborn.name', 'newborn.sex', 'newborn.weightGrams', 'newborn.gestation.weeks', 'mother.phone', 'mother.hukouAddress', 'father.name', 'father.identity.number', 'application.householdHeadName', 'application.contactPhone']) {
      expect(isCorrectable(path)).toBe(true);
    }
  });

  it('refuses identity, delivery, hospital and bank facts: those mean voiding and registering again', () => {
    for (const path of ['mother.identity.number', 'mother.name', 'newborn.bornAt', 'newborn.birthOrder', 'delivery.mode', 'hospital.institutionId', 'mother.bankAccount.accountNumber', 'birthRecordId', 'deliveryId']) {
      expect(isCorrectable(path)).toBe(false);
    }
  });

  it('refuses bank accounts, the father\'s too, though the father is correctable: a clerk corrects an account through the allowance service', () => {
    for (const path of ['father.bankAccount', 'father.bankAccount.accountNumber', 'mother.bankAccount']) expect(isCorrectable(path)).toBe(false);
    expect(isCorrectable('father.maternityInsurance.insured')).toBe(true);
    const refusals = correctionRefusals({ father: { phone: '13900000001', bankAccount: { accountNumber: '6225000000000000009' } } });
    expect(refusals.map((e) => `${e.code} ${e.field}`)).toEqual(['FIELD_NOT_CORRECTABLE father.bankAccount.accountNumber']);
  });

  it('matches whole path segments, not prefixes of a name', () => {
    expect(isCorrectable('fatherhood')).toBe(false);
    expect(isCorrectable('newborn.names')).toBe(false);
  });

  it('names every refused path of a patch, and none when all are correctable', () => {
    expect(correctionRefusals({ newborn: { name: '李小明' }, father: null })).toEqual([]);
    const refusals = correctionRefusals({ newborn: { name: '李小明', bornAt: '2025-03-01T00:00:00Z' }, mother: { identity: { number: 'x' } } });
    expect(refusals.map((e) => `${e.code} ${e.field}`)).toEqual(['FIELD_NOT_CORRECTABLE newborn.bornAt', 'FIELD_NOT_CORRECTABLE mother.identity.number']);
  });

  it('refuses a patch that changes nothing, on the field `patch`', () => {
    expect(correctionRefusals({}).map((e) => `${e.code} ${e.field}`)).toEqual(['FIELD_NOT_CORRECTABLE patch']);
  });

  it("refuses a correction that would drop or replace the father's account with the father", () => {
    const current = validApplication();
    const refused = (patch: Record<string, unknown>) => accountChangeRefusals(current, applyMergePatch(current, patch)).map((e) => `${e.code} ${e.field}`);
    expect(refused({ father: { phone: '13900000001' } })).toEqual([]);
    expect(refused({ father: null })).toEqual(['FIELD_NOT_CORRECTABLE father.bankAccount']);
    expect(refused({ newborn: { name: '李小明' } })).toEqual([]);
    const withoutFather = { ...current, father: undefined };
    expect(accountChangeRefusals(withoutFather, applyMergePatch(withoutFather, { father: { name: '李强' } }))).toEqual([]);
  });
});
