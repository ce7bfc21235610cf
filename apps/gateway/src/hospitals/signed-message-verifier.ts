import { createSecretKey, type KeyObject } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLog } from '../security/audit-log';
import { bodySha256, canonicalString, computeSignature, MAX_CLOCK_SKEW_MS, signatureMatches } from '../security/request-signature';
import { SecretBox } from '@birth/platform';
import { HospitalsRepository } from './hospitals.repository';

/** Why a signed request or message was refused (the `code` of the 401 answer and the audit entry's reason). */
export const AUTH_REFUSAL_CODES = [
  'SIGNATURE_MISSING',
  'HOSPITAL_UNKNOWN',
  'HOSPITAL_DISABLED',
  'KEY_UNKNOWN',
  'KEY_REVOKED',
  'TIMESTAMP_SKEW',
  'SIGNATURE_INVALID',
  'NONCE_REPLAYED',
] as const;
export type AuthRefusalCode = (typeof AUTH_REFUSAL_CODES)[number];

/** The hospital a verified request or message comes from (`req.hospital`, `@CurrentHospital()`). */
export interface AuthenticatedHospital {
  id: string;
  name: string;
  regionCode: string;
}

/**
 * One signed request or message, transport-neutral. The five header values are as received
 * (undefined when absent); `signedParts` are what the transport signs besides timestamp, nonce
 * and body hash: `[METHOD, PATH]` over HTTP, `[topic]` on the Kafka ingress topic (the registry
 * name, e.g. `birth.submitted.v1`). See security/request-signature.ts for the canonical string.
 */
export interface SignedMessage {
  hospitalId: string | undefined;
  keyId: string | undefined;
  timestamp: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
  signedParts: readonly string[];
  /** The bytes exactly as received. */
  body: Buffer;
  /** For the audit entry of a refusal; never the body. */
  audit?: {
    /** The actor recorded for a refusal: `hospital-api` (HTTP), `hospital-ingress` (Kafka). */
    channel?: string;
    /** The client's address (HTTP) or `topic/partition/offset` (Kafka). */
    sourceAddress?: string | null;
    /** What was asked for, without query string or body: `POST /api/v1/births`. */
    target?: string;
  };
}

export type VerificationResult =
  | { ok: true; hospital: AuthenticatedHospital; keyId: string }
  | { ok: false; code: AuthRefusalCode; message: string };

// Header formats. A value outside them is refused as SIGNATURE_MISSING (missing or malformed).
/** A hospital's institution id and a key id: letters, digits, `.`, `_`, `-`, at most 64. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const TIMESTAMP_PATTERN = /^[0-9]{1,15}$/;
/** Printable ASCII without spaces, 8 to 128 characters (a UUID is a good nonce). */
const NONCE_PATTERN = /^[\x21-\x7e]{8,128}$/;
const SIGNATURE_PATTERN = /^[0-9a-f]{64}$/;

const MAX_OPENED_SECRETS = 10_000;

/**
 * Seen nonces are kept twice the skew after they were seen: a replay inside ±5 minutes always
 * finds its first use.
 */
export const NONCE_RETENTION_MS = 2 * MAX_CLOCK_SKEW_MS;

/** The AES-GCM context a hospital key's secret is sealed under (binds the ciphertext to its row). */
export function hospitalKeyContext(hospitalId: string, keyId: string): string {
  return `hospital-key:${hospitalId}:${keyId}`;
}

/**
 * Verifies signed requests (HospitalAuthGuard) and signed ingress messages (a Kafka consumer):
 * hospital known and enabled, key known, of that hospital and not revoked, timestamp within
 * ±5 minutes, signature right (constant time), then the nonce unused. The nonce is recorded by
 * the same statement that looks up the hospital and key and taken back if the signature is
 * wrong, so a forged request cannot burn a hospital's nonce.
 *
 * Two ways in:
 * - `verifySignedMessage` (HTTP): the statement is shared by the requests arriving together and
 *   commits at once; a refusal writes an audit entry (hospital and key as claimed, reason,
 *   source; never the body) and stores nothing else.
 * - `verifySignedMessageIn` (the ingress topic): the statement runs in the caller's transaction,
 *   so the nonce commits with the message's work or is undone with it; a retried message finds
 *   its nonce unused. Its refusals are audited by the caller (`auditRefusal`) once they are final.
 *
 * Each way keeps its own nonces (channel `api` or `ingress`): a signature binds its channel, and
 * an ingress nonce held by an open inbox transaction must not make HTTP requests wait for it.
 */
