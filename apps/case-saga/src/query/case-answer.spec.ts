import type { StepClockView } from '../ports/step-clock-port';
import type { CaseRow } from '../cases/case-store';
import { unreportedStep, type Step } from '../cases/domain/step';
import { caseAnswerOf, caseSummaryOf } from './case-answer';

const row: CaseRow = {
  caseId: 'c0ffee00-0000-4000-8000-000000000001',
  seq: '7',
  caseNumber: '210202-20261016-000042-5',
  hospitalId: 'H210202001',
  regionCode: '210202',
  deliveryId: 'D-1',
  items: ['household-registration', 'medical-insurance'],
  state: 'open',
  acceptedAt: '2026-10-16T01:05:12.345Z',
  voidedAt: null,
  completedAt: null,
  atRisk: false,
  breached: false,
};
const step = (over: Partial<Step>): Step => ({ ...unreportedStep('household-registration', row.acceptedAt), lastChange: 'opened', ...over });
const clock = (over: Partial<StepClockView>): StepClockView => ({
  caseId: row.caseId,
  item: 'household-registration',
  startedAt: '2026-10-16T01:05:12.345Z',
  deadline: '2026-10-23T16:00:00.000Z',
  provisional: false,
  pausedWorkingDays: 0,
  pauses: [],
  atRisk: false,
  breachedAt: null,
  ...over,
});

describe('the case as the query API answers it', () => {
  it('joins each step with its clock; the deadline in China time', () => {
    const answer = caseAnswerOf(row, [step({ state: 'in_progress' })], [clock({ pausedWorkingDays: 1, pauses: [{ from: '2026-10-19T02:00:00.000Z', to: '2026-10-20T02:00:00.000Z', reason: 'newborn-sex' }] })], [], []);
    expect(answer.steps[0]).toMatchObject({
      item: 'household-registration',
      state: 'in_progress',
      startedAt: '2026-10-16T01:05:12.345Z',
      deadline: '2026-10-24T00:00:00+08:00',
      pausedWorkingDays: 1,
      pauses: [{ from: '2026-10-19T02:00:00.000Z', to: '2026-10-20T02:00:00.000Z', reason: 'newborn-sex' }],
      responsibleDepartment: 'household-registration',
      compensation: null,
    });
  });

  it('a step without a clock yet: no deadline, started when its prerequisites were met (none)', () => {
    expect(caseAnswerOf(row, [unreportedStep('medical-insurance', row.acceptedAt)], [], [], []).steps[0]).toMatchObject({ startedAt: null, deadline: null, provisional: false, atRisk: false, breachedAt: null });
  });

  it('is at risk only while an open step in progress is at risk', () => {
    expect(caseAnswerOf(row, [step({ state: 'in_progress' })], [clock({ atRisk: true })], [], []).atRisk).toBe(true);
    expect(caseAnswerOf(row, [step({ state: 'awaiting_applicant' })], [clock({ atRisk: true })], [], []).atRisk).toBe(false);
    expect(caseAnswerOf({ ...row, state: 'completed' }, [step({ state: 'done' })], [clock({ atRisk: true })], [], []).atRisk).toBe(false);
  });

  it('stays breached once a step breached, after it completes', () => {
    const answer = caseAnswerOf({ ...row, state: 'completed' }, [step({ state: 'done' })], [clock({ breachedAt: '2026-10-24T00:00:00.000Z' })], [], []);
    expect(answer).toMatchObject({ breached: true, atRisk: false });
    expect(answer.steps[0]!.breachedAt).toBe('2026-10-24T00:00:00.000Z');
  });

  it('a voided case shows each step\'s compensation, pending until confirmed', () => {
    const voided = { ...row, state: 'voided' as const, voidedAt: '2026-10-17T00:00:00.000Z' };
    const answer = caseAnswerOf(voided, [step({ state: 'in_progress' }), step({ item: 'medical-insurance', state: 'revoked', compensatedAt: '2026-10-17T01:00:00.000Z' })], [], [], []);
    expect(answer.steps.map((s) => s.compensation)).toEqual(['pending', 'confirmed']);
  });

  it('a list summary: the row\'s flags and each step\'s state and wait', () => {
    expect(caseSummaryOf({ ...row, atRisk: true }, [step({ state: 'waiting', waitingFor: ['birth-certificate'] })])).toEqual({
      caseId: row.caseId,
      caseNumber: row.caseNumber,
      state: 'open',
      atRisk: true,
      breached: false,
      hospitalId: 'H210202001',
      regionCode: '210202',
      acceptedAt: '2026-10-16T01:05:12.345Z',
      steps: [{ item: 'household-registration', state: 'waiting', waitingFor: ['birth-certificate'] }],
    });
  });
});
