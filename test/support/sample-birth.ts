import { randomUUID } from 'node:crypto';
import type { BirthRegisteredV1, BirthSubmissionV1 } from '@birth/contracts';
import { FieldSealer, generateSealingKeyPair, SealingPublicKeyring } from '@birth/platform';
import { registeredBirth } from '../../apps/gateway/src/intake/domain/registered-birth';
import { validApplication } from '../../apps/gateway/src/intake/domain/validation/birth-application.fixture';

/**
 * A single birth in Dalian, as a hospital would send it now: the intake rules' fixture
 * (fictional people, valid shapes) with fresh record and delivery ids, born three hours ago.
 */
export function sampleBirth(overrides: Partial<BirthSubmissionV1> = {}): BirthSubmissionV1 {
  const birth = validApplication();
  return {
    ...birth,
    birthRecordId: `BR-${randomUUID()}`,
    deliveryId: `D-${randomUUID()}`,
    newborn: { ...birth.newborn, bornAt: new Date(Date.now() - 3 * 3600_000).toISOString() },
    application: { ...birth.application, consent: { given: true, at: new Date().toISOString() } },
    ...overrides,
  };
}

/**
 * The same birth as the gateway publishes it on `birth.registered.v1` for case `caseId`: case
 * number, acceptance instant, and the accounts sealed (HPKE) to a throwaway key pair of the test,
 * for tests that publish the event themselves.
 */
export async function sampleRegisteredBirth(caseId: string, overrides: Partial<BirthSubmissionV1> = {}): Promise<BirthRegisteredV1> {
  const submission = sampleBirth(overrides);
  const { publicKey } = await generateSealingKeyPair();
  const sealer = new FieldSealer(await SealingPublicKeyring.fromRawKeys({ 'k-test': publicKey }, 'k-test'));
  const seal = (account: unknown, fieldPath: string) => sealer.sealJson(account, { caseId, fieldPath });
  return registeredBirth(
    submission,
    { caseNumber: '210202-20250307-000001-7', acceptedAt: new Date() },
    {
      mother: submission.mother.bankAccount && (await seal(submission.mother.bankAccount, 'mother.bankAccount')),
      father: submission.father?.bankAccount && (await seal(submission.father.bankAccount, 'father.bankAccount')),
    },
  );
}
