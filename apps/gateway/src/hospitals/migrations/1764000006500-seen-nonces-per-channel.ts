import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seen nonces are kept per channel: `api` (signed HTTP requests) and `ingress` (signed messages
 * on birth.submitted.v1). The signature binds its channel (METHOD and PATH, or the topic), so a
 * nonce used on one cannot be replayed on the other; kept apart, an ingress nonce recorded by a
 * long inbox transaction never makes a batch of HTTP requests wait for that transaction to end.
 */
export class SeenNoncesPerChannel1764000006500 implements MigrationInterface {
  name = 'SeenNoncesPerChannel1764000006500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE seen_nonces ADD COLUMN channel text NOT NULL DEFAULT 'api' CHECK (channel IN ('api', 'ingress'))`);
    await q.query(`ALTER TABLE seen_nonces DROP CONSTRAINT seen_nonces_pkey, ADD PRIMARY KEY (hospital_id, channel, nonce)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // A nonce seen on both channels keeps one row.
    await q.query(`DELETE FROM seen_nonces WHERE channel = 'ingress' AND (hospital_id, nonce) IN (SELECT hospital_id, nonce FROM seen_nonces WHERE channel = 'api')`);
    await q.query(`ALTER TABLE seen_nonces DROP CONSTRAINT seen_nonces_pkey, ADD PRIMARY KEY (hospital_id, nonce)`);
    await q.query(`ALTER TABLE seen_nonces DROP COLUMN channel`);
  }
}
