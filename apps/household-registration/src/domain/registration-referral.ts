import type { ItemState, LocalizedTextV1 } from '@birth/contracts';
import type { ItemChange } from '@birth/platform';
import { MANUAL_REVIEW } from './registration-item';
import type { RegistrationFacts } from './registration-outcome';

// `refer-to-office` (issue 15): a clerk hands an item in manual review to the county's
// public-security office, which finishes it outside the platform. Pure: whether it applies, and
// the change it makes.

export const REFERRED_TO_OFFICE = 'REFERRED_TO_OFFICE';

export type Referral = { ok: true; change: ItemChange<RegistrationFacts> } | { ok: false; code: 'REFERRAL_NOT_APPLICABLE' | 'REFERRAL_COUNTY_REQUIRED'; message: LocalizedTextV1 };

/** The item as a referral sees it. */
export interface ReferredItem {
  state: ItemState;
  reasonCode: string | null;
  facts: RegistrationFacts;
}

export function referralOf(item: ReferredItem, request: { countyCode: string | null; referredBy: string }): Referral {
  if (item.state !== 'in_progress' || item.reasonCode !== MANUAL_REVIEW) {
    return { ok: false, code: 'REFERRAL_NOT_APPLICABLE', message: { zh: '户口登记事项不在人工审核中，不能转交派出所', en: 'The household registration is not in manual review: nothing to refer' } };
  }
  // The county the facts named (an assigned number, an exhausted sequence) wins over the one asked for.
  const county = item.facts.registrationRegionCode ?? request.countyCode;
  if (!county) {
    return { ok: false, code: 'REFERRAL_COUNTY_REQUIRED', message: { zh: '登记地无法确定：请指明承办的县级行政区划代码', en: 'The facts name no county: give the county whose office takes it over' } };
  }
  return {
    ok: true,
    change: {
      change: 'forwarded',
      state: 'forwarded',
      reasonCode: REFERRED_TO_OFFICE,
      reason: { zh: `经办人员已将户口登记转交 ${county} 公安派出所人工办理`, en: `A clerk referred the household registration to the public-security office of ${county}, which finishes it` },
      facts: { reviewCode: null, forwardedTo: county, registrationRegionCode: county, referredBy: request.referredBy },
    },
  };
}
