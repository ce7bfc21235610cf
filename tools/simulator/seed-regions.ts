// The places the simulated births come from: the four seed prefectures the platform serves
// (libs/policy: Dalian, Changchun, Shangyu, Baoji), one simulated hospital in each, and the
// places non-local parents come from. Addresses and hospitals are invented.

export interface SeedRegion {
  /** The county the hospital is in (its `regionCode`). */
  county: string;
  /** The prefecture: where its insured parents are insured. */
  prefecture: string;
  /** Another county of the same prefecture: where a non-local parent holds a residence permit. */
  otherCounty: string;
  hospitalId: string;
  hospitalName: string;
  /** Prefix of the hospital's record ids. */
  recordPrefix: string;
  addressPrefix: string;
  bankName: string;
  /** Insured categories the region's rules accept besides employees (Shangyu: flexible employment). */
  alsoInsured: readonly ('flexible-employment' | 'unemployment-benefit')[];
}

export const SEED_REGIONS: readonly SeedRegion[] = [
  {
    county: '210202',
    prefecture: '210200',
    otherCounty: '210203',
    hospitalId: 'H210202901',
    hospitalName: '大连市妇女儿童医疗中心（模拟）',
    recordPrefix: 'DLSIM',
    addressPrefix: '辽宁省大连市中山区人民路',
    bankName: '中国银行大连分行',
    alsoInsured: [],
  },
  {
    county: '220102',
    prefecture: '220100',
    otherCounty: '220104',
    hospitalId: 'H220102901',
    hospitalName: '长春市妇产医院（模拟）',
    recordPrefix: 'CCSIM',
    addressPrefix: '吉林省长春市南关区人民大街',
    bankName: '吉林银行长春朝阳支行',
    alsoInsured: [],
  },
  {
    county: '330604',
    prefecture: '330600',
    otherCounty: '330602',
    hospitalId: 'H330604901',
    hospitalName: '绍兴市上虞区妇幼保健院（模拟）',
    recordPrefix: 'SYSIM',
    addressPrefix: '浙江省绍兴市上虞区百官街道市民大道',
    bankName: '中国工商银行上虞支行',
    alsoInsured: ['flexible-employment'],
  },
  {
    county: '610302',
    prefecture: '610300',
    otherCounty: '610303',
    hospitalId: 'H610302901',
    hospitalName: '宝鸡市妇幼保健院（模拟）',
    recordPrefix: 'BJSIM',
    addressPrefix: '陕西省宝鸡市渭滨区经二路',
    bankName: '中国工商银行宝鸡渭滨支行',
    alsoInsured: [],
  },
];

/** Where non-local parents hold their hukou: county code and address. */
export const ELSEWHERE: readonly { county: string; addressPrefix: string }[] = [
  { county: '130102', addressPrefix: '河北省石家庄市长安区建设北大街' },
  { county: '410105', addressPrefix: '河南省郑州市金水区花园路' },
  { county: '370102', addressPrefix: '山东省济南市历下区泉城路' },
  { county: '330106', addressPrefix: '浙江省杭州市西湖区文三路' },
];

/** Jilin city's 昌邑区: parents from there may settle their child in a Changchun district (Changchun's rule). */
export const JILIN_CITY = { county: '220202', addressPrefix: '吉林省吉林市昌邑区解放北路' };
/** The Changchun district the settling family names (`application.settlementRegionCode`). */
export const CHANGCHUN_SETTLEMENT_COUNTY = '220104';
