import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendOnlyStatements } from '@birth/platform';

/**
 * The console's users, their server-side sessions and the console's append-only audit log
 * (issue 15). Unqualified names: search_path is the gateway's schema.
 *
 * - console_users: a password is stored only as its scrypt hash (password-hash.ts: the cost and
 *   the per-user salt are inside the text); users are disabled, never deleted, so audit rows keep
 *   naming a real user.
 * - console_sessions: the id is the SHA-256 digest of the cookie's random 32 bytes, so a copy of
 *   the table opens no session.
 * - console_audit_log: who did what to which case, which field and why. Append-only
 *   (appendOnlyStatements): triggers refuse UPDATE, DELETE and TRUNCATE for everyone.
 */
export class CreateConsoleAuth1764000015000 implements MigrationInterface {
  name = 'CreateConsoleAuth1764000015000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE console_users (
        id               uuid PRIMARY KEY,
        username         text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
        role             text NOT NULL CHECK (role IN ('clerk', 'operator', 'admin', 'auditor')),
        regions          text[] NOT NULL DEFAULT '{}',
        password_hash    text NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
        disabled_at      timestamptz NULL,
        failed_attempts  integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        locked_until     timestamptz NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        -- A clerk serves at least one region; the other roles see no personal data and serve none.
        CHECK ((role = 'clerk') = (cardinality(regions) > 0))
      )`);
    await queryRunner.query(`
      CREATE TABLE console_sessions (
        id            char(64) PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
        user_id       uuid NOT NULL REFERENCES console_users (id),
        csrf_token    text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        last_seen_at  timestamptz NOT NULL DEFAULT now(),
        ended_at      timestamptz NULL
      )`);
    await queryRunner.query(`CREATE INDEX console_sessions_user_idx ON console_sessions (user_id) WHERE ended_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE console_audit_log (
        seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at              timestamptz NOT NULL DEFAULT now(),
        actor_user_id   uuid NOT NULL,
        actor_username  text NOT NULL,
        actor_role      text NOT NULL,
        action          text NOT NULL CHECK (action ~ '^[a-z][a-z0-9.-]{0,99}$'),
        case_id         uuid NULL,
        field           text NULL CHECK (length(field) <= 200),
        reason          text NULL CHECK (length(reason) <= 500),
        detail          jsonb NOT NULL DEFAULT '{}'::jsonb,
        session_id      char(64) NULL
      )`);
    await queryRunner.query(`CREATE INDEX console_audit_log_case_idx ON console_audit_log (case_id, seq) WHERE case_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX console_audit_log_actor_idx ON console_audit_log (actor_username, seq)`);
    await queryRunner.query(`CREATE INDEX console_audit_log_action_idx ON console_audit_log (action, seq)`);
    for (const statement of appendOnlyStatements('console_audit_log')) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE console_audit_log`);
    await queryRunner.query(`DROP FUNCTION console_audit_log_append_only()`);
    await queryRunner.query(`DROP TABLE console_sessions`);
    await queryRunner.query(`DROP TABLE console_users`);
  }
}
