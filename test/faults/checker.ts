// The fault run's independent checker. It reads what the run recorded (the acknowledged births,
// the poison messages injected, the faults) and asks the system's stores directly: raw SQL through
// pg and Kafka through kafkajs only. It imports none of the services' code and none of libs/policy:
// what it knows of the tables and topics is written out here, so a bug in the services cannot
// hide itself by being shared with its judge.
//
//   bash infra/run-node.sh test/faults/checker.ts --dir tmp/faults/run-X --database-url postgres://postgres@127.0.0.1:5442/birth --brokers 127.0.0.1:9192
//
// Prints each failure (case and why), then one flat JSON object as the last line; exit 1 when
// anything was lost, duplicated, wrong or stuck, 0 otherwise, 2 on a bad argument.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

/** A line of acknowledged.jsonl (written by the run's load). */
interface Acknowledged {
  caseId: string;
  hospitalId: string;
  birthRecordId: string;
  items: string[];
  voided: boolean;
  submittedTwice: boolean;
  secondCaseId?: string;
}

/** A line of poison.jsonl (written by the run's fault injector). */
interface Poison {
  poisonId: string;
  topic: string;
  kind: string;
  groups: string[];
}

export interface CheckInput {
  dir: string;
  databaseUrl: string;
  brokers: string[];
}

export interface CheckResult {
  births: number;
  cases: number;
  faults: Record<string, number>;
  lost: number;
  duplicated: number;
  wrongAmounts: number;
  wrongBreaches: number;
  stuck: number;
  unpublishedOutbox: number;
  dlqMissing: number;
  dlqUnexpected: number;
  /** Extra copies of a poison message parked again after its group was reset to earliest (redelivery): expected, not a failure. */
  dlqRedeliveredCopies: number;
  paidBenefits: number;
  /** Benefits settled at the bank after their birth was voided, which the claim marks for recovery: the designed outcome, not a failure. */
  recoveryRequired: number;
  paidTotalFen: number;
  expectedTotalFen: number;
  breaches: number;
  waitingForApplicant: number;
  ok: boolean;
}

/** The item states after which a department does nothing more (libs/contracts ITEM_STATES, written out). */
const FINAL_ITEM_STATES = new Set(['done', 'rejected', 'forwarded', 'revoked']);
const FINAL_CASE_STATES = new Set(['completed', 'completed_with_rejections', 'voided']);
/** Department schemas holding one `items` row per case applied for. */
const DEPARTMENT_SCHEMAS: Record<string, string> = {
  'birth-certificate': 'birth_certificate',
  'household-registration': 'household_registration',
  'medical-insurance': 'medical_insurance',
  'social-security-card': 'social_security_card',
};
const POISON_HEADER = 'x-fault-poison-id';
const DLQ_GROUP_HEADER = 'dlq-consumer-group';
/** A pending timer due longer ago than this (on the saga's clock) is stuck. */
const TIMER_GRACE_MS = 120_000;

export async function check(input: CheckInput, report: (line: string) => void): Promise<CheckResult> {
  const acknowledged = readJsonLines<Acknowledged>(join(input.dir, 'acknowledged.jsonl'));
  const poison = readJsonLines<Poison>(join(input.dir, 'poison.jsonl'));
  const faultsFile = join(input.dir, 'faults.json');
  const faults = existsSync(faultsFile) ? (JSON.parse(readFileSync(faultsFile, 'utf8')) as Record<string, number>) : {};
  const result: CheckResult = {
    births: acknowledged.length,
    cases: 0,
    faults,
    lost: 0,
    duplicated: 0,
    wrongAmounts: 0,
    wrongBreaches: 0,
    stuck: 0,
    unpublishedOutbox: 0,
    dlqMissing: 0,
    dlqUnexpected: 0,
    dlqRedeliveredCopies: 0,
    paidBenefits: 0,
    recoveryRequired: 0,
    paidTotalFen: 0,
    expectedTotalFen: 0,
    breaches: 0,
    waitingForApplicant: 0,
    ok: false,
  };
  const fail = (field: 'lost' | 'duplicated' | 'wrongAmounts' | 'wrongBreaches' | 'stuck' | 'dlqMissing' | 'dlqUnexpected', why: string) => {
    result[field] += 1;
    report(`${field}: ${why}`);
  };

  const db = new Client({ connectionString: input.databaseUrl });
  await db.connect();
  try {
    await checkCases(db, acknowledged, result, fail);
    await checkItems(db, fail);
    await checkPayments(db, result, fail, report);
    await checkBreachesAndTimers(db, result, fail);
    const unpublished = await db.query<{ schema: string; n: string }>(unpublishedOutboxQuery(await outboxSchemas(db)));
    for (const row of unpublished.rows) {
      result.unpublishedOutbox += Number(row.n);
      report(`outbox: ${row.n} message(s) of ${row.schema} never published`);
    }
  } finally {
    await db.end();
  }
  await checkDeadLetters(input.brokers, poison, result, fail);
  result.ok =
    result.lost + result.duplicated + result.wrongAmounts + result.wrongBreaches + result.stuck + result.unpublishedOutbox + result.dlqMissing + result.dlqUnexpected === 0;
  return result;
}

