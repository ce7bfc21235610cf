// The raw baseline of the departments bench: per birth, the inserts and updates the four
// department services make for their items, through plain `pg`, one transaction per consumed
// message, on tables made by the services' own migrations with the outbox trigger dropped.
// The statement list is in bench/README.md ("Departments benchmark"); keep the two in step.
import { randomUUID } from 'node:crypto';
import type { ClientBase } from 'pg';

/** The four raw schemas, by department. */
export interface RawSchemas {
  certificate: string;
  household: string;
  insurance: string;
  card: string;
}

const ITEM_COLUMNS = 'case_id, item, state, reason_code, reason_zh, reason_en, waiting_for, prerequisites_met_at, rule_version, facts, version, opened_at, updated_at';
/** About the size of an item-changed envelope (the item block, the facts, the envelope's ids). */
const EVENT_VALUE = JSON.stringify({ padding: 'x'.repeat(900) });

let offset = 0;

async function transaction(client: ClientBase, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The inbox row of a consumed message (InboxConsumer). */
async function consumeOnly(client: ClientBase, schema: string): Promise<void> {
  await client.query(
    `INSERT INTO "${schema}".inbox (consumer_group, message_id, topic, kafka_partition, kafka_offset) VALUES ($1, $2, $3, 0, $4) ON CONFLICT DO NOTHING RETURNING 1`,
    [schema, randomUUID(), 'bench', (offset += 1)],
  );
}

/** The inbox row of a consumed message and the case's item lock (ItemRecorder.lock). */
async function consumeAndLock(client: ClientBase, schema: string, caseId: string): Promise<void> {
  await consumeOnly(client, schema);
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('department-item:' || $1), hashtext($2))`, [schema, caseId]);
  await client.query(`SELECT ${ITEM_COLUMNS} FROM "${schema}".items WHERE case_id = $1 FOR UPDATE`, [caseId]);
}

/**
 * The history row and the outbox row of one item change. (ItemRecorder writes the history row in
 * one statement with the item row's insert or update; here each stays a statement of its own.)
 */
async function recordChange(client: ClientBase, schema: string, caseId: string, from: string | null, to: string, change: string): Promise<void> {
  await client.query(
    `INSERT INTO "${schema}".item_history (case_id, from_state, to_state, change, reason_code, reason_zh, reason_en, at, cause) VALUES ($1, $2, $3, $4, NULL, NULL, NULL, now(), $5)`,
    [caseId, from, to, change, randomUUID()],
  );
  await client.query(`INSERT INTO "${schema}".outbox (id, topic, message_key, value, headers) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
    randomUUID(),
    `${schema}.item-changed.v1`,
    caseId,
    EVENT_VALUE,
    '{"content-type":"application/json"}',
  ]);
}

/** ItemRecorder.open: the item row, its first change, the pending prerequisites taken. */
async function openItem(client: ClientBase, schema: string, caseId: string, item: string, state: string, change: string): Promise<void> {
  await client.query(
    `INSERT INTO "${schema}".items (${ITEM_COLUMNS}) VALUES ($1, $2, $3, NULL, NULL, NULL, $4, NULL, '1', $5, 1, now(), now())`,
    [caseId, item, state, state === 'waiting' ? ['birth-certificate'] : [], { bench: true }],
  );
  await recordChange(client, schema, caseId, null, state, change);
  await client.query(`DELETE FROM "${schema}".pending_prerequisites WHERE case_id = $1 RETURNING kind, facts, cause, received_at`, [caseId]);
}

/** ItemRecorder.apply: the item row updated by version, its change recorded. */
async function updateItem(client: ClientBase, schema: string, caseId: string, from: string, to: string, change: string, version: number): Promise<void> {
  await client.query(
    `UPDATE "${schema}".items SET state = $3, reason_code = NULL, reason_zh = NULL, reason_en = NULL, waiting_for = '{}', prerequisites_met_at = now(),
            rule_version = '1', facts = $4, version = version + 1, updated_at = now() WHERE case_id = $1 AND version = $2`,
    [caseId, version, to, { bench: true, done: to === 'done' }],
  );
  await recordChange(client, schema, caseId, from, to, change);
}

/**
 * A consumed message that changes nothing for the item (e.g. the certificate's `opened`): the
 * inbox row only; the services' handlers return before they lock the item.
 */
async function noChange(client: ClientBase, schema: string): Promise<void> {
  await transaction(client, () => consumeOnly(client, schema));
}

/** A consumed message that opens the item waiting (the birth, for the three that wait). */
async function openWaiting(client: ClientBase, schema: string, caseId: string, item: string, before?: () => Promise<unknown>): Promise<void> {
  await transaction(client, async () => {
    await consumeAndLock(client, schema, caseId);
    await before?.();
    await openItem(client, schema, caseId, item, 'waiting', 'waiting');
  });
}

/** A consumed message that changes the item, in a transaction of its own. */
async function changeOnly(client: ClientBase, schema: string, caseId: string, to: string, change: string, version: number): Promise<void> {
  await transaction(client, async () => {
    await consumeAndLock(client, schema, caseId);
    await updateItem(client, schema, caseId, 'waiting', to, change, version);
  });
}

