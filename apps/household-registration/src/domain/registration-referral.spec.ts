import { referralOf } from './registration-referral';

const input = { sexCode: '1', bornAt: '2026-11-30T10:00:00+08:00', hukouParent: 'mother' } as never;

describe('referralOf: a clerk refers an item in manual review to the county office', () => {
  it('forwards an item in manual review to the county its facts name, naming the clerk', () => {
    const referral = referralOf({ state: 'in_progress', reasonCode: 'MANUAL_REVIEW', facts: { input, reviewCode: 'SEX_CORRECTED_AFTER_NUMBER', registrationRegionCode: '210202', citizenIdNumber: '21020220261130001X' } }, { countyCode: '110105', referredBy: 'wang.li' });
    expect(referral).toMatchObject({
      ok: true,
      change: { change: 'forwarded', state: 'forwarded', reasonCode: 'REFERRED_TO_OFFICE', facts: { forwardedTo: '210202', registrationRegionCode: '210202', referredBy: 'wang.li', reviewCode: null } },
    });
  });

  it('takes the county asked for when the facts name none, and refuses without one', () => {
    const undecided = { state: 'in_progress' as const, reasonCode: 'MANUAL_REVIEW', facts: { input, reviewCode: 'HUKOU_MISSING' as const } };
    expect(referralOf(undecided, { countyCode: '210203', referredBy: 'wang.li' })).toMatchObject({ ok: true, change: { facts: { forwardedTo: '210203' } } });
    expect(referralOf(undecided, { countyCode: null, referredBy: 'wang.li' })).toMatchObject({ ok: false, code: 'REFERRAL_COUNTY_REQUIRED' });
  });

  it('refuses an item that is not in manual review', () => {
    expect(referralOf({ state: 'done', reasonCode: null, facts: { input } }, { countyCode: '210202', referredBy: 'wang.li' })).toMatchObject({ ok: false, code: 'REFERRAL_NOT_APPLICABLE' });
    expect(referralOf({ state: 'awaiting_applicant', reasonCode: 'NEWBORN_SEX_REQUIRED', facts: { input } }, { countyCode: '210202', referredBy: 'wang.li' })).toMatchObject({ ok: false });
  });
});