type Fail = (field: 'lost' | 'duplicated' | 'wrongAmounts' | 'wrongBreaches' | 'stuck' | 'dlqMissing' | 'dlqUnexpected', why: string) => void;

/** Every acknowledged birth: one intake record, one case with its id, final or legitimately waiting. */
async function checkCases(db: Client, acknowledged: Acknowledged[], result: CheckResult, fail: Fail): Promise<void> {
  const cases = await db.query<{ hospital_id: string; birth_record_id: string; case_ids: string[]; states: string[] }>(
    `SELECT hospital_id, birth_record_id, array_agg(case_id::text) AS case_ids, array_agg(state) AS states FROM case_saga.cases GROUP BY 1, 2`,
  );
  result.cases = (await db.query<{ n: string }>(`SELECT count(*) AS n FROM case_saga.cases`)).rows.map((r) => Number(r.n))[0]!;
  const byBirth = new Map(cases.rows.map((r) => [`${r.hospital_id}\n${r.birth_record_id}`, r]));
  const intakes = await db.query<{ hospital_id: string; birth_record_id: string; n: string }>(
    `SELECT hospital_id, birth_record_id, count(*) AS n FROM gateway.intake_records GROUP BY 1, 2`,
  );
  const intakeCount = new Map(intakes.rows.map((r) => [`${r.hospital_id}\n${r.birth_record_id}`, Number(r.n)]));
  const steps = await db.query<{ case_id: string; item: string; state: string }>(`SELECT case_id::text, item, state FROM case_saga.case_steps`);
  const stepsOf = new Map<string, { item: string; state: string }[]>();
  for (const s of steps.rows) stepsOf.set(s.case_id, [...(stepsOf.get(s.case_id) ?? []), s]);

  for (const birth of acknowledged) {
    const key = `${birth.hospitalId}\n${birth.birthRecordId}`;
    if (birth.secondCaseId) fail('duplicated', `birth ${birth.birthRecordId}: submitted twice, answered case ${birth.caseId} then ${birth.secondCaseId}`);
    const intake = intakeCount.get(key) ?? 0;
    if (intake === 0) fail('lost', `case ${birth.caseId}: acknowledged, but the gateway holds no intake record`);
    if (intake > 1) fail('duplicated', `case ${birth.caseId}: ${intake} intake records for one birth`);
    const found = byBirth.get(key);
    if (!found) {
      fail('lost', `case ${birth.caseId}: acknowledged (202), but the saga has no case for the birth`);
      continue;
    }
    if (found.case_ids.length > 1) fail('duplicated', `case ${birth.caseId}: the saga holds ${found.case_ids.length} cases for one birth (${found.case_ids.join(', ')})`);
    if (!found.case_ids.includes(birth.caseId)) fail('lost', `case ${birth.caseId}: the saga's case for the birth is ${found.case_ids.join(', ')}, not the acknowledged one`);
    const state = found.states[0]!;
    if (FINAL_CASE_STATES.has(state)) continue;
    const own = stepsOf.get(birth.caseId) ?? [];
    const awaiting = own.filter((s) => s.state === 'awaiting_applicant');
    const moving = own.filter((s) => s.state === 'in_progress');
    const missing = birth.items.filter((item) => !own.some((s) => s.item === item));
    if (missing.length > 0) fail('lost', `case ${birth.caseId}: open, and the saga never heard of ${missing.join(', ')}`);
    else if (awaiting.length > 0 && moving.length === 0) result.waitingForApplicant += 1;
    else fail('stuck', `case ${birth.caseId}: open with no step waiting for the applicant (${own.map((s) => `${s.item}=${s.state}`).join(', ')})`);
  }
}

