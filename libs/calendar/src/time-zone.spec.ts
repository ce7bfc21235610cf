import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { CALENDAR_CASES } from '../test/calendar-cases';

// The calendar must not read the process's time zone. Jest cannot change the time zone of its own
// process, so the whole case table runs in child Node processes, one per TZ, side by side: China
// time, UTC, and a zone behind UTC with daylight saving time.
const repoRoot = resolve(__dirname, '../../..');
const script = resolve(__dirname, '../test/print-answers.ts');
const TIME_ZONES = ['Asia/Shanghai', 'UTC', 'America/Los_Angeles'];

async function answersUnder(timeZone: string): Promise<{ timeZone: string; answers: Record<string, unknown> }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', script], {
    cwd: repoRoot,
    env: { ...process.env, TZ: timeZone, SWC_NODE_PROJECT: resolve(repoRoot, 'tsconfig.base.json') },
  });
  return JSON.parse(stdout);
}

describe('the same answers whatever the time zone of the process', () => {
  const expected = JSON.parse(JSON.stringify(Object.fromEntries(CALENDAR_CASES.map((c) => [c.name, c.expected]))));
  let runs: { timeZone: string; answers: Record<string, unknown> }[];
  beforeAll(async () => {
    runs = await Promise.all(TIME_ZONES.map(answersUnder));
  }, 60_000);

  it.each(TIME_ZONES.map((zone, i) => [zone, i] as const))('TZ=%s gives the hand-worked answers', (zone, i) => {
    expect(runs[i].timeZone).toBe(zone);
    expect(runs[i].answers).toEqual(expected);
  });
});
