import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BirthRegisteredV1 } from '@birth/contracts';

/**
 * Opens the allowance claim of a registered birth, once per (hospital, delivery): the claim opens
 * from the birth with no separate application (DOMAIN.md §7). A second newborn of the same
 * delivery joins the claim's cases; the same case again changes nothing.
 */
@Injectable()
export class AllowanceClaims {
  /** True when this call changed something (a new claim, or a new case of an open one). */
  async open(manager: EntityManager, caseId: string, messageId: string, birth: BirthRegisteredV1): Promise<boolean> {
    // Only what was applied for (issue 11): without the item, no claim.
    if (!birth.application.items.includes('maternity-allowance')) return false;
    const rows: unknown[] = await manager.query(
      `INSERT INTO allowance_claims (hospital_id, delivery_id, case_ids, opened_by_message) VALUES ($1, $2, ARRAY[$3::uuid], $4)
       ON CONFLICT (hospital_id, delivery_id) DO UPDATE SET case_ids = allowance_claims.case_ids || EXCLUDED.case_ids
         WHERE NOT ($3::uuid = ANY (allowance_claims.case_ids))
       RETURNING 1`,
      [birth.hospital.institutionId, birth.deliveryId, caseId, messageId],
    );
    return rows.length === 1;
  }
}
