import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareSealingKeys } from '@birth/platform';
import { spawnNode, type TestNamespace } from '@birth/testing';
import { SEED_REGIONS } from '../../tools/simulator/seed-regions';
import { startIngressGateway, type IngressGateway } from './ingress-client';

/** The gateway of a simulator suite, with the four simulated hospitals registered and their keys in a file for --hospitals. */
export interface SimulatorGateway {
  ingress: IngressGateway;
  hospitalsFile: string;
  /** Stops the gateway and removes the suite's files (the namespace is the suite's to dispose). */
  stop(): Promise<void>;
}

export async function startSimulatorGateway(ns: TestNamespace): Promise<SimulatorGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'simulator-'));
  await prepareSealingKeys(join(dir, 'keys'));
  const ingress = await startIngressGateway(
    ns,
    SEED_REGIONS.map((r) => ({ id: r.hospitalId, name: r.hospitalName, region: r.county })),
    { ALLOWANCE_SEALING_PUBLIC_KEYS_DIR: join(dir, 'keys') },
  );
  const hospitalsFile = join(dir, 'hospitals.json');
  writeFileSync(hospitalsFile, JSON.stringify(ingress.hospitals), { mode: 0o600 });
  return {
    ingress,
    hospitalsFile,
    async stop() {
      await ingress.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SimulatorRun {
  code: number | null;
  stdout: string;
  /** stdout and stderr together. */
  output: string;
  /** The last stdout line, parsed (null when it is not JSON). */
  summary: Record<string, unknown> | null;
}

/** Runs npm run simulate (tools/simulator/main.ts) as a process and waits for it to end. */
export async function simulate(env: Record<string, string>, args: string[]): Promise<SimulatorRun> {
  const run = spawnNode('tools/simulator/main.ts', { NODE_ENV: 'test', ...env }, args);
  let stdout = '';
  run.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const { code } = await run.exited;
  const last = stdout.trimEnd().split('\n').pop() ?? '';
  let summary: Record<string, unknown> | null = null;
  try {
    summary = JSON.parse(last) as Record<string, unknown>;
  } catch {
    summary = null;
  }
  return { code, stdout, output: run.output(), summary };
}
