import type { ConsoleApiError } from '@birth/contracts';
import { ID_DOCUMENT_TYPES } from '@birth/contracts';
import { regionCovers } from '../../console-auth/domain/region-coverage';

/** Who is searching, as the rules need it: a clerk is held to their regions, an admin is not. */
export interface Searcher {
  role: string;
  regions: readonly string[];
}

/** How `GET /api/console/cases` finds: one case by number, a mother's cases by her ID, or a page of the saga's list. */
export type CaseSearch =
  | { by: 'caseNumber'; caseNumber: string }
  | { by: 'mother'; idType: string; idNumber: string }
  /** The saga's `/internal/cases` parameters, with the region the searcher may see. */
  | { by: 'list'; saga: Record<string, string> };

export type Parsed<T> = { ok: true; value: T } | { ok: false; status: 400 | 403; errors: ConsoleApiError[] };

const ALONE = ['caseNumber', 'motherIdNumber'] as const;
const MOTHER = ['motherIdNumber', 'motherIdType'];
const LIST = ['hospitalId', 'date', 'state', 'atRisk', 'breached', 'region', 'limit', 'cursor'];
/** The console's names for the saga's list parameters (the rest keep theirs). */
const SAGA_NAMES: Record<string, string> = { hospitalId: 'hospital' };

const error = (field: string, code: string, zh: string, en: string): ConsoleApiError => ({ field, code, message: { zh, en } });

/**
 * The region a list may cover for this searcher: an admin any (or all); a clerk one of theirs, or
 * a region within one of theirs, or, asking for none, all of theirs at once (the saga takes them
 * comma-separated and matches any).
 */
export function listRegionFor(searcher: Searcher, requested: string | undefined): Parsed<string | undefined> {
  if (searcher.role !== 'clerk') return { ok: true, value: requested };
  if (requested !== undefined) {
    if (searcher.regions.some((served) => regionCovers(served, requested))) return { ok: true, value: requested };
    return { ok: false, status: 403, errors: [error('region', 'REGION_FORBIDDEN', '您不服务该地区', 'You do not serve this region')] };
  }
  return { ok: true, value: searcher.regions.join(',') };
}

/** The search a query asks for, or why it cannot be made. Formats the saga checks (dates, states, flags) are left to it. */
export function parseCaseSearch(raw: Record<string, unknown>, searcher: Searcher): Parsed<CaseSearch> {
  const errors: ConsoleApiError[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (![...ALONE, ...MOTHER, ...LIST].includes(key)) errors.push(error(key.slice(0, 64), 'UNKNOWN_PARAMETER', '不支持的查询参数', 'This query parameter is not supported'));
    else if (typeof value !== 'string') errors.push(error(key, 'REPEATED_PARAMETER', `${key} 只能出现一次`, `${key} may appear once`));
  }
  if (errors.length) return { ok: false, status: 400, errors };
  const q = raw as Record<string, string>;
  const given = Object.keys(q);
  const alone = ALONE.filter((k) => q[k] !== undefined);
  if (alone.length > 0) {
    const allowedWith = alone[0] === 'motherIdNumber' ? MOTHER : ['caseNumber'];
    const others = given.filter((k) => !allowedWith.includes(k));
    if (others.length) {
      return { ok: false, status: 400, errors: [error(others[0]!, 'SEARCH_ALONE', '按案件号或母亲证件号查询时不能带其他条件', 'A case number or a mother\'s ID number is searched alone')] };
    }
  }
  if (q['caseNumber'] !== undefined) {
    if (!/^\d{6}-\d{8}-\d{6}-\d$/.test(q['caseNumber'])) {
      return { ok: false, status: 400, errors: [error('caseNumber', 'INVALID_CASE_NUMBER', '案件号格式应为 地区-日期-序号-校验位', 'caseNumber must look like 210202-20261201-000001-7')] };
    }
    return { ok: true, value: { by: 'caseNumber', caseNumber: q['caseNumber'] } };
  }
  if (q['motherIdType'] !== undefined && q['motherIdNumber'] === undefined) {
    return { ok: false, status: 400, errors: [error('motherIdNumber', 'MOTHER_ID_REQUIRED', '请同时提供母亲证件号码', "Give the mother's ID number with its type")] };
  }
  if (q['motherIdNumber'] !== undefined) {
    const idType = q['motherIdType'] ?? 'resident-id';
    const idNumber = q['motherIdNumber'].trim();
    if (!(ID_DOCUMENT_TYPES as readonly string[]).includes(idType)) {
      return { ok: false, status: 400, errors: [error('motherIdType', 'INVALID_ID_TYPE', `证件类型须为 ${ID_DOCUMENT_TYPES.join('、')} 之一`, `motherIdType must be one of ${ID_DOCUMENT_TYPES.join(', ')}`)] };
    }
    if (idNumber.length < 1 || idNumber.length > 64) {
      return { ok: false, status: 400, errors: [error('motherIdNumber', 'INVALID_ID_NUMBER', '证件号码须为1至64个字符', 'motherIdNumber must be 1 to 64 characters')] };
    }
    return { ok: true, value: { by: 'mother', idType, idNumber } };
  }
  const region = listRegionFor(searcher, q['region']);
  if (!region.ok) return region;
  const saga: Record<string, string> = {};
  for (const key of given) {
    if (key === 'region') continue;
    if (key === 'date') {
      saga['from'] = q['date']!;
      saga['to'] = q['date']!;
    } else saga[SAGA_NAMES[key] ?? key] = q[key]!;
  }
  if (region.value !== undefined) saga['region'] = region.value;
  return { ok: true, value: { by: 'list', saga } };
}

/** The saga's refusal of a list, in the console's parameter names. */
export function inConsoleNames(errors: readonly ConsoleApiError[]): ConsoleApiError[] {
  const back: Record<string, string> = { hospital: 'hospitalId', from: 'date', to: 'date' };
  return errors.map((e) => ({ ...e, field: back[e.field] ?? e.field }));
}
