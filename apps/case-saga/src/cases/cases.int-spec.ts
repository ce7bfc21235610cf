import { randomUUID } from 'node:crypto';
import { Topics, validatePayload, type BirthRegisteredV1, type CaseNotificationRequestedV1, type EventEnvelope, type ItemState, type TopicDefinition, type WaitingFor } from '@birth/contracts';
import type { OutgoingMessage } from '@birth/messaging';
import { DepartmentSuite, envelopeMessage, expectEventually, registeredBirthV1, type TestNamespace } from '@birth/testing';
import { setTestClock } from '../timers/test-clock';
import { service as descriptor } from '../service';

// The case saga as a real process over real Kafka and PostgreSQL: births, the four departments'
// item changes, the allowance's claim changes and voids in, as the services put them on their
// topics; cases, steps, timeline and notifications out, through the query API on the internal port.

const GROUP = 'case-saga';
const CONSUMED: TopicDefinition[] = [
  Topics.birthRegisteredV1,
  Topics.birthVoidedV1,
  Topics.birthCertificateItemChangedV1,
  Topics.householdRegistrationItemChangedV1,
  Topics.medicalInsuranceItemChangedV1,
  Topics.socialSecurityCardItemChangedV1,
  Topics.maternityAllowanceClaimChangedV1,
];
const TOPICS: TopicDefinition[] = [
  ...CONSUMED,
  Topics.caseNotificationRequestedV1,
  Topics.caseSlaAtRiskV1,
  Topics.caseSlaBreachedV1,
  Topics.caseStepEscalatedV1,
  Topics.birthCertificateCommandsV1,
  Topics.householdRegistrationCommandsV1,
  Topics.medicalInsuranceCommandsV1,
  Topics.socialSecurityCardCommandsV1,
  Topics.maternityAllowanceCommandsV1,
  Topics.policyVersionsV1,
  Topics.calendarYearsV1,
];
const HEADERS = { Authorization: 'Bearer demo-internal-token', 'X-Actor': 'clerk:test' };

interface StepView {
  breachedAt: string | null;
  item: string;
  state: ItemState;
  waitingFor: WaitingFor[];
  reasonCode: string | null;
  lastChange: string | null;
  claimId: string | null;
  compensation: string | null;
  responsibleDepartment: string;
  deadline: string | null;
  startedAt: string | null;
}
interface CaseView {
  caseId: string;
  caseNumber: string;
  state: string;
  atRisk: boolean;
  breached: boolean;
  steps: StepView[];
  timeline: { at: string; type: string; cause: string }[];
  notifications: { event: string; item: string; template: string }[];
}

