import type { BirthRegisteredV1 } from '@birth/contracts';
import { canonicalJson } from './canonical-json';
import { intakeError, type IntakeError } from './validation/error-catalogue';

/** The non-personal facts every birth of one delivery must share, each with the field it is reported on. */
export const DELIVERY_FACT_FIELDS = { mode: 'delivery.mode', difficult: 'delivery.difficult', plurality: 'newborn.plurality' } as const;

export type DeliveryFacts = Record<keyof typeof DELIVERY_FACT_FIELDS, unknown>;

export function deliveryFacts(application: BirthRegisteredV1): DeliveryFacts {
  return {
    mode: application.delivery.mode,
    difficult: application.delivery.difficult,
    plurality: application.newborn.plurality,
  };
}

/** A birth of a delivery as the twin rules see it: the mother only as her identity's hash. */
export interface DeliveryBirth<F = Record<string, unknown>> {
  motherIdHash: string;
  facts: F;
  birthOrder: number;
}

/**
 * Twins and more share a delivery id: a birth must agree with the births already in its delivery
 * on the mother and the delivery facts, and differ from each in birth order. Every conflict at once.
 */
export function deliveryConflicts(birth: DeliveryBirth<DeliveryFacts>, siblings: readonly DeliveryBirth[]): IntakeError[] {
  if (siblings.length === 0) return [];
  const errors: IntakeError[] = [];
  if (siblings.some((s) => s.motherIdHash !== birth.motherIdHash)) {
    errors.push(intakeError('mother.identity', 'DELIVERY_MOTHER_DIFFERS'));
  }
  for (const [key, value] of Object.entries(birth.facts)) {
    if (siblings.some((s) => canonicalJson(s.facts[key]) !== canonicalJson(value))) {
      errors.push(intakeError(DELIVERY_FACT_FIELDS[key as keyof typeof DELIVERY_FACT_FIELDS], 'DELIVERY_FACTS_DIFFER'));
    }
  }
  if (siblings.some((s) => s.birthOrder === birth.birthOrder)) {
    errors.push(intakeError('newborn.birthOrder', 'DELIVERY_BIRTH_ORDER_TAKEN'));
  }
  return errors;
}

/** The key of the lock under which a hospital's births of one delivery are decided one at a time. */
export function deliveryLockKey(hospitalId: string, deliveryId: string): string {
  return `delivery:${hospitalId}:${deliveryId}`;
}
