import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { InternalRequestContext } from './internal-request';
import { asJson, maskForAnswer, revealedFields, type FieldMasks, type RevealRequest } from './reveal-masking';

/** What an answer is about, for the audit: `{ kind: 'item', id: caseId }`, `{ kind: 'claim', id: claimId }`. */
export interface RevealSubject {
  kind: string;
  id: string;
}

export interface RevealOptions {
  /** The service's own personal fields by name (`{ socialSecurityNumber: maskIdNumber }`), beyond those libs/contracts knows. */
  masks?: FieldMasks;
}

/**
 * Answers of the internal API that carry personal data: masked by default; unmasked only for a
 * reveal with a reason, and only after the audit row is committed (a failed write answers an
 * error, never the data). The row goes to this service's own `personal_data_reveals`.
 */
@Injectable()
export class PersonalDataReveals {
  constructor(private readonly dataSource: DataSource) {}

  async answer<T>(who: InternalRequestContext, reveal: RevealRequest | null, subject: RevealSubject, value: T, options: RevealOptions = {}): Promise<T> {
    const masked = maskForAnswer(value, options.masks);
    if (!reveal) return masked;
    const real = asJson(value);
    const fields = revealedFields(real, masked);
    if (fields.length === 0) return real;
    await this.dataSource.query(
      `INSERT INTO personal_data_reveals (caller, actor, record_kind, record_id, fields, reason) VALUES ($1, $2, $3, $4, $5, $6)`,
      [who.caller, who.actor, subject.kind, subject.id, fields, reveal.reason],
    );
    return real;
  }
}
