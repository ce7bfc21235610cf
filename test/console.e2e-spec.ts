import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Topics } from '@birth/contracts';
import { prepareSealingKeys } from '@birth/platform';
import { expectEventually, freePort, TestNamespace } from '@birth/testing';
import { hashPassword } from '../apps/gateway/src/console-auth/password-hash';
import { setTestClock } from '../apps/case-saga/src/timers/test-clock';
import { SERVICES } from '../infra/services';
import { buildConsole, launchChromium, screenshot, signIn } from './console-browser';
import { addHospital, HospitalClient } from './support/hospital-client';
import { startService, type RunningService } from './support/system';
import { sampleBirth } from './support/sample-birth';

/** How long the browser waits for what a page should show: services answer slowly on a busy machine. */
const UI_TIMEOUT_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * The console in a real browser (headless Debian chromium driven by playwright-core) against the
 * whole system on real Kafka and PostgreSQL: the seven services, the gateway serving the built
 * console at /console/, users created in the gateway's database.
 */
describe('the console in a browser', () => {
  let ns: TestNamespace;
  const services: RunningService[] = [];
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const keysDir = mkdtempSync(join(tmpdir(), 'console-sealing-'));
  const users = {
    clerk: { username: 'clerk-dalian', password: randomUUID(), role: 'clerk', regions: ['210200'] },
    operator: { username: 'operator-1', password: randomUUID(), role: 'operator', regions: [] as string[] },
    auditor: { username: 'auditor-1', password: randomUUID(), role: 'auditor', regions: [] as string[] },
  };
  const submission = sampleBirth();
  let caseId: string;
  let caseNumber: string;
  let hospital: HospitalClient;

  const running = (name: string) => services.find((s) => s.name === name)!;
  const gatewayUrl = () => running('gateway').url;

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 1000 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    return page;
  }

  beforeAll(async () => {
    ns = await TestNamespace.create();
    await Promise.all([prepareSealingKeys(keysDir), buildConsole()]);
    // Sequentially, the gateway last (it reads the saga's internal API), as test/system.e2e-spec.ts does.
    for (const service of [...SERVICES.filter((s) => s.name !== 'gateway'), ...SERVICES.filter((s) => s.name === 'gateway')]) {
      const internal = (name: string) => services.find((s) => s.name === name)?.internalUrl ?? '';
      const env: Record<string, string> =
        service.name === 'gateway'
          ? { ALLOWANCE_SEALING_PUBLIC_KEYS_DIR: keysDir, CASE_SAGA_INTERNAL_URL: internal('case-saga'), ...consoleApiEnv(services, await freePort()) }
          : service.name === 'maternity-allowance'
            ? { SEALING_PRIVATE_KEYS_DIR: keysDir }
            : {};
      services.push(await startService(ns, service.name, env));
    }
    const gatewaySchema = running('gateway').schema;
    for (const user of Object.values(users)) {
      await ns.query(`INSERT INTO "${gatewaySchema}".console_users (id, username, role, regions, password_hash) VALUES ($1, $2, $3, $4, $5)`, [
        randomUUID(),
        user.username,
        user.role,
        user.regions,
        await hashPassword(user.password),
      ]);
    }
    // A Dalian hospital's birth without the newborn's name: the certificate waits for the applicant.
    hospital = new HospitalClient(gatewayUrl(), await addHospital(ns, gatewaySchema, { id: 'H210202100', name: '大连市妇女儿童医疗中心', region: '210202' }));
    submission.hospital = { ...submission.hospital, institutionId: hospital.credentials.hospitalId };
    const accepted = await hospital.request('POST', '/api/v1/births', submission);
    if (accepted.status !== 202) throw new Error(`birth not accepted: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    caseId = accepted.body.caseId as string;
    caseNumber = accepted.body.caseNumber as string;
    browser = await launchChromium();
  }, 8 * 90_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await Promise.all(services.map((s) => s.stop('SIGKILL')));
    await ns?.dispose();
    rmSync(keysDir, { recursive: true, force: true });
  });

  it('serves the console at /console/: client routes get the page, hashed assets are immutable', async () => {
    const page = await fetch(`${gatewayUrl()}/console/cases/${caseId}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${gatewayUrl()}${asset}`);
    expect({ status: script.status, cache: script.headers.get('cache-control') }).toEqual({ status: 200, cache: 'public, max-age=31536000, immutable' });
    expect((await fetch(`${gatewayUrl()}/console/assets/index-gone.js`)).status).toBe(404);
  });

  it("a clerk signs in, finds the case by the mother's ID, sees its steps, reveals one field with a reason, and the audit log shows it", async () => {
    const page = await newPage();
    await page.goto(`${gatewayUrl()}/console/`);
    await page.getByTestId('sign-in').waitFor();
    await screenshot(page, '01-sign-in');
    await signIn(page, gatewayUrl(), users.clerk.username, users.clerk.password);

    await page.getByTestId('mode-mother-id').click();
    await page.getByTestId('mother-id').fill(submission.mother.identity.number);
    await page.getByTestId('search').click();
    const link = page.getByTestId('case-link').filter({ hasText: caseNumber });
    await link.waitFor();
    expect(await page.getByTestId('case-link').count()).toBe(1);
    await screenshot(page, '02-case-search');
    await link.click();

    // The steps, in words: the certificate waits for the applicant's name.
    await expect(page.getByTestId('step-state-birth-certificate').getAttribute('data-state')).resolves.toBe('awaiting_applicant');
    await page.getByTestId('step-waiting-birth-certificate').filter({ hasText: /\S/ }).waitFor();
    // The family is masked until a field is revealed with a reason.
    const idValue = page.getByTestId('reveal-mother-idNumber-value');
    expect(await idValue.textContent()).not.toContain(submission.mother.identity.number);
    await screenshot(page, '03-case-page');
    await page.getByTestId('reveal-mother-idNumber').click();
    await page.getByTestId('reveal-mother-idNumber-modal-confirm').click();
    // No reason, no reveal: the form says so and nothing is sent.
    await page.getByText('请填写事由').waitFor();
    await page.getByTestId('reveal-mother-idNumber-modal-reason').fill('申请人到窗口核对身份');
    await page.getByTestId('reveal-mother-idNumber-modal-confirm').click();
    await idValue.filter({ hasText: submission.mother.identity.number }).waitFor();

    // The auditor sees the reveal: who, which case, which field, why.
    const auditor = await newPage();
    await signIn(auditor, gatewayUrl(), users.auditor.username, users.auditor.password);
    await auditor.getByTestId('audit-case').fill(caseId);
    await auditor.getByTestId('audit-filter').click();
    const row = auditor.getByTestId('audit-log').locator('tr', { hasText: 'mother.idNumber' });
    await row.filter({ hasText: '申请人到窗口核对身份' }).filter({ hasText: users.clerk.username }).waitFor();
    await screenshot(auditor, '07-audit-log');
    const audited = await ns.query<{ field: string; reason: string; actor_username: string }>(
      `SELECT field, reason, actor_username FROM "${running('gateway').schema}".console_audit_log WHERE case_id = $1 AND field = 'mother.idNumber'`,
      [caseId],
    );
    expect(audited).toEqual([{ field: 'mother.idNumber', reason: '申请人到窗口核对身份', actor_username: users.clerk.username }]);
  });

  it('the clerk records the missing name, and the certificate step moves on', async () => {
    const page = await newPage();
    await signIn(page, gatewayUrl(), users.clerk.username, users.clerk.password);
    await page.goto(`${gatewayUrl()}/console/cases/${caseId}`);
    await page.getByTestId('newborn-unnamed').waitFor();
    await page.getByTestId('correction-name').fill('王小雨');
    await page.getByTestId('correction-save').click();
    // The page follows the case (live events, and a refresh while open) without a reload by the clerk.
    await page.locator('[data-testid="step-state-birth-certificate"][data-state="done"]').waitFor({ timeout: 90_000 });
    await page.getByTestId('reveal-newborn-name-value').waitFor();

    // English as a switch, remembered by the browser across a reload.
    await page.getByTestId('language').click();
    await page.getByTestId('nav-cases').filter({ hasText: 'Find a case' }).waitFor();
    await page.reload();
    await page.getByTestId('nav-cases').filter({ hasText: 'Find a case' }).waitFor();
    await page.getByTestId('language').click();
    await page.getByTestId('nav-cases').filter({ hasText: '办件查询' }).waitFor();

    // The allowance's manual review is the server's to allow: this claim is not waiting for a wage.
    await page.goto(`${gatewayUrl()}/console/cases/${caseId}`);
    await page.getByTestId('resolution-wage').fill('9000');
    await page.getByTestId('resolution-reason').fill('单位出具工资证明');
    await page.getByTestId('resolution-save').click();
    await page.getByTestId('resolution-error').filter({ hasText: 'RESOLUTION_NOT_APPLICABLE' }).waitFor();

    // The department's queue of manual work reads without an error.
    await page.getByTestId('nav-manual-review').click();
    await page.locator('[data-testid="manual-review"][data-loaded="true"]').waitFor();
    expect(await page.getByTestId('error').count()).toBe(0);
    await screenshot(page, '08-manual-review');
    // One birth.corrected.v1 for the case, and the clerk named in the audit log.
    const corrections = await ns.readAll(Topics.birthCorrectedV1.name);
    expect(corrections.map((m) => (JSON.parse(m.value!.toString()) as { caseId: string }).caseId)).toEqual([caseId]);
    const audited = await ns.query<{ actor_username: string; field: string }>(
      `SELECT actor_username, field FROM "${running('gateway').schema}".console_audit_log WHERE case_id = $1 AND action = 'case.correct'`,
      [caseId],
    );
    expect(audited).toEqual([{ actor_username: users.clerk.username, field: 'newborn.name' }]);
  });

  it("twins' cases link to each other", async () => {
    const deliveryId = `D-${randomUUID()}`;
    const twins: { caseId: string; caseNumber: string }[] = [];
    for (const birthOrder of [1, 2]) {
      const twin = sampleBirth({ deliveryId });
      twin.hospital = { ...twin.hospital, institutionId: hospital.credentials.hospitalId };
      twin.newborn = { ...twin.newborn, plurality: 2, birthOrder };
      const accepted = await hospital.request('POST', '/api/v1/births', twin);
      expect(accepted.status).toBe(202);
      twins.push({ caseId: accepted.body.caseId as string, caseNumber: accepted.body.caseNumber as string });
    }
    const [first, second] = twins as [(typeof twins)[0], (typeof twins)[0]];
    const page = await newPage();
    await signIn(page, gatewayUrl(), users.clerk.username, users.clerk.password);
    await page.goto(`${gatewayUrl()}/console/cases/${first.caseId}`);
    await page.getByTestId('linked-case').filter({ hasText: second.caseNumber }).click();
    await page.getByTestId('case-number').filter({ hasText: second.caseNumber }).waitFor();
    await page.getByTestId('linked-case').filter({ hasText: first.caseNumber }).waitFor();
  });

  it('an operator sees a breached case appear on the dashboard without reloading, and replays a dead letter', async () => {
    const page = await newPage();
    await signIn(page, gatewayUrl(), users.operator.username, users.operator.password);
    // The menu offers an operator no clerk's page, and a clerk's page opened by its address says no
    // (the server refuses its API anyway: the console's API tests).
    expect(await page.getByTestId('nav-cases').count()).toBe(0);
    await page.goto(`${gatewayUrl()}/console/cases/${caseId}`);
    await page.getByText('您的角色无权查看此页面').waitFor();
    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('dashboard').waitFor();
    await page.locator('[data-testid="live-status"][data-connected="true"]').waitFor();
    const breached = page.getByTestId('breached-cases').getByTestId('overdue-case').filter({ hasText: caseNumber });
    expect(await breached.count()).toBe(0);
    let navigations = 0;
    page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations++);

    // The saga's clock moved five weeks ahead (its test clock, as the simulator's --days-per-minute
    // does): the allowance step, which cannot pay without the bank, passes its 10 working days.
    const saga = await ns.dataSource(running('case-saga').schema);
    await setTestClock(saga, { advanceByMs: 35 * DAY_MS });
    await breached.first().waitFor({ timeout: 90_000 });
    expect(navigations).toBe(0);
    await screenshot(page, '04-dashboard');

    await page.getByTestId('nav-health').click();
    await page.getByTestId('health').locator('tbody tr').nth(6).waitFor();
    await screenshot(page, '05-pipeline-health');

    // A message no consumer can read: each department's consumer dead-letters it.
    const producer = ns.bus.producer();
    await producer.connect();
    try {
      await producer.send([{ topic: ns.topic(Topics.birthRegisteredV1.name), key: randomUUID(), value: '{"not":"an envelope"' }]);
    } finally {
      await producer.disconnect();
    }
    await expectEventually(async () => expect(await ns.messageCount(`${Topics.birthRegisteredV1.name}.dlq`)).toBeGreaterThan(0), { timeoutMs: 60_000, message: 'a dead letter' });
    const before = await ns.messageCount(Topics.birthRegisteredV1.name);

    await page.getByTestId('nav-dead-letters').click();
    await page.getByTestId('dlq-load').click();
    await page.getByTestId('dlq-replay').first().waitFor();
    await screenshot(page, '06-dead-letters');
    await page.getByTestId('dlq-replay').first().click();
    await page.getByTestId('replay-modal-reason').fill('消费者已修复，重放');
    await page.getByTestId('replay-modal-confirm').click();
    await page.getByText('已重放至').waitFor();
    await expectEventually(async () => expect(await ns.messageCount(Topics.birthRegisteredV1.name)).toBe(before + 1), { message: 'the replayed message' });
    const audited = await ns.query<{ actor_username: string; reason: string }>(
      `SELECT actor_username, reason FROM "${running('gateway').schema}".console_audit_log WHERE action = 'dead-letter.replay'`,
    );
    expect(audited).toEqual([{ actor_username: users.operator.username, reason: '消费者已修复，重放' }]);
  });
});

/** What the console's API reads beyond the saga: the allowance's and household registration's internal APIs, and each service's /metrics and readiness. */
function consoleApiEnv(services: RunningService[], gatewayPort: number): Record<string, string> {
  const allowance = services.find((s) => s.name === 'maternity-allowance')!;
  const household = services.find((s) => s.name === 'household-registration')!;
  const targets = [`gateway=http://127.0.0.1:${gatewayPort}`, ...services.map((s) => `${s.name}=${s.url}`)];
  return {
    PORT: String(gatewayPort),
    MATERNITY_ALLOWANCE_INTERNAL_URL: allowance.internalUrl!,
    HOUSEHOLD_REGISTRATION_INTERNAL_URL: household.internalUrl!,
    CONSOLE_METRICS_TARGETS: targets.join(','),
  };
}
