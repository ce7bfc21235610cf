import type { CardState, InsuranceOutcome, SocialSecurityCardItemChangedV1 } from '@birth/contracts';
import type { SocialSecurityNumbers } from './social-security-numbers';

/** What this service keeps on its item (the kit's `facts`, jsonb). The ID number only sealed. */
export interface CardFacts {
  /** Needed to bind the sealed number to its case when answering. */
  caseId?: string;
  insuranceApplied?: boolean;
  /** SecretBox-sealed citizen ID number (= the social security number); null until registered. */
  socialSecurityNumberSealed?: string | null;
  registrationRegionCode?: string | null;
  /** When household registration assigned the number (its item's changedAt). */
  citizenIdNumberAt?: string | null;
  insuranceOutcome?: InsuranceOutcome | null;
  insuranceOutcomeAt?: string | null;
  cardState?: CardState | null;
  electronicCardIssuedAt?: string | null;
  forwardedTo?: string | null;
  cardCancelledAt?: string | null;
}

/** Published on social-security-card.item-changed.v1: never the number (no consumer needs it). */
export function cardEventFacts(f: CardFacts): Omit<SocialSecurityCardItemChangedV1, 'change' | 'item'> {
  return { cardState: f.cardState ?? null, electronicCardIssuedAt: f.electronicCardIssuedAt ?? null, forwardedTo: f.forwardedTo ?? null };
}

/** GET /internal/items/{caseId}: the number opened here, then masked by the kit unless revealed. */
export function cardAnswerFields(f: CardFacts, numbers: SocialSecurityNumbers): Record<string, unknown> {
  return {
    cardState: f.cardState ?? null,
    electronicCardIssuedAt: f.electronicCardIssuedAt ?? null,
    socialSecurityNumber: f.socialSecurityNumberSealed && f.caseId ? numbers.open(f.caseId, f.socialSecurityNumberSealed) : null,
    registrationRegionCode: f.registrationRegionCode ?? null,
    insuranceOutcome: f.insuranceOutcome ?? null,
    forwardedTo: f.forwardedTo ?? null,
    cardCancelledAt: f.cardCancelledAt ?? null,
  };
}
