import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { preparedQuery } from '@birth/messaging';
import { MicroBatcher } from '@birth/platform';

export interface HospitalRecord {
  id: string;
  name: string;
  regionCode: string;
  enabled: boolean;
  createdAt: Date;
}

export interface HospitalKeyRecord {
  keyId: string;
  hospitalId: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/**
 * Where a nonce was used: `api` (signed HTTP requests) or `ingress` (the birth.submitted.v1
 * topic). A signature binds its channel, so each keeps its own nonces (migration 1764000006500).
 */
export type NonceChannel = 'api' | 'ingress';

/** What the verifier needs of a signed request's hospital and key; null when no hospital has the id. */
export type VerificationLookup = { hospital: HospitalRecord; key: SealedHospitalKey | null; nonceRecorded: boolean } | null;

interface LookupRequest {
  hospitalId: string;
  keyId: string;
  nonce: { nonce: string; seenAt: Date } | null;
}

/** A key with its sealed secret: only the verifier and nothing that prints reads this. */
export interface SealedHospitalKey extends HospitalKeyRecord {
  secretSealed: string;
}

interface HospitalRow {
  id: string;
  name: string;
  region_code: string;
  enabled: boolean;
  created_at: Date;
}

interface KeyRow {
  key_id: string;
  hospital_id: string;
  created_at: Date;
  revoked_at: Date | null;
}

const hospitalOf = (row: HospitalRow): HospitalRecord => ({
  id: row.id,
  name: row.name,
  regionCode: row.region_code,
  enabled: row.enabled,
  createdAt: row.created_at,
});

const keyOf = (row: KeyRow): HospitalKeyRecord => ({
  keyId: row.key_id,
  hospitalId: row.hospital_id,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

/**
 * Hospitals, their keys and the seen nonces (raw SQL on the gateway's schema). Every method
 * takes an optional EntityManager so a caller can run several in one transaction.
 */
@Injectable()
export class HospitalsRepository {
  private readonly lookups = new MicroBatcher((requests: readonly LookupRequest[]) => this.lookUpMany(requests), { maxBatchSize: 256, concurrency: 2 });

  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * The hospital and, if it belongs to it, the key; and, when `nonce` is given and the hospital
   * is enabled and the key valid, the nonce recorded as used (`nonceRecorded`: false when the
   * hospital had used it already). Signed requests arriving together are served together, one
   * statement for all of them (MicroBatcher). No cache: a key revoked or a hospital disabled a
   * moment ago is refused by the very next request.
   */
  findForVerification(hospitalId: string, keyId: string, nonce: { nonce: string; seenAt: Date } | null = null): Promise<VerificationLookup> {
    return this.lookups.run({ hospitalId, keyId, nonce });
  }

  /**
   * The same lookup, on the caller's transaction and not shared with other requests: the nonce
   * is recorded by that transaction, so it commits with the caller's work or is undone with it
   * (the ingress consumer: a retried message must find its nonce unused). Still one statement.
   */
  async findForVerificationIn(
    manager: EntityManager,
    channel: NonceChannel,
    hospitalId: string,
    keyId: string,
    nonce: { nonce: string; seenAt: Date } | null,
  ): Promise<VerificationLookup> {
    const [found] = await this.lookUpMany([{ hospitalId, keyId, nonce }], manager, channel);
    return found!;
  }

  private async lookUpMany(requests: readonly LookupRequest[], on: DataSource | EntityManager = this.dataSource, channel: NonceChannel = 'api'): Promise<VerificationLookup[]> {
    // Within one statement a repeated nonce would be recorded once and reported recorded for
    // every request carrying it: only its first request may record it, the others are replays.
    const firstWithNonce = new Map<string, number>();
    requests.forEach((r, i) => {
      const key = r.nonce && JSON.stringify([r.hospitalId, r.nonce.nonce]);
      if (key && !firstWithNonce.has(key)) firstWithNonce.set(key, i);
    });
    const nonceOf = (r: LookupRequest, i: number) => (r.nonce && firstWithNonce.get(JSON.stringify([r.hospitalId, r.nonce.nonce])) === i ? r.nonce : null);
    // Prepared (planning it cost more than running it): it reads only the small hospital registry
    // and records nonces through their primary key, so no plan of it scans a large table.
    const rows = await preparedQuery<
      HospitalRow & {
        i: string;
        key_id: string | null;
        key_created_at: Date | null;
        revoked_at: Date | null;
        secret_sealed: string | null;
        nonce_recorded: boolean;
      }
    >(
      on,
      `WITH q AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) WITH ORDINALITY AS u(hospital_id, wanted_key, nonce, seen_at, i)),
       found AS (
         SELECT q.i, q.nonce, q.seen_at, h.id, h.name, h.region_code, h.enabled, h.created_at,
                k.key_id, k.created_at AS key_created_at, k.revoked_at, k.secret_sealed
           FROM q JOIN hospitals h ON h.id = q.hospital_id
           LEFT JOIN hospital_keys k ON k.hospital_id = h.id AND k.key_id = q.wanted_key),
       recorded AS (
         INSERT INTO seen_nonces (hospital_id, channel, nonce, seen_at)
         SELECT id, $5, nonce, seen_at FROM found WHERE nonce IS NOT NULL AND enabled AND key_id IS NOT NULL AND revoked_at IS NULL
         ON CONFLICT (hospital_id, channel, nonce) DO NOTHING RETURNING hospital_id, nonce)
       SELECT f.i, f.id, f.name, f.region_code, f.enabled, f.created_at, f.key_id, f.key_created_at, f.revoked_at, f.secret_sealed,
              EXISTS (SELECT 1 FROM recorded r WHERE r.hospital_id = f.id AND r.nonce = f.nonce) AS nonce_recorded
         FROM found f`,
      [
        requests.map((r) => r.hospitalId),
        requests.map((r) => r.keyId),
        requests.map((r, i) => nonceOf(r, i)?.nonce ?? null),
        requests.map((r, i) => nonceOf(r, i)?.seenAt ?? null),
        channel,
      ],
    );
    const byIndex = new Map(rows.map((row) => [Number(row.i) - 1, row]));
    return requests.map((_, i) => {
      const row = byIndex.get(i);
      if (!row) return null;
      return {
        hospital: hospitalOf(row),
        key:
          row.key_id === null
            ? null
            : { keyId: row.key_id, hospitalId: row.id, createdAt: row.key_created_at!, revokedAt: row.revoked_at, secretSealed: row.secret_sealed! },
        nonceRecorded: row.nonce_recorded,
      };
    });
  }

  /**
   * Takes back a nonce recorded for a request that was then refused (its signature was wrong): a
   * forged request must not burn it. `manager`: the transaction that recorded it.
   */
  async forgetNonce(hospitalId: string, nonce: string, channel: NonceChannel, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`DELETE FROM seen_nonces WHERE hospital_id = $1 AND channel = $2 AND nonce = $3`, [hospitalId, channel, nonce]);
  }

  async findHospital(id: string, manager: EntityManager = this.dataSource.manager, options: { forUpdate?: boolean } = {}): Promise<HospitalRecord | null> {
    const rows: HospitalRow[] = await manager.query(
      `SELECT id, name, region_code, enabled, created_at FROM hospitals WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? hospitalOf(rows[0]) : null;
  }

  /** Inserts a hospital; false when one with this id exists already. */
  async insertHospital(hospital: { id: string; name: string; regionCode: string }, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO hospitals (id, name, region_code) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING 1`,
      [hospital.id, hospital.name, hospital.regionCode],
    );
    return rows.length === 1;
  }

  async setEnabled(id: string, enabled: boolean, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`UPDATE hospitals SET enabled = $2 WHERE id = $1`, [id, enabled]);
  }

  async insertKey(key: { keyId: string; hospitalId: string; secretSealed: string }, manager: EntityManager = this.dataSource.manager): Promise<HospitalKeyRecord> {
    const rows: KeyRow[] = await manager.query(
      `INSERT INTO hospital_keys (key_id, hospital_id, secret_sealed) VALUES ($1, $2, $3)
       RETURNING key_id, hospital_id, created_at, revoked_at`,
      [key.keyId, key.hospitalId, key.secretSealed],
    );
    return keyOf(rows[0]!);
  }

  /** A hospital's keys, oldest first, without their secrets. */
  async keysOf(hospitalId: string, manager: EntityManager = this.dataSource.manager): Promise<HospitalKeyRecord[]> {
    const rows: KeyRow[] = await manager.query(
      `SELECT key_id, hospital_id, created_at, revoked_at FROM hospital_keys WHERE hospital_id = $1 ORDER BY created_at, key_id`,
      [hospitalId],
    );
    return rows.map(keyOf);
  }

  /** Marks a key revoked (once: a revoked key keeps its first revocation time). */
  async revokeKey(hospitalId: string, keyId: string, manager: EntityManager = this.dataSource.manager): Promise<HospitalKeyRecord | null> {
    // In a CTE: TypeORM answers a bare UPDATE with [rows, count] instead of the rows.
    const rows: KeyRow[] = await manager.query(
      `WITH revoked AS (
         UPDATE hospital_keys SET revoked_at = now()
          WHERE hospital_id = $1 AND key_id = $2 AND revoked_at IS NULL
          RETURNING key_id, hospital_id, created_at, revoked_at)
       SELECT * FROM revoked`,
      [hospitalId, keyId],
    );
    return rows[0] ? keyOf(rows[0]) : null;
  }

  /** Every hospital with its keys (no secrets), ordered by id. */
  async list(manager: EntityManager = this.dataSource.manager): Promise<(HospitalRecord & { keys: HospitalKeyRecord[] })[]> {
    const hospitals: HospitalRow[] = await manager.query(`SELECT id, name, region_code, enabled, created_at FROM hospitals ORDER BY id`);
    const keys: KeyRow[] = await manager.query(`SELECT key_id, hospital_id, created_at, revoked_at FROM hospital_keys ORDER BY created_at, key_id`);
    return hospitals.map((row) => ({ ...hospitalOf(row), keys: keys.filter((k) => k.hospital_id === row.id).map(keyOf) }));
  }

  /**
   * Records a nonce as used; false when the hospital used it already (still within the window:
   * older ones are pruned). Atomic, so two concurrent requests with one nonce cannot both pass.
   * (Signed requests record theirs through findForVerification.)
   */
  async recordNonce(hospitalId: string, nonce: string, seenAt: Date, channel: NonceChannel = 'api'): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO seen_nonces (hospital_id, channel, nonce, seen_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (hospital_id, channel, nonce) DO NOTHING RETURNING 1`,
      [hospitalId, channel, nonce, seenAt],
    );
    return rows.length === 1;
  }

  /** Deletes the nonces seen before `olderThan`; returns how many. */
  async pruneNonces(olderThan: Date): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `WITH pruned AS (DELETE FROM seen_nonces WHERE seen_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM pruned`,
      [olderThan],
    );
    return rows[0]!.n;
  }
}
