// Messages as the other services put them on the topics, for household registration's
// integration tests: valid envelopes with valid payloads, produced straight to the topics with a
// plain producer (not through the gateway, so a load of births stays cheap on a small machine).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Topics, type BirthRegisteredV1, type BirthSubmissionV1, type EventEnvelope, type TopicDefinition } from '@birth/contracts';
import type { OutgoingMessage } from '@birth/messaging';
import { FieldSealer, generateSealingKeyPair, SealingPublicKeyring } from '@birth/platform';
import { envelopeMessage, REPO_ROOT, type TestNamespace } from '@birth/testing';

export const CASE_NUMBER = '210202-20260315-000001-7';
/** 00:30 in Beijing on 15 March 2026 (16:30Z on the 14th): the China date of birth is the 15th. */
export const BORN_AT = '2026-03-14T16:30:00Z';
export const CHINA_BIRTH_DATE = '2026-03-15';
export const ISSUED_AT = '2026-03-15T09:00:00+08:00';

export type BirthChanges = {
  sex?: string;
  items?: string[];
  motherHukouRegionCode?: string;
  /** An unknown field, for the tolerant reader. */
  extra?: boolean;
};

/** Builds `birth.registered.v1` payloads from the single-birth example, the mother's account sealed for the allowance. */
export class RegistrationMessages {
  private constructor(
    private readonly ns: TestNamespace,
    private readonly sealer: FieldSealer,
    private readonly example: BirthSubmissionV1,
  ) {}

  static async create(ns: TestNamespace): Promise<RegistrationMessages> {
    const { publicKey } = await generateSealingKeyPair();
    const sealer = new FieldSealer(await SealingPublicKeyring.fromRawKeys({ 'k-test': publicKey }, 'k-test'));
    const example = JSON.parse(readFileSync(join(REPO_ROOT, 'docs/examples/birth-single.json'), 'utf8')) as BirthSubmissionV1;
    return new RegistrationMessages(ns, sealer, example);
  }

  /** The application as `birth.registered.v1` (and a correction's `application`) carry it. */
  async application(caseId: string, changes: BirthChanges = {}): Promise<BirthRegisteredV1> {
    const { mother, father, ...shared } = this.example;
    const { bankAccount, ...motherFacts } = mother;
    const { bankAccount: _fatherAccount, ...fatherFacts } = father ?? {};
    void _fatherAccount;
    const birth: BirthRegisteredV1 = {
      ...shared,
      birthRecordId: `BR-${caseId}`,
      deliveryId: `D-${caseId}`,
      newborn: { ...shared.newborn, sex: (changes.sex ?? '1') as BirthRegisteredV1['newborn']['sex'], bornAt: BORN_AT },
      mother: {
        ...motherFacts,
        hukouRegionCode: changes.motherHukouRegionCode ?? motherFacts.hukouRegionCode,
        ...(bankAccount ? { bankAccount: await this.sealer.sealJson(bankAccount, { caseId, fieldPath: 'mother.bankAccount' }) } : {}),
      },
      ...(father ? { father: fatherFacts as BirthRegisteredV1['father'] } : {}),
      application: { ...shared.application, items: (changes.items ?? shared.application.items) as BirthRegisteredV1['application']['items'] },
      caseNumber: CASE_NUMBER,
      acceptedAt: new Date().toISOString(),
    };
    return changes.extra ? ({ ...birth, newbornsFavouriteColour: 'blue' } as BirthRegisteredV1) : birth;
  }

  async birth(caseId: string, changes: BirthChanges = {}): Promise<OutgoingMessage> {
    return this.message(Topics.birthRegisteredV1, caseId, await this.application(caseId, changes));
  }

  certificate(caseId: string, change: 'issued' | 'reissued' | 'awaiting-applicant' = 'issued'): OutgoingMessage {
    const issued = change !== 'awaiting-applicant';
    return this.message(Topics.birthCertificateItemChangedV1, caseId, {
      change,
      item: {
        item: 'birth-certificate',
        state: issued ? 'done' : 'awaiting_applicant',
        reasonCode: null,
        reason: null,
        waitingFor: issued ? [] : ['newborn-name'],
        prerequisitesMetAt: null,
        changedAt: new Date().toISOString(),
        ruleVersion: null,
      },
      certificateNumber: issued ? 'A000000001' : null,
      replaces: null,
      issuedAt: issued ? ISSUED_AT : null,
    });
  }

  async correction(caseId: string, changes: BirthChanges): Promise<OutgoingMessage> {
    return this.message(Topics.birthCorrectedV1, caseId, {
      correctionId: randomUUID(),
      caseNumber: CASE_NUMBER,
      patch: { newborn: { sex: changes.sex } },
      changedFields: ['newborn.sex'],
      application: await this.application(caseId, changes),
      correctedAt: new Date().toISOString(),
    });
  }

  voided(caseId: string): OutgoingMessage {
    return this.message(Topics.birthVoidedV1, caseId, {
      caseNumber: CASE_NUMBER,
      hospitalId: this.example.hospital.institutionId,
      birthRecordId: `BR-${caseId}`,
      reason: 'registered twice',
      voidedAt: new Date().toISOString(),
    });
  }

  command(caseId: string, command: 'retry-step' | 'revoke'): OutgoingMessage {
    return this.message(Topics.householdRegistrationCommandsV1, caseId, { command, reasonCode: command === 'revoke' ? 'OPERATOR_REQUEST' : 'STEP_STUCK', note: null });
  }

  /** A clerk's `refer-to-office` (the console sends it). */
  referral(caseId: string, countyCode: string | null = null): OutgoingMessage {
    return this.message(Topics.householdRegistrationCommandsV1, caseId, { command: 'refer-to-office', countyCode, referredBy: 'wang.li', reasonCode: 'OFFICE_HANDLES_IT', note: null });
  }

  message(topic: TopicDefinition, caseId: string, payload: object, id?: string): OutgoingMessage {
    return envelopeMessage(this.ns, topic, caseId, payload, { id, producer: 'household-registration-test' });
  }

}

export function envelopeOf<P>(message: { value: Buffer | string | null }): EventEnvelope<P> {
  const value = message.value;
  return JSON.parse(typeof value === 'string' ? value : value!.toString('utf8')) as EventEnvelope<P>;
}
