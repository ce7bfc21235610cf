import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

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
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The hospital and, if it belongs to it, the key: one query per signed request. */
  async findForVerification(hospitalId: string, keyId: string): Promise<{ hospital: HospitalRecord; key: SealedHospitalKey | null } | null> {
    const rows: (HospitalRow & { key_id: string | null; key_created_at: Date | null; revoked_at: Date | null; secret_sealed: string | null })[] =
      await this.dataSource.query(
        `SELECT h.id, h.name, h.region_code, h.enabled, h.created_at,
                k.key_id, k.created_at AS key_created_at, k.revoked_at, k.secret_sealed
           FROM hospitals h
           LEFT JOIN hospital_keys k ON k.hospital_id = h.id AND k.key_id = $2
          WHERE h.id = $1`,
        [hospitalId, keyId],
      );
    const row = rows[0];
    if (!row) return null;
    return {
      hospital: hospitalOf(row),
      key:
        row.key_id === null
          ? null
          : { keyId: row.key_id, hospitalId: row.id, createdAt: row.key_created_at!, revokedAt: row.revoked_at, secretSealed: row.secret_sealed! },
    };
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
   */
  async recordNonce(hospitalId: string, nonce: string, seenAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO seen_nonces (hospital_id, nonce, seen_at) VALUES ($1, $2, $3)
       ON CONFLICT (hospital_id, nonce) DO NOTHING RETURNING 1`,
      [hospitalId, nonce, seenAt],
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
