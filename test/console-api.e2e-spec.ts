import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Topics, type BirthSubmissionV1, type ConsoleCaseListResponse, type ConsoleCasePage, type ConsoleDashboard, type ConsoleDeadLetterList } from '@birth/contracts';
import { prepareSealingKeys } from '@birth/platform';
import { envelopeMessage, expectEventually, TestNamespace } from '@birth/testing';
import { setTestClock } from '../apps/case-saga/src/timers/test-clock';
import { hashPassword } from '../apps/gateway/src/console-auth/password-hash';
import { residentIdCheckCharacter } from '../apps/gateway/src/intake/domain/validation/resident-id';
import { certificateMessage } from '../apps/maternity-allowance/src/claims/test/claim-messages';
import { addHospital, HospitalClient } from './support/hospital-client';
import { sampleBirth } from './support/sample-birth';
import { startService, type RunningService } from './support/system';

// The console's API (issue 15, "The server decides"): the gateway and the case saga as real
// processes over real Kafka and PostgreSQL; users signed in through POST /api/console/session.
// Every rule of who may see and do what is asked of the server, never of a UI.

interface Session {
  cookie: string;
  csrf: string;
}

describe('the console API: who may see and do what', () => {
  let ns: TestNamespace;
  let saga: RunningService;
  let allowance: RunningService;
  let household: RunningService;
  let gateway: RunningService;
  const keysDir = mkdtempSync(join(tmpdir(), 'console-api-sealing-'));
  const sessions = new Map<string, Session>();
  let dalian: HospitalClient;
  let beijing: HospitalClient;
  const PASSWORD = 'correct horse battery staple';

  async function addUser(username: string, role: string, regions: string[]): Promise<void> {
    await ns.query(`INSERT INTO "${gateway.schema}".console_users (id, username, role, regions, password_hash) VALUES ($1, $2, $3, $4, $5)`, [
      randomUUID(),
      username,
      role,
      regions,
      await hashPassword(PASSWORD),
    ]);
    const response = await fetch(`${gateway.url}/api/console/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('birth_console_session='))!.split(';')[0]!;
    sessions.set(username, { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken });
  }

  async function call(username: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read any answer
    const session = sessions.get(username)!;
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { cookie: session.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': session.csrf }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  function birthAt(client: HospitalClient, region: string, motherId: string): BirthSubmissionV1 {
    const birth = sampleBirth();
    birth.hospital = { institutionId: client.credentials.hospitalId, name: '测试医院', regionCode: region };
    birth.mother = { ...birth.mother, identity: { type: 'resident-id', number: motherId } };
    return birth;
  }

  async function submit(client: HospitalClient, birth: BirthSubmissionV1): Promise<string> {
    const answer = await client.request('POST', '/api/v1/births', birth);
    expect(answer.status).toBe(202);
    const caseId = answer.body.caseId as string;
    // The saga opens the case from birth.registered.v1 (through the gateway's outbox).
    await expectEventually(async () => expect((await call('admin', 'GET', `/api/console/cases/${caseId}`)).status).toBe(200), { timeoutMs: 60_000, message: 'the saga opened the case' });
    return caseId;
  }

  let dalianCase: string;
  let beijingCase: string;
  /** A valid resident ID of a woman born on the fixture mother's birthday (the sequence's last digit even), unique to this run. */
  const residentId = (region: string): string => {
    const first17 = `${region}19900307${String(Math.floor(Math.random() * 100)).padStart(2, '0')}${2 * Math.floor(Math.random() * 5)}`;
    return `${first17}${residentIdCheckCharacter(first17)}`;
  };
  const motherId = residentId('210202');

  beforeAll(async () => {
    ns = await TestNamespace.create();
    await prepareSealingKeys(keysDir);
    saga = await startService(ns, 'case-saga');
    // The allowance opens with the private side what the gateway seals to the public side.
    allowance = await startService(ns, 'maternity-allowance', { SEALING_PRIVATE_KEYS_DIR: keysDir });
    // Household registration holds the newborn's citizen ID number: the console reveals it there.
    household = await startService(ns, 'household-registration');
    gateway = await startService(ns, 'gateway', {
      ALLOWANCE_SEALING_PUBLIC_KEYS_DIR: keysDir,
      CASE_SAGA_INTERNAL_URL: saga.internalUrl!,
      MATERNITY_ALLOWANCE_INTERNAL_URL: allowance.internalUrl!,
      HOUSEHOLD_REGISTRATION_INTERNAL_URL: household.internalUrl!,
      CONSOLE_METRICS_TARGETS: `case-saga=${saga.url}`,
      CONSOLE_EVENTS_POLL_MS: '300',
      CONSOLE_EVENTS_HEARTBEAT_MS: '500',
    });
    await addUser('clerk-dalian', 'clerk', ['210200']);
    await addUser('clerk-beijing', 'clerk', ['110000']);
    await addUser('operator-1', 'operator', []);
    await addUser('admin', 'admin', []);
    dalian = new HospitalClient(gateway.url, await addHospital(ns, gateway.schema, { id: 'H210202900', name: '大连测试医院', region: '210202' }));
    beijing = new HospitalClient(gateway.url, await addHospital(ns, gateway.schema, { id: 'H110105900', name: '北京测试医院', region: '110105' }));
    dalianCase = await submit(dalian, birthAt(dalian, '210202', motherId));
    beijingCase = await submit(beijing, birthAt(beijing, '110105', residentId('110105')));
  }, 7 * 90_000);

  afterAll(async () => {
    await Promise.all([gateway?.stop('SIGKILL'), saga?.stop('SIGKILL'), allowance?.stop('SIGKILL'), household?.stop('SIGKILL')]);
    await ns?.dispose();
    rmSync(keysDir, { recursive: true, force: true });
  });

  it('finds a case by the mother\'s ID number through the blind index, only in the clerk\'s region', async () => {
    const found = await call('clerk-dalian', 'GET', `/api/console/cases?motherIdNumber=${motherId}`);
    expect(found.status).toBe(200);
    expect((found.body as ConsoleCaseListResponse).cases.map((c) => c.caseId)).toEqual([dalianCase]);
    // The same mother asked by a clerk of another region: nothing of hers is shown.
    expect((await call('clerk-beijing', 'GET', `/api/console/cases?motherIdNumber=${motherId}`)).body.cases).toEqual([]);
    // A near miss is no match: an exact match on a keyed hash, not a search of the data.
    expect((await call('clerk-dalian', 'GET', `/api/console/cases?motherIdNumber=${motherId.slice(0, 17)}${motherId.endsWith('0') ? '1' : '0'}`)).body.cases).toEqual([]);
    // Lists keep to the clerk's region; another region is refused outright.
    const listed = await call('clerk-dalian', 'GET', '/api/console/cases?limit=200');
    expect(listed.body.cases.map((c: { caseId: string }) => c.caseId)).toContain(dalianCase);
    expect(listed.body.cases.map((c: { caseId: string }) => c.caseId)).not.toContain(beijingCase);
    expect((await call('clerk-dalian', 'GET', '/api/console/cases?region=110000')).body).toMatchObject({ errors: [{ field: 'region', code: 'REGION_FORBIDDEN' }] });
  });

  it('shows a case page with the family masked and each step\'s wait in words; another region\'s case is 403, an unknown one 404', async () => {
    const page = await call('clerk-dalian', 'GET', `/api/console/cases/${dalianCase}`);
    expect(page.status).toBe(200);
    const body = page.body as ConsoleCasePage;
    expect(body.family!.mother.idNumber).toBe(`${motherId.slice(0, 6)}********${motherId.slice(-4)}`);
    expect(JSON.stringify(body)).not.toContain(motherId);
    expect(body.steps.length).toBeGreaterThan(0);
    for (const step of body.steps) {
      expect(step.departmentName.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(step.waitingText).toHaveLength(step.waitingFor.length);
    }
    // The allowance from its service: the claim (its id on the saga's step too) and the explanation in both languages.
    const withClaim = await expectEventually(async () => {
      const again = (await call('clerk-dalian', 'GET', `/api/console/cases/${dalianCase}`)).body as ConsoleCasePage;
      expect(again.allowance).not.toBeNull();
      expect(again.steps.find((s) => s.item === 'maternity-allowance')!.claimId).toBe(again.allowance!.claimId);
      return again;
    }, { timeoutMs: 60_000, message: 'the allowance opened the claim' });
    expect(withClaim.unavailable).toEqual([]);
    expect(withClaim.allowance).toMatchObject({ caseIds: [dalianCase], explanation: { zh: expect.any(String), en: expect.any(String) } });

    expect((await call('clerk-beijing', 'GET', `/api/console/cases/${dalianCase}`)).body).toMatchObject({ errors: [{ code: 'REGION_FORBIDDEN' }] });
    expect((await call('clerk-beijing', 'GET', `/api/console/cases/${dalianCase}`)).status).toBe(403);
    expect((await call('clerk-dalian', 'GET', `/api/console/cases/${randomUUID()}`)).status).toBe(404);
  });

  it('refuses an operator every clerk route and every reveal (403), and a clerk the operators\' routes', async () => {
    expect((await call('operator-1', 'GET', '/api/console/cases')).status).toBe(403);
    expect((await call('operator-1', 'GET', `/api/console/cases/${dalianCase}`)).status).toBe(403);
    expect((await call('operator-1', 'POST', `/api/console/cases/${dalianCase}/reveal`, { field: 'mother.idNumber', reason: '核对身份' })).status).toBe(403);
    expect((await call('clerk-dalian', 'GET', '/api/console/dashboard')).status).toBe(403);
    expect((await call('clerk-dalian', 'GET', '/api/console/dead-letters?topic=birth.registered.v1')).status).toBe(403);
  });

  it('reveals one field only with a reason, writing the audit row first; another region\'s clerk may not', async () => {
    const noReason = await call('clerk-dalian', 'POST', `/api/console/cases/${dalianCase}/reveal`, { field: 'mother.idNumber' });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ errors: [{ field: 'reason', code: 'REASON_REQUIRED' }] });
    expect((await call('clerk-dalian', 'POST', `/api/console/cases/${dalianCase}/reveal`, { field: 'mother.idNumber', reason: '   ' })).status).toBe(400);
    expect((await call('clerk-beijing', 'POST', `/api/console/cases/${dalianCase}/reveal`, { field: 'mother.idNumber', reason: '核对身份' })).status).toBe(403);

    const revealed = await call('clerk-dalian', 'POST', `/api/console/cases/${dalianCase}/reveal`, { field: 'mother.idNumber', reason: '申请人到窗口核对身份' });
    expect(revealed.status).toBe(200);
    expect(revealed.body).toEqual({ field: 'mother.idNumber', value: motherId });
    const rows = await ns.query<{ actor_username: string; action: string; case_id: string; field: string; reason: string; detail: unknown }>(
      `SELECT actor_username, action, case_id, field, reason, detail FROM "${gateway.schema}".console_audit_log WHERE action = 'case.reveal'`,
    );
    expect(rows).toEqual([{ actor_username: 'clerk-dalian', action: 'case.reveal', case_id: dalianCase, field: 'mother.idNumber', reason: '申请人到窗口核对身份', detail: {} }]);
  });

  it('acts through the owning services, each action audited: a correction, a retry, a note; another region\'s clerk may not', async () => {
    const corrected = await call('clerk-dalian', 'POST', `/api/console/cases/${dalianCase}/corrections`, { correctionId: randomUUID(), newborn: { name: '李安然' }, reason: '申请人补充姓名' });
    expect(corrected).toMatchObject({ status: 200, body: { caseId: dalianCase, changedFields: ['newborn.name'] } });
    await expectEventually(async () => {
      const events = (await ns.readAll(Topics.birthCorrectedV1.name)).map((m) => JSON.parse(m.value!.toString('utf8')) as { caseId: string; payload: { changedFields: string[]; correctedBy: string } });
      // The event names the clerk who recorded it, not the hospital.
      expect(events.filter((e) => e.caseId === dalianCase).map((e) => [e.payload.changedFields, e.payload.correctedBy])).toEqual([[['newborn.name'], 'clerk:clerk-dalian']]);
    }, { message: 'birth.corrected.v1 published' });
    expect((await call('clerk-dalian', 'POST', `/api/console/cases/${dalianCase}/corrections`, { correctionId: randomUUID(), newborn: {} })).body).toMatchObject({ errors: [{ code: 'NOTHING_TO_CORRECT' }] });
    expect((await call('clerk-beijing', 'POST', `/api/console/cases/${dalianCase}/corrections`, { correctionId: randomUUID(), newborn: { name: '王五' } })).status).toBe(403);

    const retried = await call('clerk-dalian', 'POST', `/api/console/cases/${dalianCase}/steps/birth-certificate/retry`, { reason: '证明长时间未签发' });
    expect(retried).toMatchObject({ status: 202, body: { caseId: dalianCase, item: 'birth-certificate' } });
    await expectEventually(async () => {
      const commands = (await ns.readAll(Topics.birthCertificateCommandsV1.name)).map((m) => JSON.parse(m.value!.toString('utf8')) as { id: string; caseId: string; payload: { command: string } });
      expect(commands).toContainEqual(expect.objectContaining({ id: retried.body.commandId, caseId: dalianCase, payload: expect.objectContaining({ command: 'retry-step', reasonCode: 'OPERATOR_REQUEST' }) }));
    }, { message: 'retry-step sent through the outbox' });
    expect((await call('clerk-dalian', 'POST', `/api/console/cases/${dalianCase}/steps/nope/retry`, { reason: 'x' })).body).toMatchObject({ errors: [{ code: 'INVALID_ITEM' }] });

    const note = await call('clerk-dalian', 'POST', `/api/console/cases/${dalianCase}/notes`, { text: '已电话联系申请人' });
    expect(note).toMatchObject({ status: 201, body: { author: 'clerk-dalian', text: '已电话联系申请人' } });
    expect((await call('clerk-dalian', 'GET', `/api/console/cases/${dalianCase}`)).body.notes).toEqual([expect.objectContaining({ text: '已电话联系申请人' })]);
    // The account travels sealed for the allowance, bound to this case and beneficiary: the allowance opens it (else 422).
    const account = { beneficiary: 'mother', bankAccount: { bankName: '中国银行', accountNumber: '6222020200001234567', accountName: '王小红' }, reasonCode: 'APPLICANT_CORRECTED_ACCOUNT' };
    const corrected2 = await call('clerk-dalian', 'POST', `/api/console/cases/${dalianCase}/bank-account`, account);
    expect(corrected2).toMatchObject({ status: 200, body: { beneficiary: 'mother', openedOrderIds: expect.any(Array) } });
    expect((await call('clerk-beijing', 'POST', `/api/console/cases/${dalianCase}/bank-account`, account)).status).toBe(403);
    expect((await call('clerk-beijing', 'POST', `/api/console/cases/${beijingCase}/bank-account`, { ...account, bankAccount: { ...account.bankAccount, accountNumber: '12' } })).body).toMatchObject({ errors: [{ field: 'bankAccount.accountNumber' }] });

    const audit = await ns.query<{ action: string; field: string | null }>(`SELECT action, field FROM "${gateway.schema}".console_audit_log WHERE case_id = $1 AND action <> 'case.reveal' ORDER BY seq`, [dalianCase]);
    expect(audit).toEqual([
      { action: 'case.correct', field: 'newborn.name' },
      { action: 'case.retry-step', field: 'birth-certificate' },
      { action: 'case.note', field: null },
      { action: 'case.bank-account', field: 'mother.bankAccount' },
    ]);
  });

  it('resolves the allowance\'s manual review through the allowance service, audited; refused when the claim is not in review, and to operators', async () => {
    const path = `/api/console/cases/${beijingCase}/allowance/resolutions`;
    // The claim waits for the certificate (no department runs here): the allowance service says the resolution does not apply.
    await expectEventually(async () => expect((await call('clerk-beijing', 'GET', `/api/console/cases/${beijingCase}`)).body.allowance).toBeTruthy(), { message: 'the claim opened' });
    const refused = await call('clerk-beijing', 'POST', path, { kind: 'wage-set', beneficiary: 'mother', wageFen: 800_000, reasonCode: 'EMPLOYER_CONFIRMED', reason: '单位出具工资证明' });
    expect(refused).toMatchObject({ status: 409, body: { errors: [{ code: 'RESOLUTION_NOT_APPLICABLE' }] } });
    const noWage = await call('clerk-beijing', 'POST', path, { kind: 'wage-set', beneficiary: 'mother', reasonCode: 'EMPLOYER_CONFIRMED', reason: '单位出具工资证明' });
    expect(noWage.status).toBe(400);
    expect(new Set(noWage.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['wageFen']));
    expect((await call('clerk-beijing', 'POST', path, { kind: 'recovery-recorded', reasonCode: 'REFUND_RECEIVED' })).status).toBe(400);
    expect((await call('clerk-dalian', 'POST', path, { kind: 'recovery-recorded', reasonCode: 'REFUND_RECEIVED', reason: '已追回' })).status).toBe(403);
    expect((await call('operator-1', 'POST', path, { kind: 'recovery-recorded', reasonCode: 'REFUND_RECEIVED', reason: '已追回' })).status).toBe(403);
    const audit = await ns.query<{ actor_username: string; field: string | null; reason: string }>(
      `SELECT actor_username, field, reason FROM "${gateway.schema}".console_audit_log WHERE case_id = $1 AND action = 'case.allowance-resolution'`,
      [beijingCase],
    );
    expect(audit).toEqual([{ actor_username: 'clerk-beijing', field: 'mother', reason: '单位出具工资证明' }]);
  });

  it('queues a department\'s manual work for the clerks of its region', async () => {
    const producer = ns.bus.producer();
    await producer.connect();
    const now = new Date().toISOString();
    await producer.send([
      envelopeMessage(ns, Topics.householdRegistrationItemChangedV1, beijingCase, {
        change: 'in-progress',
        item: { item: 'household-registration', state: 'in_progress', reasonCode: 'MANUAL_REVIEW', reason: { zh: '顺序码已用尽', en: 'sequence exhausted' }, waitingFor: [], prerequisitesMetAt: now, changedAt: now, ruleVersion: '1' },
        citizenIdNumber: null,
        registrationRegionCode: null,
        forwardedTo: null,
        registeredAt: null,
      }, { producer: 'console-api-test' }),
    ]);
    await producer.disconnect();
    await expectEventually(async () => {
      const queue = await call('clerk-beijing', 'GET', '/api/console/manual-review?department=household-registration');
      expect(queue.body.items).toEqual([expect.objectContaining({ caseId: beijingCase, reasonCode: 'MANUAL_REVIEW', department: 'household-registration' })]);
    }, { timeoutMs: 60_000, message: 'the step is in the queue' });
    expect((await call('clerk-dalian', 'GET', '/api/console/manual-review?department=household-registration')).body.items).toEqual([]);
    expect((await call('operator-1', 'GET', '/api/console/manual-review?department=household-registration')).status).toBe(403);
    expect((await call('clerk-dalian', 'GET', '/api/console/manual-review?department=nope')).body).toMatchObject({ errors: [{ code: 'INVALID_DEPARTMENT' }] });
  });

  it('refers a household registration in manual review to the county office by the department\'s command, audited; 409 when it is not in review', async () => {
    // The Dalian case's registration waits for its certificate: nothing to refer.
    const notInReview = await call('clerk-dalian', 'POST', `/api/console/cases/${dalianCase}/steps/household-registration/referral`, { reasonCode: 'OFFICE_HANDLES_IT', reason: '转派出所' });
    expect(notInReview).toMatchObject({ status: 409, body: { errors: [{ code: 'REFERRAL_NOT_APPLICABLE' }] } });
    expect((await call('operator-1', 'POST', `/api/console/cases/${beijingCase}/steps/household-registration/referral`, { reasonCode: 'OFFICE_HANDLES_IT', reason: '转派出所' })).status).toBe(403);
    expect((await call('clerk-beijing', 'POST', `/api/console/cases/${beijingCase}/steps/household-registration/referral`, { reasonCode: 'OFFICE_HANDLES_IT', countyCode: '1101', reason: '转派出所' })).body).toMatchObject({ errors: [{ field: 'countyCode' }] });

    // The Beijing case's registration is in manual review (the test above): referred.
    const referred = await call('clerk-beijing', 'POST', `/api/console/cases/${beijingCase}/steps/household-registration/referral`, { reasonCode: 'OFFICE_HANDLES_IT', countyCode: '110105', reason: '顺序码用尽，转派出所人工编号' });
    expect(referred).toMatchObject({ status: 202, body: { caseId: beijingCase, item: 'household-registration' } });
    await expectEventually(async () => {
      const commands = (await ns.readAll(Topics.householdRegistrationCommandsV1.name)).map((m) => JSON.parse(m.value!.toString('utf8')) as { id: string; caseId: string; payload: Record<string, unknown> });
      expect(commands.filter((c) => c.caseId === beijingCase).map((c) => c.payload)).toEqual([
        { command: 'refer-to-office', countyCode: '110105', referredBy: 'clerk-beijing', reasonCode: 'OFFICE_HANDLES_IT', note: '顺序码用尽，转派出所人工编号' },
      ]);
    }, { message: 'refer-to-office on the department\'s command topic' });
    const audit = await ns.query<{ actor_username: string; reason: string }>(`SELECT actor_username, reason FROM "${gateway.schema}".console_audit_log WHERE action = 'case.refer-to-office'`);
    expect(audit).toEqual([{ actor_username: 'clerk-beijing', reason: '顺序码用尽，转派出所人工编号' }]);
  });

  it('counts the cases on the dashboard, and the live stream shows a breach without reloading', async () => {
    const dashboard = await call('operator-1', 'GET', '/api/console/dashboard');
    expect(dashboard.status).toBe(200);
    const figures = dashboard.body as ConsoleDashboard;
    expect(figures.total).toBe(2);
    expect(figures.openByState.open).toBe(2);
    expect(figures.breachesPerDay).toHaveLength(30);
    expect(JSON.stringify(figures)).not.toContain(motherId);

    // The operator's stream, on the session cookie alone.
    const controller = new AbortController();
    const stream = await fetch(`${gateway.url}/api/console/events`, { headers: { cookie: sessions.get('operator-1')!.cookie }, signal: controller.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body!.getReader();
    let received = '';
    const nextDashboard = async (holds: (d: ConsoleDashboard) => boolean): Promise<ConsoleDashboard> => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const frames = received.split('\n\n');
        for (const f of frames.slice(0, -1)) {
          const data = /^event: dashboard\ndata: (.*)$/m.exec(f);
          if (data && holds(JSON.parse(data[1]!) as ConsoleDashboard)) return JSON.parse(data[1]!) as ConsoleDashboard;
        }
        received = frames.at(-1)!;
        if (Date.now() > deadline) throw new Error('no such dashboard event within 60 s');
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        received += new TextDecoder().decode(value);
      }
    };
    try {
      expect((await nextDashboard(() => true)).total).toBe(2);
      // The household registration starts on the Dalian case, then the saga's clock passes its deadline.
      const producer = ns.bus.producer();
      await producer.connect();
      const now = new Date().toISOString();
      await producer.send([
        envelopeMessage(ns, Topics.householdRegistrationItemChangedV1, dalianCase, {
          change: 'opened',
          item: { item: 'household-registration', state: 'in_progress', reasonCode: null, reason: null, waitingFor: [], prerequisitesMetAt: now, changedAt: now, ruleVersion: '1' },
          citizenIdNumber: null,
          registrationRegionCode: null,
          forwardedTo: null,
          registeredAt: null,
        }, { producer: 'console-api-test' }),
      ]);
      await producer.disconnect();
      const db = await ns.dataSource(saga.schema);
      await expectEventually(async () => {
        const page = (await call('admin', 'GET', `/api/console/cases/${dalianCase}`)).body as ConsoleCasePage;
        expect(page.steps.find((s) => s.item === 'household-registration')!.deadline).not.toBeNull();
      }, { timeoutMs: 60_000, message: 'the step\'s clock started' });
      try {
        await setTestClock(db, { advanceByMs: 60 * 24 * 3600_000 });
        const breached = await nextDashboard((d) => d.breached.some((b) => b.caseId === dalianCase));
        expect(breached.breached.find((b) => b.caseId === dalianCase)).toMatchObject({ item: 'household-registration', regionCode: '210202', breached: true, workingDaysOverdue: expect.any(Number) });
        expect(breached.breached.find((b) => b.caseId === dalianCase)!.workingDaysOverdue).toBeGreaterThan(0);
        expect(breached.byRegion).toContainEqual(expect.objectContaining({ regionCode: '210202', breached: 1 }));
      } finally {
        await setTestClock(db, { reset: true });
        await db.destroy();
      }
    } finally {
      controller.abort();
      await reader.cancel().catch(() => undefined);
    }
  });

  it('follows one case by server-sent events for its clerk, refuses another region\'s, and ends the stream on sign-out', async () => {
    expect((await fetch(`${gateway.url}/api/console/events?caseId=${dalianCase}`, { headers: { cookie: sessions.get('clerk-beijing')!.cookie } })).status).toBe(403);
    const controller = new AbortController();
    const stream = await fetch(`${gateway.url}/api/console/events?caseId=${dalianCase}`, { headers: { cookie: sessions.get('clerk-dalian')!.cookie }, signal: controller.signal });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    let text = '';
    try {
      while (!/event: case\ndata: .*\n\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
      expect(JSON.parse(/event: case\ndata: (.*)\n/.exec(text)![1]!)).toMatchObject({ caseId: dalianCase, regionCode: '210202' });
      expect((await call('clerk-dalian', 'DELETE', '/api/console/session')).status).toBe(204);
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      expect(text).toContain('event: session-ended');
    } finally {
      controller.abort();
      await reader.cancel().catch(() => undefined);
    }
  });

  it('lists dead letters masked and replays one, recording who did it', async () => {
    // A message the saga cannot read: parked on birth.registered.v1.dlq.
    const producer = ns.bus.producer();
    await producer.connect();
    await producer.send([{ topic: ns.topic(Topics.birthRegisteredV1.name), key: 'k', value: JSON.stringify({ not: 'an envelope', idNumber: '210202199001011234' }), headers: {} }]);
    await producer.disconnect();
    const letters = await expectEventually(
      async () => {
        const list = await call('operator-1', 'GET', '/api/console/dead-letters?topic=birth.registered.v1');
        expect(list.status).toBe(200);
        expect((list.body as ConsoleDeadLetterList).deadLetters.length).toBeGreaterThan(0);
        return list.body as ConsoleDeadLetterList;
      },
      { timeoutMs: 60_000, message: 'the saga parked the message' },
    );
    expect(JSON.stringify(letters)).not.toContain('210202199001011234');
    const id = letters.deadLetters[0]!.id;
    expect((await call('operator-1', 'POST', `/api/console/dead-letters/${id}/replay`, {})).status).toBe(400);
    const replayed = await call('operator-1', 'POST', `/api/console/dead-letters/${id}/replay`, { reason: '修复后重放' });
    expect(replayed).toMatchObject({ status: 200, body: { id, replayedTo: ns.topic(Topics.birthRegisteredV1.name) } });
    const rows = await ns.query<{ actor_username: string; reason: string }>(`SELECT actor_username, reason FROM "${gateway.schema}".console_audit_log WHERE action = 'dead-letter.replay'`);
    expect(rows).toEqual([{ actor_username: 'operator-1', reason: '修复后重放' }]);
    expect((await call('operator-1', 'GET', '/api/console/dead-letters?topic=nope')).body).toMatchObject({ errors: [{ code: 'UNKNOWN_TOPIC' }] });
  });

  it('shows the newborn\'s citizen ID number masked from household registration, and reveals it there with the clerk and the reason, audited in both', async () => {
    // A clerk of her own: the stream test above signed clerk-dalian out.
    await addUser('clerk-dalian-2', 'clerk', ['210200']);
    const mother = residentId('210202');
    const numbered = await submit(dalian, birthAt(dalian, '210202', mother));
    const before = await call('clerk-dalian-2', 'GET', `/api/console/cases/${numbered}`);
    expect(before.status).toBe(200);
    expect(before.body.newborn).toMatchObject({ citizenIdNumber: null });
    // The certificate issued (birth-certificate does not run here): household registration assigns the number.
    const producer = ns.bus.producer();
    await producer.connect();
    await producer.send([certificateMessage(ns, numbered, new Date().toISOString())]);
    await producer.disconnect();
    const masked = await expectEventually(async () => {
      const page = await call('clerk-dalian-2', 'GET', `/api/console/cases/${numbered}`);
      expect(page.body.newborn.citizenIdNumber).toMatch(/^210202\*{8}[0-9X]{4}$/);
      return page.body.newborn.citizenIdNumber as string;
    }, { timeoutMs: 60_000, message: 'the number assigned' });

    const revealed = await call('clerk-dalian-2', 'POST', `/api/console/cases/${numbered}/reveal`, { field: 'newborn.citizenIdNumber', reason: '办理社保卡核对' });
    expect(revealed.status).toBe(200);
    expect(revealed.body.field).toBe('newborn.citizenIdNumber');
    expect(revealed.body.value).toMatch(/^210202\d{11}[0-9X]$/);
    expect(revealed.body.value.slice(-4)).toBe(masked.slice(-4));
    // Both audit it: the console's log, and household registration's own reveal rows (the clerk and the reason passed on).
    expect(await ns.query(`SELECT actor_username, field, reason FROM "${gateway.schema}".console_audit_log WHERE case_id = $1 AND action = 'case.reveal'`, [numbered])).toEqual([
      { actor_username: 'clerk-dalian-2', field: 'newborn.citizenIdNumber', reason: '办理社保卡核对' },
    ]);
    const reveals = await ns.query<Record<string, unknown>>(`SELECT * FROM "${household.schema}".personal_data_reveals`);
    expect(reveals).toHaveLength(1);
    expect(JSON.stringify(reveals[0])).toContain('clerk-dalian-2');
    expect(JSON.stringify(reveals[0])).toContain('办理社保卡核对');
    expect((await call('clerk-beijing', 'POST', `/api/console/cases/${numbered}/reveal`, { field: 'newborn.citizenIdNumber', reason: '核对' })).status).toBe(403);
  });

  it('reads the pipeline health from the services\' metrics', async () => {
    const health = await call('operator-1', 'GET', '/api/console/health');
    expect(health.status).toBe(200);
    expect(health.body.services).toEqual([expect.objectContaining({ service: 'case-saga', up: true, ready: true, consumerLag: expect.any(Number), error: null })]);
  });
});
