import { Get, Param, Query } from '@nestjs/common';
import { CASE_NUMBER_PATTERN } from '@birth/contracts';
import { InternalApiException, InternalCaller, InternalController, PersonalDataReveals, RevealQuery, type InternalRequestContext, type RevealRequest } from '@birth/platform';
import type { CaseAnswer } from './case-answer';
import { CaseReader, type CasePage, type CaseStats } from './case-reader';
import { parseCaseListQuery, parseManualWorkQuery, parseSlaQuery, parseStatsQuery, type QueryError } from './domain/case-list-query';
import { ManualWorkReader, type ManualWorkStep } from './manual-work';
import { SlaOverviewReader, type SlaOverview } from './sla-overview';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CASE_NOT_FOUND = { field: 'caseId', code: 'CASE_NOT_FOUND', message: { zh: '未找到该案件', en: 'No such case' } };

function refused(errors: QueryError[]): InternalApiException {
  return new InternalApiException(400, ...errors);
}

/**
 * The saga's query API on its internal port (8186), for the gateway, the console and the CLI:
 * the same tokens and error shape as the departments'. A case holds no personal data; answers go
 * through PersonalDataReveals all the same, so a field that ever carries some is masked and its
 * reveal audited like everywhere else.
 */
@InternalController('cases')
export class CasesInternalController {
  constructor(
    private readonly reader: CaseReader,
    private readonly sla: SlaOverviewReader,
    private readonly manualWork: ManualWorkReader,
    private readonly reveals: PersonalDataReveals,
  ) {}

  /** Counts for the dashboard: cases by state, at risk, breached, steps by item and state; filtered by region, hospital and dates. */
  @Get('stats')
  async stats(@Query() query: Record<string, unknown>): Promise<CaseStats> {
    const parsed = parseStatsQuery(query);
    if (!parsed.ok) throw refused(parsed.errors);
    return this.reader.stats(parsed.value);
  }

  /** The dashboard's SLA lists: at-risk and breached steps of open cases, breaches per day, provisional deadlines. */
  @Get('sla')
  async slaOverview(@Query() query: Record<string, unknown>): Promise<SlaOverview> {
    const parsed = parseSlaQuery(query);
    if (!parsed.ok) throw refused(parsed.errors);
    return this.sla.overview(parsed.value.filters, parsed.value.limit, parsed.value.days);
  }

  /** A department's queue of manual work: steps of open cases kept in progress with a reason a person must look. */
  @Get('manual-work')
  async manualWorkQueue(@Query() query: Record<string, unknown>): Promise<{ steps: ManualWorkStep[] }> {
    const parsed = parseManualWorkQuery(query);
    if (!parsed.ok) throw refused(parsed.errors);
    return this.manualWork.queue(parsed.value.item, parsed.value.filters, parsed.value.limit);
  }

  /** `?caseNumber=` finds one case (404 if none); otherwise a page of the cases the filters match. */
  @Get()
  async list(
    @Query() query: Record<string, unknown>,
    @InternalCaller() who: InternalRequestContext,
    @RevealQuery() reveal: RevealRequest | null,
  ): Promise<CasePage | CaseAnswer> {
    // reveal and reason belong to @RevealQuery; every other parameter is this route's.
    const rest = Object.fromEntries(Object.entries(query).filter(([k]) => k !== 'reveal' && k !== 'reason'));
    if (rest['caseNumber'] !== undefined) {
      const { caseNumber, ...others } = rest;
      if (Object.keys(others).length > 0) {
        throw refused([{ field: Object.keys(others)[0]!.slice(0, 64), code: 'UNKNOWN_PARAMETER', message: { zh: '按案件号查询时不能带其他条件', en: 'caseNumber is queried alone' } }]);
      }
      if (typeof caseNumber !== 'string' || !CASE_NUMBER_PATTERN.test(caseNumber)) {
        throw refused([{ field: 'caseNumber', code: 'INVALID_CASE_NUMBER', message: { zh: '案件号格式应为 地区-日期-序号-校验位', en: 'caseNumber must look like 210202-20261201-000001-7' } }]);
      }
      const answer = await this.reader.byCaseNumber(caseNumber);
      if (!answer) throw new InternalApiException(404, { ...CASE_NOT_FOUND, field: 'caseNumber' });
      return this.reveals.answer(who, reveal, { kind: 'case', id: answer.caseId }, answer);
    }
    const parsed = parseCaseListQuery(rest);
    if (!parsed.ok) throw refused(parsed.errors);
    return this.reader.list(parsed.value);
  }

  @Get(':caseId')
  async case(@Param('caseId') caseId: string, @InternalCaller() who: InternalRequestContext, @RevealQuery() reveal: RevealRequest | null): Promise<CaseAnswer> {
    if (!UUID.test(caseId)) {
      throw new InternalApiException(400, { field: 'caseId', code: 'INVALID_CASE_ID', message: { zh: '案件编号须为UUID', en: 'The case id must be a UUID' } });
    }
    const answer = await this.reader.byId(caseId.toLowerCase());
    if (!answer) throw new InternalApiException(404, CASE_NOT_FOUND);
    return this.reveals.answer(who, reveal, { kind: 'case', id: answer.caseId }, answer);
  }
}
