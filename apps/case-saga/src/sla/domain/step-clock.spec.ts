import { Calendar, loadYearFiles } from '@birth/calendar';
import type { StepSnapshot } from '../../ports/step-clock-port';
import { allowanceStep, YEAR_2027 } from '../test/sla-fixtures';
import { atRiskWindow, clockOf, pausedWorkingDays, workingDaysLeft } from './step-clock';
import { planStepChange, type PlanContext, type StepClockRecord } from './step-plan';

const calendar = new Calendar(loadYearFiles());
const at = (text: string) => new Date(text);

describe('clockOf: a step deadline on the working-day calendar (DOMAIN.md §8)', () => {
  it('the allowance: 10 working days from a Monday morning ends at 24:00 of the second Monday after; at risk from the end of working day 8', () => {
    const clock = clockOf(calendar, { startedAt: at('2026-03-02T09:00:00+08:00'), targetWorkingDays: 10, pauses: [], atRiskWorkingDays: 2 });
    expect(clock).toEqual({
      deadline: at('2026-03-17T00:00:00+08:00'),
      lastWorkingDay: '2026-03-16',
      pausedWorkingDays: 0,
      atRiskAt: at('2026-03-13T00:00:00+08:00'),
      provisional: false,
      calendarVersion: '2026.1',
    });
  });

  it('across the Spring Festival 2026: the make-up Saturday counts, the nine holidays do not', () => {
    // Thu 12 Feb: Fri 13 (1), Sat 14 make-up (2), 15–23 rest, Tue 24 (3), Wed 25 (4), Thu 26 (5).
    const clock = clockOf(calendar, { startedAt: at('2026-02-12T10:00:00+08:00'), targetWorkingDays: 5, pauses: [], atRiskWorkingDays: 2 });
    expect(clock.lastWorkingDay).toBe('2026-02-26');
    expect(clock.deadline).toEqual(at('2026-02-27T00:00:00+08:00'));
    // At risk from the end of working day 3 (Tue 24 Feb).
    expect(clock.atRiskAt).toEqual(at('2026-02-25T00:00:00+08:00'));
  });

  it('a start late in the evening in Beijing counts from its China date, not its UTC date', () => {
    // 2026-03-06T23:30+08:00 is Friday in China (15:30 UTC Friday), so Monday 9 Mar is working day 1.
    expect(clockOf(calendar, { startedAt: at('2026-03-06T15:30:00Z'), targetWorkingDays: 1, pauses: [], atRiskWorkingDays: 2 }).lastWorkingDay).toBe('2026-03-09');
    // 2026-03-06T16:30Z is Saturday 00:30 in China: Monday is still working day 1.
    expect(clockOf(calendar, { startedAt: at('2026-03-06T16:30:00Z'), targetWorkingDays: 1, pauses: [], atRiskWorkingDays: 2 }).lastWorkingDay).toBe('2026-03-09');
  });

  it('a pause moves the deadline by exactly the working days it covers (dates after its start, up to its end)', () => {
    const pause = { from: '2026-03-04T10:00:00+08:00', to: '2026-03-09T15:00:00+08:00', reason: 'BANK_ACCOUNT_REJECTED' };
    // Thu 5, Fri 6, Mon 9: 3 working days (the weekend is not one).
    expect(pausedWorkingDays(calendar, pause)).toEqual({ workingDays: 3, provisional: false });
    const clock = clockOf(calendar, { startedAt: at('2026-03-02T09:00:00+08:00'), targetWorkingDays: 10, pauses: [pause], atRiskWorkingDays: 2 });
    expect(clock.pausedWorkingDays).toBe(3);
    expect(clock.lastWorkingDay).toBe('2026-03-19');
    expect(clock.deadline).toEqual(at('2026-03-20T00:00:00+08:00'));
    // A pause still open moves nothing yet; a pause within one China date covers no working day.
    expect(pausedWorkingDays(calendar, { ...pause, to: null }).workingDays).toBe(0);
    expect(pausedWorkingDays(calendar, { ...pause, to: '2026-03-04T18:00:00+08:00' }).workingDays).toBe(0);
  });

  it('a pause over the National Day holidays covers only working days (make-up Saturday 10 Oct included)', () => {
    // After Tue 29 Sep up to Mon 12 Oct: Wed 30 Sep (1), 1–7 Oct rest, Thu 8 (2), Fri 9 (3), Sat 10 make-up (4), Mon 12 (5).
    expect(pausedWorkingDays(calendar, { from: '2026-09-29T12:00:00+08:00', to: '2026-10-12T12:00:00+08:00', reason: 'NAME' }).workingDays).toBe(5);
  });

  it('the at-risk window is the configured number of last working days, only the last one for a target of 2 or less', () => {
    expect(atRiskWindow(10, 2)).toBe(2);
    expect(atRiskWindow(5, 3)).toBe(3);
    expect(atRiskWindow(2, 2)).toBe(1);
    expect(atRiskWindow(1, 2)).toBe(1);
    // The certificate (1 working day) accepted on Friday evening: at risk from the end of Friday (one working day left), due Monday 24:00.
    const certificate = clockOf(calendar, { startedAt: at('2026-03-06T20:00:00+08:00'), targetWorkingDays: 1, pauses: [], atRiskWorkingDays: 2 });
    expect(certificate.atRiskAt).toEqual(at('2026-03-07T00:00:00+08:00'));
    expect(certificate.deadline).toEqual(at('2026-03-10T00:00:00+08:00'));
  });

  it('working days left count today when it is a working day, and stop at 0', () => {
    expect(workingDaysLeft(calendar, at('2026-03-13T00:00:00+08:00'), '2026-03-16')).toBe(2); // Fri 13 and Mon 16
    expect(workingDaysLeft(calendar, at('2026-03-14T12:00:00+08:00'), '2026-03-16')).toBe(1); // Saturday: Mon 16 only
    expect(workingDaysLeft(calendar, at('2026-03-16T23:00:00+08:00'), '2026-03-16')).toBe(1);
    expect(workingDaysLeft(calendar, at('2026-03-17T00:00:00+08:00'), '2026-03-16')).toBe(0);
  });

  it('a deadline reaching into a year with no data is provisional (weekends only) until the year is loaded', () => {
    const own = new Calendar(loadYearFiles());
    const input = { startedAt: at('2026-12-24T09:00:00+08:00'), targetWorkingDays: 10, pauses: [], atRiskWorkingDays: 2 };
    // Fri 25 (1), Mon 28–Thu 31 (2–5), Fri 1 Jan 2027 counted as a weekday (6), Mon 4–Thu 7 (7–10).
    expect(clockOf(own, input)).toMatchObject({ lastWorkingDay: '2027-01-07', provisional: true, calendarVersion: '2026.1+2027.none' });
    own.accept(YEAR_2027);
    // 1 Jan 2027 rests: Mon 4–Fri 8 are 6–10.
    expect(clockOf(own, input)).toMatchObject({ lastWorkingDay: '2027-01-08', provisional: false, calendarVersion: '2026.1+2027.1' });
  });
});

