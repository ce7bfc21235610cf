import { randomUUID } from 'node:crypto';
import { httpSignedParts, signedHeaders } from '../../apps/gateway/src/security/request-signature';
import type { HospitalCredentials } from './hospitals';

// A hospital system calling the public API, signed as docs/hospital-integration.md says: every
// attempt gets a new timestamp and nonce; 429/503 and lost answers are retried with backoff,
// as the guide's "Answers to retry" asks.

export interface ApiAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the gateway's JSON answers, read by field
  body: any;
}

const RETRIES = 4;

export class SignedHospitalApi {
  constructor(
    private readonly baseUrl: string,
    private readonly credentials: HospitalCredentials,
  ) {}

  submit(submission: unknown): Promise<ApiAnswer> {
    return this.request('POST', '/api/v1/births', JSON.stringify(submission));
  }

  correct(caseId: string, correction: unknown): Promise<ApiAnswer> {
    return this.request('POST', `/api/v1/births/${encodeURIComponent(caseId)}/corrections`, JSON.stringify(correction));
  }

  void(caseId: string, reason: string): Promise<ApiAnswer> {
    return this.request('POST', `/api/v1/births/${encodeURIComponent(caseId)}/void`, JSON.stringify({ reason }));
  }

  private async request(method: string, path: string, body: string): Promise<ApiAnswer> {
    for (let attempt = 1; ; attempt += 1) {
      const headers = signedHeaders({
        ...this.credentials,
        secret: this.credentials.secret,
        signedParts: httpSignedParts(method, path),
        timestamp: String(Date.now()),
        nonce: randomUUID(),
        body,
      });
      try {
        const response = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers: { ...headers, 'Content-Type': 'application/json' },
          body,
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        const answer = { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
        if ((response.status === 429 || response.status === 503 || response.status >= 500) && attempt < RETRIES) {
          await sleep(Math.max(Number(response.headers.get('retry-after') ?? 0) * 1000, 250 * 2 ** attempt));
          continue;
        }
        return answer;
      } catch (error) {
        // No answer (timeout, reset): the record id makes a second arrival harmless.
        if (attempt >= RETRIES) throw error;
        await sleep(250 * 2 ** attempt);
      }
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
