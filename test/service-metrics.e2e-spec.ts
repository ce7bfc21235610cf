import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareSealingKeys } from '@birth/platform';
import { expectEventually, TestNamespace } from '@birth/testing';
import { startService, type RunningService } from './support/system';

/**
 * The saga's and the allowance's own gauges on /metrics (read from their tables at scrape time),
 * on real processes over real PostgreSQL: the alerts in infra/prometheus read them.
 */
describe("the saga's and the allowance's gauges on /metrics", () => {
  let ns: TestNamespace;
  let saga: RunningService;
  let allowance: RunningService;
  const keysDir = mkdtempSync(join(tmpdir(), 'metrics-sealing-'));

  beforeAll(async () => {
    ns = await TestNamespace.create();
    await prepareSealingKeys(keysDir);
    saga = await startService(ns, 'case-saga');
    allowance = await startService(ns, 'maternity-allowance', { SEALING_PRIVATE_KEYS_DIR: keysDir, BANK_URL: 'http://127.0.0.1:9', PAYMENT_RECONCILE_INTERVAL_MS: '600000' });
  }, 300_000);

  afterAll(async () => {
    await saga?.stop();
    await allowance?.stop();
    await ns?.dispose();
    rmSync(keysDir, { recursive: true, force: true });
  });

  async function scrape(service: RunningService): Promise<string> {
    const response = await fetch(`${service.url}/metrics`, { signal: AbortSignal.timeout(10_000) });
    expect(response.status).toBe(200);
    return response.text();
  }

  it('the saga counts open cases, those at risk and breached, and says how late its timers are (none due: 0)', async () => {
    const caseOf = () => [randomUUID(), 'H210202001', randomUUID(), randomUUID(), randomUUID()];
    const insert = `INSERT INTO "${saga.schema}".cases (case_id, hospital_id, birth_record_id, delivery_id, accepted_at, opened_by_message, at_risk, breached)
                    VALUES ($1, $2, $3, $4, now(), $5, $6, $7)`;
    await ns.query(insert, [...caseOf(), false, false]);
    await ns.query(insert, [...caseOf(), true, false]);
    await ns.query(insert, [...caseOf(), true, true]);
    await expectEventually(async () => {
      const text = await scrape(saga);
      expect(text).toMatch(/^birth_saga_open_cases\{service="case-saga"\} 3$/m);
      expect(text).toMatch(/^birth_saga_at_risk_cases\{service="case-saga"\} 2$/m);
      expect(text).toMatch(/^birth_saga_breached_cases\{service="case-saga"\} 1$/m);
      // A due timer is fired by the saga's ticker at once, so a healthy saga reports 0.
      expect(text).toMatch(/^birth_saga_timer_lag_seconds\{service="case-saga"\} 0$/m);
    });
  });

  it('the allowance reports payment orders by state (every state, 0 when none) and reconciliation mismatches', async () => {
    const text = await scrape(allowance);
    for (const state of ['pending', 'sent', 'paid', 'rejected', 'closed']) {
      expect(text).toMatch(new RegExp(`^birth_allowance_payments\\{state="${state}",service="maternity-allowance"\\} 0$`, 'm'));
    }
    expect(text).toMatch(/^birth_allowance_reconciliation_mismatches\{service="maternity-allowance"\} 0$/m);
    expect(text).toMatch(/^birth_outbox_backlog\{service="maternity-allowance"\} 0$/m);
  });
});