describe('case-saga cases, a real service (real Kafka and PostgreSQL)', () => {
  let suite: DepartmentSuite;
  let ns: TestNamespace;

  beforeAll(async () => {
    suite = await DepartmentSuite.start({ topics: TOPICS, group: GROUP, consumed: CONSUMED, schemaName: 'case_saga', migrations: descriptor.migrations, entry: 'apps/case-saga/src/main.ts' });
    ({ ns } = suite);
  });

  afterAll(async () => {
    await suite?.stop();
  });

  // Every change a department makes carries a later `changedAt`: one clock for the whole suite.
  let tick = Date.now() - 3600_000;
  /** A birth accepted two hours ago, before any department's change of the suite. */
  const registered = (overrides: Partial<BirthRegisteredV1> = {}) => registeredBirthV1({ acceptedAt: new Date(Date.now() - 2 * 3600_000).toISOString(), ...overrides });
  const at = (): string => new Date((tick += 1000)).toISOString();
  const deliver = (...messages: OutgoingMessage[]) => suite.deliver(...messages);
  const message = (topic: TopicDefinition, caseId: string, payload: object, id?: string) => envelopeMessage(ns, topic, caseId, payload, { producer: 'saga-test', id });
  const block = (item: string, state: ItemState, options: { waitingFor?: WaitingFor[]; reasonCode?: string; changedAt?: string; started?: boolean } = {}) => {
    const changedAt = options.changedAt ?? at();
    return {
      item,
      state,
      reasonCode: options.reasonCode ?? null,
      reason: options.reasonCode ? { zh: '原因', en: 'reason' } : null,
      waitingFor: options.waitingFor ?? [],
      prerequisitesMetAt: options.started === false ? null : changedAt,
      changedAt,
      ruleVersion: '1',
    };
  };

  const birth = (caseId: string, b: BirthRegisteredV1) => message(Topics.birthRegisteredV1, caseId, b);
  const certificate = (caseId: string, change: string, state: ItemState, options: Parameters<typeof block>[2] = {}) =>
    message(Topics.birthCertificateItemChangedV1, caseId, {
      change,
      item: block('birth-certificate', state, options),
      certificateNumber: change === 'issued' ? 'A260000001' : null,
      replaces: null,
      issuedAt: change === 'issued' ? new Date(tick).toISOString() : null,
    });
  const household = (caseId: string, change: string, state: ItemState, options: Parameters<typeof block>[2] = {}) =>
    message(Topics.householdRegistrationItemChangedV1, caseId, {
      change,
      item: block('household-registration', state, options),
      citizenIdNumber: null,
      registrationRegionCode: null,
      forwardedTo: null,
      registeredAt: null,
    });
  const insurance = (caseId: string, change: string, state: ItemState, options: Parameters<typeof block>[2] = {}) =>
    message(Topics.medicalInsuranceItemChangedV1, caseId, {
      change,
      item: block('medical-insurance', state, options),
      outcome: state === 'done' ? 'enrolled' : state === 'rejected' ? 'rejected' : null,
      enrolmentRegionCode: null,
      referredTo: null,
      eligibilityBasis: null,
      coverageStart: null,
      provisional: false,
      contributionFen: null,
      contributionPaidAt: null,
    });
  const card = (caseId: string, change: string, state: ItemState, options: Parameters<typeof block>[2] = {}) =>
    message(Topics.socialSecurityCardItemChangedV1, caseId, { change, item: block('social-security-card', state, options), cardState: null, electronicCardIssuedAt: null, forwardedTo: null });
  const claim = (claimId: string, caseIds: string[], change: string, state: ItemState, options: Parameters<typeof block>[2] & { paid?: boolean; b?: BirthRegisteredV1 } = {}): OutgoingMessage => {
    const item = block('maternity-allowance', state, options);
    const envelope: EventEnvelope<object> = {
      id: randomUUID(),
      type: Topics.maternityAllowanceClaimChangedV1.type,
      version: 1,
      occurredAt: new Date().toISOString(),
      caseId: null,
      correlationId: randomUUID(),
      causationId: null,
      producer: 'saga-test',
      payload: {
        change,
        claimId,
        caseIds,
        hospitalId: 'H210202001',
        deliveryId: 'D-1',
        item,
        acceptedAt: item.prerequisitesMetAt,
        benefits: [
          {
            benefit: 'maternity-leave',
            beneficiary: 'mother',
            state,
            days: 158,
            amountFen: 4_096_000,
            ruleVersion: '1',
            reasonCode: null,
            forwardedTo: null,
            payment: options.paid ? { state: 'paid', paidAt: item.changedAt } : { state: 'none', paidAt: null },
          },
        ],
      },
    };
    return { topic: ns.topic(Topics.maternityAllowanceClaimChangedV1.name), key: claimId, value: JSON.stringify(envelope), headers: { 'content-type': 'application/json' } };
  };
  const voided = (caseId: string, b: BirthRegisteredV1) =>
    message(Topics.birthVoidedV1, caseId, { caseNumber: b.caseNumber, hospitalId: b.hospital.institutionId, birthRecordId: b.birthRecordId, reason: '重复登记', voidedAt: at() });

  const get = (path: string) => suite.internalGet(path, HEADERS);
  const view = async (caseId: string): Promise<CaseView> => {
    const answer = await get(`/internal/cases/${caseId}`);
    expect(answer.status).toBe(200);
    return answer.body as unknown as CaseView;
  };
  const states = (c: CaseView) => Object.fromEntries(c.steps.map((s) => [s.item, `${s.state}${s.waitingFor.length ? `:${s.waitingFor.join('+')}` : ''}`]));
  const notificationsOf = async (caseId: string): Promise<EventEnvelope<CaseNotificationRequestedV1>[]> =>
    (await ns.readAll(Topics.caseNotificationRequestedV1.name)).map((m) => JSON.parse(m.value!.toString('utf8')) as EventEnvelope<CaseNotificationRequestedV1>).filter((e) => e.caseId === caseId);

  /** The departments' whole happy path for a case, in order, as their topics carry it. */
  const happyPath = (caseId: string, claimId: string): OutgoingMessage[][] => [
    [certificate(caseId, 'opened', 'in_progress'), certificate(caseId, 'awaiting-applicant', 'awaiting_applicant', { waitingFor: ['newborn-name'], reasonCode: 'NEWBORN_NAME_MISSING' })],
    [household(caseId, 'waiting', 'waiting', { waitingFor: ['birth-certificate'], started: false }), insurance(caseId, 'waiting', 'waiting', { waitingFor: ['birth-certificate'], started: false })],
    [card(caseId, 'waiting', 'waiting', { waitingFor: ['citizen-id-number', 'insurance-outcome'], started: false }), claim(claimId, [caseId], 'waiting', 'waiting', { waitingFor: ['birth-certificate'], started: false })],
    [certificate(caseId, 'issued', 'done')],
    [household(caseId, 'registered', 'done'), insurance(caseId, 'enrolled', 'done'), claim(claimId, [caseId], 'accepted', 'in_progress')],
    [card(caseId, 'applied', 'done')],
    [claim(claimId, [caseId], 'paid', 'done', { paid: true })],
  ];

  it('a full case reaches completed: one step per item, the timeline, the family told of the wait and the payment', async () => {
    const caseId = randomUUID();
    const claimId = randomUUID();
    const b = registered({ caseNumber: '210202-20261201-000101-3' });
    await deliver(birth(caseId, b));
    const opened = await view(caseId);
    expect(opened).toMatchObject({ caseId, caseNumber: '210202-20261201-000101-3', state: 'open', atRisk: false, breached: false });
    expect(opened.steps.map((s) => s.item)).toEqual(['birth-certificate', 'household-registration', 'medical-insurance', 'social-security-card', 'maternity-allowance']);
    expect(opened.steps.every((s) => s.state === 'waiting' && s.lastChange === null && s.responsibleDepartment === s.item)).toBe(true);

    const [first, ...rest] = happyPath(caseId, claimId);
    await deliver(...first!);
    const waiting = await view(caseId);
    expect(states(waiting)['birth-certificate']).toBe('awaiting_applicant:newborn-name');
    expect(waiting.notifications).toEqual([expect.objectContaining({ event: 'step-awaiting-applicant', item: 'birth-certificate', template: 'STEP_AWAITING_APPLICANT_V1' })]);
    for (const batch of rest) await deliver(...batch);

    const done = await view(caseId);
    expect(done.state).toBe('completed');
    expect(done.atRisk).toBe(false);
    expect(states(done)).toEqual({
      'birth-certificate': 'done',
      'household-registration': 'done',
      'medical-insurance': 'done',
      'social-security-card': 'done',
      'maternity-allowance': 'done',
    });
    expect(done.steps.find((s) => s.item === 'maternity-allowance')).toMatchObject({ claimId, lastChange: 'paid' });
    // The SLA side's clock of each step, as the query answers it: started at prerequisitesMetAt, the deadline at 24:00 China time.
    for (const step of done.steps) expect(step).toMatchObject({ startedAt: expect.any(String), deadline: expect.stringMatching(/T00:00:00\+08:00$/) });
    const types = done.timeline.map((t) => t.type);
    expect(types[0]).toBe('case-opened');
    expect(types.filter((t) => t === 'step-changed')).toHaveLength(12);
    expect(types).toContain('case-completed');
    expect(types.filter((t) => t === 'notification-requested')).toHaveLength(2);
    expect(done.timeline.every((t) => t.at && t.cause)).toBe(true);

    const sent = await notificationsOf(caseId);
    expect(sent.map((e) => e.payload.event).sort()).toEqual(['allowance-paid', 'step-awaiting-applicant']);
    const paid = sent.find((e) => e.payload.event === 'allowance-paid')!.payload;
    expect(paid).toMatchObject({ caseNumber: '210202-20261201-000101-3', item: 'maternity-allowance', template: 'ALLOWANCE_PAID_V1', channel: 'sms', recipient: 'application.contactPhone', parameters: { amountFen: 4_096_000 } });
    expect(JSON.stringify(sent)).not.toContain(b.application.contactPhone);
    for (const e of sent) expect(validatePayload(Topics.caseNotificationRequestedV1, e.payload)).toMatchObject({ ok: true });

    // The same case by its number; personal data nowhere in the answer.
    const byNumber = await get(`/internal/cases?caseNumber=${b.caseNumber}`);
    expect(byNumber).toMatchObject({ status: 200, body: { caseId, state: 'completed' } });
    for (const secret of [b.mother.name, b.mother.identity.number, b.application.contactPhone, b.newborn.name]) expect(JSON.stringify(byNumber.body)).not.toContain(secret);
  });

  it('events out of order, before the birth and duplicated change nothing', async () => {
    const inOrder = randomUUID();
    const shuffled = randomUUID();
    const bInOrder = registered();
    const bShuffled = registered();
    // The same departments' changes for both cases, same times: built once per case from one clock reading.
    const start = tick;
    const pathIn = happyPath(inOrder, randomUUID()).flat();
    tick = start;
    const claimId = randomUUID();
    const pathShuffled = happyPath(shuffled, claimId).flat();

    await deliver(birth(inOrder, bInOrder));
    for (const m of pathIn) await deliver(m);

    // The other case: every change first (parked until the birth), each twice, the newest ones before the oldest per department.
    const reversed = [...pathShuffled].reverse();
    await deliver(...reversed, ...reversed);
    await deliver(birth(shuffled, bShuffled));
    await deliver(birth(shuffled, bShuffled), ...pathShuffled); // the birth again, and every change again: nothing new

    const a = await view(inOrder);
    const b = await view(shuffled);
    expect(b.state).toBe('completed');
    expect(states(b)).toEqual(states(a));
    // A redelivered message (same id) is deduplicated by the inbox; a repeated block by the projection.
    const again = pathShuffled.at(-1)!;
    await deliver(again, again);
    const after = await view(shuffled);
    expect(after.timeline).toEqual(b.timeline);
    expect(after.notifications).toEqual(b.notifications);
    expect(b.notifications.map((n) => n.event).sort()).toEqual(['allowance-paid']);
  });

  it('twins share one claim, shown on each; a voided twin left off the claim has its step compensated', async () => {
    const twinA = randomUUID();
    const twinB = randomUUID();
    const deliveryId = `D-${randomUUID()}`;
    const bA = registered({ deliveryId });
    const bB = registered({ deliveryId, birthRecordId: `BR-${randomUUID()}` });
    const claimId = randomUUID();
    await deliver(birth(twinA, bA), birth(twinB, bB));
    await deliver(claim(claimId, [twinA, twinB], 'accepted', 'in_progress'));
    const [a, b] = [await view(twinA), await view(twinB)];
    for (const c of [a, b]) expect(c.steps.find((s) => s.item === 'maternity-allowance')).toMatchObject({ claimId, state: 'in_progress' });

    await deliver(voided(twinB, bB));
    await deliver(claim(claimId, [twinA], 'accepted', 'in_progress'));
    const afterA = await view(twinA);
    const afterB = await view(twinB);
    expect(afterA.steps.find((s) => s.item === 'maternity-allowance')).toMatchObject({ claimId, state: 'in_progress', compensation: null });
    expect(afterB.state).toBe('voided');
    expect(afterB.steps.find((s) => s.item === 'maternity-allowance')).toMatchObject({ claimId, state: 'revoked', reasonCode: 'LEFT_CLAIM', compensation: 'confirmed' });
    expect(afterB.timeline.map((t) => t.type)).toEqual(expect.arrayContaining(['case-voided', 'step-compensated']));
  });

  it('a voided case is tracked until every step is revoked', async () => {
    const caseId = randomUUID();
    const b = registered();
    const claimId = randomUUID();
    await deliver(birth(caseId, b));
    await deliver(certificate(caseId, 'issued', 'done'), claim(claimId, [caseId], 'accepted', 'in_progress'));
    await deliver(voided(caseId, b));
    const justVoided = await view(caseId);
    expect(justVoided.state).toBe('voided');
    expect(justVoided.steps.map((s) => s.compensation)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);

    await deliver(certificate(caseId, 'revoked', 'revoked'), household(caseId, 'revoked', 'revoked'), insurance(caseId, 'revoked', 'revoked'));
    const partly = await view(caseId);
    expect(partly.steps.map((s) => `${s.item}:${s.compensation}`)).toEqual([
      'birth-certificate:confirmed',
      'household-registration:confirmed',
      'medical-insurance:confirmed',
      'social-security-card:pending',
      'maternity-allowance:pending',
    ]);
    await deliver(card(caseId, 'revoked', 'revoked'), claim(claimId, [caseId], 'cancelled', 'revoked'));
    const all = await view(caseId);
    expect(all.state).toBe('voided');
    expect(all.steps.every((s) => s.state === 'revoked' && s.compensation === 'confirmed')).toBe(true);
    expect(all.timeline.filter((t) => t.type === 'step-compensated')).toHaveLength(5);
    expect(all.notifications).toEqual([]);
  });

  it('queues a department\'s manual work: a step kept in progress with a reason, until it moves on', async () => {
    const caseId = randomUUID();
    await deliver(birth(caseId, registered({ hospital: { institutionId: 'H-MANUAL', name: '人工医院', regionCode: '210204' } })));
    await deliver(certificate(caseId, 'issued', 'done'), household(caseId, 'in-progress', 'in_progress', { reasonCode: 'MANUAL_REVIEW' }));
    const queue = async (query: string) => ((await get(`/internal/cases/manual-work?${query}`)).body as { steps: { caseId: string }[] }).steps.filter((s) => s.caseId === caseId);
    expect(await queue('item=household-registration&region=210200')).toEqual([
      expect.objectContaining({ caseId, item: 'household-registration', state: 'in_progress', reasonCode: 'MANUAL_REVIEW', reason: { zh: '原因', en: 'reason' }, regionCode: '210204' }),
    ]);
    expect(await queue('item=birth-certificate')).toEqual([]); // done: not manual work
    expect(await queue('item=household-registration&region=110000')).toEqual([]);
    await deliver(household(caseId, 'registered', 'done'));
    expect(await queue('item=household-registration')).toEqual([]);
    expect((await get('/internal/cases/manual-work?item=nope')).body).toMatchObject({ errors: [{ field: 'item', code: 'INVALID_ITEM' }] });
  });

  it('lists page by cursor without gaps or repeats while cases open and change; stats count them', async () => {
    const hospital = `H-LIST-${randomUUID().slice(0, 8)}`;
    const births = Array.from({ length: 7 }, () => ({ caseId: randomUUID(), b: registered({ hospital: { institutionId: hospital, name: '列表医院', regionCode: '210203' } }) }));
    for (const { caseId, b } of births) await deliver(birth(caseId, b));

    const seen: string[] = [];
    let cursor: string | null = null;
    let page = 0;
    do {
      const answer = await get(`/internal/cases?hospital=${hospital}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      const body = answer.body as unknown as { cases: { caseId: string; steps: unknown[] }[]; nextCursor: string | null };
      seen.push(...body.cases.map((c) => c.caseId));
      cursor = body.nextCursor;
      if (page === 0) {
        // Meanwhile: two more cases open, one case completes its certificate, one is voided.
        const extra = registered({ hospital: { institutionId: hospital, name: '列表医院', regionCode: '210203' } });
        await deliver(birth(randomUUID(), extra), birth(randomUUID(), { ...extra, birthRecordId: `BR-${randomUUID()}` }));
        await deliver(certificate(births[0]!.caseId, 'issued', 'done'), voided(births[5]!.caseId, births[5]!.b));
      }
      page += 1;
    } while (cursor);
    expect(seen).toEqual(births.map((x) => x.caseId).reverse()); // newest first, each once, the ones opened meanwhile not slipped in
    expect(page).toBe(3);

    const voidedOnly = await get(`/internal/cases?hospital=${hospital}&state=voided`);
    expect((voidedOnly.body as { cases: { caseId: string }[] }).cases.map((c) => c.caseId)).toEqual([births[5]!.caseId]);
    const byRegion = await get(`/internal/cases?region=210200&hospital=${hospital}&limit=200`);
    expect((byRegion.body as { cases: unknown[] }).cases).toHaveLength(9);

    const stats = await get(`/internal/cases/stats?hospital=${hospital}`);
    expect(stats).toMatchObject({
      status: 200,
      body: { total: 9, byState: { open: 8, completed: 0, completed_with_rejections: 0, voided: 1 }, atRisk: 0, breached: 0 },
    });
    expect((stats.body as { steps: Record<string, Record<string, number>> }).steps['birth-certificate']).toMatchObject({ done: 1, waiting: 8 });
  });

  // Last: it moves the saga's clock (the SLA timers fire on it) for the whole schema.
  it('at risk, then breached, by the SLA timers: on the case, in the lists and the stats; the breach stays after a late completion, the risk does not', async () => {
    const hospital = `H-SLA-${randomUUID().slice(0, 8)}`;
    const caseId = randomUUID();
    const b = registered({ hospital: { institutionId: hospital, name: '时限医院', regionCode: '210202' }, application: { ...registeredBirthV1().application, items: ['birth-certificate', 'household-registration'] } });
    await deliver(birth(caseId, b));
    await deliver(certificate(caseId, 'issued', 'done'), household(caseId, 'opened', 'in_progress'));
    const opened = await view(caseId);
    expect(opened).toMatchObject({ state: 'open', atRisk: false, breached: false });
    const deadline = opened.steps.find((s) => s.item === 'household-registration')!.deadline!;
    const list = async (query: string) => ((await get(`/internal/cases?hospital=${hospital}&${query}`)).body as { cases: { caseId: string; atRisk: boolean; breached: boolean }[] }).cases;
    /** The case's steps in the dashboard's SLA list (`GET /internal/cases/sla`). */
    const slaOf = async (id: string) => ((await get('/internal/cases/sla?region=210202&limit=500')).body as { overdue: { caseId: string }[] }).overdue.filter((s) => s.caseId === id);

    const db = await ns.dataSource(suite.schema);
    try {
      // Half a day before the deadline: within the last working day, so at risk; not yet breached.
      await setTestClock(db, { at: new Date(Date.parse(deadline) - 12 * 3600_000) });
      await expectEventually(async () => expect(await view(caseId)).toMatchObject({ atRisk: true, breached: false }), { timeoutMs: 60_000, message: 'the at-risk timer fired' });
      expect(await list('atRisk=true')).toEqual([expect.objectContaining({ caseId, atRisk: true, breached: false })]);
      expect(await list('atRisk=false')).toEqual([]);
      expect((await get(`/internal/cases/stats?hospital=${hospital}`)).body).toMatchObject({ total: 1, atRisk: 1, breached: 0 });
      expect(await slaOf(caseId)).toEqual([expect.objectContaining({ item: 'household-registration', atRisk: true, breachedAt: null, deadline })]);

      await setTestClock(db, { advanceByMs: 40 * 24 * 3600_000 }); // far past the deadline
      const breached = await expectEventually(
        async () => {
          const c = await view(caseId);
          expect(c.breached).toBe(true);
          return c;
        },
        { timeoutMs: 60_000, message: 'the breach timer fired' },
      );
      expect(breached.steps.find((s) => s.item === 'household-registration')).toMatchObject({ breachedAt: expect.any(String) });
      expect(breached.timeline.map((t) => t.type)).toContain('sla-breached');
      expect(await list('breached=true')).toEqual([expect.objectContaining({ caseId, breached: true })]);
      expect(await list('breached=false')).toEqual([]);
      expect((await get(`/internal/cases/stats?hospital=${hospital}`)).body).toMatchObject({ total: 1, breached: 1 });
      expect(await slaOf(caseId)).toEqual([expect.objectContaining({ item: 'household-registration', breachedAt: expect.any(String) })]);
      const perDay = (await get('/internal/cases/sla?region=210202&days=60')).body as { breachesPerDay: { date: string; breaches: number }[] };
      expect(perDay.breachesPerDay.reduce((n, d) => n + d.breaches, 0)).toBeGreaterThanOrEqual(1);

      await deliver(household(caseId, 'registered', 'done'));
      expect(await view(caseId)).toMatchObject({ state: 'completed', atRisk: false, breached: true });
      expect(await slaOf(caseId)).toEqual([]); // the dashboard's lists are of open cases
      expect(await list('atRisk=false&breached=true')).toEqual([expect.objectContaining({ caseId, atRisk: false, breached: true })]);
    } finally {
      await setTestClock(db, { reset: true });
    }
  });

  it('refuses bad queries with the field and a code, and unknown cases with 404', async () => {
    const bad = await get('/internal/cases?state=closed&limit=0');
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { field: string; code: string }[] }).errors.map((e) => `${e.field}:${e.code}`)).toEqual(['state:INVALID_STATE', 'limit:INVALID_LIMIT']);
    expect((await get('/internal/cases?cursor=nope')).status).toBe(400);
    expect((await get('/internal/cases/sla?limit=0&days=x')).body).toMatchObject({ errors: [{ field: 'limit', code: 'INVALID_LIMIT' }, { field: 'days', code: 'INVALID_DAYS' }] });
    expect((await get('/internal/cases/not-a-uuid')).body).toMatchObject({ errors: [{ field: 'caseId', code: 'INVALID_CASE_ID' }] });
    expect((await get(`/internal/cases/${randomUUID()}`)).body).toMatchObject({ errors: [{ code: 'CASE_NOT_FOUND' }] });
    expect((await get('/internal/cases?caseNumber=210202-20991231-999999-9')).status).toBe(404);
    expect((await suite.internalGet('/internal/cases', {})).status).toBe(401);
  });
});
