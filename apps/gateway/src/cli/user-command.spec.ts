import { Readable } from 'node:stream';
import { UsageError } from './hospital-command';
import { firstLineOf, parseUserCommand } from './user-command';

describe('npm run cli -- user …: the command line', () => {
  it('parses every command', () => {
    expect(parseUserCommand(['user', 'add', '--username', 'wang.li', '--role', 'clerk', '--region', '210200', '--region', '220100', '--password-stdin'])).toEqual({
      command: 'add',
      username: 'wang.li',
      role: 'clerk',
      regions: ['210200', '220100'],
    });
    expect(parseUserCommand(['user', 'add', '--username=ops-1', '--role=operator', '--password-stdin'])).toEqual({ command: 'add', username: 'ops-1', role: 'operator', regions: [] });
    expect(parseUserCommand(['user', 'disable', '--username', 'wang.li'])).toEqual({ command: 'disable', username: 'wang.li' });
    expect(parseUserCommand(['user', 'reset-password', '--username', 'wang.li', '--password-stdin'])).toEqual({ command: 'reset-password', username: 'wang.li' });
    expect(parseUserCommand(['user', 'list'])).toEqual({ command: 'list' });
  });

  it.each([
    [['user'], /a user command is required/],
    [['user', 'remove', '--username', 'x1'], /unknown command "user remove"/],
    [['user', 'add', '--username', 'wang', '--role', 'clerk', '--region', '210200'], /needs --password-stdin/],
    [['user', 'add', '--username', 'wang', '--role', 'clerk', '--password-stdin'], /a clerk needs at least one region/],
    [['user', 'add', '--username', 'ops', '--role', 'operator', '--region', '210200', '--password-stdin'], /only clerks take --region/],
    [['user', 'add', '--username', 'wang', '--role', 'boss', '--password-stdin'], /role must be one of clerk, operator, admin, auditor/],
    [['user', 'add', '--username', 'wang', '--role', 'clerk', '--region', '2102', '--password-stdin'], /6-digit region code/],
    [['user', 'add', '--username', 'Wang Li', '--role', 'clerk', '--region', '210200', '--password-stdin'], /--username must be/],
    [['user', 'add', '--username', 'wang', '--role', 'clerk', '--region', '210200', '--password', 'secret123456'], /Unknown option '--password'/],
    [['user', 'disable'], /needs --username/],
    [['user', 'disable', '--username', 'wang', '--password-stdin'], /does not take --password-stdin/],
    [['user', 'reset-password', '--username', 'wang'], /needs --password-stdin/],
    [['user', 'list', '--verbose'], /Unknown option/],
  ])('refuses %j as a usage error', (argv, message) => {
    expect(() => parseUserCommand(argv)).toThrow(UsageError);
    expect(() => parseUserCommand(argv)).toThrow(message);
  });

  it('reads the password as the first line of stdin, spaces kept, and refuses a terminal', async () => {
    expect(await firstLineOf(Readable.from(['  a long passphrase  \nignored\n']))).toBe('  a long passphrase  ');
    expect(await firstLineOf(Readable.from(['a long passphrase\r\n']))).toBe('a long passphrase');
    expect(await firstLineOf(Readable.from(['no line break']))).toBe('no line break');
    await expect(firstLineOf(Object.assign(Readable.from([]), { isTTY: true }))).rejects.toThrow(UsageError);
  });
});
