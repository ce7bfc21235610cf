// The department item kit's own cost, in process, on real PostgreSQL (bench/README.md, "Departments
// benchmark"): per item, the open and one change, each in a transaction of its own as a consumed
// message would be (ItemRecorder.open; lock + apply), with the outbox row. Prints the statements
// sent per item (BEGIN and COMMIT included), the Node CPU per item (this process) and the CPU of
// its PostgreSQL backends (found by PGAPPNAME), the median of 5 rounds after a warm-up round.
//
//   PGAPPNAME=itemprobe bash infra/run-node.sh bench/departments/item-recorder.probe.ts
//
// PROBE_CASES (300) items per round; database birth_bench (BENCH_DATABASE_URL), a schema of its own, dropped at the end.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { OutboxPublisher, TopicNamer } from '@birth/messaging';
import { createServiceDataSource, migrateServiceSchema, CreateDepartmentItemTables1764000010000, ItemTransitions } from '@birth/platform';
import { ItemRecorder } from '../../libs/platform/src/department-item/item-recorder';
import { FIXTURE_TOPICS } from '../../libs/platform/test/fixtures/department-item-fixture-topics';

const URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/birth_bench';
const transitions = ItemTransitions.define({ item: 'household-registration', opensIn: ['waiting'], moves: { waiting: ['done', 'revoked'], done: ['revoked'] } });
const definition = { transitions, topic: FIXTURE_TOPICS.itemChanged, eventFacts: (f: { certificateNumber?: string }) => ({ certificateNumber: f.certificateNumber ?? null, issuedAt: null }) };
let statements = 0;
const original = Client.prototype.query;
(Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: Client, ...args: unknown[]) {
  statements++;
  return (original as (...a: unknown[]) => unknown).apply(this, args);
};

async function main(): Promise<void> {
  const schema = `probe${randomUUID().slice(0, 6)}`;
  await migrateServiceSchema({ url: URL, schema, migrations: [CreateDepartmentItemTables1764000010000] });
  const db = await createServiceDataSource({ url: URL, schema, migrations: [], poolSize: 2 }).initialize();
  const publisher = new OutboxPublisher('probe', new TopicNamer('probe.'));
  const recorders = { current: new ItemRecorder(definition as never, publisher) };
  const N = Number(process.env['PROBE_CASES'] ?? 300);
  const results: Record<string, { cpu: number[]; wall: number[]; stmts: number; pg: number[] }> = { current: { cpu: [], wall: [], stmts: 0, pg: [] } };
  const monitor = new Client({ connectionString: URL });
  await monitor.connect();
  const snapshot = async () => {
    const rows = (await monitor.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [process.env['PGAPPNAME']])).rows;
    const m = new Map<number, number>();
    for (const { pid } of rows) {
      try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8'); const x = f.slice(f.lastIndexOf(')') + 2).split(' '); m.set(pid, (Number(x[11]) + Number(x[12])) / 100); } catch { /* gone */ }
    }
    return m;
  };
  let snap = new Map<number, number>();
  const pgSeconds = async () => { const now = await snapshot(); let d = 0; for (const [pid, sec] of now) d += sec - (snap.get(pid) ?? 0); snap = now; return d; };

  try {
    for (let round = 0; round < 6; round++) {
      for (const name of ['current'] as const) {
        const r = recorders[name] as unknown as ItemRecorder<{ certificateNumber?: string }>;
        const s0 = statements;
        await pgSeconds();
        const c0 = process.cpuUsage();
        const w0 = performance.now();
        for (let i = 0; i < N; i++) {
          const caseId = randomUUID();
          await db.transaction((m) => r.open(m, caseId, { change: 'opened', state: 'waiting', waitingFor: ['birth-certificate'] }));
          await db.transaction(async (m) => {
            const item = await r.lock(m, caseId);
            await r.apply(m, item!, { change: 'registered', state: 'done', facts: { certificateNumber: 'A123456789' } });
          });
        }
        const c = process.cpuUsage(c0);
        if (round > 0) {
          results[name]!.cpu.push((c.user + c.system) / 1000 / N);
          results[name]!.wall.push((performance.now() - w0) / N);
          results[name]!.stmts = (statements - s0) / N;
          results[name]!.pg.push(((await pgSeconds()) * 1000) / N);
        }
      }
    }
    const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
    for (const name of ['current']) {
      const x = results[name]!;
      // A benchmark's result, on stdout like the other benches' tables (no personal data: counts and times only).
      process.stdout.write(`${name}: ${x.stmts.toFixed(1)} statements per item (open + one change, BEGIN/COMMIT included); Node CPU ${med(x.cpu).toFixed(3)} ms per item (median of 5 rounds of ${N}: ${x.cpu.map((v) => v.toFixed(2)).join(' ')}); wall ${med(x.wall).toFixed(2)} ms; PostgreSQL backends' CPU ${med(x.pg).toFixed(3)} ms per item (${x.pg.map((v) => v.toFixed(2)).join(' ')})\n`);
    }
  } finally {
    await db.destroy();
    await monitor.end();
    const c = new Client({ connectionString: URL });
    await c.connect();
    await c.query(`DROP SCHEMA "${schema}" CASCADE`);
    await c.end();
  }
}
main().catch((e: Error) => {
  process.stderr.write(`[probe] ${e.stack ?? e.message}\n`);
  process.exit(1);
});
