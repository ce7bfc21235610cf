import type { Calendar } from '../src';

/**
 * Answers of the repository's calendar (2025 and 2026, from their notices), worked out by hand
 * with a printed calendar of both years. One table, run by calendar.spec.ts in jest and by
 * print-answers.ts in child processes under several TZ values (time-zone.spec.ts), so every case
 * is also a time-zone case. Instants are written with their offset; `+08:00` is Beijing time.
 */
export interface CalendarCase {
  name: string;
  run: (calendar: Calendar) => object;
  expected: object;
}

/** The end of a China date, as an instant: 24:00 China time = 00:00 +08:00 of the next day. */
const endOf = (nextDay: string) => ({ endsAt: new Date(`${nextDay}T00:00:00+08:00`), endsAtChinaTime: `${nextDay}T00:00:00+08:00` });
const exact = (calendarVersion: string) => ({ provisional: false, calendarVersion });

export const CALENDAR_CASES: CalendarCase[] = [
  // ── Spring Festival ────────────────────────────────────────────────────────────────────────
  {
    // Fri 13 Feb; Sat 14 worked (1); 15-23 rest; Tue 24-Fri 27 (2-5); Sat 28 worked (6); Sun 1 Mar rest; Mon 2-Thu 5 (7-10).
    name: '2026 Spring Festival: 10 working days from Fri 13 Feb count both make-up Saturdays',
    run: (c) => c.addWorkingDays(new Date('2026-02-13T10:00:00+08:00'), 10),
    expected: { lastWorkingDay: '2026-03-05', ...endOf('2026-03-06'), ...exact('2026.1') },
  },
  {
    // Fri 24 Jan; Sat 25 rest; Sun 26 worked (1); Mon 27 (2); 28 Jan-4 Feb rest; Wed 5-Fri 7 (3-5); Sat 8 worked (6).
    name: '2025 Spring Festival: 6 working days from Fri 24 Jan end on the make-up Saturday 8 Feb',
    run: (c) => c.addWorkingDays(new Date('2025-01-24T09:00:00+08:00'), 6),
    expected: { lastWorkingDay: '2025-02-08', ...endOf('2025-02-09'), ...exact('2025.1') },
  },
  {
    name: '2026 Spring Festival: a start on the make-up Saturday itself is not counted',
    run: (c) => c.addWorkingDays(new Date('2026-02-14T08:00:00+08:00'), 1),
    expected: { lastWorkingDay: '2026-02-24', ...endOf('2026-02-25'), ...exact('2026.1') },
  },
  // ── National Day ───────────────────────────────────────────────────────────────────────────
  {
    // Fri 18 Sep; Sat 19 rest; Sun 20 worked (1); Mon 21-Thu 24 (2-5); 25-27 Mid-Autumn; Mon 28-Wed 30 (6-8); 1-7 Oct rest; Thu 8, Fri 9 (9, 10).
    name: '2026 National Day: 10 working days from Fri 18 Sep cross Mid-Autumn and National Day',
    run: (c) => c.addWorkingDays(new Date('2026-09-18T17:00:00+08:00'), 10),
    expected: { lastWorkingDay: '2026-10-09', ...endOf('2026-10-10'), ...exact('2026.1') },
  },
  {
    name: '2026 National Day: the 11th working day is the make-up Saturday 10 Oct',
    run: (c) => c.addWorkingDays(new Date('2026-09-18T17:00:00+08:00'), 11),
    expected: { lastWorkingDay: '2026-10-10', ...endOf('2026-10-11'), ...exact('2026.1') },
  },
  {
    // Fri 26 Sep; Sat 27 rest; Sun 28 worked (1); Mon 29, Tue 30 (2, 3); 1-8 Oct rest; Thu 9, Fri 10 (4, 5); Sat 11 worked (6).
    name: '2025 National Day: 6 working days from Fri 26 Sep end on the make-up Saturday 11 Oct',
    run: (c) => c.addWorkingDays(new Date('2025-09-26T12:00:00+08:00'), 6),
    expected: { lastWorkingDay: '2025-10-11', ...endOf('2025-10-12'), ...exact('2025.1') },
  },
  // ── Starts on a holiday, late in the evening ───────────────────────────────────────────────
  {
    // Sat 3 Oct is inside the holiday; 4-7 rest; Thu 8 (1), Fri 9 (2), Sat 10 worked (3).
    name: 'a start on a holiday: 3 working days from Sat 3 Oct 2026',
    run: (c) => c.addWorkingDays(new Date('2026-10-03T09:00:00+08:00'), 3),
    expected: { lastWorkingDay: '2026-10-10', ...endOf('2026-10-11'), ...exact('2026.1') },
  },
  {
    name: 'a start at 23:30 in Beijing (15:30Z) counts from that China date: Mon 5 Jan 2026 -> Tue 6',
    run: (c) => c.addWorkingDays(new Date('2026-01-05T15:30:00Z'), 1),
    expected: { lastWorkingDay: '2026-01-06', ...endOf('2026-01-07'), ...exact('2026.1') },
  },
  {
    name: 'a start at 00:30 in Beijing (still the 5th in UTC) counts from the 6th: -> Wed 7 Jan 2026',
    run: (c) => c.addWorkingDays(new Date('2026-01-05T16:30:00Z'), 1),
    expected: { lastWorkingDay: '2026-01-07', ...endOf('2026-01-08'), ...exact('2026.1') },
  },
  // ── Year boundaries ────────────────────────────────────────────────────────────────────────
  {
    // Fri 26 Dec; weekend; Mon 29-Wed 31 (1-3); 1-3 Jan 2026 rest; Sun 4 worked (4); Mon 5 (5).
    name: '2025 -> 2026: 5 working days from Fri 26 Dec 2025 use both years',
    run: (c) => c.addWorkingDays(new Date('2025-12-26T10:00:00+08:00'), 5),
    expected: { lastWorkingDay: '2026-01-05', ...endOf('2026-01-06'), ...exact('2025.1+2026.1') },
  },
  {
    name: '2025 -> 2026: at 23:30 on 31 Dec 2025 in Beijing, the first working day is the make-up Sunday 4 Jan',
    run: (c) => c.addWorkingDays(new Date('2025-12-31T15:30:00Z'), 1),
    expected: { lastWorkingDay: '2026-01-04', ...endOf('2026-01-05'), ...exact('2026.1') },
  },
  {
    name: '2026 -> 2027: 3 working days from Mon 28 Dec 2026 stay in 2026 and are exact',
    run: (c) => c.addWorkingDays(new Date('2026-12-28T10:00:00+08:00'), 3),
    expected: { lastWorkingDay: '2026-12-31', ...endOf('2027-01-01'), ...exact('2026.1') },
  },
  {
    // Tue 29-Thu 31 (1-3); 2027 has no data: Fri 1 Jan counts as a weekday (4); weekend; Mon 4 (5).
    name: '2026 -> 2027: 5 working days from Mon 28 Dec 2026 reach 2027, which has no data: provisional',
    run: (c) => c.addWorkingDays(new Date('2026-12-28T10:00:00+08:00'), 5),
    expected: { lastWorkingDay: '2027-01-04', ...endOf('2027-01-05'), provisional: true, calendarVersion: '2026.1+2027.none' },
  },
  {
    // Tue 31 Dec 2024 (no data: a weekday, 1); 1 Jan 2025 rest; Thu 2, Fri 3 (2, 3).
    name: '2024 has no data either: a count through it is provisional',
    run: (c) => c.addWorkingDays('2024-12-30', 3),
    expected: { lastWorkingDay: '2025-01-03', ...endOf('2025-01-04'), provisional: true, calendarVersion: '2024.none+2025.1' },
  },
  // ── isWorkingDay ───────────────────────────────────────────────────────────────────────────
  {
    name: 'the make-up Sunday 4 Jan 2026 is a working day',
    run: (c) => c.isWorkingDay('2026-01-04'),
    expected: { date: '2026-01-04', workingDay: true, ...exact('2026.1') },
  },
  {
    name: 'Mon 16 Feb 2026 (Spring Festival) is a rest day',
    run: (c) => c.isWorkingDay('2026-02-16'),
    expected: { date: '2026-02-16', workingDay: false, ...exact('2026.1') },
  },
  {
    name: 'Sat 7 Mar 2026, an ordinary Saturday, is a rest day',
    run: (c) => c.isWorkingDay('2026-03-07'),
    expected: { date: '2026-03-07', workingDay: false, ...exact('2026.1') },
  },
  {
    name: '16:30Z on Wed 30 Sep 2026 is 00:30 on 1 Oct in Beijing: a rest day',
    run: (c) => c.isWorkingDay(new Date('2026-09-30T16:30:00Z')),
    expected: { date: '2026-10-01', workingDay: false, ...exact('2026.1') },
  },
  {
    name: 'Fri 1 Jan 2027 has no data: a weekday, provisionally a working day',
    run: (c) => c.isWorkingDay('2027-01-01'),
    expected: { date: '2027-01-01', workingDay: true, provisional: true, calendarVersion: '2027.none' },
  },
  // ── workingDaysBetween ─────────────────────────────────────────────────────────────────────
  {
    // (13 Feb, 25 Feb]: Sat 14 worked, 15-23 rest, Tue 24, Wed 25.
    name: 'a pause from Fri 13 Feb to Wed 25 Feb 2026 covers 3 working days',
    run: (c) => c.workingDaysBetween(new Date('2026-02-13T10:00:00+08:00'), new Date('2026-02-25T09:00:00+08:00')),
    expected: { workingDays: 3, ...exact('2026.1') },
  },
  {
    name: 'reversed, the same interval counts -3',
    run: (c) => c.workingDaysBetween(new Date('2026-02-25T09:00:00+08:00'), new Date('2026-02-13T10:00:00+08:00')),
    expected: { workingDays: -3, ...exact('2026.1') },
  },
  {
    name: 'a pause that starts and resumes on the same China date covers none',
    run: (c) => c.workingDaysBetween(new Date('2026-03-03T00:10:00+08:00'), new Date('2026-03-03T23:50:00+08:00')),
    expected: { workingDays: 0, ...exact('2026.1') },
  },
  {
    // 261 weekdays - 19 holidays on weekdays + 6 make-up days.
    name: 'all of 2026 has 248 working days',
    run: (c) => c.workingDaysBetween('2025-12-31', '2026-12-31'),
    expected: { workingDays: 248, ...exact('2026.1') },
  },
  {
    // 261 weekdays - 18 holidays on weekdays + 5 make-up days.
    name: 'all of 2025 has 248 working days',
    run: (c) => c.workingDaysBetween('2024-12-31', '2025-12-31'),
    expected: { workingDays: 248, ...exact('2025.1') },
  },
  // ── 90 calendar days (Civil Code art. 201, 203) ────────────────────────────────────────────
  {
    name: '90 days after Sun 1 Mar 2026 end on Sat 30 May, a weekend: the period ends Mon 1 Jun',
    run: (c) => c.endOfCalendarPeriod('2026-03-01', 90),
    expected: { nominalLastDay: '2026-05-30', lastDay: '2026-06-01', ...endOf('2026-06-02'), ...exact('2026.1') },
  },
  {
    name: '90 days after Tue 7 Jul 2026 end on Mon 5 Oct, a holiday: the period ends Thu 8 Oct',
    run: (c) => c.endOfCalendarPeriod('2026-07-07', 90),
    expected: { nominalLastDay: '2026-10-05', lastDay: '2026-10-08', ...endOf('2026-10-09'), ...exact('2026.1') },
  },
  {
    name: 'a birth at 00:30 on 7 Jul in Beijing (16:30Z on the 6th) counts from 7 Jul',
    run: (c) => c.endOfCalendarPeriod(new Date('2026-07-06T16:30:00Z'), 90),
    expected: { nominalLastDay: '2026-10-05', lastDay: '2026-10-08', ...endOf('2026-10-09'), ...exact('2026.1') },
  },
  {
    name: '90 days after 12 Jul 2026 end on the make-up Saturday 10 Oct, which stays',
    run: (c) => c.endOfCalendarPeriod('2026-07-12', 90),
    expected: { nominalLastDay: '2026-10-10', lastDay: '2026-10-10', ...endOf('2026-10-11'), ...exact('2026.1') },
  },
  {
    name: '90 days after 17 Nov 2025 end on 15 Feb 2026 (Spring Festival): the period ends Tue 24 Feb',
    run: (c) => c.endOfCalendarPeriod('2025-11-17', 90),
    expected: { nominalLastDay: '2026-02-15', lastDay: '2026-02-24', ...endOf('2026-02-25'), ...exact('2026.1') },
  },
  {
    name: '90 days after 15 Nov 2026 end on Sat 13 Feb 2027, a year with no data: Mon 15 Feb, provisional',
    run: (c) => c.endOfCalendarPeriod('2026-11-15', 90),
    expected: { nominalLastDay: '2027-02-13', lastDay: '2027-02-15', ...endOf('2027-02-16'), provisional: true, calendarVersion: '2027.none' },
  },
];
