import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Topics } from '@birth/contracts';
import { chinaDayOf, formatChinaDay, loadYearFiles } from '@birth/calendar';
import { loadPolicyDirectory, REPOSITORY_POLICY_DIRECTORY } from '@birth/policy';
import { expectEventually, spawnNode, TestNamespace } from '@birth/testing';
import { addHospital, HospitalClient } from './support/hospital-client';
import { sampleBirth } from './support/sample-birth';
import { prepareServiceSchema, readiness, startService, type RunningService } from './support/system';

/**
 * Rules and calendar as data, end to end (issues 10 and 13): an operator imports a policy version
 * and a calendar year with the gateway's CLI; the gateway's relay publishes them on the compacted
 * topics; a running medical-insurance service takes them without a restart, its next decision
 * (the newborn's on-time enrolment window, DOMAIN.md §5) uses them, and a decision recorded
 * before keeps its versions. A service started afterwards is ready only once it holds both.
 */
describe('policy and calendar imports reach a running service', () => {
  let ns: TestNamespace;
  let gateway: RunningService;
  let insurance: RunningService;
  let gatewaySchema: string;
  let client: HospitalClient;
  let dir: string;
  const started: RunningService[] = [];

  // Every birth of this suite: born three hours ago, so its window is counted from the same China date.
  const bornAt = new Date(Date.now() - 3 * 3600_000).toISOString();
  const bornOn = formatChinaDay(chinaDayOf(new Date(bornAt)));
  const today = formatChinaDay(chinaDayOf(new Date()));
  const repository = loadPolicyDirectory();
  const versionToday = repository.versionOn(today);
  const importedVersion = Math.max(...repository.versions().map((v) => v.version)) + 1;
  // The first year from this one on that the repository has no calendar for: the imported year.
  const covered = new Set(loadYearFiles().map((y) => y.year));
  let missingYear = Number(today.slice(0, 4));
  while (covered.has(missingYear)) missingYear++;
  // The imported version's window ends on 15 January of that year, so the window's end is
  // provisional until the year is imported (a working Friday in 2027, whatever the year's notice).
  const importedWindowDays = Math.round((Date.parse(`${missingYear}-01-15`) - Date.parse(bornOn)) / 86_400_000);

  interface WindowRow {
    policy_version: number;
    window_days: number;
    nominal_last_day: string;
    provisional: boolean;
    calendar_version: string;
    decided_at: Date;
  }

  async function windowOf(caseId: string): Promise<WindowRow | undefined> {
    const [row] = await ns.query<WindowRow>(
      `SELECT policy_version, window_days, to_char(nominal_last_day, 'YYYY-MM-DD') AS nominal_last_day, provisional, calendar_version, decided_at
         FROM "${insurance.schema}".enrolment_windows WHERE case_id = $1`,
      [caseId],
    );
    return row;
  }

  async function submitBirth(): Promise<string> {
    const birth = sampleBirth();
    birth.hospital = { ...birth.hospital, institutionId: client.credentials.hospitalId };
    birth.newborn = { ...birth.newborn, bornAt };
    const answer = await client.request('POST', '/api/v1/births', birth);
    expect(answer.status).toBe(202);
    return answer.body.caseId as string;
  }

  /** The gateway's own decision (issue 10): the intake window's rule version, as stored and as published on birth.registered.v1. */
  async function intakeRuleVersionsOf(caseId: string): Promise<{ stored: number | null; published: unknown }> {
    const [record] = await ns.query<{ rule_version: number | null }>(`SELECT rule_version FROM "${gatewaySchema}".intake_records WHERE case_id = $1`, [caseId]);
    let published: unknown;
    await expectEventually(async () => {
      const [message] = (await ns.readAll(Topics.birthRegisteredV1.name)).filter((m) => m.key?.toString() === caseId);
      expect(message).toBeDefined();
      published = (JSON.parse(message!.value!.toString()) as { payload: { intakeRuleVersion?: unknown } }).payload.intakeRuleVersion;
    });
    return { stored: record?.rule_version ?? null, published };
  }

  async function decidedWindow(caseId: string): Promise<WindowRow> {
    let row: WindowRow | undefined;
    await expectEventually(async () => {
      row = await windowOf(caseId);
      expect(row).toBeDefined();
    });
    return row!;
  }

  async function importFile(kind: 'policy' | 'calendar', name: string, document: unknown): Promise<void> {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(document, null, 2));
    const cli = spawnNode('apps/gateway/src/cli/main.ts', ns.serviceEnv(gatewaySchema), [kind, 'import', path]);
    const { code } = await cli.exited;
    expect({ code, output: code === 0 ? '' : cli.output() }).toEqual({ code: 0, output: '' });
  }

  /** What /health/ready says of the service's copy of the reference data. */
  async function referenceDataOf(service: RunningService): Promise<{ httpStatus: number; policyVersions: number[]; calendarYears: string[]; state: string }> {
    const { status, body } = await readiness(service);
    const details = body.details['referenceData'] as { policyVersions: number[]; calendarYears: string[]; state: string };
    return { ...details, httpStatus: status };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reference-data-e2e-'));
    ns = await TestNamespace.create();
    gatewaySchema = await prepareServiceSchema(ns, 'gateway');
    [gateway, insurance] = await Promise.all([startService(ns, 'gateway', { DATABASE_SCHEMA: gatewaySchema }), startService(ns, 'medical-insurance')]);
    started.push(gateway, insurance);
    const credentials = await addHospital(ns, gatewaySchema, { id: 'H-REFDATA-1', name: '大连市妇女儿童医疗中心', region: '210202' });
    client = new HospitalClient(gateway.url, credentials);
    await expectEventually(async () => expect(await referenceDataOf(insurance)).toMatchObject({ httpStatus: 200, state: 'caught-up' }));
  });

  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop('SIGKILL')));
    await ns?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let decidedBefore: { caseId: string; row: WindowRow };

  it('an imported policy version is used by the next decision of a running service; an earlier decision keeps its version', async () => {
    const caseA = await submitBirth();
    const before = await decidedWindow(caseA);
    expect(before).toMatchObject({ policy_version: versionToday, window_days: 90 });
    expect(await intakeRuleVersionsOf(caseA)).toEqual({ stored: versionToday, published: versionToday });

    const document = JSON.parse(readFileSync(join(REPOSITORY_POLICY_DIRECTORY, 'policy-v1.json'), 'utf8'));
    document.version = importedVersion;
    document.effectiveFrom = today;
    document.description = `end-to-end test: the on-time insurance window ends on ${missingYear}-01-15`;
    document.national.rules.medicalInsurance.onTimeWindowDays.value = importedWindowDays;
    await importFile('policy', 'policy-next.json', document);

    // Without a restart: the running service's own copy takes the version off the topic.
    await expectEventually(async () => expect((await referenceDataOf(insurance)).policyVersions).toContain(importedVersion));
    await expectEventually(async () => expect((await referenceDataOf(gateway)).policyVersions).toContain(importedVersion));
    const published = await ns.readAll(Topics.policyVersionsV1.name);
    expect(published.map((m) => m.key?.toString())).toEqual([String(importedVersion)]);

    const caseB = await submitBirth();
    const after = await decidedWindow(caseB);
    expect(after).toMatchObject({
      policy_version: importedVersion,
      window_days: importedWindowDays,
      nominal_last_day: `${missingYear}-01-15`,
      provisional: true,
      calendar_version: expect.stringContaining(`${missingYear}.none`),
    });
    expect(await windowOf(caseA)).toEqual(before);
    // The intake decision of each birth names the version in force when it was accepted.
    expect(await intakeRuleVersionsOf(caseB)).toEqual({ stored: importedVersion, published: importedVersion });
    expect(await intakeRuleVersionsOf(caseA)).toEqual({ stored: versionToday, published: versionToday });
    decidedBefore = { caseId: caseB, row: after };
  });

  it(`an imported calendar year makes the next decision in that year final, and re-decides the provisional one recorded before`, async () => {
    const year = {
      year: missingYear,
      version: 1,
      source: { issuer: '国务院办公厅', title: 'end-to-end test fixture, not the notice', issuedOn: `${missingYear - 1}-11-01`, url: 'https://www.gov.cn/' },
      holidays: [{ name: '元旦', nameEn: "New Year's Day", restDays: [`${missingYear}-01-01`], makeUpWorkingDays: [] }],
    };
    await importFile('calendar', `${missingYear}.json`, year);
    await expectEventually(async () => expect((await referenceDataOf(insurance)).calendarYears).toContain(`${missingYear}.1`));

    const caseC = await submitBirth();
    expect(await decidedWindow(caseC)).toMatchObject({
      policy_version: importedVersion,
      nominal_last_day: `${missingYear}-01-15`,
      provisional: false,
      calendar_version: expect.stringContaining(`${missingYear}.1`),
    });
    // Issue 13: the window decided provisionally is counted again on the loaded year, keeping its
    // dates, policy version and decision time.
    await expectEventually(async () =>
      expect(await windowOf(decidedBefore.caseId)).toEqual({ ...decidedBefore.row, provisional: false, calendar_version: expect.stringContaining(`${missingYear}.1`) }),
    );
  });

  it('a service started after the imports is ready only once it holds them', async () => {
    const second = await startService(ns, 'medical-insurance', { DATABASE_SCHEMA: insurance.schema });
    started.push(second);
    await expectEventually(async () => expect((await referenceDataOf(second)).httpStatus).toBe(200));
    expect(await referenceDataOf(second)).toMatchObject({
      state: 'caught-up',
      policyVersions: expect.arrayContaining([importedVersion]),
      calendarYears: expect.arrayContaining([`${missingYear}.1`]),
    });
  });
});
