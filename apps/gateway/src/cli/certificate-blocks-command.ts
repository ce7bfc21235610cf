import { DEMO_INTERNAL_TOKEN, InternalApiClient, type ApiError } from '@birth/platform';
import { UsageError, type Output } from './hospital-command';

export const CERTIFICATE_BLOCKS_USAGE = `usage: npm run cli -- certificate-blocks <command>      (through the birth-certificate service's internal API)
  certificate-blocks add --institution ID --prefix LETTER --from N --to M
                          load a block of 出生医学证明 numbers (LETTER + nine digits, serials N..M) for an issuing
                          institution; refused when it overlaps a loaded block; the institution's items waiting with
                          NUMBER_BLOCK_EXHAUSTED are issued at once
  certificate-blocks list --institution ID
                          the institution's blocks with what is left, oldest first
  Environment: BIRTH_CERTIFICATE_INTERNAL_URL (default http://127.0.0.1:8181), INTERNAL_API_TOKEN (the CLI's token in
  the service's INTERNAL_API_TOKENS; outside production the demo token by default)`;

export type CertificateBlocksCommand =
  | { command: 'add'; institutionId: string; prefix: string; from: number; to: number }
  | { command: 'list'; institutionId: string };

/** `certificate-blocks add|list --flag value …`; throws UsageError on anything else. */
export function parseCertificateBlocksCommand(argv: readonly string[]): CertificateBlocksCommand {
  const [group, command, ...rest] = argv;
  if (group !== 'certificate-blocks') throw new UsageError(`unknown command group "${group ?? ''}"`);
  if (command !== 'add' && command !== 'list') throw new UsageError(command ? `unknown command "certificate-blocks ${command}"` : 'a certificate-blocks command is required (add, list)');
  const allowed = command === 'add' ? ['--institution', '--prefix', '--from', '--to'] : ['--institution'];
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i]!, rest[i + 1]];
    if (!allowed.includes(flag)) throw new UsageError(`certificate-blocks ${command} does not take "${flag}" (takes ${allowed.join(', ')})`);
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    if (flags.has(flag)) throw new UsageError(`${flag} given twice`);
    flags.set(flag, value);
  }
  const missing = allowed.filter((flag) => !flags.has(flag));
  if (missing.length) throw new UsageError(`certificate-blocks ${command} needs ${missing.join(', ')}`);
  const institutionId = flags.get('--institution')!;
  if (command === 'list') return { command, institutionId };
  return { command, institutionId, prefix: flags.get('--prefix')!, from: serial(flags.get('--from')!, '--from'), to: serial(flags.get('--to')!, '--to') };
}

function serial(text: string, flag: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new UsageError(`${flag} must be a serial of 1–9 digits (got "${text}")`);
  return Number(text);
}

/** The service refused the request: its errors, as it gave them (field, code, zh/en). */
export class CertificateBlocksRefused extends Error {
  constructor(
    readonly status: number,
    readonly errors: ApiError[],
  ) {
    super(`refused (${status}): ${errors.map((e) => `${e.field} ${e.code}: ${e.message.en} / ${e.message.zh}`).join('; ')}`);
    this.name = 'CertificateBlocksRefused';
  }
}

/** The client from the environment: the service's internal URL and the CLI's own token (the demo token only outside production). */
export function certificateServiceClient(env: NodeJS.ProcessEnv = process.env): InternalApiClient {
  const token = env['INTERNAL_API_TOKEN'] ?? (env['NODE_ENV'] === 'production' ? undefined : DEMO_INTERNAL_TOKEN);
  if (!token) throw new Error('INTERNAL_API_TOKEN is required in production (the CLI\'s token in the service\'s INTERNAL_API_TOKENS)');
  return new InternalApiClient({ baseUrl: env['BIRTH_CERTIFICATE_INTERNAL_URL'] ?? 'http://127.0.0.1:8181', token });
}

/** Runs one command through the internal API; a refusal throws CertificateBlocksRefused (exit 1). */
export async function runCertificateBlocksCommand(command: CertificateBlocksCommand, client: InternalApiClient, actor: string, out: Output): Promise<void> {
  if (command.command === 'list') {
    const answer = await client.get<{ blocks: object[] }>(`/internal/certificate-blocks?institution=${encodeURIComponent(command.institutionId)}`, { actor });
    if (!answer.ok) throw new CertificateBlocksRefused(answer.status, answer.errors);
    for (const block of answer.body.blocks) out.json(block);
    out.note(`${answer.body.blocks.length} block(s) of institution ${command.institutionId}`);
    return;
  }
  const { institutionId, prefix, from, to } = command;
  const answer = await client.post<{ block: object; resumed: number }>('/internal/certificate-blocks', { institutionId, prefix, from, to }, { actor });
  if (!answer.ok) throw new CertificateBlocksRefused(answer.status, answer.errors);
  out.json(answer.body.block);
  out.note(`block loaded; ${answer.body.resumed} item(s) waiting for numbers issued`);
}
