import { parseArgs } from 'node:util';
import type { ConsoleUsersAdmin } from '../console-auth/console-users-admin';
import { consoleUserProblem, USERNAME } from '../console-auth/domain/console-user-rules';
import { PASSWORD_MIN_LENGTH } from '../console-auth/domain/password-policy';
import { UsageError, type Output } from './hospital-command';

export const USER_USAGE = `usage: npm run cli -- user <command> [options]
  user add --username U --role ROLE [--region CODE ...] --password-stdin
                                        add a console user: ROLE is clerk, operator, admin or auditor; a clerk
                                        serves at least one region (--region again for more; a prefecture such as
                                        210200 covers its counties, a province such as 210000 its prefectures), the
                                        other roles none; the password (at least ${PASSWORD_MIN_LENGTH} characters) is the first line of stdin
  user disable --username U             refuse the user's sign-ins from now on and end their open sessions
  user reset-password --username U --password-stdin
                                        a new password from stdin; ends the user's sessions and any lock
  user list                             every console user, one JSON line each (never a password or its hash)
The password never goes on the command line (it would stay in the shell's history), e.g.:
  read -rs PW && printf '%s\\n' "$PW" | npm run cli -- user add --username wang.li --role clerk --region 210200 --password-stdin`;

export type UserCommand =
  | { command: 'add'; username: string; role: string; regions: string[] }
  | { command: 'disable'; username: string }
  | { command: 'reset-password'; username: string }
  | { command: 'list' };

const OPTIONS_OF: Record<UserCommand['command'], { required: string[]; optional: string[] }> = {
  add: { required: ['username', 'role', 'password-stdin'], optional: ['region'] },
  disable: { required: ['username'], optional: [] },
  'reset-password': { required: ['username', 'password-stdin'], optional: [] },
  list: { required: [], optional: [] },
};

/** `user <command> --option value …` into a command; throws UsageError on anything else (exit 2). */
export function parseUserCommand(argv: readonly string[]): UserCommand {
  const [group, command, ...rest] = argv;
  if (group !== 'user') throw new UsageError(group ? `unknown command group "${group}"` : 'a command is required');
  if (!command || !(command in OPTIONS_OF)) throw new UsageError(command ? `unknown command "user ${command}"` : 'a user command is required');
  const name = command as UserCommand['command'];
  const spec = OPTIONS_OF[name];
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: false,
      options: {
        username: { type: 'string' },
        role: { type: 'string' },
        region: { type: 'string', multiple: true },
        'password-stdin': { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const extra = Object.keys(values).filter((option) => ![...spec.required, ...spec.optional].includes(option));
  if (extra.length) throw new UsageError(`user ${name} does not take ${extra.map((n) => `--${n}`).join(', ')}`);
  const missing = spec.required.filter((option) => values[option] === undefined || values[option] === '');
  if (missing.length) throw new UsageError(`user ${name} needs ${missing.map((n) => `--${n}`).join(', ')}`);
  const username = values['username'] as string;
  if (name !== 'list' && !USERNAME.test(username)) {
    throw new UsageError('--username must be 2 to 63 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  switch (name) {
    case 'add': {
      const user = { username, role: values['role'] as string, regions: (values['region'] as string[] | undefined) ?? [] };
      const problem = consoleUserProblem(user);
      if (problem) throw new UsageError(problem);
      return { command: 'add', ...user };
    }
    case 'disable':
    case 'reset-password':
      return { command: name, username };
    default:
      return { command: 'list' };
  }
}

/** Reads the password, the first line of stdin (without its line break). */
export type PasswordSource = () => Promise<string>;

/** Runs one command; ConsoleUserAdminError and database errors propagate (exit 1). */
export async function runUserCommand(command: UserCommand, admin: ConsoleUsersAdmin, out: Output, readPassword: PasswordSource): Promise<void> {
  switch (command.command) {
    case 'add': {
      const user = await admin.add({ username: command.username, role: command.role, regions: command.regions, password: await readPassword() });
      out.json(user);
      return;
    }
    case 'disable': {
      const user = await admin.disable(command.username);
      out.json({ username: user.username, disabledAt: user.disabledAt, sessionsEnded: user.sessionsEnded });
      return;
    }
    case 'reset-password': {
      const user = await admin.resetPassword(command.username, await readPassword());
      out.json({ username: user.username, sessionsEnded: user.sessionsEnded });
      out.note('the new password is set; the user signs in with it (any lock is lifted)');
      return;
    }
    case 'list': {
      const users = await admin.list();
      for (const user of users) out.json(user);
      out.note(`${users.length} console user(s)`);
      return;
    }
  }
}

/**
 * The first line of `stream` (a pipe or a file; a terminal would show the password as it is
 * typed, so it is refused). Only a trailing line break is removed: spaces are part of a passphrase.
 */
export async function firstLineOf(stream: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  if (stream.isTTY) throw new UsageError('--password-stdin reads the password from a pipe, not from the terminal: see `npm run cli -- user --help`');
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  const text = Buffer.concat(chunks).toString('utf8');
  const end = text.search(/\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}
