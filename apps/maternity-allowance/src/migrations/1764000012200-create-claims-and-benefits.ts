import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendOnlyStatements } from '@birth/platform';

/**
 * The claim store of issue 12, replacing the stub's `allowance_claims` (which decided nothing:
 * its rows are not carried over; a birth redelivered opens its claim again).
 *
 * - `allowance_claims`: one per mother's delivery, keyed by (hospital_id, delivery_id), with its
 *   own `claim_id` (the Kafka key of claim-changed); `case_ids` are the cases still part of it (a
 *   voided twin leaves); the item block's columns; `accepted_at` (later of the case's acceptance
 *   and the certificate's issue, from the data); `decision_facts`: what the decision read from
 *   the birth, never a name, an ID number or an account.
 * - `allowance_claim_cases`: every case of the delivery, with its acceptance, its plurality, its
 *   certificate's issue and its void.
 * - `allowance_benefits`: one per (claim, benefit): outcome, state, every term (days and their
 *   sources, wage and where it came from, rule version, amount), and the beneficiary's account
 *   exactly as received: HPKE-sealed for this service (SealedValueV1), never opened here.
 * - `allowance_claim_history`: append-only, every change with its cause (the message id).
 * - `allowance_pending_facts`: a certificate or a void that came before the birth, per case and kind.
 */
export class CreateClaimsAndBenefits1764000012200 implements MigrationInterface {
  name = 'CreateClaimsAndBenefits1764000012200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE allowance_claims`);
    await queryRunner.query(`
      CREATE TABLE allowance_claims (
        claim_id             uuid PRIMARY KEY,
        hospital_id          text NOT NULL,
        delivery_id          text NOT NULL,
        case_ids             uuid[] NOT NULL,
        state                text NOT NULL,
        reason_code          text,
        reason_zh            text,
        reason_en            text,
        waiting_for          text[] NOT NULL DEFAULT '{}',
        prerequisites_met_at timestamptz,
        rule_version         text,
        accepted_at          timestamptz,
        cancelled_reason     text,
        recovery_required    boolean NOT NULL DEFAULT false,
        decision_facts       jsonb NOT NULL,
        version              integer NOT NULL DEFAULT 1,
        opened_at            timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        UNIQUE (hospital_id, delivery_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE allowance_claim_cases (
        case_id               uuid PRIMARY KEY,
        claim_id              uuid NOT NULL REFERENCES allowance_claims (claim_id),
        case_accepted_at      timestamptz NOT NULL,
        plurality             integer NOT NULL CHECK (plurality >= 1),
        certificate_issued_at timestamptz,
        voided_at             timestamptz,
        void_reason_code      text,
        opened_by_message     uuid NOT NULL,
        added_at              timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX allowance_claim_cases_by_claim ON allowance_claim_cases (claim_id)`);
    await queryRunner.query(`
      CREATE TABLE allowance_benefits (
        claim_id             uuid NOT NULL REFERENCES allowance_claims (claim_id),
        benefit              text NOT NULL CHECK (benefit IN ('maternity-leave', 'paternity-leave')),
        beneficiary          text NOT NULL CHECK (beneficiary IN ('mother', 'father')),
        outcome              text NOT NULL CHECK (outcome IN ('eligible', 'manual-review', 'rejected', 'forwarded')),
        state                text NOT NULL,
        reason_code          text,
        reason_zh            text,
        reason_en            text,
        insuring_region_code text,
        forwarded_to         text,
        rule_version         integer,
        days                 integer CHECK (days >= 0),
        day_terms            jsonb NOT NULL DEFAULT '[]',
        wage_fen             bigint CHECK (wage_fen >= 0),
        wage_source          text,
        wage_rule            text,
        amount_fen           bigint CHECK (amount_fen >= 0),
        sealed_account       jsonb,
        sealed_for_case      uuid,
        paid_at              timestamptz,
        updated_at           timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (claim_id, benefit)
      )`);
    await queryRunner.query(`
      CREATE TABLE allowance_claim_history (
        id          bigserial PRIMARY KEY,
        claim_id    uuid NOT NULL REFERENCES allowance_claims (claim_id),
        change      text NOT NULL,
        state       text NOT NULL,
        reason_code text,
        case_ids    uuid[] NOT NULL,
        at          timestamptz NOT NULL DEFAULT now(),
        cause       uuid
      )`);
    await queryRunner.query(`CREATE INDEX allowance_claim_history_by_claim ON allowance_claim_history (claim_id, id)`);
    for (const statement of appendOnlyStatements('allowance_claim_history')) await queryRunner.query(statement);
    await queryRunner.query(`
      CREATE TABLE allowance_pending_facts (
        case_id     uuid NOT NULL,
        kind        text NOT NULL CHECK (kind IN ('certificate', 'void')),
        facts       jsonb NOT NULL,
        cause       uuid,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, kind)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['allowance_pending_facts', 'allowance_claim_history', 'allowance_benefits', 'allowance_claim_cases', 'allowance_claims']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION IF EXISTS allowance_claim_history_append_only()`);
    await queryRunner.query(`
      CREATE TABLE allowance_claims (
        hospital_id       text NOT NULL,
        delivery_id       text NOT NULL,
        case_ids          uuid[] NOT NULL CHECK (cardinality(case_ids) >= 1),
        opened_at         timestamptz NOT NULL DEFAULT now(),
        opened_by_message uuid NOT NULL,
        PRIMARY KEY (hospital_id, delivery_id)
      )`);
  }
}
