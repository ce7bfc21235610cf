import type { LeaveByChildOrder, PolicyDeliveryMode, PolicyValues } from './policy-document';

// How a region's maternity-leave rules apply to one delivery (DOMAIN.md §7): the table gives the
// total for a single, non-difficult birth by child order (the mother's living children before the
// delivery + 1; twins are one delivery); a difficult birth, or a delivery mode the region counts
// as difficult, adds its days once; each extra baby of a multiple birth adds its days.

/** Every term, so that a claim can store and explain the figure. */
export interface MaternityLeaveDays {
  childOrder: number;
  baseDays: number;
  difficult: boolean;
  difficultBirthDays: number;
  extraBabies: number;
  extraBabyDays: number;
  totalDays: number;
}

/** The total of the last row whose fromChildOrder is at most `childOrder`. */
export function leaveDaysForChildOrder(table: readonly LeaveByChildOrder[], childOrder: number): number {
  if (!Number.isInteger(childOrder) || childOrder < 1) throw new RangeError(`child order ${childOrder} is not an integer of at least 1`);
  const row = [...table].reverse().find((candidate) => candidate.fromChildOrder <= childOrder);
  if (!row) throw new RangeError(`the leave table has no row for child order ${childOrder}`);
  return row.days;
}

export function maternityLeaveDays(
  rules: PolicyValues['maternityLeave'],
  delivery: { livingChildrenBefore: number; babies: number; deliveryMode: PolicyDeliveryMode; difficultBirth: boolean },
): MaternityLeaveDays {
  if (!Number.isInteger(delivery.babies) || delivery.babies < 1) throw new RangeError(`babies ${delivery.babies} is not an integer of at least 1`);
  const childOrder = delivery.livingChildrenBefore + 1;
  const baseDays = leaveDaysForChildOrder(rules.totalDaysByChildOrder, childOrder);
  const difficult = delivery.difficultBirth || rules.difficultDeliveryModes.includes(delivery.deliveryMode);
  const difficultBirthDays = difficult ? rules.difficultBirthExtraDays : 0;
  const extraBabies = delivery.babies - 1;
  const extraBabyDays = extraBabies * rules.extraBabyDays;
  return { childOrder, baseDays, difficult, difficultBirthDays, extraBabies, extraBabyDays, totalDays: baseDays + difficultBirthDays + extraBabyDays };
}
