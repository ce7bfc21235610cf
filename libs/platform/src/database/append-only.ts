/**
 * The statements that make a table append-only, for a migration to run after it creates the
 * table: triggers refuse UPDATE, DELETE and TRUNCATE for everyone, superusers included, and the
 * role running the migration (the service's own role, which owns the table: infra/db/prepare.ts)
 * gives those privileges up, so only a deliberate GRANT or DDL could change a row.
 *
 * Migrations that call it are frozen by what it returns today: change it only by adding a new
 * function, never by editing this one.
 */
export function appendOnlyStatements(table: string): string[] {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a table name: ${table}`);
  const refuse = `${table}_append_only`;
  return [
    `CREATE FUNCTION ${refuse}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '${table} is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`,
    `CREATE TRIGGER ${table}_no_update_or_delete BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${refuse}()`,
    `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${refuse}()`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM CURRENT_USER`,
  ];
}
