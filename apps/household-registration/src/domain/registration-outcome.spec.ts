import type { RegistrationStep } from './registration-decision';
import { changeFor, type RegistrationFacts } from './registration-outcome';

const facts: RegistrationFacts = {
  input: { sexCode: '1', bornAt: '2026-03-01T16:30:00Z', hukouParent: 'mother', motherHukouRegionCode: '210202' },
  certificateIssuedAt: '2026-03-02T01:00:00.000Z',
};
const AT = '2026-03-02T02:00:00.000Z';
const numberStep: RegistrationStep = { kind: 'number', key: { countyCode: '210202', chinaBirthDate: '2026-03-02', sex: 'male' }, ruleVersion: '1' };

describe('changeFor: the item change of each step', () => {
  it('registers (done) with the number, the county and the registration instant; the clock started at the certificate', () => {
    expect(changeFor(numberStep, facts, { kind: 'allocated', citizenIdNumber: '210202202603020011', countyCode: '210202' }, AT)).toEqual({
      change: 'registered',
      state: 'done',
      prerequisitesMetAt: facts.certificateIssuedAt,
      ruleVersion: '1',
      facts: { reviewCode: null, citizenIdNumber: '210202202603020011', registrationRegionCode: '210202', forwardedTo: null, registeredAt: AT },
    });
  });

  it('keeps the first registration instant when the same number is registered again after a review', () => {
    const change = changeFor(numberStep, { ...facts, registeredAt: '2026-03-02T01:30:00.000Z' }, { kind: 'allocated', citizenIdNumber: '210202202603020011', countyCode: '210202' }, AT);
    expect(change.facts?.registeredAt).toBe('2026-03-02T01:30:00.000Z');
  });

  it('sends exhausted sequences to manual review with the allocator’s reason', () => {
    const reason = { zh: '已用完', en: 'used up' };
    expect(changeFor(numberStep, facts, { kind: 'exhausted', reason }, AT)).toEqual({
      change: 'in-progress',
      state: 'in_progress',
      reasonCode: 'MANUAL_REVIEW',
      reason,
      prerequisitesMetAt: facts.certificateIssuedAt,
      ruleVersion: '1',
      // The county of the exhausted sequence: where a clerk may refer the case.
      facts: { reviewCode: 'SEQUENCES_EXHAUSTED', registrationRegionCode: numberStep.key.countyCode },
    });
  });

  it('forwards with the target county', () => {
    expect(changeFor({ kind: 'forward', countyCode: '440106', ruleVersion: '1' }, facts, undefined, AT)).toMatchObject({
      change: 'forwarded',
      state: 'forwarded',
      facts: { forwardedTo: '440106', registrationRegionCode: '440106' },
    });
  });

  it('waits for the applicant’s sex with a reason the clerk reads', () => {
    expect(changeFor({ kind: 'await-sex', countyCode: '210202', ruleVersion: '1' }, facts, undefined, AT)).toMatchObject({
      change: 'awaiting-applicant',
      state: 'awaiting_applicant',
      waitingFor: ['newborn-sex'],
      reasonCode: 'NEWBORN_SEX_REQUIRED',
    });
  });

  it('waits for the certificate with no clock', () => {
    expect(changeFor({ kind: 'wait-certificate' }, { input: facts.input }, undefined, AT)).toEqual({ change: 'waiting', state: 'waiting', waitingFor: ['birth-certificate'], facts: { reviewCode: null } });
  });

  it('refuses a number step without its allocation (a programming error)', () => {
    expect(() => changeFor(numberStep, facts, undefined, AT)).toThrow(/allocation/);
  });
});
