import { checkResidentIdNumber, hasValidCheckCharacter, PROVINCE_CODES, residentIdCheckCharacter } from './resident-id';

const NOW = new Date('2025-03-07T10:00:00+08:00');

describe('residentIdCheckCharacter (ISO 7064 MOD 11-2)', () => {
  it('reproduces the worked examples of GB 11643-1999, independently of this code', () => {
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(residentIdCheckCharacter('44052418800101001')).toBe('4');
  });

  it('maps every remainder to its character', () => {
    // A body whose weighted sum is s: put digit d at position 8 (weight 1) after zeros.
    const expected = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    for (let d = 0; d <= 9; d += 1) expect(residentIdCheckCharacter(`0000000${d}000000000`)).toBe(expected[d]);
    // Weight 2 at position 17: 5 × 2 = 10.
    expect(residentIdCheckCharacter('00000000000000005')).toBe(expected[10]);
  });

  it('refuses anything but 17 digits, without echoing the input', () => {
    for (const bad of ['1101051949123100', '110105194912310021', '1101051949123100A', '']) {
      expect(() => residentIdCheckCharacter(bad)).toThrow('expected exactly 17 digits');
    }
  });
});

describe('checkResidentIdNumber', () => {
  it('accepts the standard example and reads its date of birth and sex', () => {
    expect(checkResidentIdNumber('11010519491231002X', { now: NOW })).toEqual({ ok: true, birthDate: '1949-12-31', sex: 'female' });
  });

  it.each([
    // bodies of the seed cities, check characters computed by residentIdCheckCharacter
    ['21020219900307152', '1990-03-07', 'female'], // Dalian, Zhongshan district
    ['21020219880506123', '1988-05-06', 'male'],
    ['33060419920815004', '1992-08-15', 'female'], // Shaoxing, Shangyu district
    ['61030219950101002', '1995-01-01', 'female'], // Baoji, Weibin district
    ['22010219870620581', '1987-06-20', 'male'], // Changchun, Nanguan district
  ])('accepts %s + its computed check character', (body, birthDate, sex) => {
    expect(checkResidentIdNumber(body + residentIdCheckCharacter(body), { now: NOW })).toEqual({ ok: true, birthDate, sex });
  });

  it.each([
    ['17 characters', '21020219900307152'],
    ['19 characters', '21020219900307152X0'],
    ['a lower-case x', '21020219900307152x'],
    ['a letter inside', '2102021990030715AX'],
    ['spaces', '210202 19900307 152X'],
    ['full-width digits', '２１０２０２１９９００３０７１５２Ｘ'],
  ])('refuses %s as RESIDENT_ID_FORMAT', (_label, value) => {
    expect(checkResidentIdNumber(value, { now: NOW })).toEqual({ ok: false, code: 'RESIDENT_ID_FORMAT' });
  });

  it.each(['00', '10', '16', '39', '72', '83', '99'])('refuses province %s', (province) => {
    const body = `${province}020219900307152`;
    expect(checkResidentIdNumber(body + residentIdCheckCharacter(body), { now: NOW })).toEqual({
      ok: false,
      code: 'RESIDENT_ID_PROVINCE_UNKNOWN',
    });
  });

  it('knows the 34 province-level codes and does not check the county part', () => {
    expect(PROVINCE_CODES.size).toBe(34);
    const retiredCounty = '37120019800101002'; // 莱芜市 371200, merged into Jinan in 2019
    expect(checkResidentIdNumber(retiredCounty + residentIdCheckCharacter(retiredCounty), { now: NOW }).ok).toBe(true);
  });

  it.each([
    ['30 February', '19900230'],
    ['month 13', '19901301'],
    ['day 00', '19900100'],
    ['29 February of a common year', '19900229'],
    ['before 1900', '18991231'],
  ])('refuses %s as RESIDENT_ID_DATE_INVALID', (_label, date) => {
    const body = `210202${date}152`;
    expect(checkResidentIdNumber(body + residentIdCheckCharacter(body), { now: NOW })).toEqual({ ok: false, code: 'RESIDENT_ID_DATE_INVALID' });
  });

  it('accepts 29 February of a leap year', () => {
    const body = '21020219920229152';
    expect(checkResidentIdNumber(body + residentIdCheckCharacter(body), { now: NOW })).toMatchObject({ ok: true, birthDate: '1992-02-29' });
  });

  it('refuses a date of birth after today in China time, and accepts today', () => {
    const tomorrow = '21020220250308152';
    expect(checkResidentIdNumber(tomorrow + residentIdCheckCharacter(tomorrow), { now: NOW })).toEqual({
      ok: false,
      code: 'RESIDENT_ID_DATE_IN_FUTURE',
    });
    const today = '21020220250307152';
    expect(checkResidentIdNumber(today + residentIdCheckCharacter(today), { now: NOW }).ok).toBe(true);
    // 23:30 UTC on 6 March is already 7 March in China
    expect(checkResidentIdNumber(today + residentIdCheckCharacter(today), { now: new Date('2025-03-06T23:30:00Z') }).ok).toBe(true);
  });

  it('refuses a wrong check character', () => {
    expect(checkResidentIdNumber('210202199003071521', { now: NOW })).toEqual({ ok: false, code: 'RESIDENT_ID_CHECKSUM' });
    expect(checkResidentIdNumber('110105194912310020', { now: NOW })).toEqual({ ok: false, code: 'RESIDENT_ID_CHECKSUM' });
  });

  it('catches every single-digit typing error in the first 17 digits', () => {
    const valid = '21020219900307152X';
    for (let position = 0; position < 17; position += 1) {
      for (let digit = 0; digit <= 9; digit += 1) {
        if (String(digit) === valid[position]) continue;
        const typo = valid.slice(0, position) + digit + valid.slice(position + 1);
        expect(checkResidentIdNumber(typo, { now: NOW }).ok).toBe(false);
      }
    }
  });

  it('reads the sex from the 17th digit: odd male, even (including 0) female', () => {
    for (const [digit, sex] of [['1', 'male'], ['9', 'male'], ['0', 'female'], ['8', 'female']] as const) {
      const body = `2102021990030715${digit}`;
      expect(checkResidentIdNumber(body + residentIdCheckCharacter(body), { now: NOW })).toMatchObject({ ok: true, sex });
    }
  });
});

describe('hasValidCheckCharacter', () => {
  it('applies the same MOD 11-2 check to any 18-character number', () => {
    expect(hasValidCheckCharacter('915610199001010020')).toBe(true);
    expect(hasValidCheckCharacter('915610199001010021')).toBe(false);
    expect(hasValidCheckCharacter('91561019900101002')).toBe(false);
  });
});
