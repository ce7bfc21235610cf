import { parseDeadlineQuery } from './deadline-query';

const codes = (query: Record<string, unknown>) => {
  const check = parseDeadlineQuery(query);
  return check.ok ? [] : check.errors.map((e) => `${e.field} ${e.code}`);
};

describe('the deadline query (GET /api/v1/calendar/deadline)', () => {
  it('takes an instant with its offset and a whole number of working days', () => {
    expect(parseDeadlineQuery({ start: '2026-09-18T17:00:00+08:00', workingDays: '10' })).toEqual({
      ok: true,
      value: { start: new Date('2026-09-18T09:00:00Z'), workingDays: 10 },
    });
    for (const start of ['2026-09-18T09:00Z', '2026-09-18T09:00:00.123456789Z', '2026-09-18T01:00:00-08:00']) {
      expect(parseDeadlineQuery({ start, workingDays: '1' }).ok).toBe(true);
    }
    expect(parseDeadlineQuery({ start: '2026-01-01T00:00:00Z', workingDays: '365' })).toMatchObject({ ok: true, value: { workingDays: 365 } });
  });

  it('reports every problem at once, with its field and code', () => {
    expect(codes({})).toEqual(['start CALENDAR_START_REQUIRED', 'workingDays CALENDAR_WORKING_DAYS_REQUIRED']);
    expect(codes({ start: '', workingDays: '' })).toEqual(['start CALENDAR_START_REQUIRED', 'workingDays CALENDAR_WORKING_DAYS_REQUIRED']);
    expect(codes({ start: 'tomorrow', workingDays: '0' })).toEqual(['start CALENDAR_START_INVALID', 'workingDays CALENDAR_WORKING_DAYS_INVALID']);
  });

  it('refuses a start without an offset, or that is no real instant', () => {
    for (const start of [
      '2026-09-18',
      '2026-09-18T17:00:00',
      '2026-02-30T10:00:00+08:00',
      '2026-09-18T24:00:00+08:00',
      '2026-09-18T17:60:00+08:00',
      '2026-09-18T17:00:00+25:00',
      '1969-12-31T23:59:59Z',
      '9998-01-01T00:00:00Z',
      ' 2026-09-18T17:00:00Z',
      '2026-09-18T17:00:00z',
      '1758186000000',
    ]) {
      expect([start, codes({ start, workingDays: '1' })]).toEqual([start, ['start CALENDAR_START_INVALID']]);
    }
    expect(codes({ start: ['2026-09-18T17:00:00Z', '2026-09-19T17:00:00Z'], workingDays: '1' })).toEqual(['start CALENDAR_START_INVALID']);
  });

  it('refuses working days that are not a whole number from 1 to 365', () => {
    for (const workingDays of ['0', '366', '1000', '-1', '1.5', '1e2', '+5', ' 5', '0x10', 'ten', ['5', '6']]) {
      expect([workingDays, codes({ start: '2026-09-18T17:00:00Z', workingDays })]).toEqual([workingDays, ['workingDays CALENDAR_WORKING_DAYS_INVALID']]);
    }
  });

  it("names the limits in the message, never the value sent", () => {
    const check = parseDeadlineQuery({ start: '<script>', workingDays: '777' });
    expect(check.ok).toBe(false);
    const text = JSON.stringify(check);
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('777');
    expect(text).toContain('365');
  });
});
