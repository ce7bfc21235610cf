import { caseProgressOf } from './case-progress';

describe('a case\'s progress as a hospital sees it', () => {
  it('keeps states, waits and deadlines, and drops everything else the saga answers', () => {
    const saga = {
      caseId: 'c0ffee00-0000-4000-8000-000000000001',
      caseNumber: '210202-20261016-000042-5',
      state: 'open',
      atRisk: true,
      breached: false,
      hospitalId: 'H210202001',
      timeline: [{ at: '2026-10-16T01:05:12.345Z', type: 'case-opened', cause: 'birth.registered' }],
      notifications: [{ event: 'step-awaiting-applicant' }],
      steps: [
        {
          item: 'birth-certificate',
          state: 'awaiting_applicant',
          waitingFor: ['newborn-name'],
          reasonCode: 'NEWBORN_NAME_REQUIRED',
          reason: { zh: '请补充新生儿姓名', en: 'The newborn\'s name is needed' },
          deadline: '2026-10-20T00:00:00+08:00',
          pauses: [{ from: '2026-10-16T01:05:12.345Z', to: null, reason: 'newborn-name' }],
          claimId: null,
        },
        { item: 'maternity-allowance', state: 'waiting', waitingFor: ['birth-certificate'], deadline: null, claimId: 'c1a1' },
      ],
    };
    expect(caseProgressOf(saga)).toEqual({
      state: 'open',
      atRisk: true,
      breached: false,
      steps: [
        { item: 'birth-certificate', state: 'awaiting_applicant', waitingFor: ['newborn-name'], deadline: '2026-10-20T00:00:00+08:00' },
        { item: 'maternity-allowance', state: 'waiting', waitingFor: ['birth-certificate'], deadline: null },
      ],
    });
  });
});