/**
 * One birth's four items, done, as the services do it message by message (one transaction per
 * consumed message; the services may batch several messages in one transaction, this does not).
 * `serial` spreads the citizen-ID sequences over dates and sexes, as the full path's births do.
 */
export async function rawBirth(client: ClientBase, s: RawSchemas, serial: number, institutionId: string): Promise<void> {
  const caseId = randomUUID();
  const county = '210202';
  const birthDate = new Date(Date.UTC(2026, 0, 1) + (serial % 300) * 86_400_000).toISOString().slice(0, 10);
  const sex = serial % 2 === 0 ? 'male' : 'female';

  // birth-certificate, on birth.registered.v1: opened and issued in one transaction, a number from the block.
  await transaction(client, async () => {
    await consumeAndLock(client, s.certificate, caseId);
    await openItem(client, s.certificate, caseId, 'birth-certificate', 'in_progress', 'opened');
    // (The demo-block check runs only when the institution's blocks are exhausted: not here.)
    await client.query(`SELECT pg_advisory_xact_lock(1, hashtext($1))`, [institutionId]);
    const [block] = (
      await client.query<{ id: string; prefix: string; next_serial: number }>(
        `WITH taken AS (UPDATE "${s.certificate}".certificate_number_blocks SET next_serial = next_serial + 1
           WHERE id = (SELECT id FROM "${s.certificate}".certificate_number_blocks WHERE institution_id = $1 AND next_serial <= last_serial ORDER BY id LIMIT 1)
           RETURNING *) SELECT id, prefix, next_serial FROM taken`,
        [institutionId],
      )
    ).rows;
    const number = `${block!.prefix}${String(block!.next_serial - 1).padStart(9, '0')}`;
    await client.query(`INSERT INTO "${s.certificate}".certificate_numbers (number, block_id, institution_id, case_id) VALUES ($1, $2, $3, $4)`, [number, block!.id, institutionId, caseId]);
    await client.query(
      `SELECT coalesce(sum(last_serial - next_serial + 1), 0)::int AS later FROM "${s.certificate}".certificate_number_blocks WHERE institution_id = $1 AND id > $2 AND next_serial <= last_serial`,
      [institutionId, block!.id],
    );
    await updateItem(client, s.certificate, caseId, 'in_progress', 'done', 'issued', 1);
  });

  // household-registration: opened waiting on the birth; the certificate's `opened` changes nothing; its `issued` registers.
  await openWaiting(client, s.household, caseId, 'household-registration');
  await noChange(client, s.household);
  await transaction(client, async () => {
    await consumeAndLock(client, s.household, caseId);
    await client.query(`SELECT county_code, birth_date::text AS birth_date, sex, sequence FROM "${s.household}".citizen_id_allocations WHERE case_id = $1`, [caseId]);
    const counted = await client.query<{ allocated: number }>(
      `INSERT INTO "${s.household}".citizen_id_sequences AS q (county_code, birth_date, sex, allocated) VALUES ($1, $2, $3, 1)
       ON CONFLICT (county_code, birth_date, sex) DO UPDATE SET allocated = q.allocated + 1 WHERE q.allocated < $4 RETURNING allocated`,
      [county, birthDate, sex, sex === 'male' ? 500 : 499],
    );
    await client.query(`INSERT INTO "${s.household}".citizen_id_allocations (case_id, county_code, birth_date, sex, sequence) VALUES ($1, $2, $3, $4, $5)`, [
      caseId,
      county,
      birthDate,
      sex,
      sex === 'male' ? 2 * counted.rows[0]!.allocated - 1 : 2 * counted.rows[0]!.allocated, // sequenceAt
    ]);
    await updateItem(client, s.household, caseId, 'waiting', 'done', 'registered', 1);
  });

  // medical-insurance: the enrolment window and the item waiting on the birth; enrolled on the certificate's `issued`.
  const window = (): Promise<unknown> =>
    client.query(
      `INSERT INTO "${s.insurance}".enrolment_windows (case_id, region_code, born_on, applied_on, window_days, nominal_last_day, last_day, on_time, provisional,
                                                     policy_version, calendar_version, decided_by_message)
       VALUES ($1, '210200', $2, $2, 90, $2, $2, true, true, '1', 'weekends', $3) ON CONFLICT (case_id) DO NOTHING`,
      [caseId, birthDate, randomUUID()],
    );
  await openWaiting(client, s.insurance, caseId, 'medical-insurance', window);
  await noChange(client, s.insurance);
  await changeOnly(client, s.insurance, caseId, 'done', 'enrolled', 1);

  // social-security-card: waiting on the birth; the registration's `waiting` and the insurance's `waiting` change nothing;
  // the registration's `registered` brings the ID number; the insurance's `enrolled` applies (done).
  await openWaiting(client, s.card, caseId, 'social-security-card');
  await noChange(client, s.card);
  await noChange(client, s.card);
  await changeOnly(client, s.card, caseId, 'waiting', 'waiting', 1);
  await changeOnly(client, s.card, caseId, 'done', 'applied', 2);
}
