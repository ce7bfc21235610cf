import type { EligibilityBasis, InsuranceOutcome, MedicalInsuranceItemChangedV1 } from '@birth/contracts';

/** What this service keeps on its item (the kit's `facts`, jsonb). China dates are `YYYY-MM-DD`. */
export interface InsuranceFacts {
  outcome?: InsuranceOutcome | null;
  /** The city (prefecture) that enrols: the hospital's. */
  city?: string;
  eligibilityBasis?: EligibilityBasis | null;
  /** On rejection: the chosen parent's hukou city. */
  referredTo?: string | null;
  bornOn?: string;
  appliedOn?: string;
  onTime?: boolean;
  /** Decided at the birth from the window; published once enrolled. */
  coverageStart?: string | null;
  provisional?: boolean;
  contributionFen?: number | null;
  contributionPaidAt?: string | null;
  certificateNumber?: string | null;
  enrolledAt?: string | null;
  /** When a void or `revoke` ended the enrolment. */
  enrolmentEndedAt?: string | null;
}

/** The facts published on medical-insurance.item-changed.v1 (coverage and contribution only once enrolled). */
export function insuranceEventFacts(f: InsuranceFacts): Omit<MedicalInsuranceItemChangedV1, 'change' | 'item'> {
  const enrolled = f.outcome === 'enrolled';
  return {
    outcome: f.outcome ?? null,
    enrolmentRegionCode: enrolled ? (f.city ?? null) : null,
    referredTo: f.outcome === 'rejected' ? (f.referredTo ?? null) : null,
    eligibilityBasis: f.eligibilityBasis ?? null,
    coverageStart: enrolled ? (f.coverageStart ?? null) : null,
    provisional: f.provisional ?? false,
    contributionFen: enrolled ? (f.contributionFen ?? null) : null,
    contributionPaidAt: f.contributionPaidAt ?? null,
  };
}

/** The service's fields in GET /internal/items/{caseId}. */
export function insuranceAnswerFields(f: InsuranceFacts): Record<string, unknown> {
  return {
    outcome: f.outcome ?? null,
    enrolmentRegionCode: f.outcome === 'enrolled' ? (f.city ?? null) : null,
    referredTo: f.referredTo ?? null,
    eligibilityBasis: f.eligibilityBasis ?? null,
    coverageStart: f.coverageStart ?? null,
    provisional: f.provisional ?? false,
    onTime: f.onTime ?? null,
    contributionFen: f.contributionFen ?? null,
    contributionPaidAt: f.contributionPaidAt ?? null,
    enrolledAt: f.enrolledAt ?? null,
    enrolmentEndedAt: f.enrolmentEndedAt ?? null,
  };
}
