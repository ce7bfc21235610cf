import { Controller, HttpCode, HttpException, Logger, Post, Req, type RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { BankGateway } from './bank/bank-gateway';
import { OrderAnswers } from './order-answers';
import { PaymentOrderStore } from './payment-order-store';

function refuse(status: number, field: string, code: string, zh: string, en: string): HttpException {
  return new HttpException({ errors: [{ field, code, message: { zh, en } }] }, status);
}

/**
 * The bank's signed callbacks (`POST /bank/callbacks`, on the main port: the bank is not an
 * internal caller). Verified over the exact bytes received, then applied to the order like any
 * other answer of the bank, in one transaction with the claim's outcome; 200 only after that
 * commits, so an unacknowledged callback is sent again and a repeated one changes nothing.
 */
@Controller('bank/callbacks')
export class BankCallbacksController {
  private readonly log = new Logger('BankCallbacks');

  constructor(
    private readonly dataSource: DataSource,
    private readonly bank: BankGateway,
    private readonly store: PaymentOrderStore,
    private readonly answers: OrderAnswers,
  ) {}

  @Post()
  @HttpCode(200)
  async receive(@Req() request: RawBodyRequest<Request>): Promise<{ received: true }> {
    const callback = this.bank.readCallback(request.rawBody ?? Buffer.alloc(0), request.headers);
    if (!callback.ok) {
      this.log.warn(`callback refused: ${callback.code} (${callback.detail})`);
      throw callback.status === 401
        ? refuse(401, 'X-Bank-Signature', callback.code, '回调签名无效', 'The callback is not signed by the bank')
        : refuse(400, 'body', callback.code, '回调内容无效', 'The callback body is invalid');
    }
    await this.dataSource.transaction(async (manager) => {
      const order = await this.store.lock(manager, { idempotencyKey: callback.idempotencyKey });
      if (!order) {
        // Not ours (or not yet committed: the bank sends it again): never acknowledged, so never lost.
        throw refuse(404, 'idempotencyKey', 'PAYMENT_ORDER_NOT_FOUND', '没有该支付指令', 'No payment order has this idempotency key');
      }
      if (callback.reference !== order.orderId) {
        await this.answers.raiseMismatch(manager, order, 'LEDGER_PAYMENT_UNKNOWN_TO_CLAIM', 'the bank answered under this key for another reference');
        return;
      }
      await this.answers.apply(manager, order, callback.verdict);
    });
    return { received: true };
  }
}
