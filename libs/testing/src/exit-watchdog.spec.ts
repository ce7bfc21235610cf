import { spawnNode } from './node-process';
import { describeResources } from './exit-watchdog';

const PARENT = 'libs/testing/test/fixtures/exit-watchdog-parent.ts';

describe('exit watchdog', () => {
  // Each case starts a TypeScript process (compiled on the fly): seconds on a busy machine.
  jest.setTimeout(60_000);

  it('reports what a parent that does not exit still holds, then ends it', async () => {
    const parent = spawnNode(PARENT, {}, ['hangs', '1500']);
    const { code, signal } = await parent.exited;
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(parent.output()).toContain('jest (pid');
    expect(parent.output()).toContain('has not exited 2 s after its global teardown');
    expect(parent.output()).toMatch(/active resources at the global teardown: .*Timeout/);
    expect(parent.output()).toContain('ending it (SIGTERM, then SIGKILL)');
  });

  it("names a socket Node never closes, on which the parent spins after its 'exit' event", async () => {
    const parent = spawnNode(PARENT, {}, ['spins', '1500']);
    const { code, signal } = await parent.exited;
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(parent.output()).toMatch(/state R, CPU/);
    expect(parent.output()).toMatch(
      /active resources at the 'exit' event: [^;\n]*TCPSocketWrap[^;\n]*; sockets: \?:\? -> \?:\? \(destroyed, handle still held\/ended, 0 B written, 0 B read\)\n/,
    );
  });

  it('stays silent when the parent exits on its own', async () => {
    const parent = spawnNode(PARENT, {}, ['exits', '1500']);
    expect(await parent.exited).toEqual({ code: 0, signal: null });
    expect(parent.output()).not.toContain('jest-exit-watchdog');
  });

  it('counts resources by kind', () => {
    expect(describeResources(['TCPWrap', 'Timeout', 'TCPWrap'])).toBe('TCPWrap x2, Timeout');
    expect(describeResources([])).toBe('nothing');
  });
});
