import { rulesFor, type NumberFormat } from '@birth/policy';
import { CertificateNumberFormatError, formatCertificateNumber, parseCertificateNumber } from './certificate-number';

// The rule in effect in a seed region (libs/policy: `^[A-Z][0-9]{9}$`).
const format = rulesFor('330604', '2026-03-01').values.certificates.birthCertificateNumber;

describe('birth certificate number (DOMAIN.md §3)', () => {
  it('takes its format from the policy rule', () => {
    expect(format.pattern).toBe('^[A-Z][0-9]{9}$');
  });

  it.each([
    [{ prefix: 'B', serial: 123 }, 'B000000123'],
    [{ prefix: 'Z', serial: 0 }, 'Z000000000'],
    [{ prefix: 'A', serial: 999_999_999 }, 'A999999999'],
  ])('formats %o as %s and parses it back', (number, text) => {
    expect(formatCertificateNumber(number, format)).toBe(text);
    expect(parseCertificateNumber(text, format)).toEqual(number);
  });

  it.each([
    ['a lower-case letter', { prefix: 'b', serial: 1 }],
    ['two letters', { prefix: 'AB', serial: 1 }],
    ['ten digits', { prefix: 'A', serial: 1_000_000_000 }],
    ['a negative serial', { prefix: 'A', serial: -1 }],
    ['a fraction', { prefix: 'A', serial: 1.5 }],
  ])('refuses to format %s', (_why, number) => {
    expect(() => formatCertificateNumber(number, format)).toThrow(CertificateNumberFormatError);
  });

  it('refuses a number the rule in effect does not allow, naming the rule', () => {
    const onlyB: NumberFormat = { pattern: '^B[0-9]{9}$', description: 'B and nine digits' };
    expect(() => formatCertificateNumber({ prefix: 'A', serial: 1 }, onlyB)).toThrow(/\^B\[0-9\]\{9\}\$/);
    expect(parseCertificateNumber('A000000001', onlyB)).toBeUndefined();
  });

  it.each(['', 'B12345678', 'B1234567890', 'b123456789', '1123456789', ' B123456789'])('does not parse "%s"', (text) => {
    expect(parseCertificateNumber(text, format)).toBeUndefined();
  });
});
