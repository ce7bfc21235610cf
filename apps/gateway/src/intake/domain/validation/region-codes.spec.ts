import { ADMINISTRATIVE_DIVISIONS } from './administrative-divisions';
import { isKnownRegionCode, regionName } from './region-codes';
import { PROVINCE_CODES } from './resident-id';

const codes = Object.keys(ADMINISTRATIVE_DIVISIONS);
/** Groupings that carry an xxxx00 code but are not prefectures: municipal 市辖区/县 and 省直辖县级行政区划. */
const GROUPINGS = new Set(['110100', '120100', '310100', '500100', '500200', '419000', '429000', '469000', '659000']);

describe('administrative divisions (GB/T 2260)', () => {
  it('knows the seed cities, their provinces and their districts', () => {
    for (const [code, name] of [
      ['210000', '辽宁省'], ['210200', '大连市'], ['210202', '中山区'],
      ['220000', '吉林省'], ['220100', '长春市'], ['220184', '公主岭市'],
      ['330000', '浙江省'], ['330600', '绍兴市'], ['330604', '上虞区'],
      ['610000', '陕西省'], ['610300', '宝鸡市'], ['610305', '凤翔区'],
    ]) {
      expect(isKnownRegionCode(code)).toBe(true);
      expect(regionName(code)).toBe(name);
    }
  });

  it('knows provinces and prefectures everywhere, Xinjiang and Tibet included', () => {
    for (const code of ['650000', '653100', '659001', '540000', '542500', '630200', '460300', '441900', '419001', '429021']) {
      expect(isKnownRegionCode(code)).toBe(true);
    }
  });

  it('does not know retired, statistical-only, malformed or invented codes', () => {
    for (const code of ['371200', '610322', '220171', '210299', '999999', '000000', '21020', '2102020', 'constructor', '']) {
      expect(isKnownRegionCode(code)).toBe(false);
      expect(regionName(code)).toBeUndefined();
    }
  });

  it('lists the 34 province-level divisions, the same as the resident-ID province codes', () => {
    const provinces = codes.filter((code) => code.endsWith('0000'));
    expect(provinces).toHaveLength(34);
    expect(new Set(provinces.map((code) => code.slice(0, 2)))).toEqual(PROVINCE_CODES);
  });

  it('lists all 333 prefecture-level divisions of the mainland (2023)', () => {
    const prefectures = codes.filter((code) => code.endsWith('00') && !code.endsWith('0000') && !GROUPINGS.has(code));
    expect(prefectures).toHaveLength(333);
  });

  it('nests every code: six digits, its province listed, a county under a listed prefecture or grouping', () => {
    for (const code of codes) {
      expect(code).toMatch(/^\d{6}$/);
      expect(ADMINISTRATIVE_DIVISIONS).toHaveProperty(`${code.slice(0, 2)}0000`);
      if (!code.endsWith('00')) expect(ADMINISTRATIVE_DIVISIONS).toHaveProperty(`${code.slice(0, 4)}00`);
      expect(regionName(code)?.length).toBeGreaterThan(0);
    }
  });
});
