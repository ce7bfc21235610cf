import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SEQUENCE_RANGES, composeCitizenId, sequenceAt, type SequenceSex } from '../domain/citizen-id';

export interface SequenceRequest {
  caseId: string;
  /** The registration county (registration-place.ts). */
  countyCode: string;
  /** The China date of birth, `YYYY-MM-DD` (chinaDateOfBirth). */
  chinaBirthDate: string;
  sex: SequenceSex;
}

export interface AllocatedCitizenId {
  kind: 'allocated';
  citizenIdNumber: string;
  sequence: number;
  countyCode: string;
  chinaBirthDate: string;
  sex: SequenceSex;
  /**
   * false when the case already had a number (a redelivery or a retried step): that number is
   * returned as it was, even if the request now names another county, date or sex. The caller
   * compares, and sends a changed fact to manual review (DOMAIN.md §4: never a silent change).
   */
  fresh: boolean;
}

export interface SequencesExhausted {
  kind: 'exhausted';
  countyCode: string;
  chinaBirthDate: string;
  sex: SequenceSex;
  /** For the item's reason (MANUAL_REVIEW). */
  reason: { zh: string; en: string };
}

export type SequenceAllocation = AllocatedCitizenId | SequencesExhausted;

interface AllocationRow {
  county_code: string;
  birth_date: string;
  sex: SequenceSex;
  sequence: number;
}

/**
 * Allocates citizen ID sequences per county, China date of birth and sex (DOMAIN.md §4), in the
 * caller's transaction, so the number commits or rolls back with the item, its history and its
 * outbox row.
 *
 * Race-free across instances: the counter row is taken with one `INSERT … ON CONFLICT DO UPDATE`,
 * which holds that row's lock until the caller's transaction ends; a second allocation for the
 * same key (any connection, any instance) waits for it and then reads the committed count. A
 * rolled-back allocation rolls its increment back too, so it burns no number: sequences are a
 * scarce 500 a day per county and sex. The price is that allocations of one key are serialized
 * for the length of the caller's transaction: keep that transaction short. The unique key on
 * (county, date, sequence) guards against a duplicate in any case.
 */
@Injectable()
export class CitizenIdSequencesRepository {
  async allocate(manager: EntityManager, request: SequenceRequest): Promise<SequenceAllocation> {
    const existing = await this.allocationOf(manager, request.caseId);
    if (existing) return { ...existing, fresh: false };

    const range = SEQUENCE_RANGES[request.sex];
    // No row back: the key is at its capacity (the WHERE of DO UPDATE refused the increment).
    const counted: { allocated: number }[] = await manager.query(
      `INSERT INTO citizen_id_sequences AS s (county_code, birth_date, sex, allocated) VALUES ($1, $2, $3, 1)
       ON CONFLICT (county_code, birth_date, sex) DO UPDATE SET allocated = s.allocated + 1 WHERE s.allocated < $4
       RETURNING allocated`,
      [request.countyCode, request.chinaBirthDate, request.sex, range.count],
    );
    const sequence = counted.length === 1 ? sequenceAt(request.sex, counted[0].allocated - 1) : undefined;
    if (sequence === undefined) return exhausted(request);

    await manager.query(
      `INSERT INTO citizen_id_allocations (case_id, county_code, birth_date, sex, sequence) VALUES ($1, $2, $3, $4, $5)`,
      [request.caseId, request.countyCode, request.chinaBirthDate, request.sex, sequence],
    );
    return { ...this.toAllocated({ county_code: request.countyCode, birth_date: request.chinaBirthDate, sex: request.sex, sequence }), fresh: true };
  }

  /**
   * A cancelled registration (voided birth, `revoke`): the allocation stays, marked cancelled, and
   * the counter does not go back, so the number is never handed out again. Idempotent.
   */
  async cancel(manager: EntityManager, caseId: string, reason: string): Promise<boolean> {
    const [, count] = (await manager.query(
      `UPDATE citizen_id_allocations SET cancelled_at = now(), cancel_reason = $2 WHERE case_id = $1 AND cancelled_at IS NULL`,
      [caseId, reason],
    )) as [unknown, number];
    return count === 1;
  }

  /** The number a case was given, if any. */
  async allocationOf(manager: EntityManager, caseId: string): Promise<Omit<AllocatedCitizenId, 'fresh'> | undefined> {
    const rows: AllocationRow[] = await manager.query(
      `SELECT county_code, birth_date::text AS birth_date, sex, sequence FROM citizen_id_allocations WHERE case_id = $1`,
      [caseId],
    );
    return rows.length === 1 ? this.toAllocated(rows[0]) : undefined;
  }

  private toAllocated(row: AllocationRow): Omit<AllocatedCitizenId, 'fresh'> {
    const parts = { countyCode: row.county_code, chinaBirthDate: row.birth_date, sequence: Number(row.sequence) };
    return { kind: 'allocated', citizenIdNumber: composeCitizenId(parts), ...parts, sex: row.sex };
  }
}

function exhausted(request: SequenceRequest): SequencesExhausted {
  const sexZh = request.sex === 'male' ? '男' : '女';
  const count = SEQUENCE_RANGES[request.sex].count;
  return {
    kind: 'exhausted',
    countyCode: request.countyCode,
    chinaBirthDate: request.chinaBirthDate,
    sex: request.sex,
    reason: {
      zh: `${request.countyCode} 于 ${request.chinaBirthDate} 出生的${sexZh}性顺序码（${count} 个）已用完，需人工处理`,
      en: `all ${count} ${request.sex} sequences of county ${request.countyCode} for ${request.chinaBirthDate} are used: manual handling`,
    },
  };
}
