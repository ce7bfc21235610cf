import type { CorrectionRow, EventRow, RecordRow } from './intake.repository';

export type IntakeChannel = 'http' | 'kafka';

/** What a hospital may see of its submission: no personal data. */
export interface IntakeView {
  caseId: string;
  caseNumber: string;
  hospitalId: string;
  birthRecordId: string;
  deliveryId: string;
  state: 'accepted' | 'voided';
  channel: IntakeChannel;
  acceptedAt: string;
  voidedAt: string | null;
  corrections: { correctionId: string; changedFields: string[]; correctedAt: string }[];
  published: { eventId: string; type: string; occurredAt: string; publishedToKafka: boolean }[];
}

export function toIntakeView(row: RecordRow, events: readonly EventRow[], corrections: readonly CorrectionRow[]): IntakeView {
  return {
    caseId: row.case_id,
    caseNumber: row.case_number,
    hospitalId: row.hospital_id,
    birthRecordId: row.birth_record_id,
    deliveryId: row.delivery_id,
    state: row.state,
    channel: row.channel,
    acceptedAt: row.accepted_at.toISOString(),
    voidedAt: row.voided_at?.toISOString() ?? null,
    corrections: corrections.map((c) => ({ correctionId: c.correction_id, changedFields: c.changed_fields, correctedAt: c.corrected_at.toISOString() })),
    published: events.map((e) => ({ eventId: e.event_id, type: e.type, occurredAt: e.occurred_at.toISOString(), publishedToKafka: e.published })),
  };
}
