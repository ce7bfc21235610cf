// The allowance's amount (DOMAIN.md §7): the employer's average monthly wage of last year ÷ 30 ×
// days, in integer fen, rounded half up once, at the end. Integer arithmetic throughout: the
// exact quotient is (wage × days) / 30, and floor((wage × days + 15) / 30) rounds its half up.

/** The allowance in fen for `days` at `monthlyWageFen`, rounded half up once. */
export function allowanceAmountFen(monthlyWageFen: number, days: number): number {
  if (!Number.isSafeInteger(monthlyWageFen) || monthlyWageFen < 0) throw new RangeError(`monthly wage ${monthlyWageFen} fen is not a non-negative integer`);
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`days ${days} is not a non-negative integer`);
  // BigInt: wage × days stays exact even beyond 2^53 (a wage of 10^12 fen × 300 days would not).
  const product = BigInt(monthlyWageFen) * BigInt(days);
  return Number((product + 15n) / 30n);
}
