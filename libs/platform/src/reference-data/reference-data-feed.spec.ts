import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Topics } from '@birth/contracts';
import { Calendar, loadYearFiles } from '@birth/calendar';
import { TopicNamer, type IncomingMessage, type MessageBus } from '@birth/messaging';
import { loadPolicyDirectory, REPOSITORY_POLICY_DIRECTORY } from '@birth/policy';
import { ReferenceDataFeed, referenceDocumentSha256, type ReferenceDataChange } from './reference-data-feed';

// What the feed does with each message of the two topics; reading them from Kafka is covered by
// test/reference-data.e2e-spec.ts.

const namer = new TopicNamer('unit.');
const unusedBus = {} as MessageBus; // apply() never touches Kafka
let offset = 0;

function message(topic: string, key: string | null, payload: unknown, envelope: Record<string, unknown> = {}): IncomingMessage {
  const value = JSON.stringify({
    id: randomUUID(),
    type: topic === Topics.policyVersionsV1.name ? Topics.policyVersionsV1.type : Topics.calendarYearsV1.type,
    version: 1,
    occurredAt: '2026-12-01T08:00:00+08:00',
    caseId: null,
    correlationId: 'c-1',
    causationId: null,
    producer: 'gateway',
    payload,
    ...envelope,
  });
  return { topic: namer.physical(topic), partition: 0, offset: String(offset++), key: key === null ? null : Buffer.from(key), value: Buffer.from(value), headers: {}, timestamp: '0' };
}

