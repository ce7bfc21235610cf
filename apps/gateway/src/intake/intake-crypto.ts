import { Injectable } from '@nestjs/common';
import { deriveKey, keyFromBase64, SecretBox, ServiceConfig } from '@birth/platform';
import type { IdentityDocumentV1 } from '@birth/contracts';
import type { GatewayConfig } from '../config';

/**
 * Personal data of intake records at rest: sealed with AES-256-GCM under a subkey of the
 * configured key-encryption key (bound to the case id, so a sealed payload cannot be moved to
 * another case), and keyed hashes (blind indexes) for finding by equality.
 */
@Injectable()
export class IntakeCrypto {
  private readonly box: SecretBox;

  constructor(config: ServiceConfig) {
    const kek = keyFromBase64((config as GatewayConfig).SECRETS_KEK);
    this.box = SecretBox.fromKey(deriveKey(kek, 'pii:intake-records'));
  }

  sealPayload(caseId: string, json: string, purpose = 'payload'): string {
    return this.box.seal(json, `intake:${caseId}:${purpose}`);
  }

  openPayload(caseId: string, sealed: string, purpose = 'payload'): string {
    return this.box.open(sealed, `intake:${caseId}:${purpose}`).toString('utf8');
  }

  /** The blind index of a mother's identity document (type and number, the check character upper-cased). */
  motherIdHash(identity: IdentityDocumentV1): string {
    return this.box.blindIndex('mother-identity', `${identity.type}:${identity.number.trim().toUpperCase()}`);
  }

  /** A keyed hash of personal data for one purpose (the twin check's insurance blocks and accounts). */
  blindIndex(purpose: string, value: string): string {
    return this.box.blindIndex(purpose, value);
  }

  /** A keyed hash of a canonical submission: comparable without keeping a guessable digest of personal data. */
  contentHash(canonical: string): string {
    return this.box.blindIndex('intake-content', canonical);
  }
}
