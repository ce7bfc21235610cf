import type { DataSource, EntityManager } from 'typeorm';
import type { IncomingMessage } from '../kafka/message-bus';
import { preparedQuery } from '../database/prepared-query';

/**
 * The inbox table's statements (CreateMessagingTables1764000000000, AddInboxAttempts1764000004000).
 *
 * A row with `processed_at` set means "this group has applied this message": a redelivery
 * finds it and has no second effect. A row with `processed_at` NULL only records failed
 * attempts (`attempts`, `last_error`, `last_failed_at`); the attempt that finally succeeds
 * turns it into a processed row. Claiming a message is one statement either way, so the
 * success path costs what it did before attempts were recorded.
 */

const CLAIM_CONFLICT = `ON CONFLICT (consumer_group, message_id) DO UPDATE
     SET processed_at = now(), attempts = inbox.attempts + 1,
         topic = EXCLUDED.topic, kafka_partition = EXCLUDED.kafka_partition, kafka_offset = EXCLUDED.kafka_offset
   WHERE inbox.processed_at IS NULL`;

/** Claims one message in the handler's transaction: true if it is new to the group (apply it), false if processed before. */
export async function claimMessage(manager: EntityManager, groupId: string, messageId: string, message: IncomingMessage): Promise<boolean> {
  const claimed: unknown[] = await manager.query(
    `INSERT INTO inbox (consumer_group, message_id, topic, kafka_partition, kafka_offset)
     VALUES ($1, $2, $3, $4, $5) ${CLAIM_CONFLICT} RETURNING 1`,
    [groupId, messageId, message.topic, message.partition, message.offset],
  );
  return claimed.length > 0;
}

/**
 * Claims a run of messages in one statement; returns the ids new to the group. An id that
 * appears twice in the run is claimed once (an upsert may not touch a row twice in one
 * statement): its second copy is then a duplicate like any redelivery.
 */
export async function claimMessages(
  manager: EntityManager,
  groupId: string,
  run: readonly { messageId: string; message: IncomingMessage }[],
): Promise<Set<string>> {
  const seen = new Set<string>();
  const first = run.filter(({ messageId }) => !seen.has(messageId) && seen.add(messageId));
  // A prepared statement (parsed and planned once per connection): its text is the same for any
  // run, and an insert from arrays on the table's key plans alike whatever the table's size.
  const claimed = await preparedQuery<{ message_id: string }>(
    manager,
    `INSERT INTO inbox (consumer_group, message_id, topic, kafka_partition, kafka_offset)
     SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[])
     ${CLAIM_CONFLICT} RETURNING message_id`,
    [
      groupId,
      first.map((r) => r.messageId),
      first.map((r) => r.message.topic),
      first.map((r) => r.message.partition),
      first.map((r) => r.message.offset),
    ],
  );
  return new Set(claimed.map((row) => row.message_id));
}

/**
 * Records a failed attempt. Called after the handler's transaction rolled back (which took
 * its claim with it), so it runs on a connection of its own, in its own short transaction.
 * A message already processed is left alone.
 */
export async function recordFailedAttempt(
  dataSource: DataSource,
  groupId: string,
  messageId: string,
  message: IncomingMessage,
  error: string,
): Promise<void> {
  await dataSource.query(
    `INSERT INTO inbox (consumer_group, message_id, topic, kafka_partition, kafka_offset, processed_at, attempts, last_error, last_failed_at)
     VALUES ($1, $2, $3, $4, $5, NULL, 1, $6, now())
     ON CONFLICT (consumer_group, message_id) DO UPDATE
       SET attempts = inbox.attempts + 1, last_error = EXCLUDED.last_error, last_failed_at = now()
     WHERE inbox.processed_at IS NULL`,
    [groupId, messageId, message.topic, message.partition, message.offset, error.slice(0, 4000)],
  );
}

/**
 * Deletes rows older than the retention, in batches so no statement holds many row locks:
 * processed rows by `processed_at`, rows of failed attempts only by their last failure.
 * Returns how many rows went.
 */
export async function pruneInbox(dataSource: DataSource, retentionMs: number, batchSize = 5_000): Promise<number> {
  let total = 0;
  // The database's clock, the one that stamped the rows.
  const cutoff = `now() - $1::bigint * interval '1 millisecond'`;
  for (const where of [`processed_at < ${cutoff}`, `processed_at IS NULL AND last_failed_at < ${cutoff}`]) {
    for (;;) {
      const [, deleted] = (await dataSource.query(
        `DELETE FROM inbox WHERE ctid = ANY (ARRAY(SELECT ctid FROM inbox WHERE ${where} LIMIT $2))`,
        [retentionMs, batchSize],
      )) as [unknown, number];
      total += deleted;
      if (deleted < batchSize) break;
    }
  }
  return total;
}
