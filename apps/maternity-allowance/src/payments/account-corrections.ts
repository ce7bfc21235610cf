import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountCorrections, PaymentOrders, type AccountCorrection } from '../ports/payment-port';
import { ClaimSide } from './claim-side';

/**
 * A corrected account enters here (the internal endpoint, the `update-bank-account` command):
 * the claim stores it and ends the pause (ClaimAccounts), then each benefit waiting for it gets
 * a new order, which closes the rejected one (PaymentOrders.open), all in the caller's
 * transaction. A correction with nothing waiting only updates the claim's account.
 */
@Injectable()
export class PaymentAccountCorrections extends AccountCorrections {
  constructor(
    private readonly claim: ClaimSide,
    private readonly orders: PaymentOrders,
  ) {
    super();
  }

  async record(manager: EntityManager, correction: AccountCorrection): Promise<string[] | null> {
    const accepted = await this.claim.accounts.accountCorrected(manager, correction);
    if (accepted.kind === 'not-found') return null;
    const opened: string[] = [];
    for (const request of accepted.reopen) opened.push(await this.orders.open(manager, request));
    return opened;
  }
}
