import { UsageError } from './hospital-command';
import { parseReferenceDataCommand } from './reference-data-command';

describe('npm run cli -- policy|calendar …: the command line', () => {
  it('parses import FILE and list for both kinds', () => {
    expect(parseReferenceDataCommand(['policy', 'import', 'policy-v2.json'])).toEqual({ kind: 'policy', command: 'import', file: 'policy-v2.json' });
    expect(parseReferenceDataCommand(['calendar', 'import', '/tmp/2027.json'])).toEqual({ kind: 'calendar', command: 'import', file: '/tmp/2027.json' });
    expect(parseReferenceDataCommand(['policy', 'list'])).toEqual({ kind: 'policy', command: 'list' });
    expect(parseReferenceDataCommand(['calendar', 'list'])).toEqual({ kind: 'calendar', command: 'list' });
  });

  it.each([
    [['policy']],
    [['calendar', 'remove', '2027']],
    [['policy', 'import']],
    [['policy', 'import', 'a.json', 'b.json']],
    [['calendar', 'import', '--file', 'a.json']],
    [['policy', 'list', '--all']],
    [['policies', 'list']],
  ])('refuses %j as a usage error', (argv) => {
    expect(() => parseReferenceDataCommand(argv)).toThrow(UsageError);
  });
});