@Injectable()
export class SignedMessageVerifier {
  private readonly logger = new Logger('HospitalAuth');
  /**
   * Opened secrets by their sealed value (which is unique per key: a fresh IV per seal), so a
   * key's secret is decrypted once rather than on every request. Whether the key may be used is
   * still read from the database every time; only the decryption is spared. Bounded.
   */
  private readonly openedSecrets = new Map<string, KeyObject>();

  constructor(
    private readonly hospitals: HospitalsRepository,
    private readonly secrets: SecretBox,
    private readonly audit: AuditLog,
  ) {}

  /** A signed request: X-Timestamp judged against `now`, the nonce recorded at once. */
  async verifySignedMessage(message: SignedMessage, now: number = Date.now()): Promise<VerificationResult> {
    const result = await this.check(message, now, null);
    if (!result.ok) await this.auditRefusal(message, result.code);
    return result;
  }

  /**
   * A signed message consumed in `transaction`: X-Timestamp judged against `judgedAt` (when the
   * message was first produced), the nonce recorded by the transaction (kept only if it commits).
   * A refusal is not audited here: the transaction that would carry the entry is about to roll
   * back, and the message may be tried again; the caller audits the final refusal.
   */
  verifySignedMessageIn(transaction: EntityManager, message: SignedMessage, judgedAt: number): Promise<VerificationResult> {
    return this.check(message, judgedAt, transaction);
  }

  private async check(message: SignedMessage, now: number, transaction: EntityManager | null): Promise<VerificationResult> {
    const { hospitalId, keyId, timestamp, nonce, signature } = message;
    const malformed = malformedHeaders(message);
    if (malformed.length > 0 || !hospitalId || !keyId || !timestamp || !nonce || !signature) {
      return refuse(
        'SIGNATURE_MISSING',
        `missing or malformed header: ${malformed.join(', ')} (X-Timestamp: Unix milliseconds; X-Nonce: 8 to 128 printable characters; X-Signature: 64 lower-case hex digits)`,
      );
    }
    const inWindow = Math.abs(Number(timestamp) - now) <= MAX_CLOCK_SKEW_MS;
    // The lookup also records the nonce, but only for a request whose hospital, key and timestamp
    // let it go on to the signature check; if the signature is then wrong the nonce is taken
    // back, so a forged request cannot burn a hospital's nonce. Seen now (the server's clock,
    // also for a message judged at an earlier time): it is kept for the retention from now on.
    const nonceToRecord = inWindow ? { nonce, seenAt: new Date() } : null;
    const found = transaction
      ? await this.hospitals.findForVerificationIn(transaction, 'ingress', hospitalId, keyId, nonceToRecord)
      : await this.hospitals.findForVerification(hospitalId, keyId, nonceToRecord);
    if (!found) return refuse('HOSPITAL_UNKNOWN', 'no hospital has this X-Hospital-Id');
    if (!found.hospital.enabled) return refuse('HOSPITAL_DISABLED', 'this hospital is disabled');
    if (!found.key) return refuse('KEY_UNKNOWN', 'this hospital has no key with this X-Key-Id');
    if (found.key.revokedAt) return refuse('KEY_REVOKED', 'this key has been revoked');
    if (!inWindow) {
      const against = transaction ? 'the time the message was first produced' : "the server's clock";
      return refuse('TIMESTAMP_SKEW', `X-Timestamp is more than ${MAX_CLOCK_SKEW_MS / 60_000} minutes from ${against} (${now})`);
    }
    const secret = this.openSecret(hospitalId, keyId, found.key.secretSealed);
    let signatureRight: boolean;
    try {
      signatureRight = signatureMatches(computeSignature(secret, canonicalString(message.signedParts, timestamp, nonce, bodySha256(message.body))), signature);
    } catch {
      signatureRight = false;
    }
    if (!signatureRight) {
      if (found.nonceRecorded) await this.hospitals.forgetNonce(hospitalId, nonce, transaction ? 'ingress' : 'api', transaction ?? undefined);
      return refuse('SIGNATURE_INVALID', 'the signature does not match (sign the exact bytes sent, the path with its query string, and the header values)');
    }
    if (!found.nonceRecorded) {
      return refuse('NONCE_REPLAYED', 'this X-Nonce was used already; use a new one for every request');
    }
    return { ok: true, keyId, hospital: { id: found.hospital.id, name: found.hospital.name, regionCode: found.hospital.regionCode } };
  }

