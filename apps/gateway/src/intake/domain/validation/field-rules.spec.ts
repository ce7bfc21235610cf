import { checkAmountFen, checkBankAccountNumber, checkName, checkPhone } from './field-rules';

describe('checkName', () => {
  it.each([
    ['a common name', '王丽'],
    ['a rare character outside the BMP (CJK Extension B)', '𠀀明'],
    ['a minority name with a middle dot', '阿依古丽·买买提'],
    ['a foreign name in Latin letters', "Mary-Jane O'Neil"],
    ['a name with ZWJ/ZWNJ (Persian)', 'مهر\u200Cانگیز'],
    ['a private-use character', '王\uE000'],
    ['50 characters, rare ones counting once', '𠀀'.repeat(50)],
  ])('accepts %s', (_label, value) => {
    expect(checkName(value, true)).toBeNull();
  });

  it.each([
    ['empty', '', 'NAME_REQUIRED'],
    ['only spaces', '  \u3000 ', 'NAME_REQUIRED'],
    ['a NUL', '王\u0000丽', 'NAME_INVALID_CHARACTERS'],
    ['a newline', '王\n丽', 'NAME_INVALID_CHARACTERS'],
    ['a right-to-left override', '王\u202E丽', 'NAME_INVALID_CHARACTERS'],
    ['a zero-width space', '王\u200B丽', 'NAME_INVALID_CHARACTERS'],
    ['a byte-order mark', '\uFEFF王丽', 'NAME_INVALID_CHARACTERS'],
    ['a line separator', '王\u2028丽', 'NAME_INVALID_CHARACTERS'],
    ['an unpaired surrogate', '王\uD840', 'NAME_INVALID_CHARACTERS'],
    ['51 characters', '王'.repeat(51), 'NAME_TOO_LONG'],
  ])('refuses %s', (_label, value, code) => {
    expect(checkName(value, true)).toBe(code);
  });

  it('accepts a missing or blank name where none is required (the newborn)', () => {
    expect(checkName(null, false)).toBeNull();
    expect(checkName(undefined, false)).toBeNull();
    expect(checkName('', false)).toBeNull();
    expect(checkName('王\u0000', false)).toBe('NAME_INVALID_CHARACTERS');
  });
});

describe('checkPhone', () => {
  it.each(['13800000000', '19912345678', '+8613800000000', '010-12345678', '01012345678', '0411-8888888', '041188888888'])('accepts %s', (phone) => {
    expect(checkPhone(phone)).toBeNull();
  });

  it.each(['12800000000', '1380000000', '138000000000', '+86 13800000000', '8613800000000', '+86010-12345678', '411-8888888', '010-123456', '138-0000-0000', ''])(
    'refuses %s',
    (phone) => {
      expect(checkPhone(phone)).toBe('PHONE_INVALID');
    },
  );
});

describe('checkBankAccountNumber', () => {
  it('accepts 12 to 30 digits, whether or not they pass the Luhn check', () => {
    expect(checkBankAccountNumber('6217000000000000000')).toBeNull();
    expect(checkBankAccountNumber('6222021001115678901')).toBeNull(); // fails Luhn: still accepted
    expect(checkBankAccountNumber('123456789012')).toBeNull();
    expect(checkBankAccountNumber('1'.repeat(30))).toBeNull();
  });

  it.each(['12345678901', '1'.repeat(31), '6217 0000 0000 0000 000', '6217-0000-0000', '62170000000000000X', ''])('refuses %s', (value) => {
    expect(checkBankAccountNumber(value)).toBe('BANK_ACCOUNT_INVALID');
  });
});

describe('checkAmountFen', () => {
  it.each([0, 1, 900_000, 100_000_000])('accepts %d fen', (value) => {
    expect(checkAmountFen(value)).toBeNull();
  });

  it.each([-1, 100_000_001, 12.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses %d', (value) => {
    expect(checkAmountFen(value)).toBe('AMOUNT_OUT_OF_RANGE');
  });
});
