import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops `work_items`, the table the department stubs shared before each service got its own
 * (issue 11: the department item kit's `items`, the allowance's `allowance_claims`). Its
 * migration, CreateWorkItemsTable1764000000100, is gone from the code; a schema that ran it keeps
 * that row in `migrations`, which TypeORM ignores (it runs only what is pending). The table held
 * only "opened" markers on dev databases (no production existed), so nothing is carried over.
 * In every service's schema, after its own migrations: where the table never existed it is a no-op.
 */
export class DropRetiredWorkItems1764000012100 implements MigrationInterface {
  name = 'DropRetiredWorkItems1764000012100';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Unqualified: search_path is the service's own schema, so no other schema's table is touched.
    await queryRunner.query(`DROP TABLE IF EXISTS work_items`);
  }

  down(): Promise<void> {
    // Nothing to restore: no code reads or writes work_items any more.
    return Promise.resolve();
  }
}
