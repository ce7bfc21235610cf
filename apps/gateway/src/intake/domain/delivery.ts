import type { BankAccountV1, BirthSubmissionV1, MaternityInsuranceV1 } from '@birth/contracts';
import { canonicalJson } from './canonical-json';
import { intakeError, type IntakeError } from './validation/error-catalogue';

/**
 * The facts every birth of one delivery must share, each with the field it is reported on
 * (DOMAIN.md §2, §7: one delivery, one allowance claim). Stored with each record for the twin
 * check: the insurance blocks and the bank accounts only as keyed hashes (blind indexes).
 */
export const DELIVERY_FACT_FIELDS = {
  mode: 'delivery.mode',
  difficult: 'delivery.difficult',
  plurality: 'newborn.plurality',
  livingChildrenBefore: 'mother.livingChildrenBefore',
  coupleLivesApart: 'application.coupleLivesApart',
  motherInsurance: 'mother.maternityInsurance',
  fatherInsurance: 'father.maternityInsurance',
  motherBankAccount: 'mother.bankAccount',
  fatherBankAccount: 'father.bankAccount',
} as const;

export type DeliveryFacts = Record<keyof typeof DELIVERY_FACT_FIELDS, unknown>;

/** A keyed hash of personal data for one purpose (IntakeCrypto's blind index). */
export type BlindIndex = (purpose: string, value: string) => string;

/** An account compared by its number alone (spaces dropped): the bank's and holder's names may be written differently. */
function accountIndex(account: BankAccountV1 | undefined, blindIndex: BlindIndex): string | null {
  return account ? blindIndex('delivery-bank-account', account.accountNumber.replace(/\s+/g, '')) : null;
}

function insuranceIndex(insurance: MaternityInsuranceV1 | undefined, blindIndex: BlindIndex): string | null {
  return insurance ? blindIndex('delivery-insurance', canonicalJson(insurance)) : null;
}

export function deliveryFacts(application: BirthSubmissionV1, blindIndex: BlindIndex): DeliveryFacts {
  const { mother, father } = application;
  return {
    mode: application.delivery.mode,
    difficult: application.delivery.difficult,
    plurality: application.newborn.plurality,
    livingChildrenBefore: mother.livingChildrenBefore ?? null,
    coupleLivesApart: application.application.coupleLivesApart ?? null,
    motherInsurance: insuranceIndex(mother.maternityInsurance, blindIndex),
    fatherInsurance: insuranceIndex(father?.maternityInsurance, blindIndex),
    motherBankAccount: accountIndex(mother.bankAccount, blindIndex),
    fatherBankAccount: accountIndex(father?.bankAccount, blindIndex),
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
    // A record stored before a fact was compared has no value for it: nothing to compare with.
    if (siblings.some((s) => key in s.facts && canonicalJson(s.facts[key]) !== canonicalJson(value))) {
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
