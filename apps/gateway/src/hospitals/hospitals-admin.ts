import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AuditLog } from '../security/audit-log';
import type { SecretBox } from '@birth/platform';
import type { HospitalKeyRecord, HospitalRecord, HospitalsRepository } from './hospitals.repository';
import { hospitalKeyContext, ID_PATTERN } from './signed-message-verifier';

export type HospitalAdminErrorCode =
  | 'INVALID_ARGUMENT'
  | 'HOSPITAL_EXISTS'
  | 'HOSPITAL_UNKNOWN'
  | 'KEY_UNKNOWN'
  | 'KEY_ALREADY_REVOKED'
  | 'LAST_ACTIVE_KEY';

export class HospitalAdminError extends Error {
  constructor(
    readonly code: HospitalAdminErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HospitalAdminError';
  }
}

/** A new key: the only time its secret exists outside the sealed column. */
export interface IssuedKey {
  hospitalId: string;
  keyId: string;
  /** 32 random bytes, base64url; the client's HMAC key is this string's bytes. */
  secret: string;
  createdAt: Date;
}

export interface HospitalListing {
  id: string;
  name: string;
  region: string;
  enabled: boolean;
  createdAt: Date;
  keys: { id: string; created: Date; revoked: Date | null }[];
}

export const REGION_CODE_PATTERN = /^[0-9]{6}$/;

export function newKeyId(): string {
  return `k_${randomBytes(6).toString('hex')}`;
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The administrators' operations on hospitals and keys (the CLI's `hospital …` commands).
 * Each change and its audit entry commit in one transaction; a refused operation is audited too
 * (outcome `failed`, with its code). Secrets are sealed before they reach the database and
 * returned once, by `add` and `rotateKey`; nothing here lists or logs them.
 */
export class HospitalsAdmin {
  constructor(
    private readonly hospitals: HospitalsRepository,
    private readonly audit: AuditLog,
    private readonly secrets: SecretBox,
    /** Who acts, for the audit log: `cli:<os user>`. */
    private readonly actor: string,
  ) {}

  async add(input: { id: string; name: string; regionCode: string }): Promise<{ hospital: HospitalRecord; key: IssuedKey }> {
    const name = input.name.trim();
    return this.audited('hospital.add', input.id, async (manager) => {
      if (!ID_PATTERN.test(input.id)) throw new HospitalAdminError('INVALID_ARGUMENT', 'the id must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit');
      if (!name || name.length > 200) throw new HospitalAdminError('INVALID_ARGUMENT', 'the name must have 1 to 200 characters');
      if (!REGION_CODE_PATTERN.test(input.regionCode)) throw new HospitalAdminError('INVALID_ARGUMENT', 'the region code must be 6 digits');
      if (!(await this.hospitals.insertHospital({ id: input.id, name, regionCode: input.regionCode }, manager))) {
        throw new HospitalAdminError('HOSPITAL_EXISTS', `hospital ${input.id} exists already (rotate-key gives it a new key)`);
      }
      const key = await this.issueKey(input.id, manager);
      const hospital = (await this.hospitals.findHospital(input.id, manager))!;
      return { result: { hospital, key }, keyId: key.keyId, details: { name, regionCode: input.regionCode } };
    });
  }

  /** A new key beside the others: the old ones stay valid until revoked (roll-over without downtime). */
  async rotateKey(hospitalId: string): Promise<IssuedKey> {
    return this.audited('hospital.rotate-key', hospitalId, async (manager) => {
      await this.lockHospital(hospitalId, manager);
      const key = await this.issueKey(hospitalId, manager);
      const active = (await this.hospitals.keysOf(hospitalId, manager)).filter((k) => !k.revokedAt).map((k) => k.keyId);
      return { result: key, keyId: key.keyId, details: { activeKeys: active } };
    });
  }