describe('planStepChange: what a step change does to its clock and timers', () => {
  const context: PlanContext = { calendar, targetOf: () => 10, atRiskWorkingDays: 2 };
  const caseId = '6f1c1c47-9d4e-4a53-9a0b-3a1f3f1c0c01';
  const apply = (before: StepClockRecord | null, change: Partial<StepSnapshot>) => planStepChange(before, allowanceStep({ caseId, ...change }), context);

  it('a waiting step has no clock; its prerequisites start it and schedule at-risk, breach and stuck', () => {
    const waiting = apply(null, { state: 'waiting', waitingFor: ['birth-certificate'], prerequisitesMetAt: null })!;
    expect(waiting.record).toMatchObject({ startedAt: null, deadline: null, targetWorkingDays: null });
    expect(waiting).toMatchObject({ atRisk: 'cancel', breach: 'cancel', stuck: 'cancel' });
    const started = apply(waiting.record, { changedAt: '2026-03-02T10:00:00+08:00' })!;
    expect(started.record).toMatchObject({ startedAt: '2026-03-02T09:00:00+08:00', targetWorkingDays: 10, deadline: '2026-03-16T16:00:00.000Z', provisional: false });
    expect(started.atRisk).toEqual({ dueAt: at('2026-03-13T00:00:00+08:00') });
    expect(started.breach).toEqual({ dueAt: at('2026-03-17T00:00:00+08:00') });
    expect(started.stuck).toBe('rearm');
  });

  it('awaiting the applicant pauses (no at-risk, no breach, no stuck); moving on resumes with the deadline moved by the paused working days', () => {
    const running = apply(null, {})!.record;
    const paused = apply(running, { state: 'awaiting_applicant', waitingFor: ['bank-account'], reasonCode: 'ACCOUNT_CLOSED', changedAt: '2026-03-04T10:00:00+08:00' })!;
    expect(paused.record.pauses).toEqual([{ from: '2026-03-04T10:00:00+08:00', to: null, reason: 'ACCOUNT_CLOSED' }]);
    expect(paused).toMatchObject({ atRisk: 'cancel', breach: 'cancel', stuck: 'cancel' });
    const resumed = apply(paused.record, { state: 'in_progress', changedAt: '2026-03-09T15:00:00+08:00' })!;
    expect(resumed.record.pauses).toEqual([{ from: '2026-03-04T10:00:00+08:00', to: '2026-03-09T15:00:00+08:00', reason: 'ACCOUNT_CLOSED' }]);
    expect(resumed.record.pausedWorkingDays).toBe(3);
    expect(resumed.breach).toEqual({ dueAt: at('2026-03-20T00:00:00+08:00') });
  });

  it('an older change than the one applied changes nothing; the same change again does not re-arm the stuck timer', () => {
    const latest = apply(null, { changedAt: '2026-03-03T09:00:00+08:00' })!.record;
    expect(apply(latest, { state: 'waiting', changedAt: '2026-03-02T09:00:00+08:00' })).toBeNull();
    expect(apply(latest, { changedAt: '2026-03-03T09:00:00+08:00' })!.stuck).toBe('keep');
  });

  it('done stops the clock and clears at-risk, but a breach stays', () => {
    const breached: StepClockRecord = { ...apply(null, {})!.record, atRisk: true, breachedAt: '2026-03-16T16:00:00.000Z' };
    const done = apply(breached, { state: 'done', changedAt: '2026-03-18T10:00:00+08:00' })!;
    expect(done.record).toMatchObject({ atRisk: false, breachedAt: '2026-03-16T16:00:00.000Z', state: 'done' });
    expect(done).toMatchObject({ atRisk: 'cancel', breach: 'cancel', stuck: 'cancel', compensationSettled: false });
  });

  it('after a void, revoked settles the compensation; a provisional deadline asks for one escalation', () => {
    const voided: StepClockRecord = { ...apply(null, {})!.record, voidedAt: '2026-03-03T09:00:00+08:00' };
    expect(apply(voided, { state: 'revoked', changedAt: '2026-03-03T10:00:00+08:00' })!).toMatchObject({ compensationSettled: true, breach: 'cancel' });
    const provisional = apply(null, { prerequisitesMetAt: '2026-12-24T09:00:00+08:00', changedAt: '2026-12-24T09:00:00+08:00' })!;
    expect(provisional).toMatchObject({ escalateProvisional: true, record: { provisional: true } });
    const escalated = { ...provisional.record, provisionalEscalated: true };
    expect(apply(escalated, { changedAt: '2026-12-28T09:00:00+08:00' })!.escalateProvisional).toBe(false);
  });
});
