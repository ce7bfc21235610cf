import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { OutboxPublisher } from '@birth/messaging';
import { TestNamespace } from '@birth/testing';
import { CreateDepartmentItemTables1764000010000 } from './department-item.migration';
import { ItemTransitions } from './domain/item-transitions';
import { ItemRecorder } from './item-recorder';
import type { ItemRecord } from './item-record';
import { FIXTURE_TOPICS, type FixtureItemChangedV1 } from '../../test/fixtures/department-item-fixture-topics';

// ItemRecorder's writes on real PostgreSQL, in process: each change is one statement for the item
// row and its history row together (plus the outbox row), and the version read under the lock
// guards the update. No Kafka: the outbox rows are read back.

interface Facts {
  certificateNumber?: string | null;
}

const transitions = ItemTransitions.define({ item: 'household-registration', opensIn: ['waiting'], moves: { waiting: ['done', 'revoked'], done: ['revoked'] } });

describe('ItemRecorder on real PostgreSQL', () => {
  let ns: TestNamespace;
  let schema: string;
  let db: DataSource;
  let recorder: ItemRecorder<Facts, FixtureItemChangedV1>;

  beforeAll(async () => {
    ns = await TestNamespace.create([]);
    schema = await ns.createSchema('item_recorder', [CreateDepartmentItemTables1764000010000]);
    db = await ns.dataSource(schema);
    recorder = new ItemRecorder<Facts, FixtureItemChangedV1>(
      { transitions, topic: FIXTURE_TOPICS.itemChanged, eventFacts: (f) => ({ certificateNumber: f.certificateNumber ?? null, issuedAt: null }) },
      new OutboxPublisher('item-recorder-test', ns.namer),
    );
  });

  afterAll(async () => {
    await ns?.dispose();
  });

  const rows = async (caseId: string) => ({
    item: await ns.query<{ state: string; version: number }>(`SELECT state, version FROM "${schema}".items WHERE case_id = $1`, [caseId]),
    history: await ns.query<{ from_state: string | null; to_state: string; change: string; cause: string | null }>(
      `SELECT from_state, to_state, change, cause FROM "${schema}".item_history WHERE case_id = $1 ORDER BY id`,
      [caseId],
    ),
    outbox: (await ns.query<{ value: string }>(`SELECT value FROM "${schema}".outbox WHERE message_key = $1 ORDER BY seq`, [caseId])).map(
      (r) => (JSON.parse(r.value) as { payload: FixtureItemChangedV1 }).payload.change,
    ),
  });

  it('opens with the pending prerequisites handed back, applies a change, and refuses a stale record without writing', async () => {
    const caseId = randomUUID();
    const cause = randomUUID();
    await db.transaction((m) => recorder.lockOrKeep(m, caseId, { kind: 'birth-certificate', facts: { certificateNumber: 'A123456789' } }));
    const opened = await db.transaction((m) => recorder.open(m, caseId, { change: 'opened', state: 'waiting', waitingFor: ['birth-certificate'], cause }));
    expect(opened).toMatchObject({ opened: true, item: { state: 'waiting', version: 1 }, pending: [{ kind: 'birth-certificate', facts: { certificateNumber: 'A123456789' } }] });
    expect(await ns.query(`SELECT 1 FROM "${schema}".pending_prerequisites WHERE case_id = $1`, [caseId])).toEqual([]);

    let stale: ItemRecord<Facts> | null = null;
    await db.transaction(async (m) => {
      stale = await recorder.lock(m, caseId);
      await recorder.apply(m, stale!, { change: 'registered', state: 'done', facts: { certificateNumber: 'A123456789' }, cause: null });
    });
    await expect(db.transaction((m) => recorder.apply(m, stale!, { change: 'revoked', state: 'revoked', reasonCode: 'BIRTH_VOIDED' }))).rejects.toThrow(
      'the item changed since it was read (version 1)',
    );

    expect(await rows(caseId)).toEqual({
      item: [{ state: 'done', version: 2 }],
      history: [
        { from_state: null, to_state: 'waiting', change: 'opened', cause },
        { from_state: 'waiting', to_state: 'done', change: 'registered', cause: null },
      ],
      outbox: ['opened', 'registered'],
    });
  });
});
