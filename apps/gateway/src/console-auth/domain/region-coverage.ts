/**
 * Which cases a clerk may see (issue 15, "What a clerk sees"): a case belongs to its hospital's
 * region (a GB/T 2260 code of six digits), and a clerk serves a list of region codes, each
 * covering by its level:
 * - a province (`NN0000`) covers its prefectures and their counties (`NN….`);
 * - a prefecture (`NNNN00`, not `NN0000`) covers its counties (`NNNN..`), and itself, which is
 *   the case's region where a prefecture has no counties (Dongguan 441900);
 * - any other code (a county) covers itself only.
 */
export function clerkServes(regions: readonly string[], caseRegionCode: string): boolean {
  if (!REGION_CODE.test(caseRegionCode)) return false;
  return regions.some((served) => regionCovers(served, caseRegionCode));
}

/** Whether the region `served` covers `regionCode` (both six-digit codes). */
export function regionCovers(served: string, regionCode: string): boolean {
  if (!REGION_CODE.test(served) || !REGION_CODE.test(regionCode)) return false;
  if (served.endsWith('0000')) return regionCode.startsWith(served.slice(0, 2));
  if (served.endsWith('00')) return regionCode.startsWith(served.slice(0, 4));
  return regionCode === served;
}

const REGION_CODE = /^[1-9][0-9]{5}$/;

/** Whether `code` has the form of a region code a clerk can serve (six digits, not starting with 0). */
export function isRegionCode(code: string): boolean {
  return REGION_CODE.test(code);
}
