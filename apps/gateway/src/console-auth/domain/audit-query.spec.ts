import { parseAuditQuery } from './audit-query';

describe('parseAuditQuery: GET /api/console/audit', () => {
  it('takes no filter (the newest 50) or every filter', () => {
    expect(parseAuditQuery({})).toEqual({ ok: true, value: { limit: 50 } });
    expect(
      parseAuditQuery({ caseId: '0E8F9A3C-1B2D-4E5F-8A9B-0C1D2E3F4A5B', actor: 'wang.li', action: 'case.reveal', limit: '200', cursor: '1234' }),
    ).toEqual({ ok: true, value: { caseId: '0e8f9a3c-1b2d-4e5f-8a9b-0c1d2e3f4a5b', actor: 'wang.li', action: 'case.reveal', limit: 200, before: '1234' } });
  });

  it('refuses every bad parameter at once, by field and code', () => {
    const check = parseAuditQuery({ caseId: 'x', actor: 'Wang Li', action: ['a', 'b'], limit: '0', cursor: '-1', extra: '1' });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.map((e) => [e.field, e.code])).toEqual([
      ['caseId', 'IS_UUID'],
      ['actor', 'INVALID'],
      ['action', 'INVALID'],
      ['cursor', 'INVALID'],
      ['limit', 'MIN'],
      ['extra', 'UNKNOWN_FIELD'],
    ]);
    expect(parseAuditQuery({ limit: '201' })).toMatchObject({ ok: false, errors: [{ field: 'limit', code: 'MAX' }] });
    expect(parseAuditQuery({ limit: 'ten' })).toMatchObject({ ok: false, errors: [{ field: 'limit', code: 'IS_INT' }] });
  });
});
