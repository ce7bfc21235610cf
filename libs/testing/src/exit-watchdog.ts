import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Makes a jest run that does not end on its own explain itself, then end (infra/test.sh runs
 * jest without --forceExit).
 *
 * Called from the global teardown, i.e. in jest's parent process once every test file has
 * finished. It records what the parent still holds (`process.getActiveResourcesInfo()`) then and
 * again at its 'exit' event — what Node's exit cleanup (FreeEnvironment -> CleanupHandles) will
 * have to close — and starts a small watchdog process. If the parent is still alive
 * `JEST_EXIT_GRACE_MS` (default 120 s) after the teardown, the watchdog prints both lists and the
 * parent's state from /proc (running or sleeping, CPU time, threads), then ends it with SIGTERM
 * (SIGKILL 5 s later): the run fails instead of hanging CI, and says what it was waiting on.
 * When the parent exits, the watchdog exits within 250 ms.
 *
 * The watchdog is detached and unreferenced, so it never keeps jest alive itself.
 */
export function watchJestExit(graceMs = Number(process.env['JEST_EXIT_GRACE_MS'] ?? 120_000)): void {
  if (!(graceMs > 0) || process.env['JEST_EXIT_WATCHDOG'] === 'off') return;
  const stamp = `${process.pid}-${Date.now()}`;
  const reportFile = join(tmpdir(), `jest-exit-${stamp}.txt`);
  const record = (when: string) => {
    try {
      const sockets = describeSockets();
      writeFileSync(reportFile, `${when}: ${describeResources(process.getActiveResourcesInfo())}${sockets ? `; sockets: ${sockets}` : ''}\n`, { flag: 'a' });
    } catch {
      // A diagnostic must not fail the run.
    }
  };
  record('at the global teardown');
  process.once('exit', () => record("at the 'exit' event"));
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), String(graceMs), reportFile], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { PATH: process.env['PATH'] ?? '' },
  });
  watchdog.unref();
}

/**
 * Which TCP sockets the process holds, with both ends and their state. A socket destroyed whose
 * handle is still held at the 'exit' event is one Node will never close, and its exit cleanup
 * spins on it: the runs of issue 9 held one, left by a reset refused during end() (see
 * abortConnection in tcp-proxy.ts). Its ends are gone with its handle (`?:? -> ?:?`).
 */
function describeSockets(): string {
  const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  return handles
    // Not its stdio pipes, which are Sockets too.
    .filter((handle): handle is Socket => handle instanceof Socket && !(handle as { _isStdio?: boolean })._isStdio)
    .map((socket) => {
      const state = [socket.connecting && 'connecting', socket.destroyed && 'destroyed, handle still held', socket.writableEnded && 'ended', socket.readableEnded && 'read-ended']
        .filter(Boolean)
        .join('/');
      return `${socket.localAddress ?? '?'}:${socket.localPort ?? '?'} -> ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'} (${state || 'open'}, ${socket.bytesWritten} B written, ${socket.bytesRead} B read)`;
    })
    .join('; ');
}

/** `TCPWrap x2, Timeout` from `['TCPWrap', 'TCPWrap', 'Timeout']`; `nothing` when empty. */
export function describeResources(resources: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const resource of resources) counts.set(resource, (counts.get(resource) ?? 0) + 1);
  if (counts.size === 0) return 'nothing';
  return [...counts].map(([name, count]) => (count > 1 ? `${name} x${count}` : name)).join(', ');
}

// Plain JavaScript for `node -e`: no TypeScript compiler in the watchdog, so it starts in
// milliseconds and depends on nothing but Node.
const WATCHDOG = String.raw`
const fs = require('node:fs');
const [pid, graceMs, reportFile] = [Number(process.argv[1]), Number(process.argv[2]), process.argv[3]];
const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
const read = (file) => { try { return fs.readFileSync(file, 'utf8'); } catch { return ''; } };
const done = () => { fs.rmSync(reportFile, { force: true }); process.exit(0); };
const started = Date.now();
const poll = setInterval(() => {
  if (!alive()) done();
  if (Date.now() - started < graceMs) return;
  clearInterval(poll);
  const stat = read('/proc/' + pid + '/stat').split(') ').pop().split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const threads = fs.readdirSync('/proc/' + pid + '/task').length;
  process.stderr.write(
    '\n[jest-exit-watchdog] jest (pid ' + pid + ') has not exited ' + Math.round(graceMs / 1000) + ' s after its global teardown.\n' +
    '[jest-exit-watchdog] state ' + stat[0] + ', CPU ' + (ticks / 100).toFixed(1) + ' s, ' + threads + ' threads; wchan ' + read('/proc/' + pid + '/wchan') + '\n' +
    read(reportFile).split('\n').filter(Boolean).map((line) => '[jest-exit-watchdog] active resources ' + line + '\n').join('') +
    '[jest-exit-watchdog] ending it (SIGTERM, then SIGKILL): the run fails rather than hang.\n',
  );
  try { process.kill(pid, 'SIGTERM'); } catch {}
  const killAt = Date.now() + 5000;
  setInterval(() => {
    if (!alive()) done();
    if (Date.now() < killAt) return;
    try { process.kill(pid, 'SIGKILL'); } catch {}
    done();
  }, 100);
}, 250);
`;
