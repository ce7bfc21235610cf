import { sharedCalendar } from '@birth/calendar';
import { casePageOf, linkedCasesOf, summaryOf, type SagaCase, type SagaStep } from './case-page';

const count = (from: Date, to: Date) => sharedCalendar().workingDaysBetween(from, to);
const step = (overrides: Partial<SagaStep>): SagaStep => ({
  item: 'social-security-card',
  state: 'waiting',
  waitingFor: ['citizen-id-number', 'insurance-outcome'],
  reasonCode: null,
  reason: null,
  lastChange: null,
  changedAt: '2026-11-30T08:00:00.000Z',
  startedAt: null,
  deadline: null,
  provisional: false,
  pausedWorkingDays: 0,
  pauses: [],
  atRisk: false,
  breachedAt: null,
  claimId: null,
  ...overrides,
});
const saga: SagaCase = {
  caseId: 'c1',
  caseNumber: '210202-20261130-000001-3',
  state: 'open',
  atRisk: false,
  breached: false,
  hospitalId: 'H1',
  regionCode: '210202',
  acceptedAt: '2026-11-30T08:00:00.000Z',
  completedAt: null,
  voidedAt: null,
  steps: [
    step({}),
    step({ item: 'household-registration', state: 'in_progress', waitingFor: [], deadline: '2026-12-08T00:00:00+08:00', startedAt: '2026-11-30T09:00:00.000Z' }),
    step({ item: 'birth-certificate', state: 'done', waitingFor: [], deadline: '2026-12-02T00:00:00+08:00' }),
  ],
  timeline: [{ at: '2026-11-30T08:00:00.000Z', type: 'opened', cause: 'birth.registered.v1' }],
};

describe('a case page', () => {
  const page = casePageOf({ saga, intake: null, allowance: null, citizenIdNumber: null, linkedCases: [], notes: [], unavailable: [] }, new Date('2026-12-01T10:00:00+08:00'), count);

  it('says each step\'s waits in words and its department', () => {
    expect(page.steps[0]).toMatchObject({
      department: 'social-security-card',
      waitingText: [
        { zh: '等待户口登记的公民身份号码', en: 'waiting for the citizen ID number from household registration' },
        { zh: '等待医保参保结果', en: 'waiting for the medical insurance outcome' },
      ],
      remainingWorkingDays: null,
    });
  });

  it('counts working days left on a running step only', () => {
    // Tuesday 12-01 to the end of Monday 12-07: Wed, Thu, Fri, Mon.
    expect(page.steps[1]!.remainingWorkingDays).toBe(4);
    expect(page.steps[2]!.remainingWorkingDays).toBeNull(); // done
    expect(page.family).toBeNull();
  });

  it('links twins\' cases from the delivery and the claim once each, without the case itself', () => {
    expect(linkedCasesOf('c1', [{ caseId: 'c2', caseNumber: 'n2' }], ['c1', 'c2', 'c3'])).toEqual([
      { caseId: 'c2', caseNumber: 'n2' },
      { caseId: 'c3', caseNumber: null },
    ]);
  });

  it('makes a list row of a whole case, passing nothing through unpicked', () => {
    const row = summaryOf({ ...saga, secret: 'x' } as SagaCase);
    expect(Object.keys(row)).toEqual(['caseId', 'caseNumber', 'state', 'atRisk', 'breached', 'hospitalId', 'regionCode', 'acceptedAt', 'steps']);
    expect(row.steps[0]).toEqual({ item: 'social-security-card', state: 'waiting', waitingFor: ['citizen-id-number', 'insurance-outcome'] });
  });
});
