import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Calendar } from './calendar';
import { formatChinaDay, parseChinaDate } from './china-date';
import { loadYearFiles } from './repository-years';

// The repository's year files are this project's data (versioned, validated, checked for
// coverage); the chinese-days package (a development dependency, pinned) is a second reading of
// the same notices. Every year both have must agree day by day. The package is not used at run
// time: it treats a year it does not know as Monday to Friday without saying so, and it reads
// dates in the process's time zone.
const packageDir = dirname(require.resolve('chinese-days/package.json'));

interface PackageYear {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

function packageYear(year: number): PackageYear | undefined {
  try {
    return JSON.parse(readFileSync(join(packageDir, 'dist', 'years', `${year}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}

describe('the year files against chinese-days', () => {
  const years = loadYearFiles();
  const calendar = new Calendar(years);
  const shared = years.map((y) => [y.year, packageYear(y.year)] as const).filter((entry): entry is [number, PackageYear] => entry[1] !== undefined);

  it('can compare 2025 and 2026 at least', () => {
    expect(shared.map(([year]) => year)).toEqual(expect.arrayContaining([2025, 2026]));
  });

  it.each(shared)('%s: the same rest days and make-up working days', (year, theirs) => {
    const ours = calendar.year(year);
    expect(ours?.holidays.flatMap((h) => h.restDays).sort()).toEqual(Object.keys(theirs.holidays).sort());
    expect(ours?.holidays.flatMap((h) => h.makeUpWorkingDays).sort()).toEqual(Object.keys(theirs.workdays).sort());
  });

  it.each(shared)('%s: the same working day, day by day', (year, theirs) => {
    const differ: string[] = [];
    for (let day = parseChinaDate(`${year}-01-01`) as number; day <= (parseChinaDate(`${year}-12-31`) as number); day++) {
      const date = formatChinaDay(day);
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      const theirAnswer = date in theirs.workdays || (weekday >= 1 && weekday <= 5 && !(date in theirs.holidays));
      if (calendar.isWorkingDay(date).workingDay !== theirAnswer) differ.push(date);
    }
    expect(differ).toEqual([]);
  });
});
