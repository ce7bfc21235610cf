import Ajv from 'ajv';
import { isWeekendChinaDay, parseChinaDate, yearOfChinaDay, type ChinaDate } from './china-date';
import schema from './calendar-year.schema.json';

/** The notice a year comes from. */
export interface CalendarYearSource {
  issuer: string;
  title: string;
  /** The document number (文号), when known. */
  number?: string;
  issuedOn: ChinaDate;
  url: string;
}

export interface CalendarHoliday {
  name: string;
  nameEn: string;
  restDays: ChinaDate[];
  makeUpWorkingDays: ChinaDate[];
}

/** One year file (calendar-year.schema.json), as validated by `parseCalendarYear`. */
export interface CalendarYear {
  year: number;
  version: number;
  source: CalendarYearSource;
  holidays: CalendarHoliday[];
}

/**
 * One problem with a year file: where (a dotted path into the JSON), a stable code, and a message
 * in Chinese and English.
 */
export interface CalendarYearError {
  field: string;
  code: CalendarYearErrorCode;
  message: { zh: string; en: string };
}

const MESSAGES = {
  INVALID_JSON: { zh: '文件内容不是有效的JSON', en: 'The file is not valid JSON' },
  NOT_AN_OBJECT: { zh: '应为JSON对象', en: 'Expected a JSON object' },
  MISSING_FIELD: { zh: '缺少必填字段', en: 'A required field is missing' },
  UNKNOWN_FIELD: { zh: '不允许的字段', en: 'The field is not allowed' },
  INVALID_TYPE: { zh: '字段类型错误', en: 'The field has the wrong type' },
  INVALID_FORMAT: { zh: '字段格式错误', en: 'The field has the wrong format' },
  OUT_OF_RANGE: { zh: '取值超出范围', en: 'The value is out of range' },
  DUPLICATE_DATE: { zh: '日期重复', en: 'The date is listed more than once' },
  INVALID_DATE: { zh: '不是有效日期', en: 'Not a real date' },
  DATE_OUTSIDE_YEAR: { zh: '日期不在本年度内', en: 'The date is not in the file’s year' },
  REST_AND_WORKING: { zh: '同一日期既是休息日又是调休上班日', en: 'The date is both a rest day and a make-up working day' },
  MAKE_UP_DAY_NOT_WEEKEND: { zh: '调休上班日应为周六或周日', en: 'A make-up working day must be a Saturday or a Sunday' },
  YEAR_MISMATCH: { zh: '年度与文件名不符', en: 'The year does not match the file name' },
  VERSION_CONFLICT: {
    zh: '同一版本号的年度数据内容不同',
    en: 'A year with the same version but different content is already loaded',
  },
} as const;

export type CalendarYearErrorCode = keyof typeof MESSAGES;

export function calendarYearError(field: string, code: CalendarYearErrorCode, detail?: string): CalendarYearError {
  const { zh, en } = MESSAGES[code];
  return { field, code, message: { zh, en: detail ? `${en}: ${detail}` : en } };
}

/** A year file or message that cannot be used: where it came from, and everything wrong with it. */
export class CalendarDataError extends Error {
  constructor(
    /** The file path, or a description of where the data came from (a topic and offset). */
    readonly origin: string,
    readonly errors: readonly CalendarYearError[],
  ) {
    super(`${origin}: ${errors.map((e) => `${e.field || '$'} ${e.code} (${e.message.en})`).join('; ')}`);
    this.name = 'CalendarDataError';
  }
}

/** ajv keywords (draft-07) → our codes. */
const CODE_OF_KEYWORD: Record<string, CalendarYearErrorCode> = {
  required: 'MISSING_FIELD',
  additionalProperties: 'UNKNOWN_FIELD',
  type: 'INVALID_TYPE',
  pattern: 'INVALID_FORMAT',
  uniqueItems: 'DUPLICATE_DATE',
};

const validateSchema = new Ajv({ allErrors: true }).compile(schema);

