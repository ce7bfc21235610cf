import { rulesFor } from '@birth/policy';
import { blockProblems, isLowWater, remainingIn } from './number-block';

const format = rulesFor('330604', '2026-03-01').values.certificates.birthCertificateNumber;

describe('number blocks', () => {
  const block = { institutionId: 'H-330604-01', prefix: 'B', from: 1, to: 100 };

  it('accepts a well-formed block', () => {
    expect(blockProblems(block, format)).toEqual([]);
    expect(blockProblems({ ...block, from: 7, to: 7 }, format)).toEqual([]);
  });

  it.each([
    ['an empty institution', { institutionId: '' }, 'institutionId', 'INSTITUTION_ID_INVALID'],
    ['a lower-case prefix', { prefix: 'b' }, 'prefix', 'PREFIX_INVALID'],
    ['a ten-digit end', { to: 1_000_000_000 }, 'to', 'SERIAL_INVALID'],
    ['a negative start', { from: -1 }, 'from', 'SERIAL_INVALID'],
    ['from after to', { from: 101 }, 'to', 'BLOCK_EMPTY'],
  ])('refuses %s, naming the field and a code, in Chinese and English', (_why, change, field, code) => {
    const problems = blockProblems({ ...block, ...change }, format);
    expect(problems).toEqual([expect.objectContaining({ field, code, message: { zh: expect.any(String), en: expect.any(String) } })]);
  });

  it('refuses a block whose numbers the format rule does not allow', () => {
    expect(blockProblems(block, { pattern: '^Q[0-9]{9}$', description: 'Q only' })).toEqual([expect.objectContaining({ code: 'FORMAT_RULE' })]);
  });

  it('counts what is left and calls under 10% left low', () => {
    expect(remainingIn({ to: 100, next: 1 })).toBe(100);
    expect(remainingIn({ to: 100, next: 101 })).toBe(0);
    // 100 numbers: 10 left is not under 10%, 9 left is.
    expect(isLowWater({ from: 1, to: 100, next: 91 })).toBe(false);
    expect(isLowWater({ from: 1, to: 100, next: 92 })).toBe(true);
    expect(isLowWater({ from: 1, to: 100, next: 101 })).toBe(true);
    // A block of 5: any one used leaves 80%, not low; 0 left is low.
    expect(isLowWater({ from: 10, to: 14, next: 11 })).toBe(false);
    expect(isLowWater({ from: 10, to: 14, next: 15 })).toBe(true);
  });
});