/** Each department holds exactly the items the saga's cases applied for, one per case; the allowance one claim link per case. */
async function checkItems(db: Client, fail: Fail): Promise<void> {
  for (const [item, schema] of Object.entries(DEPARTMENT_SCHEMAS)) {
    const missing = await db.query<{ case_id: string }>(
      `SELECT c.case_id::text FROM case_saga.cases c WHERE $1 = ANY(c.items) AND c.voided_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM ${schema}.items i WHERE i.case_id = c.case_id)`,
      [item],
    );
    for (const row of missing.rows) fail('lost', `case ${row.case_id}: applied for ${item}, but ${schema} has no item`);
    const extra = await db.query<{ case_id: string; n: string }>(`SELECT case_id::text, count(*) AS n FROM ${schema}.items GROUP BY 1 HAVING count(*) > 1`);
    for (const row of extra.rows) fail('duplicated', `case ${row.case_id}: ${row.n} ${item} items`);
  }
  const claims = await db.query<{ case_id: string }>(
    `SELECT c.case_id::text FROM case_saga.cases c WHERE 'maternity-allowance' = ANY(c.items) AND c.voided_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM maternity_allowance.allowance_claim_cases a WHERE a.case_id = c.case_id)`,
  );
  for (const row of claims.rows) fail('lost', `case ${row.case_id}: applied for the maternity allowance, but no claim holds it`);
  const twice = await db.query<{ case_id: string; n: string }>(`SELECT case_id::text, count(*) AS n FROM maternity_allowance.allowance_claim_cases GROUP BY 1 HAVING count(*) > 1`);
  for (const row of twice.rows) fail('duplicated', `case ${row.case_id}: in ${row.n} allowance claims`);
}

/**
 * Exactly one settled payment per paid benefit in the bank's ledger, of the amount its terms give.
 * The expected amount is recomputed from the benefit's stored wage and days (DOMAIN.md: monthly
 * wage in fen × days ÷ 30, rounded half up once), not from the policy data files.
 */
