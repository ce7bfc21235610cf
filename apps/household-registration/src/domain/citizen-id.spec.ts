import {
  SEQUENCE_RANGES,
  checkCharacterOf,
  chinaDateOfBirth,
  composeCitizenId,
  parseCitizenId,
  sequenceAt,
  sequenceSexOf,
} from './citizen-id';

describe('citizen ID number (GB 11643)', () => {
  describe('check character (ISO 7064 MOD 11-2)', () => {
    it.each([
      // The standard's own examples.
      ['11010519491231002', 'X'],
      ['44052418800101001', '4'],
      // 1×7 = 7 → '5'; a sum of 0 → '1'.
      ['10000000000000000', '5'],
      ['00000000000000000', '1'],
    ])('%s → %s', (first17, check) => {
      expect(checkCharacterOf(first17)).toBe(check);
    });

    it('maps every remainder 0–10 to 1,0,X,9,8,7,6,5,4,3,2', () => {
      // The 8th weight is 1, so a digit d there alone gives remainder d.
      const withEighth = (d: number) => `0000000${d}000000000`;
      expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => checkCharacterOf(withEighth(d)))).toEqual(['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3']);
      // Remainder 10: a 5 at the 7th position (weight 2).
      expect(checkCharacterOf('00000050000000000')).toBe('2');
    });

    it('refuses anything but 17 digits', () => {
      expect(() => checkCharacterOf('1101051949123100')).toThrow(RangeError);
      expect(() => checkCharacterOf('1101051949123100A')).toThrow(RangeError);
    });
  });

  describe('compose and parse', () => {
    it('composes the standard example from its parts', () => {
      expect(composeCitizenId({ countyCode: '110105', chinaBirthDate: '1949-12-31', sequence: 2 })).toBe('11010519491231002X');
    });

    it('pads the sequence to three digits', () => {
      const id = composeCitizenId({ countyCode: '330604', chinaBirthDate: '2026-03-01', sequence: 7 });
      expect(id.slice(0, 17)).toBe('33060420260301007');
      expect(parseCitizenId(id)).toEqual({ countyCode: '330604', chinaBirthDate: '2026-03-01', sequence: 7, sex: 'male' });
    });

    it('parses the standard examples and reads the sex from the parity', () => {
      expect(parseCitizenId('11010519491231002X')?.sex).toBe('female');
      expect(parseCitizenId('440524188001010014')?.sex).toBe('male');
    });

    it.each([
      ['wrong check character', '110105194912310021'],
      ['lower-case x', '11010519491231002x'],
      ['not a date', '110105194902300025'],
      ['sequence 000', '110105194912310000'],
      ['17 characters', '11010519491231002'],
    ])('refuses %s', (_why, text) => {
      expect(parseCitizenId(text)).toBeUndefined();
    });

    it('composes for an undivided prefecture (东莞 441900), where hukou are registered under its own code', () => {
      expect(composeCitizenId({ countyCode: '441900', chinaBirthDate: '2026-03-01', sequence: 2 }).slice(0, 6)).toBe('441900');
    });

    it.each([
      ['a prefecture code', { countyCode: '210200', chinaBirthDate: '2026-03-01', sequence: 1 }],
      ['a bad date', { countyCode: '210202', chinaBirthDate: '2026-02-30', sequence: 1 }],
      ['sequence 0', { countyCode: '210202', chinaBirthDate: '2026-03-01', sequence: 0 }],
      ['sequence 1000', { countyCode: '210202', chinaBirthDate: '2026-03-01', sequence: 1000 }],
    ])('refuses to compose with %s', (_why, parts) => {
      expect(() => composeCitizenId(parts)).toThrow(RangeError);
    });
  });

  describe('sex and parity', () => {
    it('allocates for codes 1 and 2 only; 0 and 9 wait for the family', () => {
      expect(sequenceSexOf('1')).toBe('male');
      expect(sequenceSexOf('2')).toBe('female');
      expect(sequenceSexOf('0')).toBeUndefined();
      expect(sequenceSexOf('9')).toBeUndefined();
    });

    it('boys: 500 odd values 001–999', () => {
      const all = Array.from({ length: SEQUENCE_RANGES.male.count }, (_, i) => sequenceAt('male', i));
      expect(all).toHaveLength(500);
      expect(all[0]).toBe(1);
      expect(all[499]).toBe(999);
      expect(all.every((s) => s !== undefined && s % 2 === 1)).toBe(true);
      expect(new Set(all).size).toBe(500);
    });

    it('girls: 499 even values 002–998', () => {
      const all = Array.from({ length: SEQUENCE_RANGES.female.count }, (_, i) => sequenceAt('female', i));
      expect(all).toHaveLength(499);
      expect(all[0]).toBe(2);
      expect(all[498]).toBe(998);
      expect(all.every((s) => s !== undefined && s % 2 === 0 && s > 0)).toBe(true);
      expect(new Set(all).size).toBe(499);
    });

    it('is exhausted after the last value', () => {
      expect(sequenceAt('male', 500)).toBeUndefined();
      expect(sequenceAt('female', 499)).toBeUndefined();
      expect(sequenceAt('male', -1)).toBeUndefined();
      expect(sequenceAt('male', 1.5)).toBeUndefined();
    });

    it('the parity of the composed number gives the sex back at both ends of each range', () => {
      for (const [sex, sequence] of [['male', 1], ['male', 999], ['female', 2], ['female', 998]] as const) {
        const id = composeCitizenId({ countyCode: '220102', chinaBirthDate: '2026-03-01', sequence });
        expect(parseCitizenId(id)).toMatchObject({ sex, sequence });
      }
    });
  });

  describe('China date of birth', () => {
    it('a birth at 00:30 in Beijing (16:30Z the day before) is born on the Beijing day', () => {
      expect(chinaDateOfBirth(new Date('2026-03-01T00:30:00+08:00'))).toBe('2026-03-01');
      expect(chinaDateOfBirth(new Date('2026-02-28T16:30:00Z'))).toBe('2026-03-01');
    });

    it('the China day ends at 16:00Z: 23:59:59 in Beijing is still that day', () => {
      expect(chinaDateOfBirth(new Date('2026-03-01T23:59:59+08:00'))).toBe('2026-03-01');
      expect(chinaDateOfBirth(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
      expect(chinaDateOfBirth(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    });

    it('crosses a year end and a leap day', () => {
      expect(chinaDateOfBirth(new Date('2025-12-31T16:10:00Z'))).toBe('2026-01-01');
      expect(chinaDateOfBirth(new Date('2028-02-28T17:00:00Z'))).toBe('2028-02-29');
    });

    it('refuses an invalid Date', () => {
      expect(() => chinaDateOfBirth(new Date('nonsense'))).toThrow(RangeError);
    });
  });
});
