import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyBankCallback, type BankPaymentCallbackV1 } from '@birth/contracts';

export interface ReceivedCallback {
  rawBody: string;
  timestamp: string | undefined;
  signature: string | undefined;
  payload: BankPaymentCallbackV1;
}

/**
 * A payer's callback endpoint for tests: records every callback as received and answers with
 * `status()` (200 unless a test says otherwise), as the allowance service's endpoint would.
 */
export class CallbackReceiver {
  readonly received: ReceivedCallback[] = [];
  status: (callback: ReceivedCallback) => number = () => 200;
  private readonly server: Server;

  private constructor(server: Server) {
    this.server = server;
  }

  static async start(): Promise<CallbackReceiver> {
    const server = createServer();
    const receiver = new CallbackReceiver(server);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => request.headers[name] as string | undefined;
        const callback = { rawBody, timestamp: header('x-bank-timestamp'), signature: header('x-bank-signature'), payload: JSON.parse(rawBody) as BankPaymentCallbackV1 };
        receiver.received.push(callback);
        response.writeHead(receiver.status(callback)).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/bank/callbacks`;
  }

  for(idempotencyKey: string): ReceivedCallback[] {
    return this.received.filter((c) => c.payload.idempotencyKey === idempotencyKey);
  }

  verified(secret: string, callback: ReceivedCallback): boolean {
    return verifyBankCallback(secret, callback).ok;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