async function checkPayments(db: Client, result: CheckResult, fail: Fail, report: (line: string) => void): Promise<void> {
  const benefits = await db.query<{
    claim_id: string;
    benefit: string;
    beneficiary: string;
    state: string;
    wage_fen: string | null;
    days: number | null;
    amount_fen: string | null;
    paid_at: Date | null;
    recovery_required: boolean;
    cancelled_reason: string | null;
    bank_payments: string;
    settled: string;
    settled_fen: string | null;
    credits: string;
    credit_fen: string | null;
    debits: string;
  }>(`
    SELECT b.claim_id::text, b.benefit, b.beneficiary, b.state, b.wage_fen::text, b.days, b.amount_fen::text, b.paid_at,
           c.recovery_required, c.cancelled_reason,
           count(p.id) FILTER (WHERE p.state <> 'rejected') AS bank_payments,
           count(p.id) FILTER (WHERE p.state = 'settled') AS settled,
           sum(p.amount_fen) FILTER (WHERE p.state = 'settled')::text AS settled_fen,
           (SELECT count(*) FROM bank_simulator.ledger_entries l WHERE l.side = 'credit' AND l.payment_id IN (SELECT p2.id FROM bank_simulator.payments p2 JOIN maternity_allowance.payment_orders o2 ON o2.idempotency_key = p2.idempotency_key WHERE o2.claim_id = b.claim_id AND o2.benefit = b.benefit AND o2.beneficiary = b.beneficiary)) AS credits,
           (SELECT sum(l.amount_fen)::text FROM bank_simulator.ledger_entries l WHERE l.side = 'credit' AND l.payment_id IN (SELECT p2.id FROM bank_simulator.payments p2 JOIN maternity_allowance.payment_orders o2 ON o2.idempotency_key = p2.idempotency_key WHERE o2.claim_id = b.claim_id AND o2.benefit = b.benefit AND o2.beneficiary = b.beneficiary)) AS credit_fen,
           (SELECT count(*) FROM bank_simulator.ledger_entries l WHERE l.side = 'debit' AND l.payment_id IN (SELECT p2.id FROM bank_simulator.payments p2 JOIN maternity_allowance.payment_orders o2 ON o2.idempotency_key = p2.idempotency_key WHERE o2.claim_id = b.claim_id AND o2.benefit = b.benefit AND o2.beneficiary = b.beneficiary)) AS debits
      FROM maternity_allowance.allowance_benefits b
      JOIN maternity_allowance.allowance_claims c ON c.claim_id = b.claim_id
      LEFT JOIN maternity_allowance.payment_orders o ON o.claim_id = b.claim_id AND o.benefit = b.benefit AND o.beneficiary = b.beneficiary
      LEFT JOIN bank_simulator.payments p ON p.idempotency_key = o.idempotency_key
     WHERE b.outcome = 'eligible'
     GROUP BY b.claim_id, b.benefit, b.beneficiary, b.state, b.wage_fen, b.days, b.amount_fen, b.paid_at, c.recovery_required, c.cancelled_reason`);
  for (const b of benefits.rows) {
    const what = `claim ${b.claim_id} ${b.beneficiary}'s ${b.benefit}`;
    const settled = Number(b.settled);
    const credits = Number(b.credits);
    if (Number(b.bank_payments) > 1) fail('duplicated', `${what}: ${b.bank_payments} payments at the bank that were not refused`);
    if (credits > 1) fail('duplicated', `${what}: credited ${credits} times in the bank's ledger`);
    if (credits !== Number(b.debits)) fail('wrongAmounts', `${what}: ${credits} credit(s) but ${b.debits} debit(s) in the ledger`);
    if (b.wage_fen === null || b.days === null || b.amount_fen === null) {
      fail('wrongAmounts', `${what}: eligible without wage, days or amount`);
      continue;
    }
    const expected = allowanceAmountFen(BigInt(b.wage_fen), b.days);
    if (BigInt(b.amount_fen) !== expected) fail('wrongAmounts', `${what}: amount ${b.amount_fen} fen, but ${b.wage_fen} × ${b.days} ÷ 30 gives ${expected}`);
    if (settled === 0) {
      if (b.paid_at !== null) fail('lost', `${what}: marked paid, but the bank settled no payment`);
      else if (Number(b.bank_payments) > 0) fail('stuck', `${what}: a payment is still unsettled at the bank after the run settled`);
      else if (b.state === 'done') fail('lost', `${what}: done, but the bank settled no payment`);
      // Neither paid nor sent: revoked (a void), or waiting for the applicant (a refused account); anything else has stopped.
      else if (b.state !== 'revoked' && b.state !== 'awaiting_applicant') fail('stuck', `${what}: ${b.state}, never paid`);
      continue;
    }
    if (BigInt(b.settled_fen ?? '0') !== BigInt(b.amount_fen) * BigInt(settled)) fail('wrongAmounts', `${what}: the bank settled ${b.settled_fen} fen, the benefit is ${b.amount_fen}`);
    if (credits === 1 && BigInt(b.credit_fen ?? '0') !== expected) fail('wrongAmounts', `${what}: the ledger credits ${b.credit_fen} fen, the terms give ${expected}`);
    if (b.paid_at === null && b.recovery_required && b.cancelled_reason !== null) {
      // Sent before the birth was voided, settled after: the claim marks the money for recovery and raises it to operators
      // (the allowance's rule for a payment settled after the claim stopped), which is the outcome wanted.
      result.recoveryRequired += 1;
      report(`recovery: ${what}: settled at the bank after the claim was cancelled (${b.cancelled_reason}); the claim is marked for recovery`);
      continue;
    }
    if (b.paid_at === null) fail('stuck', `${what}: settled at the bank, but the allowance never recorded it paid`);
    result.paidBenefits += 1;
    result.paidTotalFen += Number(b.credit_fen ?? 0);
    result.expectedTotalFen += Number(expected);
  }
  const orphans = await db.query<{ id: string; state: string }>(
    `SELECT p.id::text, p.state FROM bank_simulator.payments p
      WHERE NOT EXISTS (SELECT 1 FROM maternity_allowance.payment_orders o WHERE o.idempotency_key = p.idempotency_key)`,
  );
  for (const row of orphans.rows) fail('duplicated', `bank payment ${row.id} (${row.state}) answers no payment order of the allowance`);
  if (result.paidTotalFen !== result.expectedTotalFen) {
    report0(fail, `the ledger credits ${result.paidTotalFen} fen in all, the paid benefits' terms give ${result.expectedTotalFen}`);
  }
}

