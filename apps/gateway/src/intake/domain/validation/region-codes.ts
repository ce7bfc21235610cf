import { ADMINISTRATIVE_DIVISIONS, type AdministrativeDivisionCode } from './administrative-divisions';

/** True when `code` is a GB/T 2260 code in the shipped list (administrative-divisions.ts). */
export function isKnownRegionCode(code: string): code is AdministrativeDivisionCode {
  return typeof code === 'string' && /^\d{6}$/.test(code) && Object.hasOwn(ADMINISTRATIVE_DIVISIONS, code);
}

/** The Chinese name of a known region code, or undefined. */
export function regionName(code: string): string | undefined {
  return isKnownRegionCode(code) ? ADMINISTRATIVE_DIVISIONS[code] : undefined;
}

/** The prefecture-level code (xxxx00) and the province-level code (xx0000) a code belongs to. */
export function enclosingRegionCodes(code: string): { prefecture: string; province: string } {
  return { prefecture: `${code.slice(0, 4)}00`, province: `${code.slice(0, 2)}0000` };
}
