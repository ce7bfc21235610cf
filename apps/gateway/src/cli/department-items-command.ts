import { DEMO_INTERNAL_TOKEN, InternalApiClient, type ApiError } from '@birth/platform';
import { UsageError, type Output } from './hospital-command';

export const DEPARTMENT_ITEMS_USAGE = `usage: npm run cli -- insurance|card <command>      (through the owning service's internal API)
  insurance record-payment --case ID
                          record that the newborn's first-year contribution was paid (medical-insurance; the item
                          must be enrolled; a repeat answers the payment first recorded)
  card advance --case ID [--to in_production|ready|issued]
                          move the physical social security card one state on (to the next state by default)
  Environment: MEDICAL_INSURANCE_INTERNAL_URL (default http://127.0.0.1:8183), SOCIAL_SECURITY_CARD_INTERNAL_URL
  (default http://127.0.0.1:8184), INTERNAL_API_TOKEN (the CLI's token in the service's INTERNAL_API_TOKENS; outside
  production the demo token by default)`;

export type DepartmentItemCommand = { group: 'insurance'; command: 'record-payment'; caseId: string } | { group: 'card'; command: 'advance'; caseId: string; to: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMMANDS = { insurance: { 'record-payment': ['--case'] }, card: { advance: ['--case', '--to'] } } as const;

/** `insurance record-payment --case ID` or `card advance --case ID [--to STATE]`; throws UsageError on anything else. */
export function parseDepartmentItemCommand(argv: readonly string[]): DepartmentItemCommand {
  const [group, command, ...rest] = argv;
  if (group !== 'insurance' && group !== 'card') throw new UsageError(`unknown command group "${group ?? ''}"`);
  const known = Object.keys(COMMANDS[group]);
  if (!command || !known.includes(command)) throw new UsageError(command ? `unknown command "${group} ${command}"` : `${group} needs a command (${known.join(', ')})`);
  const allowed: readonly string[] = group === 'insurance' ? COMMANDS.insurance['record-payment'] : COMMANDS.card.advance;
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i]!, rest[i + 1]];
    if (!allowed.includes(flag)) throw new UsageError(`${group} ${command} does not take "${flag}" (takes ${allowed.join(', ')})`);
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    if (flags.has(flag)) throw new UsageError(`${flag} given twice`);
    flags.set(flag, value);
  }
  const caseId = flags.get('--case');
  if (!caseId) throw new UsageError(`${group} ${command} needs --case`);
  if (!UUID.test(caseId)) throw new UsageError(`--case must be a case id (a UUID), got "${caseId}"`);
  if (group === 'insurance') return { group, command: 'record-payment', caseId: caseId.toLowerCase() };
  return { group, command: 'advance', caseId: caseId.toLowerCase(), to: flags.get('--to') ?? null };
}

/** The service refused the request: its errors as it gave them (field, code, zh/en). */
export class DepartmentItemRefused extends Error {
  constructor(
    readonly status: number,
    readonly errors: ApiError[],
  ) {
    super(`refused (${status}): ${errors.map((e) => `${e.field} ${e.code}: ${e.message.en} / ${e.message.zh}`).join('; ')}`);
    this.name = 'DepartmentItemRefused';
  }
}

/** The owning service's client from the environment (the demo token only outside production). */
export function departmentItemClient(group: DepartmentItemCommand['group'], env: NodeJS.ProcessEnv = process.env): InternalApiClient {
  const token = env['INTERNAL_API_TOKEN'] ?? (env['NODE_ENV'] === 'production' ? undefined : DEMO_INTERNAL_TOKEN);
  if (!token) throw new Error("INTERNAL_API_TOKEN is required in production (the CLI's token in the service's INTERNAL_API_TOKENS)");
  const baseUrl = group === 'insurance' ? (env['MEDICAL_INSURANCE_INTERNAL_URL'] ?? 'http://127.0.0.1:8183') : (env['SOCIAL_SECURITY_CARD_INTERNAL_URL'] ?? 'http://127.0.0.1:8184');
  return new InternalApiClient({ baseUrl, token });
}

/** Runs one command; prints the item as the service answers it (personal data masked). A refusal throws DepartmentItemRefused (exit 1). */
export async function runDepartmentItemCommand(command: DepartmentItemCommand, client: InternalApiClient, actor: string, out: Output): Promise<void> {
  const answer =
    command.group === 'insurance'
      ? await client.post<Record<string, unknown>>(`/internal/items/${command.caseId}/contribution-payment`, {}, { actor })
      : await client.post<Record<string, unknown>>(`/internal/items/${command.caseId}/card-advance`, command.to ? { cardState: command.to } : {}, { actor });
  if (!answer.ok) throw new DepartmentItemRefused(answer.status, answer.errors);
  out.json(answer.body);
  out.note(command.group === 'insurance' ? `contribution recorded as paid at ${String(answer.body['contributionPaidAt'])}` : `card is ${String(answer.body['cardState'])}`);
}
