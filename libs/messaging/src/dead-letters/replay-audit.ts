import type { DataSource } from 'typeorm';
import type { DeadLetter } from './dead-letter-store';

/** Told by DeadLetterStore.replay what it is about to re-publish, and how that went. */
export interface ReplayRecorder {
  before(letters: readonly DeadLetter[]): Promise<void>;
  after(outcome: 'sent' | `failed: ${string}`): Promise<void>;
}

/**
 * Who replayed which dead letter (and why it had been parked), when: `dead_letter_replays`
 * (CreateDeadLetterReplays1764000004100) in the operators' schema. The rows are written
 * before the send, as `sending`, so a replay that dies half-way is on record too.
 */
export class DeadLetterReplayAudit {
  constructor(private readonly dataSource: DataSource) {}

  recorder(actor: string, note: string | null): ReplayRecorder {
    let ids: string[] = [];
    return {
      before: async (letters) => {
        const rows: { id: string }[] = await this.dataSource.query(
          `INSERT INTO dead_letter_replays (actor, note, dlq_topic, dlq_partition, dlq_offset, original_topic, original_partition,
                                            original_offset, message_id, consumer_group, dead_letter_code, dead_letter_reason)
           SELECT $1, $2, * FROM unnest($3::text[], $4::int[], $5::bigint[], $6::text[], $7::int[], $8::bigint[], $9::text[], $10::text[], $11::text[], $12::text[])
           RETURNING id`,
          [
            actor,
            note,
            letters.map((l) => l.dlqTopic),
            letters.map((l) => Number(l.id.split(':')[0])),
            letters.map((l) => l.id.split(':')[1]),
            letters.map((l) => l.originalTopic),
            letters.map((l) => (l.originalPartition >= 0 ? l.originalPartition : null)),
            letters.map((l) => (/^\d+$/.test(l.originalOffset) ? l.originalOffset : null)),
            letters.map((l) => l.messageId),
            letters.map((l) => l.consumerGroup),
            letters.map((l) => l.code),
            letters.map((l) => l.reason),
          ],
        );
        ids = rows.map((r) => r.id);
      },
      after: async (outcome) => {
        if (ids.length) await this.dataSource.query(`UPDATE dead_letter_replays SET outcome = $2 WHERE id = ANY ($1::bigint[])`, [ids, outcome.slice(0, 2000)]);
      },
    };
  }
}
