// Prepares PostgreSQL for every service and demo program (the bank simulator): the database,
// one role and one schema per program, then each program's migrations, run as that program's
// role (so the role owns its tables).
//
//   DATABASE_ADMIN_URL  an administrator's connection (default: the local server, user postgres)
//   DATABASE_NAME       the database the services share, each in its own schema (default: birth)
//
// Local demo only: roles get their own name as password. In production the DBA creates the
// roles with real secrets and this script runs the migrations with each service's DATABASE_URL.
import { Client } from 'pg';
import { migrateServiceSchema, quoteIdentifier } from './database-admin';
import { PROGRAMS, schemaOf } from '../services';

async function main(): Promise<void> {
  const adminUrl = process.env['DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = process.env['DATABASE_NAME'] ?? 'birth';
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
  await admin.end();

  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${database}`;
  const db = new Client({ connectionString: dbUrl.toString() });
  await db.connect();
  for (const service of PROGRAMS) {
    const role = schemaOf(service);
    const hasRole = await db.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (hasRole.rowCount === 0) await db.query(`CREATE ROLE ${quoteIdentifier(role)} LOGIN PASSWORD '${role}'`);
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(role)} AUTHORIZATION ${quoteIdentifier(role)}`);
    await db.query(`ALTER ROLE ${quoteIdentifier(role)} SET search_path = ${quoteIdentifier(role)}`);
    // A service reaches only its own schema: nothing in public, nothing of the others.
    await db.query(`REVOKE ALL ON SCHEMA public FROM ${quoteIdentifier(role)}`);
  }
  await db.end();

  for (const service of PROGRAMS) {
    const role = schemaOf(service);
    const url = new URL(dbUrl.toString());
    url.username = role;
    url.password = role;
    const applied = await migrateServiceSchema({ url: url.toString(), schema: role, migrations: [...service.migrations], platformTables: service.platformTables });
    process.stdout.write(`[db] ${service.name}: schema ${role}, ${applied.length ? `applied ${applied.join(', ')}` : 'migrations at head'}\n`);
  }
}

main().catch((error: Error) => {
  process.stderr.write(`[db] ${error.message}\n`);
  process.exit(1);
});
