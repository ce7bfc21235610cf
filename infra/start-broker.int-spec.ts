import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@birth/testing';

const run = promisify(execFile);
const root = resolve(__dirname, '..');

/**
 * `npm start` (infra/start.sh) stops the broker it started, and only that one, whenever it ends:
 * here it ends early on purpose (PostgreSQL's admin address points at a closed port, so the
 * migrations step fails), which runs the same stop as Ctrl-C, after the broker step, without
 * starting a service on the fixed ports. A private broker on free ports and its own data
 * directory; never the shared one. (Ctrl-C itself was checked by hand: see the README's npm start.)
 */
describe('npm start and the broker (infra/start.sh)', () => {
  let env: NodeJS.ProcessEnv;
  let port: number;
  const dataDir = mkdtempSync(join(tmpdir(), 'start-broker-'));

  beforeAll(async () => {
    port = await freePort();
    let controllerPort = await freePort();
    while (controllerPort === port) controllerPort = await freePort();
    env = {
      ...process.env,
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
      KAFKA_DATA_DIR: dataDir,
      KAFKA_HEAP_OPTS: '-Xmx256m -Xms256m',
      // Nothing listens there: infra/db/prepare.ts fails, the script ends.
      DATABASE_ADMIN_URL: 'postgres://postgres@127.0.0.1:9/postgres',
    };
    // start.sh derives it from KAFKA_PORT.
    delete env['KAFKA_BROKERS'];
  });

  afterAll(async () => {
    await kafka('stop').catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    // The broker's run directory (pid, rendered config, log) is keyed by its port.
    const cache = process.env['BIRTH_CACHE_DIR'] ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'birth-one-thing');
    if (port) rmSync(join(cache, `kafka-run-${port}`), { recursive: true, force: true });
  });

  async function kafka(command: 'start' | 'stop' | 'status'): Promise<{ code: number; output: string }> {
    try {
      const { stdout, stderr } = await run('bash', ['infra/kafka/kafka.sh', command], { cwd: root, env });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, output: failed.stdout + failed.stderr };
    }
  }

  /** Runs infra/start.sh to its end (here: the failed migrations step) and returns its exit code and output. */
  function startScript(): Promise<{ code: number | null; output: string }> {
    return new Promise((done) => {
      const child = spawn('bash', ['infra/start.sh'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.on('close', (code) => done({ code, output }));
    });
  }

  it('a broker it started is stopped when it ends', async () => {
    expect((await kafka('status')).code).not.toBe(0);

    const started = await startScript();

    expect(started.code).not.toBe(0);
    expect(started.output).toContain(`[kafka] broker answers on 127.0.0.1:${port}`);
    expect(started.output).toContain(`[start] stopping the broker this script started (127.0.0.1:${port})`);
    expect(started.output).toContain('[kafka] stopped');
    expect(await kafka('status')).toMatchObject({ code: 1, output: expect.stringContaining(`not answering on 127.0.0.1:${port}`) });
  }, 300_000);

  it('a broker that was already running is left running', async () => {
    expect((await kafka('start')).code).toBe(0);

    const started = await startScript();

    expect(started.code).not.toBe(0);
    expect(started.output).toContain(`[start] a broker already answers on 127.0.0.1:${port}: used, and left running when this script ends`);
    expect(started.output).not.toContain('stopping the broker');
    expect((await kafka('status')).code).toBe(0);
  }, 300_000);
});
