import { NOW, validApplication } from './birth-application.fixture';
import { validateBirthSubmission } from './validate-birth-submission';

describe('validateBirthSubmission', () => {
  it('accepts a valid submission and returns the typed application', () => {
    const result = validateBirthSubmission(JSON.parse(JSON.stringify(validApplication())), { now: NOW });
    expect(result.ok).toBe(true);
  });

  it('reports shape errors in the bilingual form, without the submitted values', () => {
    const plain = JSON.parse(JSON.stringify(validApplication()));
    plain.mother.phone = 13800000000;
    plain.newborn.weightGrams = '3250';
    plain.mother.nickname = '丽丽';
    const result = validateBirthSubmission(plain, { now: NOW });
    if (result.ok) throw new Error('expected the submission to be refused');
    expect(result.errors.map((e) => `${e.code} ${e.field}`).sort()).toEqual(['IS_INT newborn.weightGrams', 'IS_STRING mother.phone', 'UNKNOWN_FIELD mother.nickname']);
    for (const error of result.errors) expect(error.message.zh).not.toBe('');
    expect(JSON.stringify(result.errors)).not.toMatch(/13800000000|3250|丽丽/);
  });

  it('applies the detailed rules once the shape holds', () => {
    const plain = JSON.parse(JSON.stringify(validApplication()));
    plain.newborn.weightGrams = 30;
    const result = validateBirthSubmission(plain, { now: NOW });
    expect(result).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'NEWBORN_WEIGHT_OUT_OF_RANGE', field: 'newborn.weightGrams' })] });
  });

  it('refuses what is not an object', () => {
    const result = validateBirthSubmission([1, 2], { now: NOW });
    expect(result).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'NOT_AN_OBJECT', field: '$' })] });
  });
});
