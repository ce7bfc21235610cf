import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendOnlyStatements } from '@birth/platform';

/**
 * The data every service reads and the gateway owns (DESIGN.md, "Events"): each policy version
 * and each version of a calendar year an operator imported (`npm run cli -- policy import`,
 * `calendar import`). Rows are never changed: a version is immutable, decisions recorded its
 * number, and a correction is a new version. The repository's own files (libs/policy/data,
 * libs/calendar/years) are not copied here: every service starts from them anyway.
 *
 * `content` is the document as published; `content_sha256` the SHA-256 of its JSON text as
 * published (JSON.stringify of the document), which the services check on receipt.
 */
export class CreateReferenceData1764000007200 implements MigrationInterface {
  name = 'CreateReferenceData1764000007200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE policy_versions (
        version         integer PRIMARY KEY CHECK (version >= 1),
        effective_from  date NOT NULL,
        content         jsonb NOT NULL,
        content_sha256  text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
        imported_by     text NOT NULL,
        imported_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE calendar_years (
        year            integer NOT NULL CHECK (year BETWEEN 2000 AND 2199),
        version         integer NOT NULL CHECK (version >= 1),
        content         jsonb NOT NULL,
        content_sha256  text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
        imported_by     text NOT NULL,
        imported_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (year, version)
      )`);
    for (const table of ['policy_versions', 'calendar_years']) {
      for (const statement of appendOnlyStatements(table)) await q.query(statement);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_years`);
    await q.query(`DROP TABLE policy_versions`);
    await q.query(`DROP FUNCTION calendar_years_append_only()`);
    await q.query(`DROP FUNCTION policy_versions_append_only()`);
  }
}
