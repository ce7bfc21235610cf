import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Topics } from '@birth/contracts';
import { loadPolicyDirectory, REPOSITORY_POLICY_DIRECTORY } from '@birth/policy';
import { referenceDocumentSha256 } from '@birth/platform';
import { spawnNode, TestNamespace } from '@birth/testing';
import { CreateHospitals1764000001000 } from '../hospitals/migrations/1764000001000-create-hospitals';
import { CreateReferenceData1764000007200 } from './migrations/1764000007200-create-reference-data';

// `npm run cli -- policy|calendar import|list` as a real child process against a real schema:
// what it stores, audits and puts in the outbox. That the relay publishes it and every service
// applies it is test/reference-data.e2e-spec.ts.

interface CliRun {
  code: number | null;
  lines: Record<string, unknown>[];
  output: string;
}

interface OutboxRow {
  topic: string;
  message_key: string;
  value: string;
}

describe('npm run cli -- policy|calendar import FILE (validated, stored, audited, queued in one transaction)', () => {
  let ns: TestNamespace;
  let schema: string;
  let dir: string;
  const repositoryV1 = readFileSync(join(REPOSITORY_POLICY_DIRECTORY, 'policy-v1.json'), 'utf8');
  const nextVersion = Math.max(...loadPolicyDirectory().versions().map((v) => v.version)) + 1;

  beforeAll(async () => {
    ns = await TestNamespace.create([]);
    schema = await ns.createSchema('gateway_refdata', [CreateHospitals1764000001000, CreateReferenceData1764000007200]);
    dir = mkdtempSync(join(tmpdir(), 'reference-data-cli-'));
  });

  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await ns?.dispose();
  });

  function file(name: string, content: unknown): string {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return path;
  }

  async function cli(...args: string[]): Promise<CliRun> {
    const child = spawnNode('apps/gateway/src/cli/main.ts', ns.serviceEnv(schema), args);
    let stdout = '';
    child.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const { code } = await child.exited;
    const lines = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { code, lines, output: child.output() };
  }

  const outbox = (topic: string) =>
    ns.query<OutboxRow>(`SELECT topic, message_key, value FROM "${schema}".outbox WHERE topic = $1 ORDER BY seq`, [ns.topic(topic)]);

  function policyVersion(windowDays: number): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const document = JSON.parse(repositoryV1);
    document.version = nextVersion;
    document.effectiveFrom = '2027-01-01';
    document.description = 'integration test: a shorter insurance window';
    document.national.rules.medicalInsurance.onTimeWindowDays.value = windowDays;
    return document;
  }

  const year2027 = {
    year: 2027,
    version: 1,
    source: { issuer: '国务院办公厅', title: 'integration-test fixture, not the notice', issuedOn: '2026-11-01', url: 'https://www.gov.cn/' },
    holidays: [{ name: '元旦', nameEn: "New Year's Day", restDays: ['2027-01-01', '2027-01-02', '2027-01-03'], makeUpWorkingDays: [] }],
  };

  it('imports a policy version once: stored, audited and queued for policy.versions.v1 keyed by its number; again, nothing', async () => {
    const document = policyVersion(60);
    const path = file('policy-next.json', document);
    const imported = await cli('policy', 'import', path);
    expect({ code: imported.code, output: imported.code === 0 ? '' : imported.output }).toEqual({ code: 0, output: '' });
    const sha256 = referenceDocumentSha256(document);
    expect(imported.lines).toEqual([{ kind: 'policy', result: 'imported', version: nextVersion, effectiveFrom: '2027-01-01', laterVersions: [], sha256 }]);

    const [row] = await ns.query<{ version: number; content_sha256: string; imported_by: string; content: unknown }>(`SELECT * FROM "${schema}".policy_versions`);
    expect(row).toMatchObject({ version: nextVersion, content_sha256: sha256, imported_by: `cli:${userInfo().username}`, content: document });
    const queued = await outbox(Topics.policyVersionsV1.name);
    expect(queued).toHaveLength(1);
    expect(queued[0]!.message_key).toBe(String(nextVersion));
    expect(JSON.parse(queued[0]!.value)).toMatchObject({
      type: 'policy.version-published',
      caseId: null,
      producer: 'gateway',
      payload: { version: nextVersion, effectiveFrom: '2027-01-01', sha256, document, importedBy: `cli:${userInfo().username}` },
    });

    const again = await cli('policy', 'import', path);
    expect(again.code).toBe(0);
    expect(again.lines[0]).toMatchObject({ result: 'unchanged', version: nextVersion });
    expect(again.output).toMatch(/nothing stored, nothing published/);
    // The repository's own version 1, unchanged, is also a no-op.
    expect((await cli('policy', 'import', join(REPOSITORY_POLICY_DIRECTORY, 'policy-v1.json'))).lines[0]).toMatchObject({ result: 'unchanged', version: 1 });
    expect(await outbox(Topics.policyVersionsV1.name)).toHaveLength(1);

    const listed = await cli('policy', 'list');
    expect(listed.lines).toEqual([{ kind: 'policy', version: nextVersion, effectiveFrom: '2027-01-01', sha256, importedBy: `cli:${userInfo().username}`, importedAt: expect.any(String) }]);
  });

  it('refuses other content under a known version, and a bad file with its path and problem (exit 1, nothing queued)', async () => {
    const conflicting = await cli('policy', 'import', file('policy-conflict.json', policyVersion(45)));
    expect(conflicting.code).toBe(1);
    expect(conflicting.output).toMatch(/versions are immutable.*\(VERSION_CONFLICT\)/);
    const rewrittenV1 = { ...JSON.parse(repositoryV1), description: 'edited in place' };
    expect((await cli('policy', 'import', file('policy-v1-edited.json', rewrittenV1))).output).toMatch(/VERSION_CONFLICT/);

    const broken = policyVersion(60);
    broken['version'] = nextVersion + 1;
    broken['national'].rules.paternityLeave.days.value = 'fifteen';
    const bad = await cli('policy', 'import', file('policy-broken.json', broken));
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(/policy-broken\.json: \/national\/rules\/paternityLeave\/days\/value: .*\(INVALID_DOCUMENT\)/);
    expect((await cli('policy', 'import', file('not-json.json', '{"version": 3,'))).output).toMatch(/not-json\.json: \/: not JSON/);
    const missing = await cli('policy', 'import', join(dir, 'nowhere.json'));
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.output).toMatch(/cannot read .*nowhere\.json: ENOENT/);
    expect(await outbox(Topics.policyVersionsV1.name)).toHaveLength(1);
  });

  it('imports a calendar year, replaces it with a higher version, refuses a lower or conflicting one', async () => {
    const first = await cli('calendar', 'import', file('2027.json', year2027));
    expect(first).toMatchObject({ code: 0 });
    expect(first.lines[0]).toEqual({ kind: 'calendar', result: 'imported', version: 1, year: 2027, replaced: false, sha256: referenceDocumentSha256(year2027) });
    expect((await cli('calendar', 'import', file('2027-again.json', year2027))).lines[0]).toMatchObject({ result: 'unchanged' });

    const corrected = { ...year2027, version: 2, holidays: [{ ...year2027.holidays[0]!, restDays: ['2027-01-01'] }] };
    expect((await cli('calendar', 'import', file('2027-v2.json', corrected))).lines[0]).toMatchObject({ result: 'imported', version: 2, replaced: true });
    const stale = await cli('calendar', 'import', file('2027-v1-late.json', year2027));
    expect(stale.code).toBe(1);
    expect(stale.output).toMatch(/older than the version 2 already loaded.*\(VERSION_STALE\)/);
    const conflict = await cli('calendar', 'import', file('2027-v2-other.json', { ...corrected, holidays: [{ ...year2027.holidays[0]!, restDays: ['2027-01-02'] }] }));
    expect(conflict.output).toMatch(/VERSION_CONFLICT/);
    const outOfYear = await cli('calendar', 'import', file('2028-bad.json', { ...year2027, year: 2028, version: 1 }));
    expect(outOfYear.code).toBe(1);
    expect(outOfYear.output).toMatch(/2028-bad\.json: .*\(INVALID_DOCUMENT\)/);

    const queued = await outbox(Topics.calendarYearsV1.name);
    expect(queued.map((r) => [r.message_key, (JSON.parse(r.value) as { payload: { version: number } }).payload.version])).toEqual([
      ['2027', 1],
      ['2027', 2],
    ]);
    expect((await cli('calendar', 'list')).lines.map((l) => [l['year'], l['version']])).toEqual([
      [2027, 1],
      [2027, 2],
    ]);
  });

  it('answers --help and refuses a bad command line with the usage (exit 2)', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/policy import FILE/);
    expect(help.output).toMatch(/calendar import FILE/);
    expect(help.output).toMatch(/hospital add/);
    const usage = await cli('calendar', 'import');
    expect(usage.code).toBe(2);
    expect(usage.output).toMatch(/calendar import takes exactly one FILE/);
  });

  it('audits every import, list and refusal', async () => {
    const audit = await ns.query<{ action: string; outcome: string; reason: string | null }>(
      `SELECT action, outcome, reason FROM "${schema}".audit_log WHERE action LIKE 'policy.%' OR action LIKE 'calendar.%' ORDER BY id`,
    );
    expect(audit.map((a) => `${a.action} ${a.outcome}${a.reason ? ` ${a.reason}` : ''}`)).toEqual([
      'policy.import ok',
      'policy.import ok',
      'policy.import ok',
      'policy.list ok',
      'policy.import refused VERSION_CONFLICT',
      'policy.import refused VERSION_CONFLICT',
      'policy.import refused INVALID_DOCUMENT',
      'policy.import refused INVALID_DOCUMENT',
      'calendar.import ok',
      'calendar.import ok',
      'calendar.import ok',
      'calendar.import refused VERSION_STALE',
      'calendar.import refused VERSION_CONFLICT',
      'calendar.import refused INVALID_DOCUMENT',
      'calendar.list ok',
    ]);
  });
});
