import type { NumberFormat } from '@birth/policy';

/**
 * The number of a 出生医学证明 (DOMAIN.md §3): a letter and nine digits, e.g. `B123456789`,
 * from the issuing institution's number blocks. The format rule is policy data
 * (`certificates.birthCertificateNumber` of libs/policy): every number made or read here is
 * checked against the rule in effect, so a changed rule shows up as an error, not a bad number.
 */

export const SERIAL_DIGITS = 9;
export const MAX_SERIAL = 10 ** SERIAL_DIGITS - 1;
const PREFIX = /^[A-Z]$/;

export interface CertificateNumber {
  prefix: string;
  serial: number;
}

export class CertificateNumberFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CertificateNumberFormatError';
  }
}

/** `B` and 123 → `B000000123`; throws CertificateNumberFormatError when the result breaks the rule. */
export function formatCertificateNumber(number: CertificateNumber, format: NumberFormat): string {
  if (!PREFIX.test(number.prefix) || !isSerial(number.serial)) {
    throw new CertificateNumberFormatError(`not a letter and a serial 0–${MAX_SERIAL}: ${number.prefix}/${number.serial}`);
  }
  const text = `${number.prefix}${String(number.serial).padStart(SERIAL_DIGITS, '0')}`;
  if (!new RegExp(format.pattern).test(text)) {
    throw new CertificateNumberFormatError(`${text} does not match the certificate number rule ${format.pattern} (${format.description})`);
  }
  return text;
}

/** The prefix and serial of a number that matches the rule, else undefined. */
export function parseCertificateNumber(text: string, format: NumberFormat): CertificateNumber | undefined {
  if (typeof text !== 'string' || !new RegExp(format.pattern).test(text)) return undefined;
  const match = /^([A-Z])(\d{9})$/.exec(text);
  return match ? { prefix: match[1], serial: Number(match[2]) } : undefined;
}

export function isSerial(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_SERIAL;
}
