import { parseDeadLetterCommand } from './dead-letters-command';
import { UsageError } from './hospital-command';

describe('npm run cli -- dlq … (and npm run dlq): the command line', () => {
  it('parses list and replay', () => {
    expect(parseDeadLetterCommand(['dlq', 'list', 'birth.registered.v1'])).toEqual({ command: 'list', topic: 'birth.registered.v1' });
    expect(parseDeadLetterCommand(['dlq', 'replay', 'birth.registered.v1', '--ids', '0:12,3:4', '--actor', 'ops-wang', '--note', ' deadlock resolved '])).toEqual({
      command: 'replay',
      topic: 'birth.registered.v1',
      ids: ['0:12', '3:4'],
      all: false,
      actor: 'ops-wang',
      note: 'deadlock resolved',
    });
    expect(parseDeadLetterCommand(['dlq', 'replay', 'birth.submitted.v1', '--all'])).toEqual({ command: 'replay', topic: 'birth.submitted.v1', ids: [], all: true, actor: null, note: null });
  });

  it.each([
    [['dlq'], 'a dlq command is required (list, replay)'],
    [['dlq', 'purge', 'birth.registered.v1'], 'unknown command "dlq purge"'],
    [['dlq', 'list', 'birth.registered'], 'unknown topic "birth.registered": give a registry name such as birth.registered.v1'],
    [['dlq', 'list', 'birth.registered.v1', 'birth.voided.v1'], 'dlq list takes exactly one TOPIC (got 2)'],
    [['dlq', 'list', 'birth.registered.v1', '--all'], 'dlq list does not take --all'],
    [['dlq', 'replay', 'birth.registered.v1', '--ids', '0:1', '--all'], 'dlq replay takes either --ids or --all'],
    [['dlq', 'replay', 'birth.registered.v1', '--ids', '0-1'], '--ids takes partition:offset pairs, e.g. 0:12,3:4 (got "0-1")'],
    [['dlq', 'replay', 'birth.registered.v1', '--all', '--actor', ' '], '--actor needs a name'],
    [['dlq', 'replay', 'birth.registered.v1', '--every'], "Unknown option '--every'"],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseDeadLetterCommand(argv)).toThrow(UsageError);
    expect(() => parseDeadLetterCommand(argv)).toThrow(message);
  });
});
