import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { IDEMPOTENCY_KEY_PATTERN, paymentBodyHash, PaymentRequest } from '../domain/payment-request';
import { FaultStore } from '../faults/faults';
import { bankError } from '../http/bank-api-errors';
import { validatedBody } from '../http/validated-body';
import { SettlementWorker } from '../settlement/settlement-worker';
import { paymentView } from './payment-view';
import { PaymentsRepository } from './payments.repository';

function checkedKey(key: string | undefined): string {
  if (key === undefined || key === '') throw bankError('IDEMPOTENCY_KEY_MISSING');
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) throw bankError('IDEMPOTENCY_KEY_INVALID');
  return key;
}

/** The payer's API: pay once per key, and read a payment back by its key (README.md). */
@Controller('payments')
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsRepository,
    private readonly faults: FaultStore,
    private readonly settlement: SettlementWorker,
  ) {}

  /**
   * 202 for a new payment, 200 with the same payment for a repeat of the same body under its key.
   * A lost answer (injected) is a 503 after the work is done, as a gateway timing out after its commit.
   */
  @Post()
  async pay(@Headers('idempotency-key') key: string | undefined, @Body() body: unknown, @Res({ passthrough: true }) response: Response) {
    await this.injectedFaults();
    const idempotencyKey = checkedKey(key);
    const request = validatedBody(PaymentRequest, body);
    const bodySha256 = paymentBodyHash(request);
    const { created, payment } = await this.payments.acceptOnce(idempotencyKey, bodySha256, request);
    if (!created && payment.body_sha256 !== bodySha256) throw bankError('IDEMPOTENCY_KEY_REUSED');
    if (created) this.settlement.wake();
    if (await this.faults.takeLostAnswer()) throw bankError('BANK_UNAVAILABLE');
    response.status(created ? 202 : 200);
    return paymentView(payment);
  }

  @Get(':idempotencyKey')
  @HttpCode(200)
  async find(@Param('idempotencyKey') key: string) {
    await this.injectedFaults();
    const payment = await this.payments.byKey(checkedKey(key));
    if (!payment) throw bankError('PAYMENT_NOT_FOUND');
    return paymentView(payment);
  }

  /** Admin-injected slowness and transient failures: a failed request does nothing at all. */
  private async injectedFaults(): Promise<void> {
    const { latencyMs, fail } = await this.faults.forRequest();
    if (latencyMs > 0) await sleep(latencyMs);
    if (fail) throw bankError('BANK_UNAVAILABLE');
  }
}
