import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { maskPersonalData } from '../personal-data';
import { Topics, type EventTopicDefinition } from '../topics';
import { decodeEnvelope } from '../validation';
import { ItemBlockV1 } from './item-block.v1';

const CASE_ID = '0b7e4f0c-2f59-4a0e-9a0f-6f1f3c7c2a11';
const TWIN_CASE_ID = '5d2f1c8a-7e3b-4a6d-9c1e-2b8f4e6a0d33';

function item(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    item: 'birth-certificate',
    state: 'done',
    reasonCode: null,
    reason: null,
    waitingFor: [],
    prerequisitesMetAt: '2026-03-02T09:00:00+08:00',
    changedAt: '2026-03-02T09:00:05.120+08:00',
    ruleVersion: '1',
    ...overrides,
  };
}

/** A valid payload of every new event topic (fictional people), and what a mistake in it is reported as. */
const CASES: [EventTopicDefinition, Record<string, unknown>, [string, unknown, string][]][] = [
  [
    Topics.birthCertificateItemChangedV1,
    { change: 'reissued', item: item(), certificateNumber: 'B210000124', replaces: 'B210000123', issuedAt: '2026-03-05T10:00:00+08:00' },
    [
      ['change', 'registered', 'payload.change:IS_IN'],
      ['certificateNumber', 'b21000012', 'payload.certificateNumber:MATCHES'],
      ['item', null, 'payload.item:INVALID'],
    ],
  ],
  [
    Topics.householdRegistrationItemChangedV1,
    {
      change: 'registered',
      item: item({ item: 'household-registration' }),
      citizenIdNumber: '21020220260302001X',
      registrationRegionCode: '210202',
      forwardedTo: null,
      registeredAt: '2026-03-03T11:00:00+08:00',
    },
    [
      ['citizenIdNumber', '2102022026030200', 'payload.citizenIdNumber:MATCHES'],
      ['forwardedTo', '2102', 'payload.forwardedTo:MATCHES'],
      ['registeredAt', '2026-03-03T11:00:00', 'payload.registeredAt:MATCHES'],
    ],
  ],
  [
    Topics.medicalInsuranceItemChangedV1,
    {
      change: 'enrolled',
      item: item({ item: 'medical-insurance' }),
      outcome: 'enrolled',
      enrolmentRegionCode: '210200',
      referredTo: null,
      eligibilityBasis: 'mother-hukou',
      coverageStart: '2026-02-27',
      provisional: false,
      contributionFen: 40000,
      contributionPaidAt: null,
    },
    [
      ['outcome', 'pending', 'payload.outcome:IS_IN'],
      ['coverageStart', '2026-02-27T00:00:00+08:00', 'payload.coverageStart:MATCHES'],
      ['contributionFen', 400.5, 'payload.contributionFen:IS_INT'],
      ['provisional', undefined, 'payload.provisional:IS_BOOLEAN'],
    ],
  ],
  [
    Topics.socialSecurityCardItemChangedV1,
    { change: 'card-advanced', item: item({ item: 'social-security-card' }), cardState: 'ready', electronicCardIssuedAt: '2026-03-04T08:00:00+08:00', forwardedTo: null },
    [
      ['cardState', 'lost', 'payload.cardState:IS_IN'],
      ['change', 'enrolled', 'payload.change:IS_IN'],
    ],
  ],
  [
    Topics.maternityAllowanceClaimChangedV1,
    {
      change: 'accepted',
      claimId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
      caseIds: [CASE_ID, TWIN_CASE_ID],
      hospitalId: 'H210202001',
      deliveryId: 'D-0001',
      item: item({ item: 'maternity-allowance', state: 'in_progress', prerequisitesMetAt: '2026-03-05T10:00:00+08:00' }),
      acceptedAt: '2026-03-05T10:00:00+08:00',
      benefits: [
        {
          benefit: 'maternity-leave',
          beneficiary: 'mother',
          state: 'in_progress',
          days: 188,
          amountFen: 5055551,
          ruleVersion: '1',
          reasonCode: null,
          forwardedTo: null,
          payment: { state: 'pending', paidAt: null },
        },
      ],
    },
    [
      ['caseIds', [], 'payload.caseIds:ARRAY_NOT_EMPTY'],
      ['claimId', 'claim-1', 'payload.claimId:IS_UUID'],
      ['benefits', [{ benefit: 'maternity-leave', beneficiary: 'aunt', state: 'done', payment: { state: 'paid', paidAt: null } }], 'payload.benefits.0.beneficiary:IS_IN'],
    ],
  ],
  [
    Topics.caseSlaAtRiskV1,
    {
      item: 'maternity-allowance',
      responsibleDepartment: 'maternity-allowance',
      startedAt: '2026-03-05T10:00:00+08:00',
      deadline: '2026-03-20T00:00:00+08:00',
      provisional: false,
      calendarVersion: '2026.1',
      pausedWorkingDays: 0,
      workingDaysLeft: 2,
      detectedAt: '2026-03-17T00:00:00+08:00',
    },
    [
      ['responsibleDepartment', 'gateway', 'payload.responsibleDepartment:IS_IN'],
      ['workingDaysLeft', -1, 'payload.workingDaysLeft:MIN'],
    ],
  ],
  [
    Topics.caseSlaBreachedV1,
    {
      item: 'household-registration',
      responsibleDepartment: 'household-registration',
      startedAt: '2026-03-02T09:00:00+08:00',
      deadline: '2026-03-09T23:59:59.999+08:00',
      provisional: true,
      calendarVersion: '2026.1',
      pausedWorkingDays: 1,
      state: 'in_progress',
      breachedAt: '2026-03-10T00:00:00+08:00',
    },
    [
      ['breachedAt', null, 'payload.breachedAt:IS_ISO8601'],
      ['state', 'stuck', 'payload.state:IS_IN'],
    ],
  ],
  [
    Topics.caseNotificationRequestedV1,
    {
      notificationId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
      caseNumber: '210202-20260302-000123-7',
      event: 'step-awaiting-applicant',
      item: 'birth-certificate',
      template: 'STEP_AWAITING_APPLICANT_V1',
      channel: 'sms',
      recipient: 'application.contactPhone',
      parameters: { reasonCode: 'NEWBORN_NAME_MISSING', reason: { zh: '请补充新生儿姓名', en: "Please give the newborn's name" }, waitingFor: ['newborn-name'], amountFen: null },
      requestedAt: '2026-03-02T09:00:06+08:00',
    },
    [
      ['recipient', '13800000000', 'payload.recipient:IS_IN'],
      ['caseNumber', '2102022026', 'payload.caseNumber:MATCHES'],
      ['channel', 'email', 'payload.channel:IS_IN'],
      ['template', 'step rejected', 'payload.template:MATCHES'],
    ],
  ],
  [
    Topics.caseStepEscalatedV1,
    {
      reason: 'compensation-unconfirmed',
      item: 'social-security-card',
      responsibleDepartment: 'social-security-card',
      state: 'done',
      commandsSent: 1,
      lastChangeAt: null,
      escalatedAt: '2026-03-10T00:00:00+08:00',
    },
    [['reason', 'bored', 'payload.reason:IS_IN']],
  ],
  [
    Topics.policyVersionsV1,
    { version: 2, effectiveFrom: '2026-07-01', sha256: 'a'.repeat(64), document: { version: 2, regions: {} }, importedBy: 'operator-3', importedAt: '2026-06-20T10:00:00+08:00' },
    [
      ['document', 'policy-v2.json', 'payload.document:IS_OBJECT'],
      ['sha256', 'A'.repeat(64), 'payload.sha256:MATCHES'],
    ],
  ],
  [
    Topics.calendarYearsV1,
    { year: 2027, version: 1, sha256: 'b'.repeat(64), document: { year: 2027, version: 1, holidays: [] }, importedBy: 'operator-3', importedAt: '2026-11-10T10:00:00+08:00' },
    [['year', 1999, 'payload.year:MIN']],
  ],
];

