import type { ItemChange } from '@birth/platform';
import type { RegistrationInput, RegistrationReviewCode, RegistrationStep } from './registration-decision';
import { MANUAL_REVIEW } from './registration-item';

/** What the service keeps on its item (jsonb `facts`); the event and the internal answer take their fields from here. */
export interface RegistrationFacts {
  /** The birth's facts this item uses, as last corrected. */
  input: RegistrationInput;
  /** The certificate's issue (or reissue) instant: the prerequisite, and when the step's clock starts. */
  certificateIssuedAt?: string | null;
  /** The finer cause of a MANUAL_REVIEW (HUKOU_MISSING, SEQUENCES_EXHAUSTED, SEX_CORRECTED_AFTER_NUMBER, …). */
  reviewCode?: RegistrationReviewCode | null;
  citizenIdNumber?: string | null;
  /** The county the child is registered in (here, or by the office it was forwarded to). */
  registrationRegionCode?: string | null;
  forwardedTo?: string | null;
  registeredAt?: string | null;
  /** When the registration was cancelled (a voided birth, `revoke`); its number stays used. */
  cancelledAt?: string | null;
  /** The clerk who referred an item in manual review to the county's office (`refer-to-office`). */
  referredBy?: string | null;
}

/** The result of the number's allocation, as the service hands it over. */
export type NumberResult =
  | { kind: 'allocated'; citizenIdNumber: string; countyCode: string }
  | { kind: 'exhausted'; reason: { zh: string; en: string } };

const SEX_REQUIRED = {
  zh: '新生儿性别为未知或未说明（0 或 9），无法编制公民身份号码：请申请人更正性别',
  en: 'the newborn’s sex is unknown or not stated (0 or 9), which allows no citizen ID number: the applicant must correct it',
};

/**
 * The item change a step leads to (the number's allocation already done for a `number` step).
 * `at` is the registration instant for a newly registered number; an existing one keeps its own.
 */
export function changeFor(
  step: RegistrationStep,
  facts: RegistrationFacts,
  number: NumberResult | undefined,
  at: string,
): ItemChange<RegistrationFacts> {
  const metAt = facts.certificateIssuedAt ?? null;
  switch (step.kind) {
    case 'wait-certificate':
      return { change: 'waiting', state: 'waiting', waitingFor: ['birth-certificate'], facts: { reviewCode: null } };
    case 'await-sex':
      return {
        change: 'awaiting-applicant',
        state: 'awaiting_applicant',
        waitingFor: ['newborn-sex'],
        reasonCode: 'NEWBORN_SEX_REQUIRED',
        reason: SEX_REQUIRED,
        prerequisitesMetAt: metAt,
        ruleVersion: step.ruleVersion,
        facts: { reviewCode: null },
      };
    case 'review':
      return review(step.code, step.reason, metAt, step.ruleVersion);
    case 'forward':
      return {
        change: 'forwarded',
        state: 'forwarded',
        prerequisitesMetAt: metAt,
        ruleVersion: step.ruleVersion,
        facts: { reviewCode: null, forwardedTo: step.countyCode, registrationRegionCode: step.countyCode },
      };
    case 'number': {
      if (!number) throw new Error('changeFor: a number step needs the allocation result');
      if (number.kind === 'exhausted') {
        // The county is known: a clerk may refer the case to its office.
        const exhausted = review('SEQUENCES_EXHAUSTED', number.reason, metAt, step.ruleVersion);
        return { ...exhausted, facts: { ...exhausted.facts, registrationRegionCode: step.key.countyCode } };
      }
      return {
        change: 'registered',
        state: 'done',
        prerequisitesMetAt: metAt,
        ruleVersion: step.ruleVersion,
        facts: {
          reviewCode: null,
          citizenIdNumber: number.citizenIdNumber,
          registrationRegionCode: number.countyCode,
          forwardedTo: null,
          registeredAt: facts.registeredAt ?? at,
        },
      };
    }
  }
}

function review(code: RegistrationReviewCode, reason: { zh: string; en: string }, metAt: string | null, ruleVersion: string | null): ItemChange<RegistrationFacts> {
  return {
    change: 'in-progress',
    state: 'in_progress',
    reasonCode: MANUAL_REVIEW,
    reason,
    prerequisitesMetAt: metAt,
    ...(ruleVersion === null ? {} : { ruleVersion }),
    facts: { reviewCode: code },
  };
}
