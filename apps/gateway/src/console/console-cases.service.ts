import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConsoleCaseListResponse, ConsoleCasePage, ConsoleCaseSummary, ConsoleNote, ConsoleRevealableField, ConsoleRevealResponse, ConsoleText, IdentityDocumentV1 } from '@birth/contracts';
import { ReferenceData } from '@birth/platform';
import { ConsoleAudit, clerkServes, type ConsoleUser } from '../console-auth';
import { CASE_NOT_FOUND, consoleError, ConsoleRejection, REGION_FORBIDDEN, UPSTREAM_UNAVAILABLE } from './console-errors';
import { ConsoleIntake } from './console-intake';
import { ConsoleUpstreams } from './console-upstreams';
import { isHouseholdHeld, revealedValue } from './domain/case-family';
import { allowanceOf, casePageOf, linkedCasesOf, summaryOf, type AllowanceClaim, type SagaCase } from './domain/case-page';
import { inConsoleNames, parseCaseSearch } from './domain/case-search';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case id from a path, lower-cased, or 400 INVALID_CASE_ID. */
export function caseIdOf(raw: string): string {
  if (!UUID.test(raw)) throw new ConsoleRejection(400, [consoleError('caseId', 'INVALID_CASE_ID', '案件编号须为UUID', 'The case id must be a UUID')]);
  return raw.toLowerCase();
}

/** Whether the user may see a case of this region: a clerk only in the regions they serve; an admin everywhere. */
export function maySee(user: Pick<ConsoleUser, 'role' | 'regions'>, regionCode: string | null | undefined): boolean {
  return user.role !== 'clerk' || clerkServes(user.regions, regionCode ?? '');
}

/**
 * What a clerk reads: the search, the case page and the one-field reveal. The case itself comes
 * from the saga's query API (no personal data), the family from the gateway's own intake store
 * (masked here), the allowance from its service. Every answer is checked for the clerk's region.
 */
@Injectable()
export class ConsoleCases {
  constructor(
    private readonly upstreams: ConsoleUpstreams,
    private readonly intake: ConsoleIntake,
    private readonly audit: ConsoleAudit,
    private readonly referenceData: ReferenceData,
    private readonly dataSource: DataSource,
  ) {}

  async search(user: ConsoleUser, query: Record<string, unknown>): Promise<ConsoleCaseListResponse> {
    const search = parseCaseSearch(query, user);
    if (!search.ok) throw new ConsoleRejection(search.status, search.errors);
    const { value } = search;
    if (value.by === 'caseNumber') {
      const answer = await this.upstreams.get<SagaCase>('saga', `/internal/cases?caseNumber=${encodeURIComponent(value.caseNumber)}`, { actor: user.username });
      if (!answer.ok && answer.status === 404) return { cases: [], nextCursor: null };
      if (!answer.ok) throw new ConsoleRejection(answer.status === 400 ? 400 : 502, answer.errors);
      // Another region's case is not found, as far as this clerk can tell.
      return { cases: maySee(user, answer.body.regionCode) ? [summaryOf(answer.body)] : [], nextCursor: null };
    }
    if (value.by === 'mother') {
      const identity = { type: value.idType, number: value.idNumber } as IdentityDocumentV1;
      const cases: ConsoleCaseSummary[] = [];
      for (const caseId of await this.intake.casesOfMother(identity)) {
        const saga = await this.sagaCase(caseId, user);
        if (saga && maySee(user, saga.regionCode)) cases.push(summaryOf(saga));
      }
      return { cases, nextCursor: null };
    }
    const params = new URLSearchParams(value.saga).toString();
    const answer = await this.upstreams.get<ConsoleCaseListResponse>('saga', `/internal/cases${params ? `?${params}` : ''}`, { actor: user.username });
    if (!answer.ok) throw new ConsoleRejection(answer.status === 400 ? 400 : 502, inConsoleNames(answer.errors));
    return { cases: answer.body.cases.filter((c) => maySee(user, c.regionCode)).map(summaryOf), nextCursor: answer.body.nextCursor };
  }

  /** The saga's case, or null when it does not know it (yet). */
  private async sagaCase(caseId: string, user: ConsoleUser): Promise<SagaCase | null> {
    const answer = await this.upstreams.get<SagaCase>('saga', `/internal/cases/${caseId}`, { actor: user.username });
    if (answer.ok) return answer.body;
    if (answer.status === 404) return null;
    throw new ConsoleRejection(502, answer.errors);
  }

  /** The saga's case the user may see: 404 unknown, 403 REGION_FORBIDDEN for another region's. */
  async visibleCase(user: ConsoleUser, caseId: string): Promise<SagaCase> {
    const saga = await this.sagaCase(caseId, user);
    if (!saga) throw new ConsoleRejection(404, [CASE_NOT_FOUND()]);
    if (!maySee(user, saga.regionCode)) throw new ConsoleRejection(403, [REGION_FORBIDDEN()]);
    return saga;
  }