  /** The secret as the CLI printed it (the HMAC key is its UTF-8 bytes). */
  private openSecret(hospitalId: string, keyId: string, sealed: string): KeyObject {
    const cacheKey = `${hospitalKeyContext(hospitalId, keyId)}\n${sealed}`;
    const cached = this.openedSecrets.get(cacheKey);
    if (cached) return cached;
    try {
      const secret = createSecretKey(this.secrets.open(sealed, hospitalKeyContext(hospitalId, keyId)));
      if (this.openedSecrets.size >= MAX_OPENED_SECRETS) this.openedSecrets.clear();
      this.openedSecrets.set(cacheKey, secret);
      return secret;
    } catch (error) {
      // A server fault (wrong SECRETS_KEK, damaged row), not the client's: a 500, loudly.
      this.logger.error(`the secret of key ${keyId} of hospital ${hospitalId} does not open: ${(error as Error).message}`);
      throw error;
    }
  }

  /**
   * Audit entry of a refusal: what the client claimed (only if well-formed), never the body.
   * Alone it never throws (the request is refused all the same); with `manager`, the transaction
   * it commits with (the ingress topic's rejected answer), a failure fails that transaction.
   */
  async auditRefusal(message: SignedMessage, code: AuthRefusalCode, manager?: EntityManager): Promise<void> {
    const malformed = malformedHeaders(message);
    try {
      await this.audit.append(
        {
          actor: message.audit?.channel ?? 'hospital-api',
          action: 'hospital.authenticate',
          outcome: 'refused',
          reason: code,
          hospitalId: wellFormed(message.hospitalId, ID_PATTERN),
          keyId: wellFormed(message.keyId, ID_PATTERN),
          sourceAddress: message.audit?.sourceAddress ?? null,
          details: {
            ...(message.audit?.target ? { target: message.audit.target } : {}),
            ...(malformed.length ? { malformed } : {}),
          },
        },
        manager,
      );
    } catch (error) {
      if (manager) throw error;
      // The request is refused all the same; the failure to record it must not go unnoticed.
      this.logger.error(`could not write the audit entry of a refused request (${code}): ${(error as Error).message}`);
    }
  }
}

function refuse(code: AuthRefusalCode, message: string): VerificationResult {
  return { ok: false, code, message };
}

function wellFormed(value: string | undefined, pattern: RegExp): string | null {
  return value !== undefined && pattern.test(value) ? value : null;
}

/** The header names whose values are absent or malformed. */
function malformedHeaders(message: SignedMessage): string[] {
  const checks: [string, string | undefined, RegExp][] = [
    ['X-Hospital-Id', message.hospitalId, ID_PATTERN],
    ['X-Key-Id', message.keyId, ID_PATTERN],
    ['X-Timestamp', message.timestamp, TIMESTAMP_PATTERN],
    ['X-Nonce', message.nonce, NONCE_PATTERN],
    ['X-Signature', message.signature, SIGNATURE_PATTERN],
  ];
  return checks.filter(([, value, pattern]) => value === undefined || !pattern.test(value)).map(([name]) => name);
}
