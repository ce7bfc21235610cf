import { assignCaseNumbers, chinaDate, formatCaseNumber, isValidCaseNumber, luhnCheckDigit, MAX_DAILY_SEQUENCE } from './case-number';

describe('case numbers', () => {
  it('computes the Luhn check digit (known vectors)', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3); // the textbook example
    expect(luhnCheckDigit('4111111111111111'.slice(0, 15))).toBe(1);
  });

  it('formats region, China-time date, sequence and check digit', () => {
    // 2026-03-04 17:30 UTC is already 2026-03-05 in China.
    const number = formatCaseNumber('210202', new Date('2026-03-04T17:30:00Z'), 123);
    expect(number).toMatch(/^210202-20260305-000123-\d$/);
    expect(number).toBe(`210202-20260305-000123-${luhnCheckDigit('21020220260305000123')}`);
    expect(isValidCaseNumber(number)).toBe(true);
  });

  it('uses China time for the date', () => {
    expect(chinaDate(new Date('2026-12-31T15:59:59Z'))).toBe('20261231');
    expect(chinaDate(new Date('2026-12-31T16:00:00Z'))).toBe('20270101');
  });

  it('detects any single mistyped digit and a swap of neighbours', () => {
    const number = formatCaseNumber('330604', new Date('2026-05-01T02:00:00Z'), 42);
    const digits = number.replace(/-/g, '');
    for (let i = 0; i < digits.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === digits[i]) continue;
        const wrong = digits.slice(0, i) + d + digits.slice(i + 1);
        const formatted = `${wrong.slice(0, 6)}-${wrong.slice(6, 14)}-${wrong.slice(14, 20)}-${wrong.slice(20)}`;
        expect(isValidCaseNumber(formatted)).toBe(false);
      }
    }
    expect(isValidCaseNumber('330604-20260501-000024-' + number.slice(-1))).toBe(false);
  });

  it('refuses malformed input', () => {
    expect(isValidCaseNumber('210202-2026035-000123-4')).toBe(false);
    expect(() => formatCaseNumber('21020', new Date(), 1)).toThrow();
    expect(() => formatCaseNumber('210202', new Date(), 0)).toThrow();
    expect(() => formatCaseNumber('210202', new Date(), 1_000_000)).toThrow();
  });
});

describe('assignCaseNumbers', () => {
  const at = new Date('2026-03-04T17:30:00Z'); // 2026-03-05 in China

  it('hands out each drawn range in order, per region and China-time day', () => {
    const births = [
      { regionCode: '210202', acceptedAt: at },
      { regionCode: '330604', acceptedAt: at },
      { regionCode: '210202', acceptedAt: at },
    ];
    const drawn = [
      { region: '210202', day: '20260305', last: 12, count: 2 },
      { region: '330604', day: '20260305', last: 1, count: 1 },
    ];
    expect(assignCaseNumbers(births, drawn)).toEqual([formatCaseNumber('210202', at, 11), formatCaseNumber('330604', at, 1), formatCaseNumber('210202', at, 12)]);
  });

  it('leaves the rest of a range unused when fewer births take from it', () => {
    expect(assignCaseNumbers([{ regionCode: '210202', acceptedAt: at }], [{ region: '210202', day: '20260305', last: 12, count: 3 }])).toEqual([formatCaseNumber('210202', at, 10)]);
  });

  it('refuses a birth whose region and day drew nothing, and a range past the daily maximum', () => {
    expect(() => assignCaseNumbers([{ regionCode: '210202', acceptedAt: at }], [{ region: '210202', day: '20260304', last: 1, count: 1 }])).toThrow(/no case number was drawn/);
    expect(() => assignCaseNumbers([{ regionCode: '210202', acceptedAt: at }], [{ region: '210202', day: '20260305', last: MAX_DAILY_SEQUENCE + 1, count: 2 }])).toThrow(/exhausted/);
  });
});
