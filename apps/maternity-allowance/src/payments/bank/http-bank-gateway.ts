import { Injectable } from '@nestjs/common';
import { BANK_SIGNATURE_HEADER, BANK_TIMESTAMP_HEADER, BankPaymentCallbackV1, validatePlain, verifyBankCallback } from '@birth/contracts';
import { PaymentsConfig } from '../payments.config';
import { BankGateway, type BankAnswer, type BankCallback, type PaymentInstruction } from './bank-gateway';

/** The bank's answer about one payment (apps/bank-simulator/README.md, "Payer API"). */
interface BankPaymentAnswer {
  idempotencyKey: string;
  bankReference: string;
  state: 'accepted' | 'settled' | 'rejected';
  amountFen: number;
  reasonCode: string | null;
  acceptedAt: string;
  settledAt: string | null;
  rejectedAt: string | null;
}

/** The demo bank's HTTP API (apps/bank-simulator): POST /payments, GET /payments/{key}, signed callbacks. */
@Injectable()
export class HttpBankGateway extends BankGateway {
  constructor(private readonly config: PaymentsConfig) {
    super();
  }

  async submit(instruction: PaymentInstruction): Promise<BankAnswer> {
    const body = {
      amountFen: instruction.amountFen,
      currency: 'CNY',
      account: { number: instruction.account.number, holderName: instruction.account.holderName },
      reference: instruction.reference,
      callbackUrl: instruction.callbackUrl,
    };
    return this.call('POST', '/payments', { 'idempotency-key': instruction.idempotencyKey }, JSON.stringify(body));
  }

  async lookup(idempotencyKey: string): Promise<BankAnswer> {
    return this.call('GET', `/payments/${encodeURIComponent(idempotencyKey)}`, {}, undefined);
  }

  readCallback(rawBody: Buffer, headers: Readonly<Record<string, string | string[] | undefined>>): BankCallback {
    const header = (name: string) => (typeof headers[name] === 'string' ? headers[name] : undefined);
    const check = verifyBankCallback(this.config.BANK_CALLBACK_SECRET, {
      rawBody,
      timestamp: header(BANK_TIMESTAMP_HEADER),
      signature: header(BANK_SIGNATURE_HEADER),
    });
    if (!check.ok) return { ok: false, status: 401, code: check.reason, detail: 'the callback is not signed by the bank' };
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return { ok: false, status: 400, code: 'CALLBACK_MALFORMED', detail: 'the body is not JSON' };
    }
    const decoded = validatePlain(BankPaymentCallbackV1, parsed, '', { unknownFields: 'ignore' });
    if (!decoded.ok) {
      return { ok: false, status: 400, code: 'CALLBACK_MALFORMED', detail: decoded.errors.map((e) => `${e.field} ${e.code}`).join(', ') };
    }
    const callback = decoded.value;
    return {
      ok: true,
      idempotencyKey: callback.idempotencyKey,
      reference: callback.reference,
      verdict:
        callback.state === 'settled'
          ? { kind: 'settled', bankReference: callback.bankReference, amountFen: callback.amountFen, at: callback.decidedAt }
          : { kind: 'rejected', bankReference: callback.bankReference, reasonCode: callback.reasonCode ?? 'REJECTED', at: callback.decidedAt },
    };
  }

  private async call(method: string, path: string, headers: Record<string, string>, body: string | undefined): Promise<BankAnswer> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.config.BANK_URL}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(this.config.BANK_TIMEOUT_MS),
      });
      text = await response.text();
    } catch (error) {
      return { kind: 'unavailable', detail: `${method} ${path.startsWith('/payments/') ? '/payments/{key}' : path}: ${(error as Error).name}` };
    }
    if (response.status === 200 || response.status === 202) {
      const payment = JSON.parse(text) as BankPaymentAnswer;
      return { kind: 'answered', verdict: verdictOf(payment) };
    }
    const code = errorCodeOf(text);
    if (response.status === 404 && method === 'GET') return { kind: 'not-found' };
    if (response.status === 409 && code === 'IDEMPOTENCY_KEY_REUSED') return { kind: 'refused', code: 'IDEMPOTENCY_KEY_REUSED', detail: 'the bank holds another body under this key' };
    // 422 names the fields, never their values: enough to say which part was refused.
    if (response.status === 422) return { kind: 'refused', code: 'ACCOUNT_MALFORMED', detail: `the bank refused the request: ${code ?? 'invalid'}` };
    return { kind: 'unavailable', detail: `${method} answered ${response.status} ${code ?? ''}`.trim() };
  }
}

function verdictOf(payment: BankPaymentAnswer): Extract<BankAnswer, { kind: 'answered' }>['verdict'] {
  switch (payment.state) {
    case 'settled':
      return { kind: 'settled', bankReference: payment.bankReference, amountFen: payment.amountFen, at: payment.settledAt ?? payment.acceptedAt };
    case 'rejected':
      return { kind: 'rejected', bankReference: payment.bankReference, reasonCode: payment.reasonCode ?? 'REJECTED', at: payment.rejectedAt ?? payment.acceptedAt };
    default:
      return { kind: 'accepted', bankReference: payment.bankReference, at: payment.acceptedAt };
  }
}

function errorCodeOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { errors?: { code?: string; field?: string }[] };
    return body.errors?.map((e) => (e.field ? `${e.field}:${e.code}` : e.code)).join(',');
  } catch {
    return undefined;
  }
}
