import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Topics, type BirthRegisteredV1 } from '@birth/contracts';
import { DEMO_INTERNAL_TOKEN, FieldSealer, prepareSealingKeys, readPublicKeyring } from '@birth/platform';
import { DepartmentSuite, envelopeMessage, registeredBirthV1, type TestNamespace } from '@birth/testing';
import { service as descriptor } from '../service';
import * as messages from './test/claim-messages';
import { ALLOWANCE_CONSUMED, ALLOWANCE_TOPICS, idOf } from './test/claim-messages';

// The claim as a real process over real Kafka and PostgreSQL (issue 12): births, certificates and
// voids in, one claim per (hospital, delivery) in its own schema, claim-changed out. The bank is
// out of reach here (BANK_URL on a closed port): orders open and stay unpaid; paying is the
// exactly-once suite's. Expected figures are literals.

const HEADERS = { authorization: `Bearer ${DEMO_INTERNAL_TOKEN}`, 'x-actor': 'clerk:test' };
const WAGE = 777_777; // 7,777.77 yuan

describe('maternity-allowance claims, a real service (real Kafka and PostgreSQL)', () => {
  let suite: DepartmentSuite;
  let ns: TestNamespace;
  let schema: string;
  let sealer: FieldSealer;
  const keysDir = mkdtempSync(join(tmpdir(), 'allowance-claims-keys-'));

  beforeAll(async () => {
    await prepareSealingKeys(keysDir);
    sealer = new FieldSealer(await readPublicKeyring(keysDir));
    suite = await DepartmentSuite.start({
      topics: ALLOWANCE_TOPICS,
      group: 'maternity-allowance',
      consumed: ALLOWANCE_CONSUMED,
      schemaName: 'maternity_allowance',
      migrations: descriptor.migrations,
      entry: 'apps/maternity-allowance/src/main.ts',
      env: { SEALING_PRIVATE_KEYS_DIR: keysDir, BANK_URL: 'http://127.0.0.1:9', PAYMENT_RECONCILE_INTERVAL_MS: '600000' },
    });
    ({ ns, schema } = suite);
  }, 240_000);

  afterAll(async () => {
    if (process.env.DEBUG_ALLOWANCE) process.stdout.write(suite?.process.output() ?? '');
    await suite?.stop();
    rmSync(keysDir, { recursive: true, force: true });
  });

  /** A Dalian birth (210200: 158 days, paternity 20) with the employer's wage known and both accounts sealed for the case. */
  async function dalianBirth(caseId: string, overrides: Partial<BirthRegisteredV1> = {}): Promise<BirthRegisteredV1> {
    const birth = registeredBirthV1(overrides);
    const account = { bankName: '中国银行', accountNumber: '6217000000000000001', accountName: '王丽' };
    return {
      ...birth,
      mother: {
        ...birth.mother,
        maternityInsurance: { ...birth.mother.maternityInsurance, employerAverageMonthlyWageFen: WAGE },
        bankAccount: await sealer.sealJson(account, { caseId, fieldPath: 'mother.bankAccount' }),
      },
      father: {
        ...birth.father!,
        maternityInsurance: { ...birth.father!.maternityInsurance, employerAverageMonthlyWageFen: 600_000 },
        bankAccount: await sealer.sealJson({ ...account, accountName: '李强', accountNumber: '6217000000000000002' }, { caseId, fieldPath: 'father.bankAccount' }),
      },
    };
  }

  const birthMessage = (caseId: string, birth: BirthRegisteredV1, id?: string) => messages.birthMessage(ns, caseId, birth, id);
  const certificateMessage = (caseId: string, issuedAt: string) => messages.certificateMessage(ns, caseId, issuedAt);
  const voidMessage = (caseId: string, birth: BirthRegisteredV1, voidedAt: string) => messages.voidMessage(ns, caseId, birth, voidedAt);

  const claimsOf = (deliveryId: string) =>
    ns.query<{ claim_id: string; hospital_id: string; case_ids: string[]; state: string }>(`SELECT claim_id, hospital_id, case_ids, state FROM "${schema}".allowance_claims WHERE delivery_id = $1`, [deliveryId]);
  const ordersOf = (claimId: string) => ns.query<{ benefit: string; state: string; amount_fen: string }>(`SELECT benefit, state, amount_fen FROM "${schema}".payment_orders WHERE claim_id = $1 ORDER BY benefit, opened_at`, [claimId]);
  /** The claim-changed events of a delivery, once there are `expected` of them. */
  const changesOf = (deliveryId: string, expected: number) =>
    messages.claimChanges(ns, (e) => e.payload.deliveryId === deliveryId, (mine) => expect(mine).toHaveLength(expected));
  const claimOfCase = async (caseId: string) => {
    const answer = await suite.internalGet(`/internal/claims?caseId=${caseId}`, HEADERS);
    expect(answer.status).toBe(200);
    return answer.body as unknown as { claimId: string; caseIds: string[]; state: string; acceptedAt: string | null; benefits: Record<string, unknown>[] };
  };

  it('a birth delivered three times (the same message twice, then again under another id) opens one claim and publishes once', async () => {
    const caseId = randomUUID();
    const birth = await dalianBirth(caseId);
    const first = birthMessage(caseId, birth);
    await suite.deliver(first, birthMessage(caseId, birth, idOf(first)), birthMessage(caseId, birth));
    const claims = await claimsOf(birth.deliveryId);
    expect(claims).toEqual([{ claim_id: expect.any(String), hospital_id: 'H210202001', case_ids: [caseId], state: 'waiting' }]);
    const [opened] = await changesOf(birth.deliveryId, 1);
    expect(opened!.caseId).toBeNull();
    expect(opened!.payload).toMatchObject({
      change: 'opened',
      claimId: claims[0]!.claim_id,
      caseIds: [caseId],
      acceptedAt: null,
      item: { item: 'maternity-allowance', state: 'waiting', waitingFor: ['birth-certificate'], prerequisitesMetAt: null, ruleVersion: '1' },
      benefits: [
        { benefit: 'maternity-leave', beneficiary: 'mother', state: 'waiting', days: 158, amountFen: 4_096_292, payment: { state: 'none', paidAt: null } },
        { benefit: 'paternity-leave', beneficiary: 'father', state: 'waiting', days: 20, amountFen: 400_000 },
      ],
    });
    await suite.outboxDrained();
    expect(await ns.messageCount(Topics.maternityAllowanceClaimChangedV1.name)).toBeGreaterThan(0);
  });

  it('the certificate accepts the claim at the later of the case\'s acceptance and the issue, from the data, and opens one order per benefit', async () => {
    const caseId = randomUUID();
    const birth = await dalianBirth(caseId, { acceptedAt: '2026-03-02T01:00:00.000Z' });
    await suite.deliver(birthMessage(caseId, birth));
    await suite.deliver(certificateMessage(caseId, '2026-03-02T03:30:00.000+08:00')); // earlier than the acceptance: the acceptance wins
    const claim = await claimOfCase(caseId);
    expect(claim).toMatchObject({ state: 'in_progress', acceptedAt: '2026-03-02T01:00:00.000Z' });
    const changes = await changesOf(birth.deliveryId, 2);
    expect(changes[1]!.payload).toMatchObject({ change: 'accepted', acceptedAt: '2026-03-02T01:00:00.000Z', item: { state: 'in_progress', reasonCode: 'PAYMENT_IN_PROGRESS', prerequisitesMetAt: '2026-03-02T01:00:00.000Z' } });
    expect(await ordersOf(claim.claimId)).toEqual([
      { benefit: 'maternity-leave', state: 'pending', amount_fen: '4096292' },
      { benefit: 'paternity-leave', state: 'pending', amount_fen: '400000' },
    ]);

    // The certificate first, the birth after: kept, then applied; the issue is later, so it is the acceptance.
    const later = randomUUID();
    const second = await dalianBirth(later, { acceptedAt: '2026-03-02T01:00:00.000Z' });
    await suite.deliver(certificateMessage(later, '2026-03-03T09:00:00.000+08:00'));
    await suite.deliver(birthMessage(later, second));
    expect(await claimOfCase(later)).toMatchObject({ state: 'in_progress', acceptedAt: '2026-03-03T01:00:00.000Z' });
    const [opened] = await changesOf(second.deliveryId, 1);
    expect(opened!.payload).toMatchObject({ change: 'accepted', acceptedAt: '2026-03-03T01:00:00.000Z' });
  });

  it('twins in either order, each delivered twice: one claim naming both cases, 158 + 15 = 173 days, 777,777 × 173 ÷ 30 = 4,485,181 fen', async () => {
    for (const order of ['first-twin-first', 'second-twin-first']) {
      const [a, b] = [randomUUID(), randomUUID()];
      const twin = registeredBirthV1({ newborn: { ...registeredBirthV1().newborn, plurality: 2, birthOrder: 1 } });
      const first = await dalianBirth(a, { ...twin, birthRecordId: `BR-${randomUUID()}` });
      const second = await dalianBirth(b, { ...twin, birthRecordId: `BR-${randomUUID()}`, newborn: { ...twin.newborn, birthOrder: 2 } });
      const messages = [birthMessage(a, first), birthMessage(a, first), birthMessage(b, second), birthMessage(b, second)];
      await suite.deliver(...(order === 'first-twin-first' ? messages : messages.reverse()));
      const claims = await claimsOf(twin.deliveryId);
      expect(claims).toHaveLength(1);
      expect([...claims[0]!.case_ids].sort()).toEqual([a, b].sort());
      const issuedAt = new Date().toISOString();
      await suite.deliver(certificateMessage(a, issuedAt), certificateMessage(b, issuedAt));
      const claim = await claimOfCase(b);
      expect(claim.claimId).toBe(claims[0]!.claim_id);
      // The second certificate changes nothing a reader sees: no second `accepted`.
      expect((await changesOf(twin.deliveryId, 3)).map((c) => c.payload.change)).toEqual(['opened', 'waiting', 'accepted']);
      expect(claim.benefits[0]).toMatchObject({ benefit: 'maternity-leave', days: 173, amountFen: 4_485_181, dayTerms: [{ reason: 'CHILD_ORDER_TOTAL', days: 158 }, { reason: 'EXTRA_BABIES', days: 15 }] });
      expect((await ordersOf(claim.claimId)).map((o) => [o.benefit, o.amount_fen])).toEqual([['maternity-leave', '4485181'], ['paternity-leave', '400000']]);
    }
  });

  it('a voided twin leaves the claim and takes its days; the last void before payment cancels it (revoked) and closes the orders', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const twin = registeredBirthV1({ newborn: { ...registeredBirthV1().newborn, plurality: 2 } });
    const first = await dalianBirth(a, { ...twin, birthRecordId: `BR-${randomUUID()}` });
    const second = await dalianBirth(b, { ...twin, birthRecordId: `BR-${randomUUID()}`, newborn: { ...twin.newborn, birthOrder: 2 } });
    await suite.deliver(birthMessage(a, first), birthMessage(b, second));
    await suite.deliver(certificateMessage(a, new Date().toISOString()));
    const { claimId } = await claimOfCase(a);

    await suite.deliver(voidMessage(b, second, new Date().toISOString()));
    const afterTwin = await claimOfCase(a);
    expect(afterTwin).toMatchObject({ caseIds: [a], state: 'in_progress' });
    expect(afterTwin.benefits[0]).toMatchObject({ days: 158, amountFen: 4_096_292 });
    expect((await ordersOf(claimId)).map((o) => [o.benefit, o.state, o.amount_fen])).toEqual([
      ['maternity-leave', 'closed', '4485181'],
      ['maternity-leave', 'pending', '4096292'],
      ['paternity-leave', 'closed', '400000'],
      ['paternity-leave', 'pending', '400000'],
    ]);

    await suite.deliver(voidMessage(a, first, new Date().toISOString()));
    const changes = await changesOf(twin.deliveryId, 5); // opened, waiting (the twin), accepted, accepted (the twin voided), cancelled
    expect(changes.map((c) => [c.payload.change, c.payload.caseIds.length])).toEqual([['opened', 1], ['waiting', 2], ['accepted', 2], ['accepted', 1], ['cancelled', 1]]);
    expect(changes[3]!.payload.caseIds).toEqual([a]);
    expect(changes[4]!.payload).toMatchObject({ caseIds: [a], item: { state: 'revoked', reasonCode: 'BIRTH_VOIDED' } });
    expect((await ordersOf(claimId)).every((o) => o.state === 'closed')).toBe(true);
    expect(await claimOfCase(a)).toMatchObject({ state: 'revoked' });
  });

  it('rejected with a reason a clerk can read; forwarded when insured where the platform does not serve', async () => {
    const rejected = randomUUID();
    const base = await dalianBirth(rejected);
    const flexible = { ...base, mother: { ...base.mother, maternityInsurance: { ...base.mother.maternityInsurance, insuredCategory: 'flexible-employment' as const } }, father: { ...base.father!, maternityInsurance: { insured: false } } };
    await suite.deliver(birthMessage(rejected, flexible));
    const [change] = await changesOf(flexible.deliveryId, 1);
    expect(change!.payload).toMatchObject({
      change: 'rejected',
      item: { state: 'rejected', reasonCode: 'INSURED_CATEGORY_NOT_COVERED', reason: { zh: '大连市的生育保险不覆盖灵活就业人员，不能领取产假津贴。' } },
      benefits: [{ state: 'rejected', reasonCode: 'INSURED_CATEGORY_NOT_COVERED' }, { state: 'rejected', reasonCode: 'NOT_INSURED' }],
    });

    const forwarded = randomUUID();
    const beijing = await dalianBirth(forwarded);
    const elsewhere = { ...beijing, mother: { ...beijing.mother, maternityInsurance: { ...beijing.mother.maternityInsurance, insuringRegionCode: '110105' } }, father: undefined };
    await suite.deliver(birthMessage(forwarded, elsewhere));
    const [sent] = await changesOf(elsewhere.deliveryId, 1);
    expect(sent!.payload).toMatchObject({ change: 'forwarded', item: { state: 'forwarded' }, benefits: [{ benefit: 'maternity-leave', state: 'forwarded', forwardedTo: '110105' }] });
    expect(sent!.payload.benefits).toHaveLength(1);
  });

  it('the internal API: by case and by id, the explanation in Chinese and English; 400 and 404 with codes', async () => {
    const caseId = randomUUID();
    const birth = await dalianBirth(caseId, { delivery: { mode: 'caesarean', difficult: false } });
    await suite.deliver(birthMessage(caseId, birth));
    const byCase = await claimOfCase(caseId);
    const byId = await suite.internalGet(`/internal/claims/${byCase.claimId}`, HEADERS);
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ claimId: byCase.claimId, caseIds: [caseId], state: 'waiting', acceptedAt: null });
    expect((byId.body.benefits as unknown[])[0]).toMatchObject({
      benefit: 'maternity-leave',
      beneficiary: 'mother',
      state: 'waiting',
      days: 173,
      dayTerms: [{ reason: 'CHILD_ORDER_TOTAL', days: 158, source: expect.stringContaining('210200 maternityLeave.totalDaysByChildOrder') }, { reason: 'DIFFICULT_BIRTH', days: 15 }],
      wageFen: 777_777,
      amountFen: 4_485_181,
      ruleVersion: 1,
      reasonCode: null,
      payment: { state: 'none', orderId: null, bankReference: null, paidAt: null },
    });
    const explanation = await suite.internalGet(`/internal/claims/${byCase.claimId}/explanation`, HEADERS);
    expect(explanation.status).toBe(200);
    expect(explanation.body.zh).toContain('777,777 分 × 173 天 ÷ 30 = 4,485,180.7 分，按分四舍五入一次为 4,485,181 分，即 44,851.81 元。');
    expect(explanation.body.en).toContain('777,777 fen × 173 days ÷ 30 = 4,485,180.7 fen, rounded half up once to 4,485,181 fen: 44,851.81 yuan.');
    expect(JSON.stringify(byId.body)).not.toContain('6217000000000000001');

    expect((await suite.internalGet(`/internal/claims/${randomUUID()}`, HEADERS)).body).toMatchObject({ errors: [{ code: 'CLAIM_NOT_FOUND' }] });
    expect((await suite.internalGet('/internal/claims/nope', HEADERS)).status).toBe(400);
    expect((await suite.internalGet('/internal/claims?caseId=nope', HEADERS)).body).toMatchObject({ errors: [{ code: 'INVALID_CASE_ID' }] });
  });

  it('commands: an accepted claim with no account waits for the applicant; update-bank-account resumes it with one order; retry-step adds none; revoke cancels', async () => {
    const caseId = randomUUID();
    const base = registeredBirthV1();
    const birth = { ...base, mother: { ...base.mother, maternityInsurance: { ...base.mother.maternityInsurance, employerAverageMonthlyWageFen: WAGE } }, father: undefined };
    const command = (payload: object) => envelopeMessage(ns, Topics.maternityAllowanceCommandsV1, caseId, payload, { producer: 'gateway' });
    await suite.deliver(birthMessage(caseId, birth));
    await suite.deliver(certificateMessage(caseId, new Date().toISOString()));
    const waiting = await claimOfCase(caseId);
    expect(waiting).toMatchObject({ state: 'awaiting_applicant', benefits: [{ state: 'awaiting_applicant', reasonCode: 'BANK_ACCOUNT_MISSING' }] });
    expect(await ordersOf(waiting.claimId)).toEqual([]);

    const sealed = await sealer.sealJson({ bankName: '中国银行', accountNumber: '6217000000000000009', accountName: '王丽' }, { caseId, fieldPath: 'mother.bankAccount' });
    await suite.deliver(command({ command: 'update-bank-account', beneficiary: 'mother', bankAccount: sealed, recordedBy: 'clerk-1', reasonCode: 'ACCOUNT_SUPPLIED', note: null }));
    expect(await claimOfCase(caseId)).toMatchObject({ state: 'in_progress', benefits: [{ state: 'in_progress', reasonCode: 'PAYMENT_IN_PROGRESS' }] });
    expect(await ordersOf(waiting.claimId)).toEqual([{ benefit: 'maternity-leave', state: 'pending', amount_fen: '4096292' }]);

    await suite.deliver(command({ command: 'retry-step', reasonCode: 'STEP_STUCK', note: null }));
    expect(await ordersOf(waiting.claimId)).toHaveLength(1);

    await suite.deliver(command({ command: 'revoke', reasonCode: 'OPERATOR_REQUEST', note: null }));
    expect(await claimOfCase(caseId)).toMatchObject({ state: 'revoked', reasonCode: 'OPERATOR_REQUEST', benefits: [{ state: 'revoked' }] });
    expect(await ordersOf(waiting.claimId)).toEqual([{ benefit: 'maternity-leave', state: 'closed', amount_fen: '4096292' }]);
    const changes = await changesOf(birth.deliveryId, 4);
    expect(changes.map((c) => c.payload.change)).toEqual(['opened', 'accepted', 'accepted', 'cancelled']);
    const history = (await suite.internalGet(`/internal/claims/${waiting.claimId}`, HEADERS)).body.history as { change: string }[];
    expect(history.map((h) => h.change)).toEqual(['opened', 'accepted', 'resume', 'accepted', 'retry-step', 'cancelled']);

    // A command for a case with no claim is dead-lettered with its reason, not dropped.
    const stranger = envelopeMessage(ns, Topics.maternityAllowanceCommandsV1, randomUUID(), { command: 'update-bank-account', beneficiary: 'mother', bankAccount: sealed, recordedBy: 'clerk-1', reasonCode: 'ACCOUNT_SUPPLIED', note: null });
    await suite.deliver(stranger);
    expect(await ns.messageCount(`${Topics.maternityAllowanceCommandsV1.name}.dlq`)).toBe(1);
  });

  it('a wage the rules leave to a clerk: in progress for manual review, no order; the clerk sets it (409 when it does not apply) and one order opens', async () => {
    const caseId = randomUUID();
    const known = await dalianBirth(caseId);
    // The mother's employer wage unknown: the national rule for an unknown wage is manual review.
    const birth = { ...known, mother: { ...known.mother, maternityInsurance: { ...known.mother.maternityInsurance, employerAverageMonthlyWageFen: undefined } }, father: undefined };
    await suite.deliver(birthMessage(caseId, birth));
    await suite.deliver(certificateMessage(caseId, new Date().toISOString()));
    const review = await claimOfCase(caseId);
    expect(review).toMatchObject({ state: 'in_progress', reasonCode: 'WAGE_UNKNOWN_MANUAL_REVIEW', benefits: [{ amountFen: null, reasonCode: 'WAGE_UNKNOWN_MANUAL_REVIEW' }] });
    expect(await ordersOf(review.claimId)).toEqual([]);

    const resolve = (body: object) =>
      fetch(`${suite.internalUrl}/internal/claims/${review.claimId}/resolutions`, { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const missingWage = await resolve({ kind: 'wage-set', beneficiary: 'mother', reasonCode: 'EMPLOYER_CONFIRMED' });
    expect(missingWage.status).toBe(400);
    expect(((await missingWage.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('wageFen');
    const wrongKind = await resolve({ kind: 'recovery-recorded', reasonCode: 'EMPLOYER_CONFIRMED' });
    expect(wrongKind.status).toBe(409);
    expect(((await wrongKind.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('RESOLUTION_NOT_APPLICABLE');

    const set = await resolve({ kind: 'wage-set', beneficiary: 'mother', wageFen: WAGE, reasonCode: 'EMPLOYER_CONFIRMED' });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ claimId: review.claimId, kind: 'wage-set', state: 'in_progress', reasonCode: 'PAYMENT_IN_PROGRESS' });
    // 777,777 × 158 ÷ 30 = 4,096,292.2 → 4,096,292 fen.
    expect(await ordersOf(review.claimId)).toEqual([{ benefit: 'maternity-leave', state: 'pending', amount_fen: '4096292' }]);
    expect(await claimOfCase(caseId)).toMatchObject({ benefits: [{ wageFen: WAGE, amountFen: 4_096_292, reasonCode: 'PAYMENT_IN_PROGRESS' }] });
    // Set twice: it no longer applies, and no second order opens.
    expect((await resolve({ kind: 'wage-set', beneficiary: 'mother', wageFen: WAGE, reasonCode: 'EMPLOYER_CONFIRMED' })).status).toBe(409);
    expect(await ordersOf(review.claimId)).toHaveLength(1);
    const history = (await suite.internalGet(`/internal/claims/${review.claimId}`, HEADERS)).body.history as { change: string; actor: string | null }[];
    expect(history.filter((h) => h.actor !== null)).toEqual([expect.objectContaining({ change: 'resolution:wage-set', actor: 'demo:clerk:test' })]);
  });

  it('opens nothing when the allowance was not applied for, and dead-letters nothing', async () => {
    const birth = registeredBirthV1();
    const notApplied = { ...birth, application: { ...birth.application, items: birth.application.items.filter((i) => i !== 'maternity-allowance') } };
    await suite.deliver(birthMessage(randomUUID(), notApplied));
    expect(await claimsOf(birth.deliveryId)).toEqual([]);
    expect(await ns.messageCount(`${Topics.birthRegisteredV1.name}.dlq`)).toBe(0);
  });
});