  async page(user: ConsoleUser, caseId: string): Promise<ConsoleCasePage> {
    const saga = await this.visibleCase(user, caseId);
    const unavailable: string[] = [];
    const record = await this.intake.record(caseId);
    const fromDelivery = record ? await this.intake.siblingsOf(record) : [];
    let allowance = null;
    if (saga.steps.some((s) => s.item === 'maternity-allowance')) {
      try {
        const claim = await this.upstreams.get<AllowanceClaim>('allowance', `/internal/claims?caseId=${caseId}`, { actor: user.username });
        if (claim.ok) {
          const explanation = await this.upstreams.get<{ zh: string; en: string }>('allowance', `/internal/claims/${claim.body.claimId}/explanation`, { actor: user.username });
          allowance = allowanceOf(claim.body, explanation.ok ? ({ zh: explanation.body.zh, en: explanation.body.en } satisfies ConsoleText) : null);
        } else if (claim.status !== 404) unavailable.push('allowance');
      } catch (error) {
        if (!(error instanceof ConsoleRejection)) throw error;
        unavailable.push('allowance');
      }
    }
    const citizenIdNumber = saga.steps.some((s) => s.item === 'household-registration') ? await this.maskedCitizenIdNumber(user, caseId, unavailable) : null;
    return casePageOf(
      {
        saga,
        intake: record ? { deliveryId: record.deliveryId, application: record.application } : null,
        allowance,
        citizenIdNumber,
        linkedCases: linkedCasesOf(caseId, fromDelivery, allowance?.caseIds ?? []),
        notes: await this.notesOf(caseId),
        unavailable,
      },
      new Date(),
      (from, to) => this.referenceData.calendar.workingDaysBetween(from, to),
    );
  }

  /**
   * One field in full, once: the audit row (who, when, case, field, reason) is committed before
   * the value is read, so no value leaves without its row. A case the gateway does not hold answers null. The value comes from the gateway's
   * intake store, the only service holding the family's identity (opened for this case alone).
   */
  async reveal(user: ConsoleUser, caseId: string, field: ConsoleRevealableField, reason: string): Promise<ConsoleRevealResponse> {
    // The region from the saga: nothing personal is opened before the audit row is written.
    await this.visibleCase(user, caseId);
    await this.audit.record({ user, action: 'case.reveal', caseId, field, reason });
    if (isHouseholdHeld(field)) {
      // Held by household registration: asked there with the clerk and the reason, which it audits too.
      const answer = await this.upstreams.get<{ citizenIdNumber?: string | null }>('household', `/internal/items/${caseId}`, { actor: user.username, reveal: { reason } });
      if (answer.ok) return { field, value: answer.body.citizenIdNumber ?? null };
      if (answer.status === 404) return { field, value: null };
      throw new ConsoleRejection(502, [UPSTREAM_UNAVAILABLE('household-registration')]);
    }
    const record = await this.intake.record(caseId);
    return { field, value: record ? revealedValue(record.application, field) : null };
  }

  /** The newborn's citizen ID number as household registration answers it, masked; null before it exists or when the service is away (named in `unavailable`). */
  private async maskedCitizenIdNumber(user: ConsoleUser, caseId: string, unavailable: string[]): Promise<string | null> {
    try {
      const item = await this.upstreams.get<{ citizenIdNumber?: string | null }>('household', `/internal/items/${caseId}`, { actor: user.username });
      if (item.ok) return item.body.citizenIdNumber ?? null;
      if (item.status !== 404) unavailable.push('household-registration');
    } catch (error) {
      if (!(error instanceof ConsoleRejection)) throw error;
      unavailable.push('household-registration');
    }
    return null;
  }

  /** The region of a case as the gateway recorded it (its hospital's), or 404. */
  async regionOfIntake(caseId: string): Promise<string | null> {
    const record = await this.intake.record(caseId);
    if (!record) throw new ConsoleRejection(404, [CASE_NOT_FOUND()]);
    return record.application.hospital?.regionCode ?? null;
  }

  async notesOf(caseId: string): Promise<ConsoleNote[]> {
    const rows: { seq: string; username: string; text: string | null; at: Date }[] = await this.dataSource.query(
      `SELECT seq::text AS seq, actor_username AS username, reason AS text, at FROM console_audit_log WHERE case_id = $1 AND action = 'case.note' ORDER BY seq`,
      [caseId],
    );
    return rows.map((r) => ({ noteId: r.seq, author: r.username, text: r.text ?? '', at: new Date(r.at).toISOString() }));
  }
}
