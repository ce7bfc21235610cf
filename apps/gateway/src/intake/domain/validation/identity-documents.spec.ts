import { checkIdentityNumber } from './identity-documents';

const NOW = new Date('2025-03-07T10:00:00+08:00');

describe('checkIdentityNumber', () => {
  it('delegates resident IDs to the GB 11643 check, with date of birth and sex', () => {
    expect(checkIdentityNumber('resident-id', '11010519491231002X', { now: NOW })).toEqual({ ok: true, birthDate: '1949-12-31', sex: 'female' });
    expect(checkIdentityNumber('resident-id', '110105194912310020', { now: NOW })).toEqual({ ok: false, code: 'RESIDENT_ID_CHECKSUM' });
  });

  it.each([
    ['passport', 'E12345678'],
    ['passport', 'G1234567'],
    ['passport', 'AB12345'],
    ['passport', '12345678901234567'],
    ['hk-macao-permit', 'H12345678'],
    ['hk-macao-permit', 'M1234567801'],
    ['hk-macao-permit', '810000199001010027'],
    ['taiwan-permit', '12345678'],
    ['taiwan-permit', '1234567801'],
    ['taiwan-permit', '830000199001010020'],
    ['foreign-permanent-resident-id', 'USA110090010012'],
    ['foreign-permanent-resident-id', '915610199001010020'],
  ] as const)('accepts %s %s', (type, number) => {
    expect(checkIdentityNumber(type, number, { now: NOW })).toEqual({ ok: true });
  });

  it.each([
    ['passport', '1234', 'PASSPORT_NUMBER_INVALID'],
    ['passport', 'e12345678', 'PASSPORT_NUMBER_INVALID'],
    ['passport', 'E1234-5678', 'PASSPORT_NUMBER_INVALID'],
    ['passport', '123456789012345678', 'PASSPORT_NUMBER_INVALID'],
    ['hk-macao-permit', 'K12345678', 'HK_MACAO_PERMIT_NUMBER_INVALID'],
    ['hk-macao-permit', 'H123456789', 'HK_MACAO_PERMIT_NUMBER_INVALID'],
    ['hk-macao-permit', 'h12345678', 'HK_MACAO_PERMIT_NUMBER_INVALID'],
    ['hk-macao-permit', '810000199001010028', 'HK_MACAO_PERMIT_NUMBER_INVALID'],
    ['hk-macao-permit', '210202199003071528', 'HK_MACAO_PERMIT_NUMBER_INVALID'],
    ['taiwan-permit', '1234567', 'TAIWAN_PERMIT_NUMBER_INVALID'],
    ['taiwan-permit', '123456789', 'TAIWAN_PERMIT_NUMBER_INVALID'],
    ['taiwan-permit', 'T12345678', 'TAIWAN_PERMIT_NUMBER_INVALID'],
    ['taiwan-permit', '830000199001010021', 'TAIWAN_PERMIT_NUMBER_INVALID'],
    ['foreign-permanent-resident-id', 'US110090010012', 'FOREIGN_PERMANENT_RESIDENT_ID_INVALID'],
    ['foreign-permanent-resident-id', 'usa110090010012', 'FOREIGN_PERMANENT_RESIDENT_ID_INVALID'],
    ['foreign-permanent-resident-id', '915610199001010021', 'FOREIGN_PERMANENT_RESIDENT_ID_INVALID'],
    ['foreign-permanent-resident-id', '21020219900307152X', 'FOREIGN_PERMANENT_RESIDENT_ID_INVALID'],
  ] as const)('refuses %s %s', (type, number, code) => {
    expect(checkIdentityNumber(type, number, { now: NOW })).toEqual({ ok: false, code });
  });
});
