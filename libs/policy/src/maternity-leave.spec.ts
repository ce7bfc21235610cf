import { leaveDaysForChildOrder, maternityLeaveDays } from './maternity-leave';

const TABLE = [
  { fromChildOrder: 1, days: 158 },
  { fromChildOrder: 2, days: 188 },
  { fromChildOrder: 4, days: 200 },
];
const RULES = { totalDaysByChildOrder: TABLE, difficultBirthExtraDays: 15, extraBabyDays: 15, difficultDeliveryModes: ['caesarean' as const] };

describe('maternity leave of one delivery', () => {
  it('takes the last row of the table at or below the child order', () => {
    expect([1, 2, 3, 4, 9].map((order) => leaveDaysForChildOrder(TABLE, order))).toEqual([158, 188, 188, 200, 200]);
    expect(() => leaveDaysForChildOrder(TABLE, 0)).toThrow(RangeError);
    expect(() => leaveDaysForChildOrder([{ fromChildOrder: 2, days: 188 }], 1)).toThrow(RangeError);
  });

  it('adds the difficult-birth days once, for the flag or for a mode the region counts as difficult', () => {
    const vaginal = { livingChildrenBefore: 0, babies: 1, deliveryMode: 'vaginal' as const, difficultBirth: false };
    expect(maternityLeaveDays(RULES, vaginal).totalDays).toBe(158);
    expect(maternityLeaveDays(RULES, { ...vaginal, difficultBirth: true }).totalDays).toBe(173);
    expect(maternityLeaveDays(RULES, { ...vaginal, deliveryMode: 'caesarean' }).totalDays).toBe(173);
    expect(maternityLeaveDays(RULES, { ...vaginal, deliveryMode: 'caesarean', difficultBirth: true }).totalDays).toBe(173);
    expect(maternityLeaveDays(RULES, { ...vaginal, deliveryMode: 'assisted' }).totalDays).toBe(158);
  });

  it('adds the extra-baby days for each baby after the first, with the child order of the delivery', () => {
    const triplets = maternityLeaveDays(RULES, { livingChildrenBefore: 1, babies: 3, deliveryMode: 'vaginal', difficultBirth: false });
    expect(triplets).toEqual({ childOrder: 2, baseDays: 188, difficult: false, difficultBirthDays: 0, extraBabies: 2, extraBabyDays: 30, totalDays: 218 });
    expect(() => maternityLeaveDays(RULES, { livingChildrenBefore: 0, babies: 0, deliveryMode: 'vaginal', difficultBirth: false })).toThrow(RangeError);
  });
});
