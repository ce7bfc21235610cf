import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hospitals and their signing keys, the seen nonces of signed requests, and the gateway's
 * append-only audit log (DESIGN.md, "Security"). Unqualified names: search_path is the schema.
 */
export class CreateHospitals1764000001000 implements MigrationInterface {
  name = 'CreateHospitals1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE hospitals (
        id           text PRIMARY KEY,
        name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        region_code  char(6) NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        enabled      boolean NOT NULL DEFAULT true,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE hospital_keys (
        key_id         text PRIMARY KEY,
        hospital_id    text NOT NULL REFERENCES hospitals (id),
        -- AES-256-GCM under SECRETS_KEK, 'v1:<iv>:<tag>:<ciphertext>' (SecretBox, libs/platform/src/crypto/secret-box.ts); never the secret in clear.
        secret_sealed  text NOT NULL CHECK (secret_sealed LIKE 'v1:%'),
        created_at     timestamptz NOT NULL DEFAULT now(),
        revoked_at     timestamptz NULL
      )`);
    await queryRunner.query(`CREATE INDEX hospital_keys_hospital_idx ON hospital_keys (hospital_id)`);
    await queryRunner.query(`
      CREATE TABLE seen_nonces (
        hospital_id  text NOT NULL,
        nonce        text NOT NULL,
        seen_at      timestamptz NOT NULL,
        PRIMARY KEY (hospital_id, nonce)
      )`);
    await queryRunner.query(`CREATE INDEX seen_nonces_seen_at_idx ON seen_nonces (seen_at)`);
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id              bigserial PRIMARY KEY,
        at              timestamptz NOT NULL DEFAULT now(),
        actor           text NOT NULL,
        action          text NOT NULL,
        hospital_id     text NULL,
        key_id          text NULL,
        outcome         text NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
        reason          text NULL,
        source_address  text NULL,
        details         jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_hospital_at_idx ON audit_log (hospital_id, at)`);
    // Append-only: a row, once written, is never changed or removed (not even by TRUNCATE).
    await queryRunner.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP FUNCTION audit_log_append_only()`);
    await queryRunner.query(`DROP TABLE seen_nonces`);
    await queryRunner.query(`DROP TABLE hospital_keys`);
    await queryRunner.query(`DROP TABLE hospitals`);
  }
}