  /**
   * Revokes a key at once. The last active key of a hospital is kept unless `force`: without
   * it the hospital could not sign anything (to stop a hospital, `disable` says so plainly).
   */
  async revokeKey(hospitalId: string, keyId: string, options: { force?: boolean } = {}): Promise<HospitalKeyRecord> {
    return this.audited(
      'hospital.revoke-key',
      hospitalId,
      async (manager) => {
        await this.lockHospital(hospitalId, manager);
        const keys = await this.hospitals.keysOf(hospitalId, manager);
        const key = keys.find((k) => k.keyId === keyId);
        if (!key) throw new HospitalAdminError('KEY_UNKNOWN', `hospital ${hospitalId} has no key ${keyId}`);
        if (key.revokedAt) throw new HospitalAdminError('KEY_ALREADY_REVOKED', `key ${keyId} was revoked at ${key.revokedAt.toISOString()}`);
        const othersActive = keys.filter((k) => k.keyId !== keyId && !k.revokedAt).length;
        if (othersActive === 0 && !options.force) {
          throw new HospitalAdminError('LAST_ACTIVE_KEY', `key ${keyId} is the last active key of hospital ${hospitalId}: rotate-key first, or add --force`);
        }
        const revoked = (await this.hospitals.revokeKey(hospitalId, keyId, manager))!;
        return { result: revoked, keyId, details: { forced: Boolean(options.force) && othersActive === 0, activeKeysLeft: othersActive } };
      },
      keyId,
    );
  }

  async setEnabled(hospitalId: string, enabled: boolean): Promise<HospitalRecord> {
    return this.audited(enabled ? 'hospital.enable' : 'hospital.disable', hospitalId, async (manager) => {
      const before = await this.lockHospital(hospitalId, manager);
      await this.hospitals.setEnabled(hospitalId, enabled, manager);
      return { result: { ...before, enabled }, details: { wasEnabled: before.enabled } };
    });
  }

  /** Every hospital with its keys' ids and dates: never a secret, sealed or not. */
  async list(): Promise<HospitalListing[]> {
    return this.audited('hospital.list', null, async (manager) => {
      const hospitals = await this.hospitals.list(manager);
      const listing = hospitals.map((h) => ({
        id: h.id,
        name: h.name,
        region: h.regionCode,
        enabled: h.enabled,
        createdAt: h.createdAt,
        keys: h.keys.map((k) => ({ id: k.keyId, created: k.createdAt, revoked: k.revokedAt })),
      }));
      return { result: listing, details: { hospitals: listing.length } };
    });
  }

  private async issueKey(hospitalId: string, manager: EntityManager): Promise<IssuedKey> {
    const keyId = newKeyId();
    const secret = newSecret();
    const record = await this.hospitals.insertKey({ keyId, hospitalId, secretSealed: this.secrets.seal(secret, hospitalKeyContext(hospitalId, keyId)) }, manager);
    return { hospitalId, keyId, secret, createdAt: record.createdAt };
  }

  private async lockHospital(hospitalId: string, manager: EntityManager): Promise<HospitalRecord> {
    const hospital = await this.hospitals.findHospital(hospitalId, manager, { forUpdate: true });
    if (!hospital) throw new HospitalAdminError('HOSPITAL_UNKNOWN', `no hospital ${hospitalId}`);
    return hospital;
  }

  /**
   * Runs one operation and its audit entry in a transaction. When the operation is refused
   * (HospitalAdminError), the transaction rolls back and a `failed` entry is written on its own.
   */
  private async audited<T>(
    action: string,
    hospitalId: string | null,
    work: (manager: EntityManager) => Promise<{ result: T; keyId?: string; details?: Record<string, unknown> }>,
    keyIdOnFailure?: string,
  ): Promise<T> {
    try {
      return await this.hospitals.transaction(async (manager) => {
        const done = await work(manager);
        await this.audit.append({ actor: this.actor, action, outcome: 'ok', hospitalId, keyId: done.keyId ?? null, details: done.details }, manager);
        return done.result;
      });
    } catch (error) {
      if (error instanceof HospitalAdminError) {
        await this.audit.append({
          actor: this.actor,
          action,
          outcome: 'failed',
          reason: error.code,
          hospitalId: hospitalId !== null && ID_PATTERN.test(hospitalId) ? hospitalId : null,
          keyId: keyIdOnFailure !== undefined && ID_PATTERN.test(keyIdOnFailure) ? keyIdOnFailure : null,
        });
      }
      throw error;
    }
  }
}
