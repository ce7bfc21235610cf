import { createHash } from 'node:crypto';
import { APPLICATION_ITEMS, type ApplicationItem } from '@birth/contracts';
import { CASE_STATES, type CaseState } from '../../cases/domain/case-state';

/** A field error of the query API (the platform's shape). */
export interface QueryError {
  field: string;
  code: string;
  message: { zh: string; en: string };
}

/** What `GET /internal/cases` filters on; every field optional. */
export interface CaseFilters {
  /**
   * A county (exact), a prefecture (`xxxx00`: its counties) or a province (`xx0000`); several,
   * comma-separated (a clerk serving more than one region), match any of them.
   */
  region?: string;
  state?: CaseState;
  hospital?: string;
  /** China dates of acceptance, inclusive. */
  from?: string;
  to?: string;
  atRisk?: boolean;
  breached?: boolean;
}

export interface CaseListQuery {
  filters: CaseFilters;
  limit: number;
  /** Cases strictly older (lower `seq`) than this; null from the newest. */
  afterSeq: string | null;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
/** Regions one query may name (a clerk's regions). */
export const MAX_REGIONS = 20;

const FILTER_PARAMETERS = ['region', 'state', 'hospital', 'from', 'to', 'atRisk', 'breached'] as const;
const LIST_PARAMETERS = [...FILTER_PARAMETERS, 'limit', 'cursor'];
const STATS_PARAMETERS = ['region', 'hospital', 'from', 'to'];
const SLA_PARAMETERS = ['region', 'limit', 'days'];
const MANUAL_WORK_PARAMETERS = ['item', 'region', 'limit'];
const REGION = /^\d{6}$/;
const HOSPITAL = /^\S{1,64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function error(field: string, code: string, zh: string, en: string): QueryError {
  return { field, code, message: { zh, en } };
}

type Raw = Record<string, unknown>;
type Parsed<T> = { ok: true; value: T } | { ok: false; errors: QueryError[] };

function single(raw: Raw, field: string, errors: QueryError[]): string | undefined {
  const value = raw[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    errors.push(error(field, 'REPEATED_PARAMETER', `${field} 只能出现一次`, `${field} may appear once`));
    return undefined;
  }
  return value;
}

function unknownParameters(raw: Raw, allowed: readonly string[]): QueryError[] {
  return Object.keys(raw)
    .filter((k) => !allowed.includes(k))
    .map((k) => error(k.slice(0, 64), 'UNKNOWN_PARAMETER', '不支持的查询参数', 'This query parameter is not supported'));
}

function isRealDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function flag(raw: Raw, field: string, errors: QueryError[]): boolean | undefined {
  const value = single(raw, field, errors);
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  errors.push(error(field, 'INVALID_FLAG', `${field} 只能为 true 或 false`, `${field} must be true or false`));
  return undefined;
}

function filtersOf(raw: Raw, allowed: readonly string[], errors: QueryError[]): CaseFilters {
  const filters: CaseFilters = {};
  const region = single(raw, 'region', errors);
  if (region !== undefined) {
    const codes = region.split(',');
    if (codes.length <= MAX_REGIONS && codes.every((code) => REGION.test(code))) filters.region = codes.join(',');
    else errors.push(error('region', 'INVALID_REGION', `地区须为6位行政区划代码，多个以逗号分隔，至多${MAX_REGIONS}个`, `region must be 6-digit GB/T 2260 codes, comma-separated, at most ${MAX_REGIONS}`));
  }
  if (allowed.includes('state')) {
    const state = single(raw, 'state', errors);
    if (state !== undefined) {
      if ((CASE_STATES as readonly string[]).includes(state)) filters.state = state as CaseState;
      else errors.push(error('state', 'INVALID_STATE', `状态须为 ${CASE_STATES.join('、')} 之一`, `state must be one of ${CASE_STATES.join(', ')}`));
    }
  }
  const hospital = single(raw, 'hospital', errors);
  if (hospital !== undefined) {
    if (HOSPITAL.test(hospital)) filters.hospital = hospital;
    else errors.push(error('hospital', 'INVALID_HOSPITAL', '医院编号须为1至64个非空白字符', 'hospital must be 1 to 64 characters without spaces'));
  }
  for (const field of ['from', 'to'] as const) {
    const date = single(raw, field, errors);
    if (date === undefined) continue;
    if (DATE.test(date) && isRealDate(date)) filters[field] = date;
    else errors.push(error(field, 'INVALID_DATE', `${field} 须为日期 YYYY-MM-DD（北京时间）`, `${field} must be a date, YYYY-MM-DD (China time)`));
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    errors.push(error('to', 'DATE_RANGE_REVERSED', '结束日期早于开始日期', 'to is before from'));
  }
  if (allowed.includes('atRisk')) {
    const atRisk = flag(raw, 'atRisk', errors);
    if (atRisk !== undefined) filters.atRisk = atRisk;
  }
  if (allowed.includes('breached')) {
    const breached = flag(raw, 'breached', errors);
    if (breached !== undefined) filters.breached = breached;
  }
  return filters;
}

/** The filters' fingerprint, carried in the cursor: a cursor only continues the list it came from. */
function fingerprintOf(filters: CaseFilters): string {
  const canonical = FILTER_PARAMETERS.map((k) => `${k}=${filters[k] ?? ''}`).join('&');
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** The opaque cursor after a page whose last case has `seq`. */
export function cursorAfter(seq: string, filters: CaseFilters): string {
  return Buffer.from(JSON.stringify({ v: 1, s: seq, f: fingerprintOf(filters) })).toString('base64url');
}

function seqOfCursor(cursor: string, filters: CaseFilters, errors: QueryError[]): string | null {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  const parsed = decoded as { v?: unknown; s?: unknown; f?: unknown } | null;
  if (!parsed || parsed.v !== 1 || typeof parsed.s !== 'string' || !/^\d{1,19}$/.test(parsed.s) || typeof parsed.f !== 'string') {
    errors.push(error('cursor', 'INVALID_CURSOR', '游标无效', 'The cursor is not one this API gave'));
    return null;
  }
  if (parsed.f !== fingerprintOf(filters)) {
    errors.push(error('cursor', 'CURSOR_FILTER_MISMATCH', '游标属于另一组筛选条件', 'The cursor belongs to a list with other filters'));
    return null;
  }
  return parsed.s;
}

/** `GET /internal/cases` without `caseNumber`: filters, page size and cursor, or every problem found. */
export function parseCaseListQuery(raw: Raw): Parsed<CaseListQuery> {
  const errors = unknownParameters(raw, LIST_PARAMETERS);
  const filters = filtersOf(raw, LIST_PARAMETERS, errors);
  let limit = DEFAULT_LIMIT;
  const limitText = single(raw, 'limit', errors);
  if (limitText !== undefined) {
    if (/^\d{1,3}$/.test(limitText) && Number(limitText) >= 1 && Number(limitText) <= MAX_LIMIT) limit = Number(limitText);
    else errors.push(error('limit', 'INVALID_LIMIT', `每页条数须为1至${MAX_LIMIT}`, `limit must be 1 to ${MAX_LIMIT}`));
  }
  const cursor = single(raw, 'cursor', errors);
  const afterSeq = cursor === undefined || errors.length > 0 ? null : seqOfCursor(cursor, filters, errors);
  return errors.length ? { ok: false, errors } : { ok: true, value: { filters, limit, afterSeq } };
}

/** `GET /internal/cases/stats`: the filters that make sense for counts (region, hospital, dates). */
export function parseStatsQuery(raw: Raw): Parsed<CaseFilters> {
  const errors = unknownParameters(raw, STATS_PARAMETERS);
  const filters = filtersOf(raw, STATS_PARAMETERS, errors);
  return errors.length ? { ok: false, errors } : { ok: true, value: filters };
}

/** The SQL conditions (on `cases c`) and their parameters, numbered from `first`. */
export function filterSql(filters: CaseFilters, first = 1): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${first + params.length - 1}`;
  };
  if (filters.region) {
    const any = filters.region.split(',').map((code) => {
      const prefix = code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;
      return prefix.length === 6 ? `c.region_code = ${param(prefix)}` : `left(c.region_code, ${prefix.length}) = ${param(prefix)}`;
    });
    where.push(any.length === 1 ? any[0]! : `(${any.join(' OR ')})`);
  }
  if (filters.state) where.push(`c.state = ${param(filters.state)}`);
  if (filters.hospital) where.push(`c.hospital_id = ${param(filters.hospital)}`);
  if (filters.from) where.push(`c.accepted_at >= (${param(filters.from)}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (filters.to) where.push(`c.accepted_at < ((${param(filters.to)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (filters.atRisk !== undefined) where.push(filters.atRisk ? 'c.at_risk' : 'NOT c.at_risk');
  if (filters.breached !== undefined) where.push(filters.breached ? 'c.breached' : 'NOT c.breached');
  return { where, params };
}

/** What `GET /internal/cases/sla` reads: a region, how many steps per list (default 100, at most 500) and how many days of breaches (default 30, at most 366). */
export interface SlaQuery {
  filters: Pick<CaseFilters, 'region'>;
  limit: number;
  days: number;
}

function boundedInt(raw: Raw, field: string, fallback: number, max: number, errors: QueryError[]): number {
  const text = single(raw, field, errors);
  if (text === undefined) return fallback;
  if (/^\d{1,3}$/.test(text) && Number(text) >= 1 && Number(text) <= max) return Number(text);
  errors.push(error(field, `INVALID_${field.toUpperCase()}`, `${field} 须为1至${max}`, `${field} must be 1 to ${max}`));
  return fallback;
}

export function parseSlaQuery(raw: Raw): Parsed<SlaQuery> {
  const errors = unknownParameters(raw, SLA_PARAMETERS);
  const filters = filtersOf(raw, ['region'], errors);
  const limit = boundedInt(raw, 'limit', 100, 500, errors);
  const days = boundedInt(raw, 'days', 30, 366, errors);
  return errors.length ? { ok: false, errors } : { ok: true, value: { filters, limit, days } };
}

/** What `GET /internal/cases/manual-work` reads: one item (its department's queue), a region, at most `limit` steps (default 200, at most 500). */
export interface ManualWorkQuery {
  item: ApplicationItem;
  filters: Pick<CaseFilters, 'region'>;
  limit: number;
}

export function parseManualWorkQuery(raw: Raw): Parsed<ManualWorkQuery> {
  const errors = unknownParameters(raw, MANUAL_WORK_PARAMETERS);
  const item = single(raw, 'item', errors);
  if (item === undefined || !(APPLICATION_ITEMS as readonly string[]).includes(item)) {
    if (!errors.some((e) => e.field === 'item')) errors.push(error('item', 'INVALID_ITEM', `事项须为 ${APPLICATION_ITEMS.join('、')} 之一`, `item must be one of ${APPLICATION_ITEMS.join(', ')}`));
  }
  const filters = filtersOf(raw, ['region'], errors);
  const limit = boundedInt(raw, 'limit', 200, 500, errors);
  return errors.length ? { ok: false, errors } : { ok: true, value: { item: item as ApplicationItem, filters, limit } };
}
