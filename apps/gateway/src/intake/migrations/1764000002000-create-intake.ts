import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake records. Personal data lives only in the sealed payload columns (AES-256-GCM); the
 * mother's ID number also has a keyed hash beside it (blind index) so clerks can find a case
 * without decrypting anything. What is in clear is what routing and checks need: ids, the
 * delivery, and non-personal birth facts.
 */
export class CreateIntake1764000002000 implements MigrationInterface {
  name = 'CreateIntake1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intake_records (
        case_id                 uuid PRIMARY KEY,
        case_number             text NOT NULL UNIQUE,
        hospital_id             text NOT NULL,
        birth_record_id         text NOT NULL,
        delivery_id             text NOT NULL,
        birth_order             integer NOT NULL,
        channel                 text NOT NULL CHECK (channel IN ('http', 'kafka')),
        state                   text NOT NULL DEFAULT 'accepted' CHECK (state IN ('accepted', 'voided')),
        -- keyed hash of the canonical original submission: a re-send is compared against it
        original_content_hash   text NOT NULL,
        original_payload_sealed text NOT NULL,
        current_payload_sealed  text NOT NULL,
        mother_id_hash          text NOT NULL,
        -- non-personal facts the twins check compares (delivery mode, plurality, …)
        delivery_facts          jsonb NOT NULL,
        accepted_at             timestamptz NOT NULL DEFAULT now(),
        voided_at               timestamptz,
        void_reason_sealed      text,
        -- The idempotency key: one record per hospital birth record, decided by the database.
        UNIQUE (hospital_id, birth_record_id),
        -- Twins and more: distinct birth orders within a delivery.
        CONSTRAINT intake_records_delivery_birth_order UNIQUE (hospital_id, delivery_id, birth_order)
      )`);
    await q.query(`CREATE INDEX intake_records_mother ON intake_records (mother_id_hash)`);
    await q.query(`
      CREATE TABLE case_number_counters (
        region_code char(6) NOT NULL,
        day         char(8) NOT NULL,
        last_value  integer NOT NULL,
        PRIMARY KEY (region_code, day)
      )`);
    await q.query(`
      CREATE TABLE intake_events (
        event_id    uuid PRIMARY KEY,
        case_id     uuid NOT NULL REFERENCES intake_records (case_id),
        type        text NOT NULL,
        occurred_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX intake_events_case ON intake_events (case_id)`);
    await q.query(`
      CREATE TABLE intake_corrections (
        case_id        uuid NOT NULL REFERENCES intake_records (case_id),
        correction_id  text NOT NULL,
        patch_hash     text NOT NULL,
        changed_fields text[] NOT NULL,
        event_id       uuid NOT NULL,
        corrected_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, correction_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake_corrections`);
    await q.query(`DROP TABLE intake_events`);
    await q.query(`DROP TABLE case_number_counters`);
    await q.query(`DROP TABLE intake_records`);
  }
}
