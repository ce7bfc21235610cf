import { CERTIFICATE_BLOCKS_USAGE, parseCertificateBlocksCommand, type CertificateBlocksCommand } from './certificate-blocks-command';
import { DEAD_LETTERS_USAGE, parseDeadLetterCommand, type DeadLetterCommand } from './dead-letters-command';
import { DEPARTMENT_ITEMS_USAGE, parseDepartmentItemCommand, type DepartmentItemCommand } from './department-items-command';
import { parseHospitalCommand, USAGE as HOSPITAL_USAGE, UsageError, type HospitalCommand } from './hospital-command';
import { parseReferenceDataCommand, REFERENCE_DATA_USAGE, type ReferenceDataCommand } from './reference-data-command';
import { parseUserCommand, USER_USAGE, type UserCommand } from './user-command';

// The administrators' one tool: which command a command line asks for, its help, or what is
// wrong with it (exit 2). Pure: main.ts runs what this returns.

export type CliCommand =
  | { group: 'hospital'; command: HospitalCommand }
  | { group: 'reference-data'; command: ReferenceDataCommand }
  | { group: 'certificate-blocks'; command: CertificateBlocksCommand }
  | { group: 'department-items'; command: DepartmentItemCommand }
  | { group: 'dlq'; command: DeadLetterCommand }
  | { group: 'user'; command: UserCommand };

interface Group {
  usage: string;
  parse(argv: readonly string[]): CliCommand;
}

const GROUPS: Record<string, Group> = {
  hospital: { usage: HOSPITAL_USAGE, parse: (argv) => ({ group: 'hospital', command: parseHospitalCommand(argv) }) },
  policy: { usage: REFERENCE_DATA_USAGE, parse: (argv) => ({ group: 'reference-data', command: parseReferenceDataCommand(argv) }) },
  calendar: { usage: REFERENCE_DATA_USAGE, parse: (argv) => ({ group: 'reference-data', command: parseReferenceDataCommand(argv) }) },
  'certificate-blocks': { usage: CERTIFICATE_BLOCKS_USAGE, parse: (argv) => ({ group: 'certificate-blocks', command: parseCertificateBlocksCommand(argv) }) },
  insurance: { usage: DEPARTMENT_ITEMS_USAGE, parse: (argv) => ({ group: 'department-items', command: parseDepartmentItemCommand(argv) }) },
  card: { usage: DEPARTMENT_ITEMS_USAGE, parse: (argv) => ({ group: 'department-items', command: parseDepartmentItemCommand(argv) }) },
  dlq: { usage: DEAD_LETTERS_USAGE, parse: (argv) => ({ group: 'dlq', command: parseDeadLetterCommand(argv) }) },
  user: { usage: USER_USAGE, parse: (argv) => ({ group: 'user', command: parseUserCommand(argv) }) },
};

export const COMMAND_GROUPS = Object.keys(GROUPS);

export const ALL_USAGE = `npm run cli -- <group> <command> [options]   (groups: ${COMMAND_GROUPS.join(', ')}; <group> --help for one)
JSON on stdout, notes and errors on stderr; exit 0 done, 1 refused or failed, 2 usage error.

${[...new Set(Object.values(GROUPS).map((g) => g.usage))].join('\n\n')}`;

export type CommandLine = { kind: 'help'; text: string } | { kind: 'usage-error'; message: string; usage: string } | { kind: 'command'; command: CliCommand };

const HELP = new Set(['--help', '-h']);

/** The command a command line asks for; `--help`/`-h` anywhere (or `help [group]`) asks for the group's usage, or every group's. */
export function readCommandLine(argv: readonly string[]): CommandLine {
  const [first] = argv;
  if (first === 'help') {
    const group = argv[1] === undefined ? undefined : GROUPS[argv[1]];
    return { kind: 'help', text: group?.usage ?? ALL_USAGE };
  }
  const group = first === undefined ? undefined : GROUPS[first];
  if (argv.some((arg) => HELP.has(arg))) return { kind: 'help', text: group?.usage ?? ALL_USAGE };
  if (!group) {
    return { kind: 'usage-error', message: first === undefined ? 'a command is required' : `unknown command group "${first}" (groups: ${COMMAND_GROUPS.join(', ')})`, usage: ALL_USAGE };
  }
  try {
    return { kind: 'command', command: group.parse(argv) };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { kind: 'usage-error', message: error.message, usage: group.usage };
  }
}
