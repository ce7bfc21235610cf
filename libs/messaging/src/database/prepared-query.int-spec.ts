import { QueryFailedError, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { TestNamespace } from '@birth/testing';
import { preparedQuery, preparedStatementName } from './prepared-query';

class CreateThings1764000000950 implements MigrationInterface {
  name = 'CreateThings1764000000950';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE things (id integer PRIMARY KEY, label text NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE things`);
  }
}

const INSERT = `INSERT INTO things (id, label) SELECT * FROM unnest($1::int[], $2::text[]) RETURNING id, label`;

describe('preparedQuery (real PostgreSQL)', () => {
  let ns: TestNamespace;
  let dataSource: DataSource;

  beforeAll(async () => {
    ns = await TestNamespace.create([]);
    dataSource = await ns.dataSource(await ns.createSchema('prepared', [CreateThings1764000000950]));
  });

  afterAll(() => ns?.dispose());

  it('prepares a statement once on the transaction’s connection and runs it there', async () => {
    await dataSource.transaction(async (tx) => {
      expect(await preparedQuery(tx, INSERT, [[1, 2], ['a', 'b']])).toEqual([
        { id: 1, label: 'a' },
        { id: 2, label: 'b' },
      ]);
      expect(await preparedQuery(tx, INSERT, [[3], ['c']])).toEqual([{ id: 3, label: 'c' }]);
      // Same session: the rows are visible, and the statement is prepared there once under its name.
      const prepared = (await tx.query(`SELECT name, statement FROM pg_prepared_statements WHERE name = $1`, [preparedStatementName(INSERT)])) as {
        statement: string;
      }[];
      expect(prepared).toEqual([{ name: preparedStatementName(INSERT), statement: INSERT }]);
      throw new Error('roll back');
    }).catch((error: Error) => expect(error.message).toBe('roll back'));
    // It ran in the transaction: rolled back with it.
    expect(await preparedQuery(dataSource, `SELECT count(*)::int AS n FROM things`, [])).toEqual([{ n: 0 }]);
  });

  it('borrows a pooled connection for a data source and gives it back', async () => {
    const pool = (dataSource.driver as unknown as { master: { totalCount: number; idleCount: number } }).master;
    await Promise.all(Array.from({ length: 20 }, (_, i) => preparedQuery(dataSource, INSERT, [[100 + i], [`n${i}`]])));
    expect(pool.idleCount).toBe(pool.totalCount);
    expect(await preparedQuery(dataSource, `SELECT count(*)::int AS n FROM things WHERE id >= $1`, [100])).toEqual([{ n: 20 }]);
  });

  it('fails as manager.query does: a QueryFailedError carrying the driver’s code and constraint', async () => {
    await preparedQuery(dataSource, INSERT, [[500], ['first']]);
    const error: unknown = await preparedQuery(dataSource, INSERT, [[500], ['again']]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError & { driverError: { code: string; constraint: string } }).driverError).toMatchObject({
      code: '23505',
      constraint: 'things_pkey',
    });
  });

  it('names a statement by its text', () => {
    expect(preparedStatementName(INSERT)).toBe(preparedStatementName(`${INSERT}`));
    expect(preparedStatementName(INSERT)).not.toBe(preparedStatementName(`${INSERT} `));
    expect(preparedStatementName(INSERT)).toMatch(/^p_[0-9a-f]{32}$/);
  });
});
