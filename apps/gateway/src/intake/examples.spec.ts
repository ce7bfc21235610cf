import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BirthSubmissionV1, validatePlain } from '@birth/contracts';
import { leaveDaysForChildOrder, rulesFor } from '@birth/policy';
import { checkResidentIdNumber, residentIdCheckCharacter, validateBirthApplication } from './domain/validation';

// The canonical examples of docs/examples/, shown in docs/hospital-integration.md and served in
// the OpenAPI document. They are static files, so each is checked at the time it could have been
// sent (a day after the birth): the intake window (a year) would otherwise make them expire.

const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'docs', 'examples');
const DAY_MS = 24 * 3600_000;

function example(name: string): BirthSubmissionV1 {
  return JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as BirthSubmissionV1;
}

function sentADayAfterBirth(payload: BirthSubmissionV1): Date {
  return new Date(Date.parse(payload.newborn.bornAt) + DAY_MS);
}

const BIRTH_EXAMPLES = [
  'birth-single.json',
  'birth-twins-1.json',
  'birth-twins-2.json',
  'birth-passport-mother.json',
  'birth-second-child-shangyu.json',
  'birth-father-insured.json',
  'birth-changchun-settlement.json',
];

describe('docs/examples', () => {
  it('holds exactly the documented birth examples', () => {
    expect(
      readdirSync(EXAMPLES)
        .filter((f) => f.startsWith('birth-'))
        .sort(),
    ).toEqual([...BIRTH_EXAMPLES].sort());
  });

  it.each(BIRTH_EXAMPLES)('%s has the shape of BirthSubmissionV1 and passes every intake rule', (name) => {
    const raw = example(name);
    const shaped = validatePlain(BirthSubmissionV1, raw);
    expect(shaped.ok ? [] : shaped.errors).toEqual([]);
    if (!shaped.ok) return;
    expect(validateBirthApplication(shaped.value, { now: sentADayAfterBirth(raw) })).toEqual([]);
  });

  it.each(BIRTH_EXAMPLES)('%s carries resident ID numbers with correct check characters, and is born in a seed region', (name) => {
    const raw = example(name);
    const numbers = [raw.mother.identity, raw.father?.identity].filter((i) => i?.type === 'resident-id').map((i) => i!.number);
    expect(numbers.length).toBeGreaterThan(0);
    for (const number of numbers) {
      expect(number.slice(17)).toBe(residentIdCheckCharacter(number.slice(0, 17)));
      expect(checkResidentIdNumber(number, { now: sentADayAfterBirth(raw) }).ok).toBe(true);
    }
    expect(raw.hospital.regionCode).toMatch(/^(2102|2201|3306|6103)\d\d$/);
    // China time, as a hospital's system writes it.
    expect(raw.newborn.bornAt).toMatch(/\+08:00$/);
  });

  it('would be refused today only for the registration window (they are static files)', () => {
    const raw = example('birth-single.json');
    const later = new Date(Date.parse(raw.newborn.bornAt) + 400 * DAY_MS);
    expect(validateBirthApplication(raw, { now: later }).map((e) => e.code)).toEqual(['BIRTH_OUTSIDE_WINDOW']);
  });

  it('birth-single.json is one baby of one delivery', () => {
    const single = example('birth-single.json');
    expect(single.newborn).toMatchObject({ plurality: 1, birthOrder: 1 });
  });

  it('the twins share hospital, delivery, mother and delivery facts, with birth orders 1 and 2 and their own record ids', () => {
    const [first, second] = [example('birth-twins-1.json'), example('birth-twins-2.json')];
    expect(second.hospital).toEqual(first.hospital);
    expect(second.deliveryId).toBe(first.deliveryId);
    expect(second.mother).toEqual(first.mother);
    expect(second.delivery).toEqual(first.delivery);
    expect([first.newborn.plurality, second.newborn.plurality]).toEqual([2, 2]);
    expect([first.newborn.birthOrder, second.newborn.birthOrder]).toEqual([1, 2]);
    expect(second.birthRecordId).not.toBe(first.birthRecordId);
  });

  it('birth-passport-mother.json gives the date of birth and nationality a passport needs, and no hukou', () => {
    const raw = example('birth-passport-mother.json');
    expect(raw.mother.identity.type).toBe('passport');
    expect(raw.mother).not.toHaveProperty('hukouRegionCode');
    expect(raw.mother).not.toHaveProperty('hukouAddress');
    expect(raw.application.hukouParent).toBe('father');
    expect(raw.mother.dateOfBirth).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(raw.mother.nationality).toMatch(/^[A-Z]{3}$/);
    const withoutThem = { ...raw.mother };
    delete withoutThem.dateOfBirth;
    delete withoutThem.nationality;
    const codes = validateBirthApplication({ ...raw, mother: withoutThem }, { now: sentADayAfterBirth(raw) }).map((e) => e.code);
    expect(codes).toEqual(['MOTHER_DATE_OF_BIRTH_REQUIRED', 'MOTHER_NATIONALITY_REQUIRED']);
  });

  it('birth-second-child-shangyu.json is a second child in Shangyu, whose leave the rules set by child order', () => {
    const raw = example('birth-second-child-shangyu.json');
    expect(raw.hospital.regionCode).toBe('330604');
    expect(raw.mother.livingChildrenBefore).toBe(1);
    const leave = rulesFor(raw.mother.maternityInsurance.insuringRegionCode!, raw.newborn.bornAt.slice(0, 10)).values.maternityLeave;
    expect(leaveDaysForChildOrder(leave.totalDaysByChildOrder, raw.mother.livingChildrenBefore! + 1)).toBe(188);
  });

  it('birth-father-insured.json has an insured father with his own insurance block and account', () => {
    const raw = example('birth-father-insured.json');
    expect(raw.father!.maternityInsurance).toMatchObject({ insured: true, insuredCategory: 'employee' });
    expect(raw.father!.maternityInsurance.contributionMonths).toBeGreaterThan(0);
    expect(raw.father!.bankAccount!.accountName).toBe(raw.father!.name);
    expect(raw.father!.bankAccount!.accountNumber).not.toBe(raw.mother.bankAccount!.accountNumber);
    // Without his account, the allowance cannot pay his paternity leave: refused.
    const withoutAccount = { ...raw.father! };
    delete withoutAccount.bankAccount;
    const codes = validateBirthApplication({ ...raw, father: withoutAccount }, { now: sentADayAfterBirth(raw) }).map((e) => `${e.code} ${e.field}`);
    expect(codes).toEqual(['BANK_ACCOUNT_REQUIRED father.bankAccount']);
  });

  it('birth-changchun-settlement.json names a Changchun county for parents whose hukou is outside the city', () => {
    const raw = example('birth-changchun-settlement.json');
    expect(raw.application.settlementRegionCode).toBe('220104');
    expect(raw.mother.hukouRegionCode!.startsWith('2201')).toBe(false);
    expect(raw.father!.hukouRegionCode!.startsWith('2201')).toBe(false);
    // The same settlement named by a hospital of another region's families is refused by the rule.
    const elsewhere = { ...raw, application: { ...raw.application, settlementRegionCode: '220202' } };
    const codes = validateBirthApplication(elsewhere, { now: sentADayAfterBirth(raw) }).map((e) => e.code);
    expect(codes).toEqual(['SETTLEMENT_REGION_NOT_ALLOWED']);
  });
});
