import { spawnNode } from '@birth/testing';

/** The CLI as an operator runs it: help on stdout with exit 0; a bad argument on stderr with exit 2 (no database or broker needed). */
describe('npm run cli: --help and bad arguments, as processes', () => {
  async function cli(args: string[]): Promise<{ code: number | null; stdout: string; output: string }> {
    const run = spawnNode('apps/gateway/src/cli/main.ts', { NODE_ENV: 'test' }, args);
    let stdout = '';
    run.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const { code } = await run.exited;
    return { code, stdout, output: run.output() };
  }

  it('prints a command\'s usage on stdout for --help and exits 0', async () => {
    const help = await cli(['card', 'advance', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run cli -- insurance\|card <command>/);
  });

  it('says what is wrong on stderr, with the usage, and exits 2', async () => {
    const bad = await cli(['dlq', 'replay', 'birth.registered.v1', '--ids', 'twelve']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.output).toContain('cli: --ids takes partition:offset pairs, e.g. 0:12,3:4 (got "twelve")\nusage: npm run cli -- dlq <command>');
  });
});
