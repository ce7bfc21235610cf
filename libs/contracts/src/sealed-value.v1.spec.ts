import 'reflect-metadata';
import { maskPersonalData } from './personal-data';
import { isSealedValue, maskSealedValue, SEALED_CT_MAX, SEALED_VALUE_ALG, SealedValueV1 } from './sealed-value.v1';
import { validatePlain } from './validation';

const sealed: SealedValueV1 = {
  alg: SEALED_VALUE_ALG,
  kid: 'k-20261201-3fa2c1',
  enc: 'Jt0cz3vXPsJ6zlLrY0X6F8Jd3xkQ5LbR8a2UeBNHQQ8',
  ct: 'hDkZjN2-o5Yyp9WGxDIIH03skKYKwo5scxKhfgPFQhdvmfcrdLWS79_sWqiQ',
};

function errorsOf(plain: unknown): string[] {
  const decoded = validatePlain(SealedValueV1, plain, 'mother.bankAccount');
  return decoded.ok ? [] : decoded.errors.map((e) => `${e.field} ${e.code}`);
}

describe('SealedValueV1 (wire format)', () => {
  it('accepts the pinned shape', () => {
    expect(errorsOf(sealed)).toEqual([]);
  });

  it.each([
    ['another suite', { ...sealed, alg: 'hpke-p256-sha256-aes128gcm' }, 'mother.bankAccount.alg EQUALS'],
    ['a kid with a space', { ...sealed, kid: 'k 1' }, 'mother.bankAccount.kid MATCHES'],
    ['a kid of 65 characters', { ...sealed, kid: 'k'.repeat(65) }, 'mother.bankAccount.kid MATCHES'],
    ['enc of 31 bytes', { ...sealed, enc: Buffer.alloc(31, 1).toString('base64url') }, 'mother.bankAccount.enc MATCHES'],
    ['enc in padded base64', { ...sealed, enc: Buffer.alloc(32, 1).toString('base64') }, 'mother.bankAccount.enc MATCHES'],
    ['ct shorter than a tag', { ...sealed, ct: 'abc' }, 'mother.bankAccount.ct MATCHES'],
    ['ct with padding', { ...sealed, ct: `${sealed.ct}==` }, 'mother.bankAccount.ct MATCHES'],
    ['ct too long', { ...sealed, ct: 'A'.repeat(SEALED_CT_MAX + 1) }, 'mother.bankAccount.ct MAX_LENGTH'],
    ['an unknown field', { ...sealed, accountNumber: '6222020200112233445' }, 'mother.bankAccount.accountNumber UNKNOWN_FIELD'],
  ])('refuses %s', (_, plain, expected) => {
    expect(errorsOf(plain)).toEqual([expected]);
  });

  it('refuses a plaintext account where a sealed value belongs', () => {
    expect(errorsOf({ bankName: '中国银行', accountNumber: '6222020200112233445', accountName: '王丽' })).toEqual(
      expect.arrayContaining(['mother.bankAccount.alg EQUALS', 'mother.bankAccount.bankName UNKNOWN_FIELD']),
    );
  });
});

describe('masking a sealed value', () => {
  it('shows that it exists and its key id, never enc or ct', () => {
    expect(maskSealedValue(sealed)).toBe('[sealed:k-20261201-3fa2c1]');
    expect(maskSealedValue({ ...sealed, kid: 'k1\n{"forged":1}' })).toBe('[sealed]');
  });

  it('is recognised by shape only', () => {
    expect(isSealedValue(sealed)).toBe(true);
    expect(isSealedValue({ ...sealed, alg: 'other' })).toBe(false);
    expect(isSealedValue({ alg: SEALED_VALUE_ALG, kid: 'k1', enc: 1, ct: 'x' })).toBe(false);
    expect(isSealedValue([sealed])).toBe(false);
    expect(isSealedValue(null)).toBe(false);
  });

  it('is how maskPersonalData shows a sealed value anywhere in a payload (dead-letter listings, logs)', () => {
    const payload = {
      caseId: 'c1',
      mother: { name: '王丽', bankAccount: sealed },
      father: { maternityInsurance: { insured: true }, bankAccount: { ...sealed, kid: 'k2' } },
      corrections: [{ field: 'mother.bankAccount', value: sealed }],
    };
    const masked = maskPersonalData(payload);
    expect(masked).toEqual({
      caseId: 'c1',
      mother: { name: '王*', bankAccount: '[sealed:k-20261201-3fa2c1]' },
      father: { maternityInsurance: { insured: true }, bankAccount: '[sealed:k2]' },
      corrections: [{ field: 'mother.bankAccount', value: '[sealed:k-20261201-3fa2c1]' }],
    });
    expect(JSON.stringify(masked)).not.toContain(sealed.ct);
    expect(JSON.stringify(masked)).not.toContain(sealed.enc);
  });
});