function report0(fail: Fail, why: string): void {
  fail('wrongAmounts', why);
}

/** wage × days ÷ 30, rounded half up once, in integer arithmetic. */
function allowanceAmountFen(wageFen: bigint, days: number): bigint {
  return (wageFen * BigInt(days) * 2n + 30n) / 60n;
}

/**
 * A breach is flagged once (one `case.sla-breached` message in the saga's outbox) and only for a
 * step whose deadline had passed while it was open; an open, unpaused step past its deadline is
 * flagged. No pending timer is left overdue.
 */
async function checkBreachesAndTimers(db: Client, result: CheckResult, fail: Fail): Promise<void> {
  const now = (await db.query<{ now: Date }>(`SELECT now() + clock_offset AS now FROM case_saga.saga_clock`)).rows[0]!.now;
  const clocks = await db.query<{
    case_id: string;
    item: string;
    state: string;
    deadline: Date | null;
    breached_at: Date | null;
    voided_at: Date | null;
    last_change_at: Date;
    open_pause: boolean;
    flagged: string;
  }>(`
    SELECT s.case_id::text, s.item, s.state, s.deadline, s.breached_at, s.voided_at, s.last_change_at,
           coalesce(jsonb_path_exists(s.pauses, '$[*] ? (@.to == null)'), false) AS open_pause,
           (SELECT count(*) FROM case_saga.outbox o WHERE o.topic = 'case.sla-breached.v1' AND o.value::jsonb->>'caseId' = s.case_id::text
              AND (o.value::jsonb->'payload'->>'item' = s.item OR o.value::jsonb->'payload'->>'step' = s.item)) AS flagged
      FROM case_saga.step_clocks s`);
  for (const c of clocks.rows) {
    const what = `case ${c.case_id} ${c.item}`;
    const flagged = Number(c.flagged);
    if (c.breached_at !== null) {
      result.breaches += 1;
      if (c.deadline === null || c.breached_at.getTime() < c.deadline.getTime()) {
        fail('wrongBreaches', `${what}: flagged breached at ${c.breached_at.toISOString()}, before its deadline ${c.deadline?.toISOString() ?? '(none)'}`);
      }
      if (flagged !== 1) fail('wrongBreaches', `${what}: breached, and ${flagged} case.sla-breached messages say so`);
      continue;
    }
    if (flagged > 0) fail('wrongBreaches', `${what}: ${flagged} case.sla-breached message(s), but the step is not breached`);
    const open = !FINAL_ITEM_STATES.has(c.state) && c.voided_at === null;
    if (open && !c.open_pause && c.state !== 'awaiting_applicant' && c.deadline !== null && c.deadline.getTime() < now.getTime() - TIMER_GRACE_MS) {
      fail('wrongBreaches', `${what}: open (${c.state}) past its deadline ${c.deadline.toISOString()} (saga now ${now.toISOString()}), never flagged`);
    }
  }
  const overdue = await db.query<{ id: string; case_id: string; step: string | null; kind: string; due_at: Date; attempts: number; last_error: string | null }>(
    `SELECT id::text, case_id::text, step, kind, due_at, attempts, last_error FROM case_saga.timers WHERE state = 'pending' AND due_at < $1`,
    [new Date(now.getTime() - TIMER_GRACE_MS)],
  );
  for (const t of overdue.rows) {
    fail('stuck', `timer ${t.id} (${t.kind}, case ${t.case_id}${t.step ? ` ${t.step}` : ''}) due ${t.due_at.toISOString()} still pending (${t.attempts} attempts${t.last_error ? `: ${t.last_error.slice(0, 120)}` : ''})`);
  }
}