function message(topic: EventTopicDefinition, payload: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: randomUUID(),
    type: topic.type,
    version: 1,
    occurredAt: '2026-03-02T09:00:06+08:00',
    caseId: topic.key === 'caseId' ? CASE_ID : null,
    correlationId: randomUUID(),
    causationId: null,
    producer: topic.name.split('.')[0],
    payload,
    ...extra,
  });
}

describe.each(CASES.map(([topic, good, bad]) => [topic.name, topic, good, bad] as const))('%s', (_name, topic, good, bad) => {
  it('accepts a valid payload and loses nothing of it (a data topic\'s open document included)', () => {
    const result = decodeEnvelope(topic, message(topic, good));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.payload).toBeInstanceOf(topic.payload);
    expect(JSON.parse(JSON.stringify(result.value.payload))).toEqual(good);
  });

  it.each(bad)('refuses a wrong %s, naming it', (field, value, expected) => {
    const result = decodeEnvelope(topic, message(topic, { ...good, [field]: value }));
    expect(result.ok === false && result.errors.map((e) => `${e.field}:${e.code}`)).toContain(expected);
  });

  it('reads tolerantly: an unknown field in the payload, the item block or the envelope is dropped', () => {
    const block = typeof good['item'] === 'object';
    const withItem = block ? { item: { ...(good['item'] as object), addedLater: 'x' } } : {};
    const result = decodeEnvelope(topic, message(topic, { ...good, ...withItem, addedInV1_1: { any: 1 } }, { tenant: 'dalian' }));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.payload).not.toHaveProperty('addedInV1_1');
    if (block) expect(result.value.payload).toMatchObject({ item: expect.not.objectContaining({ addedLater: 'x' }) });
  });
});

