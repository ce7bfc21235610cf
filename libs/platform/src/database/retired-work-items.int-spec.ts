import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TestNamespace } from '@birth/testing';
import { CreateDepartmentItemTables1764000010000 } from '../department-item/department-item.migration';
import { createServiceDataSource, migrateServiceSchema } from './service-data-source';

/** The retired shared migration exactly as it was, to make a schema as an old dev database has it. */
class CreateWorkItemsTable1764000000100 implements MigrationInterface {
  name = 'CreateWorkItemsTable1764000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE work_items (
        case_id           uuid PRIMARY KEY,
        delivery_id       text NOT NULL,
        state             text NOT NULL DEFAULT 'opened',
        opened_at         timestamptz NOT NULL DEFAULT now(),
        opened_by_message uuid NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE work_items`);
  }
}

describe('a schema that ran the retired work_items migration (real PostgreSQL)', () => {
  let ns: TestNamespace;

  beforeAll(async () => {
    ns = await TestNamespace.create([]);
  });

  afterAll(async () => {
    await ns?.dispose();
  });

  const tablesOf = async (schema: string) =>
    (await ns.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [schema])).map((t) => t.table_name);

  it('migrates to head without it: the table is dropped, the old row stays, nothing is pending', async () => {
    // An old dev database: the platform's tables as they were, then the shared work_items with a row in it.
    const schema = await ns.createSchema('old_department');
    await ns.query(`DELETE FROM "${schema}".migrations WHERE name = 'DropRetiredWorkItems1764000012100'`);
    await migrateServiceSchema({ url: ns.databaseUrl, schema, migrations: [CreateWorkItemsTable1764000000100], platformTables: false });
    await ns.query(`INSERT INTO "${schema}".work_items (case_id, delivery_id, opened_by_message) VALUES (gen_random_uuid(), 'D-1', gen_random_uuid())`);
    expect(await tablesOf(schema)).toContain('work_items');

    // The service as it is now: its own migrations, none of them the retired one.
    const applied = await migrateServiceSchema({ url: ns.databaseUrl, schema, migrations: [CreateDepartmentItemTables1764000010000] });

    expect(applied).toEqual(['CreateDepartmentItemTables1764000010000', 'DropRetiredWorkItems1764000012100']);
    expect(await tablesOf(schema)).not.toContain('work_items');
    expect(await tablesOf(schema)).toContain('items');
    const recorded = await ns.query<{ name: string }>(`SELECT name FROM "${schema}".migrations WHERE name = 'CreateWorkItemsTable1764000000100'`);
    expect(recorded).toHaveLength(1);
    // What readiness asks ("migrations at head"): nothing pending, the unknown old row notwithstanding.
    const dataSource = await createServiceDataSource({ url: ns.databaseUrl, schema, migrations: [CreateDepartmentItemTables1764000010000], poolSize: 1 }).initialize();
    try {
      expect(await dataSource.showMigrations()).toBe(false);
    } finally {
      await dataSource.destroy();
    }
  });

  it('is a no-op in a schema that never had the table', async () => {
    const schema = await ns.createSchema('new_service');
    expect(await tablesOf(schema)).not.toContain('work_items');
    const recorded = await ns.query<{ name: string }>(`SELECT name FROM "${schema}".migrations WHERE name = 'DropRetiredWorkItems1764000012100'`);
    expect(recorded).toHaveLength(1);
  });
});