async function outboxSchemas(db: Client): Promise<string[]> {
  return (await db.query<{ table_schema: string }>(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox' ORDER BY 1`)).rows.map((r) => r.table_schema);
}

function unpublishedOutboxQuery(schemas: string[]): string {
  return schemas.map((s) => `SELECT '${s}' AS schema, count(*) AS n FROM "${s}".outbox WHERE published_at IS NULL HAVING count(*) > 0`).join(' UNION ALL ');
}

/** Each dead-letter topic holds exactly the poison injected on its topic, once per consumer group (redelivered copies apart), and nothing else. */
async function checkDeadLetters(brokers: string[], poison: Poison[], result: CheckResult, fail: Fail): Promise<void> {
  const kafka = new Kafka({ clientId: 'fault-checker', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const parked = new Map<string, number>();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.endsWith('.dlq'));
    const ends = new Map<string, { partition: number; high: string; low: string }[]>();
    for (const topic of topics) ends.set(topic, await admin.fetchTopicOffsets(topic));
    const withMessages = topics.filter((t) => ends.get(t)!.some((p) => BigInt(p.high) > BigInt(p.low)));
    if (withMessages.length > 0) {
      const consumer = kafka.consumer({ groupId: `fault-checker-${Date.now()}`, sessionTimeout: 10_000 });
      await consumer.connect();
      const remaining = new Map<string, bigint>();
      for (const t of withMessages) for (const p of ends.get(t)!) if (BigInt(p.high) > BigInt(p.low)) remaining.set(`${t}/${p.partition}`, BigInt(p.high));
      let done!: () => void;
      const finished = new Promise<void>((resolve) => (done = resolve));
      await consumer.subscribe({ topics: withMessages, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          const header = (name: string) => message.headers?.[name]?.toString();
          const poisonId = header(POISON_HEADER);
          const group = header(DLQ_GROUP_HEADER) ?? '(no group)';
          const original = topic.slice(0, -'.dlq'.length);
          if (!poisonId) {
            fail('dlqUnexpected', `${topic}: a message that was not injected was dead-lettered by ${group} (${header('dlq-code')}: ${header('dlq-reason')?.slice(0, 160)}); key ${message.key?.toString()}`);
          } else {
            const key = `${original}\n${poisonId}\n${group}`;
            parked.set(key, (parked.get(key) ?? 0) + 1);
          }
          const end = remaining.get(`${topic}/${partition}`);
          if (end !== undefined && BigInt(message.offset) + 1n >= end) remaining.delete(`${topic}/${partition}`);
          if (remaining.size === 0) done();
        },
      });
      const timer = setTimeout(done, 60_000);
      await finished;
      clearTimeout(timer);
      if (remaining.size > 0) fail('dlqMissing', `dead-letter topics not read to their end within 60 s: ${[...remaining.keys()].join(', ')}`);
      await consumer.disconnect();
    }
  } finally {
    await admin.disconnect();
  }
  const expected = new Set<string>();
  for (const p of poison) {
    for (const group of p.groups) {
      const key = `${p.topic}\n${p.poisonId}\n${group}`;
      expected.add(key);
      const copies = parked.get(key) ?? 0;
      if (copies === 0) fail('dlqMissing', `${p.kind} poison ${p.poisonId} on ${p.topic} was never dead-lettered by ${group}`);
      if (copies > 1) result.dlqRedeliveredCopies += copies - 1;
    }
  }
  for (const [key, copies] of parked) {
    if (!expected.has(key)) {
      const [topic, poisonId, group] = key.split('\n');
      fail('dlqUnexpected', `poison ${poisonId} on ${topic} parked ${copies} time(s) by ${group}, which was not subscribed when it was injected`);
    }
  }
}

function readJsonLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** The flat JSON line: counts only, faults flattened to `faults.<kind>`. */
export function flatSummary(result: CheckResult): Record<string, number | boolean> {
  const { faults, ...rest } = result;
  const flat: Record<string, number | boolean> = { ...rest };
  for (const [kind, n] of Object.entries(faults)) flat[`faults.${kind}`] = n;
  return flat;
}

const USAGE = 'usage: checker.ts --dir RUN_DIR --database-url URL --brokers HOST:PORT[,...]';

async function main(argv: string[]): Promise<number> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i]!, argv[i + 1]];
    if (name === '--help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (!['--dir', '--database-url', '--brokers'].includes(name) || value === undefined) {
      process.stderr.write(`checker: bad argument ${name}\n${USAGE}\n`);
      return 2;
    }
    args.set(name, value);
  }
  if (args.size !== 3) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const result = await check({ dir: args.get('--dir')!, databaseUrl: args.get('--database-url')!, brokers: args.get('--brokers')!.split(',') }, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`${JSON.stringify(flatSummary(result))}\n`);
  return result.ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`checker: ${error.stack ?? error.message}\n`);
      process.exit(1);
    },
  );
}