const v1 = JSON.parse(readFileSync(join(REPOSITORY_POLICY_DIRECTORY, 'policy-v1.json'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function policyV2(windowDays = 60): Record<string, unknown> {
  const document = structuredClone(v1);
  document['version'] = 2;
  document['effectiveFrom'] = '2027-01-01';
  document['description'] = 'unit test: a shorter insurance window';
  document['national'].rules.medicalInsurance.onTimeWindowDays.value = windowDays;
  return document;
}

function policyPayload(document: Record<string, unknown>) {
  return {
    version: document['version'],
    effectiveFrom: document['effectiveFrom'],
    sha256: referenceDocumentSha256(document),
    document,
    importedBy: 'cli:unit',
    importedAt: '2026-12-01T00:00:00.000Z',
  };
}

const year2027 = {
  year: 2027,
  version: 1,
  source: { issuer: '国务院办公厅', title: 'unit-test fixture, not the notice', issuedOn: '2026-11-01', url: 'https://www.gov.cn/' },
  holidays: [{ name: '元旦', nameEn: "New Year's Day", restDays: ['2027-01-01', '2027-01-02', '2027-01-03'], makeUpWorkingDays: [] }],
};

function yearPayload(document: Record<string, unknown> & { year: number; version: number }) {
  return { year: document.year, version: document.version, sha256: referenceDocumentSha256(document), document, importedBy: 'cli:unit', importedAt: '2026-12-01T00:00:00.000Z' };
}

describe('ReferenceDataFeed.apply: policy.versions.v1 and calendar.years.v1 into a service’s own copy', () => {
  let feed: ReferenceDataFeed;
  let changes: ReferenceDataChange[];

  beforeEach(() => {
    feed = new ReferenceDataFeed({ bus: unusedBus, namer, serviceName: 'unit', policy: loadPolicyDirectory(), calendar: new Calendar(loadYearFiles()) });
    changes = [];
    feed.onChange((change) => changes.push(change));
  });

  it('takes a new policy version from its effective date, once; a redelivery changes nothing', () => {
    const document = policyV2();
    feed.apply(message(Topics.policyVersionsV1.name, '2', policyPayload(document)));
    feed.apply(message(Topics.policyVersionsV1.name, '2', policyPayload(document)));
    expect(changes).toEqual([{ kind: 'policy', version: 2, effectiveFrom: '2027-01-01', origin: expect.stringMatching(/^policy\.versions\.v1@0:\d+$/) }]);
    expect(feed.policy.rulesFor('210202', '2026-12-31').values.medicalInsurance.onTimeWindowDays).toBe(90);
    expect(feed.policy.rulesFor('210202', '2027-01-01')).toMatchObject({ version: 2, values: { medicalInsurance: { onTimeWindowDays: 60 } } });
    // A decision that recorded version 1 is explained with version 1 whatever the date.
    expect(feed.policy.rulesFor('210202', '2027-06-01', { version: 1 }).values.medicalInsurance.onTimeWindowDays).toBe(90);
    expect(feed.status().recentlySkipped).toEqual([]);
    expect(feed.status()).toMatchObject({ policyVersions: [1, 2], skipped: 0 });
  });

  it('adds a calendar year, then replaces it with a higher version; a lower one is ignored', () => {
    expect(feed.calendar.isWorkingDay('2027-01-01')).toMatchObject({ workingDay: true, provisional: true, calendarVersion: '2027.none' });
    feed.apply(message(Topics.calendarYearsV1.name, '2027', yearPayload(year2027)));
    expect(feed.calendar.isWorkingDay('2027-01-01')).toMatchObject({ workingDay: false, provisional: false, calendarVersion: '2027.1' });
    const corrected = { ...year2027, version: 2, holidays: [{ ...year2027.holidays[0]!, restDays: ['2027-01-01'] }] };
    feed.apply(message(Topics.calendarYearsV1.name, '2027', yearPayload(corrected)));
    feed.apply(message(Topics.calendarYearsV1.name, '2027', yearPayload(year2027)));
    expect(feed.calendar.addWorkingDays('2026-12-31', 1)).toMatchObject({ lastWorkingDay: '2027-01-04', provisional: false, calendarVersion: '2027.2' });
    expect(changes.map((c) => (c.kind === 'calendar' ? `${c.year}.${c.version} ${c.outcome}` : c.kind))).toEqual(['2027.1 added', '2027.2 replaced']);
    // The envelope id of the message that brought the year: what a service records as the cause of the answers it changes.
    expect(changes[0]).toMatchObject({ messageId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) });
    expect(feed.status().calendarYears).toEqual(['2025.1', '2026.1', '2027.2']);
  });

  it('skips, with a reason and without throwing, what it cannot use', () => {
    const document = policyV2();
    feed.apply(message(Topics.policyVersionsV1.name, '2', { ...policyPayload(document), sha256: '0'.repeat(64) }));
    feed.apply(message(Topics.policyVersionsV1.name, '3', policyPayload(document)));
    feed.apply(message(Topics.policyVersionsV1.name, '2', { ...policyPayload(document), version: 'two' }));
    feed.apply({ ...message(Topics.policyVersionsV1.name, '2', policyPayload(document)), value: Buffer.from('{not json') });
    const broken = policyV2();
    (broken['national'] as { rules: { sla: Record<string, unknown> } }).rules.sla = {};
    feed.apply(message(Topics.policyVersionsV1.name, '2', policyPayload(broken)));
    // Other content under a version already held (here the repository's version 1).
    const rewritten = { ...policyV2(30), version: 1, effectiveFrom: '2024-01-01' };
    feed.apply(message(Topics.policyVersionsV1.name, '1', policyPayload(rewritten)));
    feed.apply(message(Topics.calendarYearsV1.name, '2027', yearPayload({ ...year2027, holidays: [{ ...year2027.holidays[0]!, restDays: ['2028-01-01'] }] })));
    expect(feed.status().recentlySkipped.map((s) => s.reason)).toEqual([
      'HASH_MISMATCH',
      'KEY_MISMATCH',
      'INVALID_MESSAGE',
      'INVALID_MESSAGE',
      'INVALID_DOCUMENT',
      'VERSION_CONFLICT',
      'INVALID_DOCUMENT',
    ]);
    expect(feed.status()).toMatchObject({ skipped: 7, policyVersions: [1], calendarYears: ['2025.1', '2026.1'] });
    expect(changes).toEqual([]);
  });

  it('ignores a field it does not know in the payload (tolerant reader)', () => {
    feed.apply(message(Topics.calendarYearsV1.name, '2027', { ...yearPayload(year2027), comment: 'added later' }));
    expect(feed.status()).toMatchObject({ skipped: 0, calendarYears: ['2025.1', '2026.1', '2027.1'] });
  });
});
