import { Topics, type BirthCertificateItemChangedV1, type BirthRegisteredV1, type BirthVoidedV1, type EventEnvelope, type MaternityAllowanceClaimChangedV1 } from '@birth/contracts';
import type { OutgoingMessage } from '@birth/messaging';
import { envelopeMessage, expectEventually, type TestNamespace } from '@birth/testing';

// What the claim's integration and e2e suites send and read: the service's topics, its input
// messages as the gateway and the certificate service publish them, and its claim-changed events.

/** The topics the allowance's suites create: what it consumes, what it publishes, the reference data. */
export const ALLOWANCE_TOPICS = [
  Topics.birthRegisteredV1,
  Topics.birthCertificateItemChangedV1,
  Topics.birthVoidedV1,
  Topics.maternityAllowanceCommandsV1,
  Topics.maternityAllowanceClaimChangedV1,
  Topics.policyVersionsV1,
  Topics.calendarYearsV1,
];
export const ALLOWANCE_CONSUMED = [Topics.birthRegisteredV1, Topics.birthCertificateItemChangedV1, Topics.birthVoidedV1, Topics.maternityAllowanceCommandsV1];

export type ClaimChanged = EventEnvelope<MaternityAllowanceClaimChangedV1>;

/** The envelope id of a message built here: sending it again with that id is a redelivery. */
export function idOf(message: OutgoingMessage): string {
  return (JSON.parse(message.value as string) as { id: string }).id;
}

export function birthMessage(ns: TestNamespace, caseId: string, birth: BirthRegisteredV1, id?: string): OutgoingMessage {
  return envelopeMessage(ns, Topics.birthRegisteredV1, caseId, birth, { id, producer: 'gateway' });
}

/** `issued`, as the birth-certificate service publishes it. */
export function certificateMessage(ns: TestNamespace, caseId: string, issuedAt: string, id?: string): OutgoingMessage {
  const payload: BirthCertificateItemChangedV1 = {
    change: 'issued',
    item: { item: 'birth-certificate', state: 'done', reasonCode: null, reason: null, waitingFor: [], prerequisitesMetAt: issuedAt, changedAt: issuedAt, ruleVersion: '1' },
    certificateNumber: 'A123456789',
    replaces: null,
    issuedAt,
  };
  return envelopeMessage(ns, Topics.birthCertificateItemChangedV1, caseId, payload, { id, producer: 'birth-certificate' });
}

export function voidMessage(ns: TestNamespace, caseId: string, birth: BirthRegisteredV1, voidedAt: string): OutgoingMessage {
  const payload: BirthVoidedV1 = { caseNumber: birth.caseNumber, hospitalId: birth.hospital.institutionId, birthRecordId: birth.birthRecordId, reason: '登记错误', voidedAt };
  return envelopeMessage(ns, Topics.birthVoidedV1, caseId, payload, { producer: 'gateway' });
}

/** The claim-changed events that `matches`, waited for until `check` passes on them (relayed from the outbox). */
export function claimChanges(ns: TestNamespace, matches: (event: ClaimChanged) => boolean, check: (events: ClaimChanged[]) => void): Promise<ClaimChanged[]> {
  return expectEventually(async () => {
    const all = (await ns.readAll(Topics.maternityAllowanceClaimChangedV1.name)).map((m) => JSON.parse(m.value!.toString('utf8')) as ClaimChanged);
    const mine = all.filter(matches);
    check(mine);
    return mine;
  });
}
