import { ALL_USAGE, COMMAND_GROUPS, readCommandLine } from './command-line';

describe('npm run cli: which command, its help, or what is wrong (every group)', () => {
  it('knows the groups the issues name: hospitals, policy, calendar, certificate blocks, cards, insurance payments, dead letters, console users', () => {
    expect(COMMAND_GROUPS).toEqual(['hospital', 'policy', 'calendar', 'certificate-blocks', 'insurance', 'card', 'dlq', 'user']);
  });

  it('answers --help, -h and help with every group\'s usage', () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['help', 'nothing']]) expect(readCommandLine(argv)).toEqual({ kind: 'help', text: ALL_USAGE });
    for (const group of COMMAND_GROUPS) expect(ALL_USAGE).toContain(`npm run cli -- ${group === 'policy' || group === 'calendar' ? 'policy|calendar' : group === 'insurance' || group === 'card' ? 'insurance|card' : group} <command>`);
  });

  it.each([
    [['hospital', '--help'], 'usage: npm run cli -- hospital <command>'],
    [['hospital', 'add', '--help'], 'usage: npm run cli -- hospital <command>'],
    [['hospital', 'revoke-key', '--id', 'H1', '-h'], 'usage: npm run cli -- hospital <command>'],
    [['policy', 'import', '--help'], 'usage: npm run cli -- policy|calendar <command>'],
    [['calendar', 'list', '--help'], 'usage: npm run cli -- policy|calendar <command>'],
    [['certificate-blocks', 'add', '--help'], 'usage: npm run cli -- certificate-blocks <command>'],
    [['insurance', 'record-payment', '--help'], 'usage: npm run cli -- insurance|card <command>'],
    [['card', 'advance', '--help'], 'usage: npm run cli -- insurance|card <command>'],
    [['dlq', 'replay', '--help'], 'usage: npm run cli -- dlq <command>'],
    [['help', 'dlq'], 'usage: npm run cli -- dlq <command>'],
  ])('%j prints that group\'s usage', (argv, start) => {
    const line = readCommandLine(argv);
    expect(line.kind).toBe('help');
    expect((line as { text: string }).text.startsWith(start)).toBe(true);
  });

  it.each([
    [[], 'a command is required'],
    [['hospitals', 'list'], 'unknown command group "hospitals" (groups: hospital, policy, calendar, certificate-blocks, insurance, card, dlq, user)'],
    [['hospital', 'add', '--id', 'H1'], 'hospital add needs --name, --region'],
    [['hospital', 'list', '--verbose'], "Unknown option '--verbose'"],
    [['policy', 'import'], 'policy import takes exactly one FILE (a JSON document)'],
    [['calendar', 'drop'], 'unknown command "calendar drop"'],
    [['certificate-blocks', 'add', '--institution', 'I1', '--prefix', 'O', '--from', 'one', '--to', '9'], '--from must be a serial of 1–9 digits (got "one")'],
    [['insurance', 'record-payment', '--case', 'nope'], '--case must be a case id (a UUID), got "nope"'],
    [['card', 'advance'], 'card advance needs --case'],
    [['dlq', 'list'], 'dlq list takes exactly one TOPIC (got 0)'],
    [['dlq', 'replay', 'birth.registered.v1'], 'dlq replay takes either --ids or --all'],
  ])('refuses %j: %s', (argv, message) => {
    const line = readCommandLine(argv);
    expect(line).toMatchObject({ kind: 'usage-error', message });
  });

  it('gives the usage of the group the mistake is in', () => {
    expect(readCommandLine(['dlq', 'purge'])).toMatchObject({ kind: 'usage-error', usage: expect.stringMatching(/^usage: npm run cli -- dlq/) });
    expect(readCommandLine(['nothing'])).toMatchObject({ kind: 'usage-error', usage: ALL_USAGE });
  });

  it('returns the parsed command', () => {
    expect(readCommandLine(['hospital', 'list'])).toEqual({ kind: 'command', command: { group: 'hospital', command: { command: 'list' } } });
    expect(readCommandLine(['dlq', 'list', 'birth.registered.v1'])).toEqual({ kind: 'command', command: { group: 'dlq', command: { command: 'list', topic: 'birth.registered.v1' } } });
    expect(readCommandLine(['policy', 'list'])).toEqual({ kind: 'command', command: { group: 'reference-data', command: { kind: 'policy', command: 'list' } } });
  });
});
