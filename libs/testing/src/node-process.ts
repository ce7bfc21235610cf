import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './infrastructure';
import { trackOpen } from './open-resources';

export interface NodeProcess {
  child: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once `pattern` appears in the output (or rejects when the process exits first or the deadline passes). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  kill(signal?: NodeJS.Signals): void;
}

/** Runs a TypeScript entry point of the repo in a real child process, as infra/run-node.sh does. */
export function spawnNode(entry: string, env: Record<string, string>, args: string[] = []): NodeProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', '--disable-warning=TimeoutNegativeWarning', '-r', '@swc-node/register', join(REPO_ROOT, entry), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.base.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    listeners.forEach((l) => l());
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
      listeners.forEach((l) => l());
    }),
  );
  // A running child (and its pipes) keeps jest alive: left running by a suite, it is killed when the file ends.
  let killed = false;
  const untrack = trackOpen({
    what: `process ${[entry, ...args].join(' ')} (pid ${child.pid})`,
    closing: () => killed,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  });
  void exited.then(untrack);
  return {
    child,
    output: () => output,
    exited,
    kill: (signal = 'SIGTERM') => {
      killed = true;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    waitForOutput(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${pattern} in the output of ${entry} within ${timeoutMs} ms:\n${output.slice(-3000)}`));
        }, timeoutMs);
        const check = () => {
          const match = pattern.exec(output);
          if (match) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve(match[0]);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`${entry} exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${output.slice(-3000)}`));
          }
        };
        listeners.add(check);
        check();
      });
    },
  };
}