function schemaErrors(plain: unknown): CalendarYearError[] {
  if (validateSchema(plain)) return [];
  return (validateSchema.errors ?? []).map((error) => {
    // ajv 6 paths look like `.holidays[0].restDays[2]`; ours drop the leading dot.
    let field = error.dataPath.replace(/^\./, '');
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    const child = params.missingProperty ?? params.additionalProperty;
    if (child !== undefined) field = field ? `${field}.${child}` : child;
    return calendarYearError(field, CODE_OF_KEYWORD[error.keyword] ?? 'OUT_OF_RANGE', error.message);
  });
}

/** What the schema cannot say: real dates, inside the year, each listed once, make-up days on weekends. */
function calendarErrors(year: CalendarYear): CalendarYearError[] {
  const errors: CalendarYearError[] = [];
  const seen = new Map<ChinaDate, 'rest' | 'work'>();
  year.holidays.forEach((holiday, h) => {
    const lists = [
      ['restDays', 'rest', holiday.restDays],
      ['makeUpWorkingDays', 'work', holiday.makeUpWorkingDays],
    ] as const;
    for (const [key, kind, dates] of lists) {
      dates.forEach((date, i) => {
        const field = `holidays[${h}].${key}[${i}]`;
        const day = parseChinaDate(date);
        if (day === undefined) return void errors.push(calendarYearError(field, 'INVALID_DATE', date));
        if (yearOfChinaDay(day) !== year.year) return void errors.push(calendarYearError(field, 'DATE_OUTSIDE_YEAR', date));
        if (kind === 'work' && !isWeekendChinaDay(day)) errors.push(calendarYearError(field, 'MAKE_UP_DAY_NOT_WEEKEND', date));
        const earlier = seen.get(date);
        if (earlier === kind) errors.push(calendarYearError(field, 'DUPLICATE_DATE', date));
        else if (earlier !== undefined) errors.push(calendarYearError(field, 'REST_AND_WORKING', date));
        seen.set(date, kind);
      });
    }
  });
  if (parseChinaDate(year.source.issuedOn) === undefined) {
    errors.push(calendarYearError('source.issuedOn', 'INVALID_DATE', year.source.issuedOn));
  }
  return errors;
}

/**
 * Validates one year (already parsed from JSON) against calendar-year.schema.json and the checks
 * the schema cannot express. Throws CalendarDataError listing every problem at once.
 * @param origin where the data came from, for the error (a file path, a topic and offset).
 * @param expectedYear the year the data must be, when its name says so (the file `2026.json`).
 */
export function parseCalendarYear(plain: unknown, origin: string, expectedYear?: number): CalendarYear {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new CalendarDataError(origin, [calendarYearError('', 'NOT_AN_OBJECT')]);
  }
  const shapeErrors = schemaErrors(plain);
  if (shapeErrors.length) throw new CalendarDataError(origin, shapeErrors);
  const year = plain as CalendarYear;
  const errors = calendarErrors(year);
  if (expectedYear !== undefined && year.year !== expectedYear) {
    errors.unshift(calendarYearError('year', 'YEAR_MISMATCH', `${year.year}, expected ${expectedYear}`));
  }
  if (errors.length) throw new CalendarDataError(origin, errors);
  return copyOf(year);
}

/** Parses the text of a year file (JSON), then validates it as `parseCalendarYear` does. */
export function parseCalendarYearJson(text: string, origin: string, expectedYear?: number): CalendarYear {
  let plain: unknown;
  try {
    plain = JSON.parse(text);
  } catch (error) {
    throw new CalendarDataError(origin, [calendarYearError('', 'INVALID_JSON', (error as Error).message)]);
  }
  return parseCalendarYear(plain, origin, expectedYear);
}

/** A copy without the editor's `$schema` pointer, so loaded years compare by content alone. */
function copyOf(year: CalendarYear): CalendarYear {
  const { source } = year;
  return {
    year: year.year,
    version: year.version,
    source: {
      issuer: source.issuer,
      title: source.title,
      ...(source.number === undefined ? {} : { number: source.number }),
      issuedOn: source.issuedOn,
      url: source.url,
    },
    holidays: year.holidays.map((h) => ({
      name: h.name,
      nameEn: h.nameEn,
      restDays: [...h.restDays],
      makeUpWorkingDays: [...h.makeUpWorkingDays],
    })),
  };
}