describe('the department topics', () => {
  it('are keyed by case id, one per department, and the claim topic by claim id', () => {
    const outcome = [Topics.birthCertificateItemChangedV1, Topics.householdRegistrationItemChangedV1, Topics.medicalInsuranceItemChangedV1, Topics.socialSecurityCardItemChangedV1];
    expect(outcome.map((t) => [t.name, t.type, t.key])).toEqual([
      ['birth-certificate.item-changed.v1', 'birth-certificate.item-changed', 'caseId'],
      ['household-registration.item-changed.v1', 'household-registration.item-changed', 'caseId'],
      ['medical-insurance.item-changed.v1', 'medical-insurance.item-changed', 'caseId'],
      ['social-security-card.item-changed.v1', 'social-security-card.item-changed', 'caseId'],
    ]);
    expect(Topics.maternityAllowanceClaimChangedV1.key).toBe('claimId');
    expect([Topics.policyVersionsV1, Topics.calendarYearsV1].map((t) => [t.key, t.cleanupPolicy])).toEqual([
      ['policyVersion', 'compact'],
      ['year', 'compact'],
    ]);
  });

  it('carry the common item block as one class', () => {
    const [, good] = CASES[0]!;
    const result = decodeEnvelope(Topics.birthCertificateItemChangedV1, message(Topics.birthCertificateItemChangedV1, good));
    expect(result.ok && (result.value.payload as { item: unknown }).item).toBeInstanceOf(ItemBlockV1);
  });

  it('refuse an item block naming another department\'s item', () => {
    for (const [topic, good] of CASES) {
      if (topic.item === undefined) continue;
      const other = topic.item === 'birth-certificate' ? 'household-registration' : 'birth-certificate';
      const result = decodeEnvelope(topic, message(topic, { ...good, item: { ...(good['item'] as object), item: other } }));
      expect(result).toEqual({ ok: false, errors: [{ field: 'payload.item.item', code: 'ITEM_MISMATCH', message: `expected item ${topic.item} on ${topic.name}` }] });
    }
    expect(CASES.filter(([t]) => t.item !== undefined).map(([t]) => t.item)).toEqual([
      'birth-certificate',
      'household-registration',
      'medical-insurance',
      'social-security-card',
      'maternity-allowance',
    ]);
  });

  it('check the item block: its state, what it waits for, its reason in both languages', () => {
    const topic = Topics.householdRegistrationItemChangedV1;
    const [, good] = CASES[1]!;
    const broken = {
      ...good,
      item: item({ state: 'lost', waitingFor: ['newborn-sex', 'a-miracle'], reason: { zh: '性别待补正' }, changedAt: null, reasonCode: 'manual review' }),
    };
    const result = decodeEnvelope(topic, message(topic, broken));
    expect(result.ok === false && result.errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
      'payload.item.changedAt:IS_ISO8601',
      'payload.item.changedAt:MATCHES',
      'payload.item.reason.en:IS_NOT_EMPTY',
      'payload.item.reason.en:IS_STRING',
      'payload.item.reasonCode:MATCHES',
      'payload.item.state:IS_IN',
      'payload.item.waitingFor:IS_IN',
    ]);
  });
});

describe('personal data on the new topics', () => {
  it('masks the citizen ID number in a dead-letter listing, and the social security number', () => {
    const [, good] = CASES[1]!;
    const masked = maskPersonalData<Record<string, unknown>>({ ...good, socialSecurityNumber: '21020220260302001X' });
    expect(masked.citizenIdNumber).toBe('210202********001X');
    expect(masked.socialSecurityNumber).toBe('210202********001X');
    expect(masked.registrationRegionCode).toBe('210202');
  });

  it('carries no phone number and no bank account on the notification or the claim', () => {
    for (const [topic, good] of CASES) {
      if (topic !== Topics.caseNotificationRequestedV1 && topic !== Topics.maternityAllowanceClaimChangedV1) continue;
      expect(JSON.stringify(good)).not.toMatch(/1[3-9]\d{9}|6217\d+|accountNumber|bankAccount/);
    }
  });
});
