import { maskAccount, maskIdNumber, maskName, maskPersonalData, maskPhone } from './personal-data';

describe('maskIdNumber', () => {
  it('keeps the region (first 6) and the last 4 of an 18-digit resident ID', () => {
    expect(maskIdNumber('210202199003071528')).toBe('210202********1528');
    expect(maskIdNumber('21020219900307152X')).toBe('210202********152X');
  });

  it('masks a shorter document number the same way', () => {
    expect(maskIdNumber('E12345678901')).toBe('E12345**8901');
  });

  it('masks a number of 10 characters or fewer entirely', () => {
    expect(maskIdNumber('E12345678')).toBe('*********');
    expect(maskIdNumber('1234567890')).toBe('**********');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('maskName', () => {
  it('keeps the first character (the family name)', () => {
    expect(maskName('王丽')).toBe('王*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(maskName('𠮷野家')).toBe('𠮷**');
  });

  it('masks a one-character name entirely', () => {
    expect(maskName('丽')).toBe('*');
  });
});

describe('maskPhone', () => {
  it('keeps the first 3 and the last 4 digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('masks a short number entirely', () => {
    expect(maskPhone('1234567')).toBe('*******');
  });
});

describe('maskAccount', () => {
  it('keeps only the last 4 digits', () => {
    expect(maskAccount('6217000000000001234')).toBe('***************1234');
  });

  it('masks a number of 4 characters or fewer entirely', () => {
    expect(maskAccount('1234')).toBe('****');
  });
});

describe('maskPersonalData', () => {
  function application() {
    return {
      hospital: { institutionId: 'H210202001', regionCode: '210202' },
      newborn: { name: null, sex: '2', weightGrams: 3250 },
      mother: {
        name: '王丽',
        identity: { type: 'resident-id', number: '210202199003071528' },
        dateOfBirth: '1990-03-07',
        hukouRegionCode: '210202',
        hukouAddress: '辽宁省大连市中山区人民路1号',
        phone: '13812345678',
        bankAccount: { bankName: '中国银行大连分行', accountNumber: '6217000000000001234', accountName: '王丽' },
      },
      application: {
        items: ['birth-certificate', 'maternity-allowance'],
        householdHeadName: '王建国',
        contactPhone: '13987654321',
      },
      parents: [
        { name: '王丽', idNumber: '210202199003071528' },
        { name: '李强', idNumber: '210202198805061234' },
      ],
    };
  }

  it('masks personal fields at any depth, including inside arrays', () => {
    const masked = maskPersonalData(application());
    expect(masked.mother.name).toBe('王*');
    expect(masked.mother.identity.number).toBe('210202********1528');
    expect(masked.mother.dateOfBirth).toBe('**********');
    expect(masked.mother.hukouAddress).toBe('************');
    expect(masked.mother.phone).toBe('138****5678');
    expect(masked.mother.bankAccount.accountNumber).toBe('***************1234');
    expect(masked.mother.bankAccount.accountName).toBe('王*');
    expect(masked.application.householdHeadName).toBe('王**');
    expect(masked.application.contactPhone).toBe('139****4321');
    expect(masked.parents).toEqual([
      { name: '王*', idNumber: '210202********1528' },
      { name: '李*', idNumber: '210202********1234' },
    ]);
  });

  it('leaves non-personal fields alone', () => {
    const masked = maskPersonalData(application());
    expect(masked.hospital).toEqual({ institutionId: 'H210202001', regionCode: '210202' });
    expect(masked.newborn).toEqual({ name: null, sex: '2', weightGrams: 3250 });
    expect(masked.mother.identity.type).toBe('resident-id');
    expect(masked.mother.hukouRegionCode).toBe('210202');
    expect(masked.mother.bankAccount.bankName).toBe('中国银行大连分行');
    expect(masked.application.items).toEqual(['birth-certificate', 'maternity-allowance']);
  });

  it('returns a copy and does not mutate its input', () => {
    const input = application();
    const before = structuredClone(input);
    const masked = maskPersonalData(input);
    expect(input).toEqual(before);
    expect(masked).not.toBe(input);
    expect(masked.mother).not.toBe(input.mother);
    expect(masked.parents).not.toBe(input.parents);
  });

  it('passes scalars and null through', () => {
    expect(maskPersonalData(null)).toBeNull();
    expect(maskPersonalData('210202199003071528')).toBe('210202199003071528');
    expect(maskPersonalData(7)).toBe(7);
  });
});
