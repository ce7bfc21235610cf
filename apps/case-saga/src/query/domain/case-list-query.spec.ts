import { cursorAfter, filterSql, parseCaseListQuery, parseStatsQuery } from './case-list-query';

describe('the case list query', () => {
  it('defaults: no filters, 50 a page, from the newest', () => {
    expect(parseCaseListQuery({})).toEqual({ ok: true, value: { filters: {}, limit: 50, afterSeq: null } });
  });

  it('reads every filter', () => {
    const parsed = parseCaseListQuery({ region: '210200', state: 'open', hospital: 'H210202001', from: '2026-03-01', to: '2026-03-31', atRisk: 'true', breached: 'false', limit: '10' });
    expect(parsed).toEqual({
      ok: true,
      value: { filters: { region: '210200', state: 'open', hospital: 'H210202001', from: '2026-03-01', to: '2026-03-31', atRisk: true, breached: false }, limit: 10, afterSeq: null },
    });
  });

  it('refuses each bad parameter with its field and code', () => {
    const parsed = parseCaseListQuery({ region: '2102', state: 'closed', from: '2026-02-30', atRisk: 'yes', limit: '500', colour: 'red' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      'colour:UNKNOWN_PARAMETER',
      'region:INVALID_REGION',
      'state:INVALID_STATE',
      'from:INVALID_DATE',
      'atRisk:INVALID_FLAG',
      'limit:INVALID_LIMIT',
    ]);
    expect(parsed.errors[0]!.message.zh).toBeTruthy();
  });

  it('refuses a reversed date range and a repeated parameter', () => {
    const parsed = parseCaseListQuery({ from: '2026-03-02', to: '2026-03-01', state: ['open', 'voided'] });
    expect(parsed.ok ? [] : parsed.errors.map((e) => `${e.field}:${e.code}`)).toEqual(['state:REPEATED_PARAMETER', 'to:DATE_RANGE_REVERSED']);
  });

  it('continues from a cursor it gave, only with the same filters', () => {
    const cursor = cursorAfter('1234', { state: 'open' });
    expect(parseCaseListQuery({ state: 'open', cursor })).toEqual({ ok: true, value: { filters: { state: 'open' }, limit: 50, afterSeq: '1234' } });
    const other = parseCaseListQuery({ state: 'voided', cursor });
    expect(other.ok ? null : other.errors[0]!.code).toBe('CURSOR_FILTER_MISMATCH');
    const forged = parseCaseListQuery({ cursor: Buffer.from('{"v":1,"s":"1; DROP"}').toString('base64url') });
    expect(forged.ok ? null : forged.errors[0]!.code).toBe('INVALID_CURSOR');
    const garbage = parseCaseListQuery({ cursor: '!!!' });
    expect(garbage.ok ? null : garbage.errors[0]!.code).toBe('INVALID_CURSOR');
  });

  it('stats take region, hospital and dates only', () => {
    expect(parseStatsQuery({ region: '210202' })).toEqual({ ok: true, value: { region: '210202' } });
    const parsed = parseStatsQuery({ state: 'open' });
    expect(parsed.ok ? null : parsed.errors[0]).toMatchObject({ field: 'state', code: 'UNKNOWN_PARAMETER' });
  });

  it('a prefecture or province code matches its counties; a county matches itself', () => {
    expect(filterSql({ region: '210202' })).toEqual({ where: ['c.region_code = $1'], params: ['210202'] });
    expect(filterSql({ region: '210200' })).toEqual({ where: ['left(c.region_code, 4) = $1'], params: ['2102'] });
    expect(filterSql({ region: '210000' }, 3)).toEqual({ where: ['left(c.region_code, 2) = $3'], params: ['21'] });
  });

  it('several regions, comma-separated (a clerk serving more than one), match any of them; more than 20 or a bad code is refused', () => {
    expect(parseCaseListQuery({ region: '210200,330602' })).toMatchObject({ ok: true, value: { filters: { region: '210200,330602' } } });
    expect(filterSql({ region: '210200,330602' })).toEqual({ where: ['(left(c.region_code, 4) = $1 OR c.region_code = $2)'], params: ['2102', '330602'] });
    expect(parseCaseListQuery({ region: '210200,33' })).toMatchObject({ ok: false, errors: [{ field: 'region', code: 'INVALID_REGION' }] });
    expect(parseCaseListQuery({ region: Array.from({ length: 21 }, () => '210200').join(',') })).toMatchObject({ ok: false, errors: [{ code: 'INVALID_REGION' }] });
  });

  it('dates are China dates, the end inclusive', () => {
    expect(filterSql({ from: '2026-03-01', to: '2026-03-31', atRisk: false, breached: true })).toEqual({
      where: [
        "c.accepted_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')",
        "c.accepted_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')",
        'NOT c.at_risk',
        'c.breached',
      ],
      params: ['2026-03-01', '2026-03-31'],
    });
  });
});
