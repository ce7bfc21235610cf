import { allowanceAmountFen } from './allowance-amount';

describe('allowanceAmountFen: wage ÷ 30 × days, in fen, rounded half up once', () => {
  it('DOMAIN.md §7 worked example (Changchun): 777,777 fen × 195 ÷ 30 = 5,055,550.5 → 5,055,551 fen', () => {
    expect(allowanceAmountFen(777_777, 195)).toBe(5_055_551);
  });

  it('rounds a half up and anything under a half down, once at the end', () => {
    expect(allowanceAmountFen(1, 15)).toBe(1); // 0.5
    expect(allowanceAmountFen(1, 14)).toBe(0); // 0.466…
    expect(allowanceAmountFen(777_777, 158)).toBe(4_096_292); // 4,096,292.2
    expect(allowanceAmountFen(777_777, 173)).toBe(4_485_181); // 4,485,180.7
    // Rounding the daily wage first would give 25,925.90 × 173 = 4,485,180.7 … the same here, but
    // 650,000 ÷ 30 = 21,666.67 × 158 = 3,423,333.86 → 3,423,334, one fen too many:
    expect(allowanceAmountFen(650_000, 158)).toBe(3_423_333); // 102,700,000 ÷ 30 = 3,423,333.33…
  });

  it('stays exact where a float would not (wage × days beyond 2^53)', () => {
    // 9,007,199,254,740,991 × 30 ÷ 30: exactly the wage back.
    expect(allowanceAmountFen(Number.MAX_SAFE_INTEGER, 30)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a wage or days that are not non-negative integers', () => {
    expect(() => allowanceAmountFen(-1, 10)).toThrow(RangeError);
    expect(() => allowanceAmountFen(100.5, 10)).toThrow(RangeError);
    expect(() => allowanceAmountFen(100, -3)).toThrow(RangeError);
  });
});
