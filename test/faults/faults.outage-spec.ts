import { Client } from 'pg';
import { check, type CheckResult } from './checker';
import { runFaults, type FaultRunResult } from './support/fault-run';

/**
 * The fault run's short form for CI (npm run test:faults is the long one): the whole system on a
 * PRIVATE broker (9392) and PostgreSQL (5462), never the shared ones; 40 s of load (longer if the
 * first round of faults takes longer) with a smaller set of faults; then the independent checker
 * must count nothing lost, duplicated or wrong. Then the same checker, shown a tampered copy of the
 * outcome, must say so: a check that cannot fail proves nothing.
 */
describe('the fault run (short form)', () => {
  let run: FaultRunResult;
  let tampered: CheckResult;

  beforeAll(async () => {
    run = await runFaults({
      faultPhaseMs: 40_000,
      seed: 16,
      ratePerSecond: 1,
      kinds: ['app-kill', 'failpoint-crash', 'postgres-crash', 'broker-pause', 'poison', 'clock-jump'],
      brokerPauseMs: 5_000,
      gapMs: [2_000, 5_000],
      settleTimeoutMs: 60_000,
      kafkaPort: 9392,
      kafkaControllerPort: 9393,
      postgresPort: 5462,
      basePort: 8680,
      note: (text) => process.stderr.write(`[faults] ${text}\n`),
      inspect: async (infra, runDir) => {
        const db = new Client({ connectionString: infra.databaseAdminUrl });
        await db.connect();
        try {
          // One acknowledged case lost, one ledger credit a fen too high, one breach flagged an hour early.
          await db.query('BEGIN');
          await db.query(`SET LOCAL session_replication_role = replica`);
          await db.query(`DELETE FROM case_saga.cases WHERE case_id = (SELECT case_id FROM case_saga.cases WHERE state = 'completed' ORDER BY seq LIMIT 1)`);
          await db.query(`UPDATE bank_simulator.ledger_entries SET amount_fen = amount_fen + 1 WHERE id = (SELECT min(id) FROM bank_simulator.ledger_entries WHERE side = 'credit')`);
          await db.query(
            `UPDATE case_saga.step_clocks SET breached_at = deadline - interval '1 hour'
              WHERE (case_id, item) = (SELECT case_id, item FROM case_saga.step_clocks WHERE deadline IS NOT NULL ORDER BY case_id, item LIMIT 1)`,
          );
          await db.query('COMMIT');
        } finally {
          await db.end();
        }
        tampered = await check({ dir: runDir, databaseUrl: infra.databaseAdminUrl, brokers: [infra.kafkaBrokers] }, () => undefined);
      },
    });
  }, 290_000);

  it('loses, duplicates and miscounts nothing, and every DLQ holds exactly the poison injected', () => {
    const { check: result } = run;
    expect(run.settledInMs).not.toBeNull();
    expect(result.births).toBeGreaterThan(20);
    expect(Object.keys(result.faults).sort()).toEqual(['app-kill', 'broker-pause', 'clock-jump', 'failpoint-crash', 'poison', 'postgres-crash']);
    expect(result).toMatchObject({ lost: 0, duplicated: 0, wrongAmounts: 0, wrongBreaches: 0, stuck: 0, unpublishedOutbox: 0, dlqMissing: 0, dlqUnexpected: 0, ok: true });
    expect(result.paidBenefits).toBeGreaterThan(0);
    expect(result.paidTotalFen).toBe(result.expectedTotalFen);
  });

  it('the checker fails a tampered outcome and says why', () => {
    expect(tampered).toMatchObject({ ok: false, lost: 1 });
    expect(tampered.wrongAmounts).toBeGreaterThan(0);
    expect(tampered.wrongBreaches).toBeGreaterThan(0);
  });
});
