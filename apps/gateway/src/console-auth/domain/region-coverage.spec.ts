import { clerkServes, regionCovers } from './region-coverage';

describe('clerkServes: a clerk sees the cases of the regions they serve', () => {
  it('a county covers itself only', () => {
    expect(clerkServes(['210202'], '210202')).toBe(true);
    expect(clerkServes(['210202'], '210203')).toBe(false);
    expect(clerkServes(['210202'], '210200')).toBe(false);
  });

  it('a prefecture covers its counties and itself, not its neighbours', () => {
    expect(clerkServes(['210200'], '210202')).toBe(true);
    expect(clerkServes(['210200'], '210283')).toBe(true);
    expect(clerkServes(['210200'], '210200')).toBe(true);
    expect(clerkServes(['210200'], '210302')).toBe(false);
    expect(clerkServes(['210200'], '220102')).toBe(false);
    // Dongguan has no counties: its cases carry the prefecture's own code.
    expect(clerkServes(['441900'], '441900')).toBe(true);
  });

  it('a province covers its prefectures and counties, not another province', () => {
    expect(clerkServes(['210000'], '210202')).toBe(true);
    expect(clerkServes(['210000'], '211300')).toBe(true);
    expect(clerkServes(['210000'], '220102')).toBe(false);
  });

  it('any one of several regions is enough; none is nothing', () => {
    expect(clerkServes(['220100', '210200'], '210202')).toBe(true);
    expect(clerkServes(['220100', '330604'], '210202')).toBe(false);
    expect(clerkServes([], '210202')).toBe(false);
  });

  it.each([
    [['210200'], ''],
    [['210200'], '2102'],
    [['210200'], '21020x'],
    [['210200'], '2102021'],
    [['000000'], '000001'],
    [['2102'], '210202'],
    [[''], '210202'],
  ])('refuses malformed codes (%j, %j)', (regions, code) => {
    expect(clerkServes(regions, code)).toBe(false);
  });

  it('regionCovers is the single-region rule', () => {
    expect(regionCovers('330600', '330604')).toBe(true);
    expect(regionCovers('330604', '330600')).toBe(false);
  });
});
