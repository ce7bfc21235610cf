import { PolicyLookupError, rulesFor } from '@birth/policy';
import { nextStep, reviewAfterNumber, sameInput, type RegistrationInput } from './registration-decision';

const version = String(rulesFor('210202', '2026-03-01').version);

/** A boy born at 00:30 in Beijing on 2 March 2026 (16:30Z on 1 March), joining his mother's hukou in Dalian 中山区. */
function input(overrides: Partial<RegistrationInput> = {}): RegistrationInput {
  return { sexCode: '1', bornAt: '2026-03-01T16:30:00Z', hukouParent: 'mother', motherHukouRegionCode: '210202', ...overrides };
}

describe('nextStep: what household registration does next', () => {
  it('waits for the certificate before anything else, whatever the facts', () => {
    expect(nextStep(input({ sexCode: '0', motherHukouRegionCode: undefined }), false)).toEqual({ kind: 'wait-certificate' });
  });

  it('allocates a number in the chosen parent’s served county for the China date of birth', () => {
    expect(nextStep(input(), true)).toEqual({ kind: 'number', key: { countyCode: '210202', chinaBirthDate: '2026-03-02', sex: 'male' }, ruleVersion: version });
  });

  it('numbers a girl as female, from the father’s hukou when the family chose him', () => {
    const step = nextStep(input({ sexCode: '2', hukouParent: 'father', fatherHukouRegionCode: '610302' }), true);
    expect(step).toMatchObject({ kind: 'number', key: { countyCode: '610302', sex: 'female' } });
  });

  it('registers in the Changchun settlement county the family named', () => {
    expect(nextStep(input({ motherHukouRegionCode: '440106', settlementRegionCode: '220183' }), true)).toMatchObject({ kind: 'number', key: { countyCode: '220183' } });
  });

  it('forwards a county outside the served prefectures, whatever the sex (the other office numbers)', () => {
    expect(nextStep(input({ motherHukouRegionCode: '440106', sexCode: '9' }), true)).toEqual({ kind: 'forward', countyCode: '440106', ruleVersion: expect.any(String) });
  });

  it.each(['0', '9'])('waits for the applicant on sex %s in a served county', (sexCode) => {
    expect(nextStep(input({ sexCode }), true)).toEqual({ kind: 'await-sex', countyCode: '210202', ruleVersion: version });
  });

  it('sends an undecidable place to review with the place’s code and reason', () => {
    const step = nextStep(input({ motherHukouRegionCode: undefined }), true);
    expect(step).toMatchObject({ kind: 'review', code: 'HUKOU_MISSING', ruleVersion: null });
    expect(step.kind === 'review' && step.reason.en).toMatch(/hukou region code is missing/);
  });

  it('asks the lookup it is given (the service’s own rules)', () => {
    const lookup = jest.fn(() => {
      throw new PolicyLookupError('REGION_UNKNOWN', 'no such region');
    });
    expect(nextStep(input({ motherHukouRegionCode: '440106', settlementRegionCode: '220183' }), true, lookup)).toMatchObject({ kind: 'review', code: 'SETTLEMENT_NOT_ALLOWED' });
    expect(lookup).toHaveBeenCalledWith('220183', '2026-03-02');
  });
});

describe('reviewAfterNumber: a number is never changed silently', () => {
  const assigned = { countyCode: '210202', chinaBirthDate: '2026-03-02', sex: 'male' as const, citizenIdNumber: '210202202603020011' };

  it('lets the number stand when the step names the same county, date and sex', () => {
    expect(reviewAfterNumber(assigned, nextStep(input(), true))).toBeUndefined();
  });

  it('sends a corrected sex to manual review', () => {
    expect(reviewAfterNumber(assigned, nextStep(input({ sexCode: '2' }), true))).toMatchObject({ kind: 'review', code: 'SEX_CORRECTED_AFTER_NUMBER', ruleVersion: version });
    expect(reviewAfterNumber(assigned, nextStep(input({ sexCode: '9' }), true))).toMatchObject({ kind: 'review', code: 'SEX_CORRECTED_AFTER_NUMBER' });
  });

  it('sends a corrected registration place to manual review too', () => {
    expect(reviewAfterNumber(assigned, nextStep(input({ motherHukouRegionCode: '610302' }), true))).toMatchObject({ kind: 'review', code: 'FACTS_CORRECTED_AFTER_NUMBER' });
    expect(reviewAfterNumber(assigned, nextStep(input({ motherHukouRegionCode: '440106' }), true))).toMatchObject({ kind: 'review', code: 'FACTS_CORRECTED_AFTER_NUMBER' });
  });
});

describe('sameInput', () => {
  it('compares only the facts the item uses', () => {
    expect(sameInput(input(), input())).toBe(true);
    expect(sameInput(input(), input({ sexCode: '2' }))).toBe(false);
    expect(sameInput(input(), input({ settlementRegionCode: '220183' }))).toBe(false);
  });
});
