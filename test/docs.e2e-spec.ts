import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { Topics } from '@birth/contracts';
import { expectEventually, TestNamespace } from '@birth/testing';
import { isValidCaseNumber } from '../apps/gateway/src/intake/domain/case-number';
import { serializeOpenApi } from '../apps/gateway/src/http/openapi';
import { addHospital, type HospitalCredentials } from './support/hospital-client';
import { prepareServiceSchema, startService, type RunningService } from './support/system';

/**
 * docs/hospital-integration.md's code, run exactly as written: each block marked
 * `<!-- tested-snippet: NAME -->` is extracted and run (bash or node) against a real gateway,
 * with only the environment variables the guide documents. A snippet that rots (a wrong header
 * name, the canonical lines in the wrong order, a body signed other than sent) fails here.
 */

const REPO_ROOT = join(__dirname, '..');
const DOCS = join(REPO_ROOT, 'docs');
const GUIDE_FILE = join(DOCS, 'hospital-integration.md');
const guide = readFileSync(GUIDE_FILE, 'utf8');

/** The fenced block right after `<!-- tested-snippet: name -->`. */
function snippet(name: string): { language: string; code: string } {
  const marker = `<!-- tested-snippet: ${name} -->`;
  const at = guide.indexOf(marker);
  if (at < 0) throw new Error(`no ${marker} in docs/hospital-integration.md`);
  if (guide.indexOf(marker, at + 1) >= 0) throw new Error(`${marker} twice in docs/hospital-integration.md`);
  const match = /^\s*```(\w+)\n([\s\S]*?)\n```/.exec(guide.slice(at + marker.length));
  if (!match) throw new Error(`${marker} is not followed by a fenced code block`);
  return { language: match[1]!, code: `${match[2]!}\n` };
}

