import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type AuditOutcome = 'ok' | 'refused' | 'failed';

/**
 * One line of the gateway's append-only audit log (table audit_log; a trigger refuses UPDATE,
 * DELETE and TRUNCATE). Identifiers, codes and addresses only: never a request body, a secret
 * or personal data in `details`.
 */
export interface AuditEntry {
  /** Who acted: `cli:<os user>`, `hospital:<id>`, or the channel of a refused request (`hospital-api`). */
  actor: string;
  /** What was done, dotted: `hospital.add`, `hospital.authenticate`, … */
  action: string;
  outcome: AuditOutcome;
  hospitalId?: string | null;
  keyId?: string | null;
  /** A reason code for a refusal or failure (e.g. SIGNATURE_INVALID). */
  reason?: string | null;
  sourceAddress?: string | null;
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends one entry; pass the transaction's manager to commit it with the change it records. */
  async append(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (actor, action, outcome, hospital_id, key_id, reason, source_address, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
      [
        entry.actor,
        entry.action,
        entry.outcome,
        entry.hospitalId ?? null,
        entry.keyId ?? null,
        entry.reason ?? null,
        entry.sourceAddress ?? null,
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }
}
