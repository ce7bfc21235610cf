import { readFile } from 'node:fs/promises';
import { UsageError, type Output } from './hospital-command';
import type { ReferenceDataImports, ReferenceDataKind } from '../reference-data/reference-data-imports';

export const REFERENCE_DATA_USAGE = `usage: npm run cli -- policy|calendar <command>
  policy import FILE      validate a policy version (libs/policy's schema and checks), store it, audit it and
                          publish it on policy.versions.v1; the same document again changes nothing, other
                          content under a known version number is refused
  policy list             every imported policy version, one JSON line each (the repository's files are not listed)
  calendar import FILE    the same for one year of the working-day calendar (libs/calendar's schema), published on
                          calendar.years.v1; a new year, or a higher version of a year (a corrected notice)
  calendar list           every imported calendar year version, one JSON line each`;

export type ReferenceDataCommand = { kind: ReferenceDataKind; command: 'import'; file: string } | { kind: ReferenceDataKind; command: 'list' };

/** `policy|calendar import FILE` or `policy|calendar list`; throws UsageError on anything else. */
export function parseReferenceDataCommand(argv: readonly string[]): ReferenceDataCommand {
  const [kind, command, ...rest] = argv;
  if (kind !== 'policy' && kind !== 'calendar') throw new UsageError(kind ? `unknown command group "${kind}"` : 'a command is required');
  if (command === 'list') {
    if (rest.length) throw new UsageError(`${kind} list takes no argument (got ${rest.length})`);
    return { kind, command };
  }
  if (command === 'import') {
    if (rest.length !== 1 || rest[0]!.startsWith('-')) throw new UsageError(`${kind} import takes exactly one FILE (a JSON document)`);
    return { kind, command, file: rest[0]! };
  }
  throw new UsageError(command ? `unknown command "${kind} ${command}"` : `a ${kind} command is required (import FILE, list)`);
}

/** Runs one command; ReferenceDataImportError, a file that cannot be read and database errors propagate (exit 1). */
export async function runReferenceDataCommand(command: ReferenceDataCommand, imports: ReferenceDataImports, out: Output): Promise<void> {
  if (command.command === 'list') {
    const rows = await imports.list(command.kind);
    for (const row of rows) out.json(row);
    out.note(`${rows.length} imported ${command.kind === 'policy' ? 'policy version' : 'calendar year version'}(s)`);
    return;
  }
  let text: string;
  try {
    text = await readFile(command.file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${command.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const outcome = command.kind === 'policy' ? await imports.importPolicy(command.file, text) : await imports.importCalendarYear(command.file, text);
  out.json(outcome);
  if (outcome.result === 'unchanged') {
    out.note('already known with the same content: nothing stored, nothing published');
  } else {
    out.note(`stored and queued on ${command.kind === 'policy' ? 'policy.versions.v1' : 'calendar.years.v1'}: the gateway's outbox relay publishes it, and every service applies it without a restart`);
    if (outcome.laterVersions?.length) {
      out.note(`note: version(s) ${outcome.laterVersions.join(', ')} take effect later and do not carry this version's changes: issue corrected copies of them too`);
    }
  }
}
