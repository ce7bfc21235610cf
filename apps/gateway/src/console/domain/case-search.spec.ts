import { inConsoleNames, listRegionFor, parseCaseSearch } from './case-search';

const clerk = { role: 'clerk', regions: ['210200'] };
const twoRegions = { role: 'clerk', regions: ['210200', '110000'] };
const admin = { role: 'admin', regions: [] };

describe('finding cases in the console', () => {
  it('finds by case number alone, or by the mother\'s ID (resident ID by default)', () => {
    expect(parseCaseSearch({ caseNumber: '210202-20261201-000001-7' }, clerk)).toEqual({ ok: true, value: { by: 'caseNumber', caseNumber: '210202-20261201-000001-7' } });
    expect(parseCaseSearch({ motherIdNumber: ' 21020219900101123x ' }, clerk)).toEqual({ ok: true, value: { by: 'mother', idType: 'resident-id', idNumber: '21020219900101123x' } });
    expect(parseCaseSearch({ motherIdNumber: 'E123', motherIdType: 'passport' }, clerk)).toMatchObject({ ok: true, value: { idType: 'passport' } });
  });

  it('refuses a case number or mother ID mixed with filters, and bad values', () => {
    expect(parseCaseSearch({ caseNumber: '210202-20261201-000001-7', state: 'open' }, clerk)).toMatchObject({ ok: false, status: 400, errors: [{ field: 'state', code: 'SEARCH_ALONE' }] });
    expect(parseCaseSearch({ caseNumber: 'x' }, clerk)).toMatchObject({ ok: false, errors: [{ code: 'INVALID_CASE_NUMBER' }] });
    expect(parseCaseSearch({ motherIdNumber: '1', motherIdType: 'nope' }, clerk)).toMatchObject({ ok: false, errors: [{ code: 'INVALID_ID_TYPE' }] });
    expect(parseCaseSearch({ motherIdType: 'passport' }, clerk)).toMatchObject({ ok: false, errors: [{ code: 'MOTHER_ID_REQUIRED' }] });
    expect(parseCaseSearch({ sort: 'x' }, clerk)).toMatchObject({ ok: false, errors: [{ field: 'sort', code: 'UNKNOWN_PARAMETER' }] });
    expect(parseCaseSearch({ state: ['open', 'voided'] }, clerk)).toMatchObject({ ok: false, errors: [{ code: 'REPEATED_PARAMETER' }] });
  });

  it('lists in the clerk\'s region, with the saga\'s names (hospital, from/to for the date)', () => {
    expect(parseCaseSearch({ hospitalId: 'H1', date: '2026-12-01', atRisk: 'true', limit: '20' }, clerk)).toEqual({
      ok: true,
      value: { by: 'list', saga: { hospital: 'H1', from: '2026-12-01', to: '2026-12-01', atRisk: 'true', limit: '20', region: '210200' } },
    });
  });

  it('holds a clerk to their regions: a county within is fine, another region is 403, no choice lists all of theirs', () => {
    expect(listRegionFor(clerk, '210202')).toEqual({ ok: true, value: '210202' });
    expect(listRegionFor(clerk, '310000')).toMatchObject({ ok: false, status: 403, errors: [{ code: 'REGION_FORBIDDEN' }] });
    expect(listRegionFor(clerk, '210000')).toMatchObject({ ok: false, status: 403 }); // the province is more than the clerk serves
    expect(listRegionFor(twoRegions, undefined)).toEqual({ ok: true, value: twoRegions.regions.join(',') });
    expect(listRegionFor(twoRegions, '110105')).toEqual({ ok: true, value: '110105' });
    expect(listRegionFor(admin, undefined)).toEqual({ ok: true, value: undefined });
  });

  it('says the saga\'s refusals in the console\'s names', () => {
    expect(inConsoleNames([{ field: 'from', code: 'INVALID_DATE', message: { zh: '', en: '' } }])).toEqual([{ field: 'date', code: 'INVALID_DATE', message: { zh: '', en: '' } }]);
  });
});
