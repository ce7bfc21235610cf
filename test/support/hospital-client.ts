import { createHash, createHmac, randomUUID } from 'node:crypto';
import { spawnNode, type TestNamespace } from '@birth/testing';

export interface HospitalCredentials {
  hospitalId: string;
  keyId: string;
  secret: string;
}

/** Registers a hospital through the administrators' CLI, exactly as an operator would. */
export async function addHospital(ns: TestNamespace, gatewaySchema: string, hospital: { id: string; name: string; region: string }): Promise<HospitalCredentials> {
  const cli = spawnNode('apps/gateway/src/cli/main.ts', ns.serviceEnv(gatewaySchema), [
    'hospital',
    'add',
    '--id',
    hospital.id,
    '--name',
    hospital.name,
    '--region',
    hospital.region,
  ]);
  const { code } = await cli.exited;
  if (code !== 0) throw new Error(`hospital add failed (${code}): ${cli.output()}`);
  const line = cli.output().split('\n').find((l) => l.startsWith('{'))!;
  const printed = JSON.parse(line) as { keyId?: string; secret?: string; key?: { keyId: string; secret: string } };
  const key = printed.key ?? (printed as { keyId: string; secret: string });
  return { hospitalId: hospital.id, keyId: key.keyId, secret: key.secret };
}

export interface SignedResponse {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary answers
}

/** A hospital system calling the gateway: every request signed as docs/hospital-integration.md says. */
export class HospitalClient {
  constructor(
    private readonly baseUrl: string,
    readonly credentials: HospitalCredentials,
  ) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    options: { timestamp?: number; nonce?: string; sign?: (canonical: string) => string; sendBody?: string; headers?: Record<string, string> } = {},
  ): Promise<SignedResponse> {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const timestamp = String(options.timestamp ?? Date.now());
    const nonce = options.nonce ?? randomUUID();
    const canonical = [method, path, timestamp, nonce, createHash('sha256').update(text, 'utf8').digest('hex')].join('\n');
    const signature = options.sign ? options.sign(canonical) : createHmac('sha256', this.credentials.secret).update(canonical, 'utf8').digest('hex');
    const sent = options.sendBody ?? text;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(sent ? { 'content-type': 'application/json' } : {}),
        'x-hospital-id': this.credentials.hospitalId,
        'x-key-id': this.credentials.keyId,
        'x-timestamp': timestamp,
        'x-nonce': nonce,
        'x-signature': signature,
        ...options.headers,
      },
      body: sent || undefined,
      signal: AbortSignal.timeout(20_000),
    });
    const raw = await response.text();
    return { status: response.status, headers: response.headers, body: raw ? JSON.parse(raw) : null };
  }
}
