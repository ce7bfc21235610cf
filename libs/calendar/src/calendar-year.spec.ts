import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CalendarDataError, parseCalendarYear, parseCalendarYearJson, type CalendarYear } from './calendar-year';
import { REPOSITORY_YEARS_DIR, loadYearFiles } from './repository-years';

const year2026 = (): CalendarYear & { $schema?: string } => JSON.parse(readFileSync(join(REPOSITORY_YEARS_DIR, '2026.json'), 'utf8'));

/** The CalendarDataError that `parse` throws (and a failure when it throws nothing or something else). */
function errorOf(parse: () => unknown): CalendarDataError {
  try {
    parse();
  } catch (error) {
    if (error instanceof CalendarDataError) return error;
    throw error;
  }
  throw new Error('expected a CalendarDataError');
}

/** The [field, code] pairs of the error a bad year raises. */
function problems(plain: unknown, expectedYear?: number): [string, string][] {
  return errorOf(() => parseCalendarYear(plain, 'test', expectedYear)).errors.map((e) => [e.field, e.code]);
}

describe('the repository year files', () => {
  it('are 2025 and 2026, valid, with their notices', () => {
    const years = loadYearFiles();
    expect(years.map((y) => [y.year, y.version, y.source.issuedOn])).toEqual([
      [2025, 1, '2024-11-12'],
      [2026, 1, '2025-11-04'],
    ]);
    expect(years[0].source.number).toBe('国办发明电〔2024〕12号');
  });

  it('lose the editor’s $schema pointer when parsed', () => {
    expect(year2026().$schema).toBe('../src/calendar-year.schema.json');
    expect(parseCalendarYear(year2026(), 'test')).not.toHaveProperty('$schema');
  });
});

describe('a bad year', () => {
  it('reports every schema problem with its path', () => {
    const bad = year2026() as unknown as Record<string, unknown> & { holidays: Record<string, unknown>[] };
    delete bad.version;
    bad.comment = 'typo';
    bad.holidays[1].restDays = ['2026-02-15', '2026/02/16', '2026-02-15'];
    delete bad.holidays[2].nameEn;
    expect(problems(bad)).toEqual(
      expect.arrayContaining([
        ['version', 'MISSING_FIELD'],
        ['comment', 'UNKNOWN_FIELD'],
        ['holidays[1].restDays[1]', 'INVALID_FORMAT'],
        ['holidays[1].restDays', 'DUPLICATE_DATE'],
        ['holidays[2].nameEn', 'MISSING_FIELD'],
      ]),
    );
  });

  it('reports what the schema cannot see: unreal dates, other years, clashes, weekday make-up days', () => {
    const bad = year2026();
    bad.holidays[0].restDays = ['2026-02-30', '2025-12-31', '2026-01-03'];
    bad.holidays[0].makeUpWorkingDays = ['2026-01-05']; // a Monday
    bad.holidays[1].makeUpWorkingDays = ['2026-01-03']; // a Saturday already given as a rest day
    bad.holidays[2].restDays = ['2026-04-04', '2026-01-03'];
    expect(problems(bad)).toEqual([
      ['holidays[0].restDays[0]', 'INVALID_DATE'],
      ['holidays[0].restDays[1]', 'DATE_OUTSIDE_YEAR'],
      ['holidays[0].makeUpWorkingDays[0]', 'MAKE_UP_DAY_NOT_WEEKEND'],
      ['holidays[1].makeUpWorkingDays[0]', 'REST_AND_WORKING'],
      ['holidays[2].restDays[1]', 'REST_AND_WORKING'],
    ]);
  });

  it('reports a year that does not match its file name, and what is not an object', () => {
    expect(problems(year2026(), 2027)).toEqual([['year', 'YEAR_MISMATCH']]);
    expect(problems([])).toEqual([['', 'NOT_AN_OBJECT']]);
  });

  it('carries messages in Chinese and English', () => {
    const error = errorOf(() => parseCalendarYearJson('{"year": 2026,', 'upload.json'));
    expect(error.origin).toBe('upload.json');
    expect(error.errors).toEqual([
      { field: '', code: 'INVALID_JSON', message: { zh: '文件内容不是有效的JSON', en: expect.stringMatching(/^The file is not valid JSON: /) } },
    ]);
  });
});

describe('loading a directory of year files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'calendar-years-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fails on a bad file, naming the file and what is wrong', () => {
    writeFileSync(join(dir, '2025.json'), readFileSync(join(REPOSITORY_YEARS_DIR, '2025.json')));
    writeFileSync(join(dir, '2026.json'), JSON.stringify({ ...year2026(), version: 0 }));
    const path = join(dir, '2026.json');
    expect(() => loadYearFiles(dir)).toThrow(`${path}: version OUT_OF_RANGE (The value is out of range: should be >= 1)`);
  });

  it('reads only <year>.json files, in order of year', () => {
    writeFileSync(join(dir, '2026.json'), JSON.stringify(year2026()));
    writeFileSync(join(dir, 'README.md'), 'not a year');
    writeFileSync(join(dir, '2026.json.bak'), 'not a year either');
    expect(loadYearFiles(dir).map((y) => y.year)).toEqual([2026]);
  });
});