/** The fenced JSON blocks marked `<!-- example-of: Schema -->`. */
function markedExamples(): { schema: string; value: unknown }[] {
  return [...guide.matchAll(/<!-- example-of: (\w+) -->\s*```json\n([\s\S]*?)\n```/g)].map((m) => ({ schema: m[1]!, value: JSON.parse(m[2]!) as unknown }));
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program with exactly `env` (and PATH, HOME), killing it after `timeoutMs`. */
function run(command: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** JSON lines of a program's output (other lines, e.g. a client library's log, are skipped). */
function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

// Snippet files live under the repo's tmp/ (git-ignored), so that `import 'kafkajs'` resolves.
const WORK_DIR = join(REPO_ROOT, 'tmp', 'docs-snippets', randomUUID());

function writeWorkFile(name: string, text: string): string {
  const path = join(WORK_DIR, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

afterAll(() => rmSync(WORK_DIR, { recursive: true, force: true }));

describe('docs/hospital-integration.md without a gateway', () => {
  const vectors = JSON.parse(readFileSync(join(DOCS, 'hospital-signing-test-vector.json'), 'utf8')) as {
    secret: string;
    vectors: { name: string; method?: string; path?: string; timestamp: string; nonce: string; bodySha256: string; signature: string }[];
  };

  it('shows the values of docs/hospital-signing-test-vector.json', () => {
    expect(guide).toContain(`\`${vectors.secret}\``);
    for (const vector of vectors.vectors) expect(guide).toContain(vector.signature);
    const post = vectors.vectors.find((v) => v.name === 'http-post-json-body')!;
    for (const value of [post.method!, post.path!, post.timestamp, post.nonce, post.bodySha256]) expect(guide).toContain(`\`${value}\``);
  });

  it('its openssl check of the test vector prints the vector signature', async () => {
    const { language, code } = snippet('vector');
    expect(language).toBe('bash');
    const result = await run('bash', [writeWorkFile('vector.sh', code)], {});
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(vectors.vectors.find((v) => v.name === 'http-post-json-body')!.signature);
  });

  it('links only to files that exist', () => {
    const links = [...guide.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z]+:/.test(target));
    expect(links.length).toBeGreaterThan(10);
    for (const target of links) expect(`${target}: ${existsSync(join(DOCS, target))}`).toBe(`${target}: true`);
  });

  it('has example answers and requests that fit their schemas', () => {
    const ajv = new Ajv({ nullable: true, allErrors: true, validateSchema: false });
    ajv.addSchema(JSON.parse(readFileSync(join(DOCS, 'openapi.json'), 'utf8')) as object, 'openapi');
    const intakeResult = JSON.parse(readFileSync(join(DOCS, 'schemas', 'birth.intake-results.v1.schema.json'), 'utf8')) as object;
    const examples = markedExamples();
    expect(examples.map((e) => e.schema)).toEqual(expect.arrayContaining(['IntakeReceipt', 'IntakeView', 'CorrectionRequest', 'VoidRequest', 'IntakeResult']));
    for (const { schema, value } of examples) {
      const validate = schema === 'IntakeResult' ? ajv.compile(intakeResult) : ajv.compile({ $ref: `openapi#/components/schemas/${schema}` });
      if (!validate(value)) throw new Error(`example of ${schema}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value)}`);
    }
    const receipt = examples.find((e) => e.schema === 'IntakeReceipt')!.value as { caseNumber: string };
    expect(isValidCaseNumber(receipt.caseNumber)).toBe(true);
  });
});

describe('docs/hospital-integration.md against a running gateway', () => {
  let ns: TestNamespace;
  let gateway: RunningService;
  let credentials: HospitalCredentials;

  beforeAll(async () => {
    ns = await TestNamespace.create();
    const schema = await prepareServiceSchema(ns, 'gateway');
    // An id of its own per run: the Kafka snippet's consumer group is named after it.
    credentials = await addHospital(ns, schema, { id: `HDOCS${randomBytes(5).toString('hex')}`, name: '大连市妇女儿童医疗中心', region: '210202' });
    gateway = await startService(ns, 'gateway', { DATABASE_SCHEMA: schema });
  });

  afterAll(async () => {
    await gateway?.stop('SIGKILL');
    await ns?.dispose();
  });

  /** docs/examples/birth-single.json as this hospital would send it today (the file's own birth is months old), pretty-printed as a HIS might. */
  function freshBirthFile(name: string): { path: string; birthRecordId: string } {
    const birth = JSON.parse(readFileSync(join(DOCS, 'examples', 'birth-single.json'), 'utf8')) as {
      hospital: { institutionId: string; regionCode: string };
      birthRecordId: string;
      deliveryId: string;
      newborn: { bornAt: string };
      application: { consent: { at: string } };
    };
    const birthRecordId = `DOCS-${name}-${randomUUID()}`;
    birth.hospital.institutionId = credentials.hospitalId;
    birth.birthRecordId = birthRecordId;
    birth.deliveryId = `D-${birthRecordId}`;
    birth.newborn.bornAt = new Date(Date.now() - 3 * 3600_000).toISOString();
    birth.application.consent.at = new Date(Date.now() - 3600_000).toISOString();
    return { path: writeWorkFile(`${name}.json`, `${JSON.stringify(birth, null, 2)}\n`), birthRecordId };
  }

  const httpEnv = (bodyFile: string) => ({
    GATEWAY: gateway.url,
    HOSPITAL_ID: credentials.hospitalId,
    KEY_ID: credentials.keyId,
    SECRET: credentials.secret,
    BODY_FILE: bodyFile,
  });

  it('serves at /api/docs-json exactly the committed docs/openapi.json', async () => {
    const response = await fetch(`${gateway.url}/api/docs-json`, { signal: AbortSignal.timeout(20_000) });
    expect(response.status).toBe(200);
    const served = serializeOpenApi(await response.json());
    if (served !== readFileSync(join(DOCS, 'openapi.json'), 'utf8')) throw new Error('the served document differs from docs/openapi.json: run `npm run openapi`');
  });

  it('the curl and openssl snippet registers a birth; run again, it gets the same case (a new nonce, an idempotent replay)', async () => {
    const { language, code } = snippet('curl');
    expect(language).toBe('bash');
    const script = writeWorkFile('send-birth.sh', code);
    const body = freshBirthFile('curl');
    const first = await run('bash', [script], httpEnv(body.path));
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    const receipt = JSON.parse(first.stdout) as { caseId: string; caseNumber: string; state: string; birthRecordId: string };
    expect(receipt).toMatchObject({ state: 'accepted', birthRecordId: body.birthRecordId });
    expect(receipt.caseNumber).toMatch(/^210202-\d{8}-\d{6}-\d$/);
    expect(isValidCaseNumber(receipt.caseNumber)).toBe(true);

    const again = await run('bash', [script], httpEnv(body.path));
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(receipt);
  });

  it('would fail if the curl snippet rotted: canonical lines swapped, a header misnamed', async () => {
    const { code } = snippet('curl');
    const rotted = [
      { from: '"$timestamp" "$nonce"', to: '"$nonce" "$timestamp"', refusal: 'SIGNATURE_INVALID' },
      { from: '-H "X-Nonce: $nonce"', to: '-H "X-Request-Nonce: $nonce"', refusal: 'SIGNATURE_MISSING' },
    ];
    for (const { from, to, refusal } of rotted) {
      expect(code).toContain(from);
      const result = await run('bash', [writeWorkFile(`rotted-${refusal}.sh`, code.replace(from, to))], httpEnv(freshBirthFile(`rotted-${refusal}`).path));
      expect(result.code).not.toBe(0);
      expect((JSON.parse(result.stdout.trim()) as { errors: { code: string }[] }).errors[0]!.code).toBe(refusal);
    }
  });

  it('the Node snippet registers a birth and finds it again by its record id', async () => {
    const { language, code } = snippet('node');
    expect(language).toBe('js');
    const body = freshBirthFile('node');
    const result = await run(process.execPath, [writeWorkFile('send-birth.mjs', code)], httpEnv(body.path));
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const [submitted, found] = jsonLines(result.stdout) as { status: number; requestId: string; replay: boolean; body: Record<string, unknown> }[];
    expect(submitted).toMatchObject({ status: 202, replay: false, body: { state: 'accepted', birthRecordId: body.birthRecordId } });
    expect(submitted!.requestId).toEqual(expect.any(String));
    expect(isValidCaseNumber(submitted!.body['caseNumber'] as string)).toBe(true);
    expect(found).toMatchObject({ status: 200, body: { caseId: submitted!.body['caseId'], caseNumber: submitted!.body['caseNumber'], channel: 'http' } });
  });

  it('the Kafka snippets submit a birth to the ingress topic and read its accepted result', async () => {
    const submit = snippet('kafka');
    const results = snippet('kafka-results');
    const body = freshBirthFile('kafka');
    const kafkaEnv = {
      BROKERS: ns.kafkaBrokers,
      HOSPITAL_ID: credentials.hospitalId,
      KEY_ID: credentials.keyId,
      SECRET: credentials.secret,
      BODY_FILE: body.path,
      // The namespace's own topic names: what a deployment that renames its topics would pass.
      TOPIC: ns.topic(Topics.birthSubmittedV1.name),
      RESULTS_TOPIC: ns.topic(Topics.birthIntakeResultsV1.name),
    };
    const sent = await run(process.execPath, ['--disable-warning=TimeoutNegativeWarning', writeWorkFile('submit-birth.mjs', submit.code)], kafkaEnv);
    expect(sent.code).toBe(0);
    const submissionId = jsonLines(sent.stdout).find((line) => 'submissionId' in line)?.['submissionId'];
    expect(submissionId).toEqual(expect.any(String));

    // The results reader runs until stopped: read its lines until our submission's result shows.
    const reader = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', writeWorkFile('intake-results.mjs', results.code)], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', ...kafkaEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    reader.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    reader.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    try {
      const result = await expectEventually(
        () => {
          const found = jsonLines(output).find((line) => line['submissionId'] === submissionId);
          if (!found) throw new Error(`no result for submission ${String(submissionId)} yet:\n${output.slice(-3000)}`);
          return found;
        },
        { timeoutMs: 90_000, intervalMs: 250 },
      );
      expect(result).toMatchObject({ outcome: 'accepted', hospitalId: credentials.hospitalId, birthRecordId: body.birthRecordId, errors: [] });
      expect(isValidCaseNumber(result['caseNumber'] as string)).toBe(true);
    } finally {
      // The snippet stops on SIGTERM (it disconnects its consumer first); SIGKILL if it does not within 10 s.
      let timer: NodeJS.Timeout | undefined;
      const exited = new Promise((resolve) => reader.once('exit', resolve));
      reader.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      clearTimeout(timer);
      if (reader.exitCode === null && reader.signalCode === null) reader.kill('SIGKILL');
    }
  });
});
