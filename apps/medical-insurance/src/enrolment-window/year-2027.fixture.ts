// A stand-in for 2027 in the tests of this folder and the service's integration suite: NOT the
// State Council's notice (the repository has no 2027 data yet). A Spring Festival resting from
// Saturday 6 to Sunday 14 February with Saturday 20 February worked, so that a window counted on
// weekends alone ends on other days than on this year: Monday 8 February is a rest day here, and
// Saturday 20 February a working day.
export const YEAR_2027_FIXTURE = {
  year: 2027,
  version: 1,
  source: { issuer: '国务院办公厅', title: 'test fixture, not the notice', issuedOn: '2026-11-01', url: 'https://www.gov.cn/' },
  holidays: [
    {
      name: '春节',
      nameEn: 'Spring Festival',
      restDays: ['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13', '2027-02-14'],
      makeUpWorkingDays: ['2027-02-20'],
    },
  ],
};
