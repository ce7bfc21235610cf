import { isRevealableField, maskedFamily, newbornOf, revealedValue, type StoredApplication } from './case-family';

const application: StoredApplication = {
  mother: {
    name: '王小红',
    identity: { type: 'resident-id', number: '21020219900101123X' },
    phone: '13800001234',
    hukouRegionCode: '210202',
    bankAccount: { bankName: '中国银行', accountNumber: '6222020200001234567', accountName: '王小红' },
  },
  father: { name: '李大明', identity: { type: 'resident-id', number: '210202198801011234' } },
  newborn: { name: '李明', sex: '1', bornAt: '2026-11-30T08:00:00+08:00', weightGrams: 3300, plurality: 1, birthOrder: 1 },
  application: { contactPhone: '13800001234', householdHeadName: '李大明' },
};

describe('the family on a case page', () => {
  it('masks every personal field', () => {
    const family = maskedFamily(application);
    expect(family.mother).toEqual({
      name: '王**',
      idType: 'resident-id',
      idNumber: '210202********123X',
      phone: '138****1234',
      hukouRegionCode: '210202',
      bankAccount: { bankName: '中国银行', accountNumber: '***************4567', accountName: '王**' },
    });
    expect(family.father).toMatchObject({ name: '李**', idNumber: '210202********1234', phone: null, bankAccount: null });
    expect(family.contactPhone).toBe('138****1234');
    expect(JSON.stringify(family)).not.toMatch(/小红|19900101|6222020200001234567/);
    expect(newbornOf(application)).toMatchObject({ name: '李*', sex: '1', weightGrams: 3300 });
  });

  it('reveals one field in full, null when absent, and knows which fields exist', () => {
    expect(revealedValue(application, 'mother.idNumber')).toBe('21020219900101123X');
    expect(revealedValue(application, 'father.phone')).toBeNull();
    expect(revealedValue({ ...application, father: null }, 'father.name')).toBeNull();
    expect(revealedValue(application, 'newborn.name')).toBe('李明');
    expect(isRevealableField('mother.bankAccount')).toBe(true);
    expect(isRevealableField('mother')).toBe(false);
    expect(isRevealableField('__proto__')).toBe(false);
  });
});
