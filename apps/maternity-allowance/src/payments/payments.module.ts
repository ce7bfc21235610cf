import { Module } from '@nestjs/common';
import { loadConfig, ServiceConfig } from '@birth/platform';
import { AccountCorrections, PaymentOrders } from '../ports/payment-port';
import { PaymentAccountCorrections } from './account-corrections';
import { AccountOpener } from './bank/account-opener';
import { BankGateway } from './bank/bank-gateway';
import { HttpBankGateway } from './bank/http-bank-gateway';
import { BankAccountController } from './bank-account.controller';
import { BankCallbacksController } from './bank-callbacks.controller';
import { OrderAnswers } from './order-answers';
import { PaymentDispatcher } from './payment-dispatcher';
import { PaymentOrderStore } from './payment-order-store';
import { PaymentsConfig } from './payments.config';
import { Reconciliation } from './reconciliation';
import { PaymentMetrics } from './payment-metrics';
import { ClaimSide } from './claim-side';
import { CreatePaymentOrders1764000012900 } from './migrations/1764000012900-create-payment-orders';

/** The payments' migrations: the service descriptor lists them after the claim's. */
export const PAYMENT_MIGRATIONS = [CreatePaymentOrders1764000012900];

/**
 * Payments of the allowance: payment orders (PaymentOrders, for the claim), the dispatcher that
 * sends them after commit, the bank adapter (BankGateway → HttpBankGateway), the signed callback
 * endpoint, reconciliation, and corrected accounts (AccountCorrections, the internal endpoint).
 *
 * The claim side imports this module for PaymentOrders and AccountCorrections, and provides
 * `BenefitPaymentOutcomes` and `ClaimAccounts` anywhere in the application: payments finds them
 * when first needed (ClaimSide), so the two modules do not import each other.
 */
@Module({
  controllers: [BankCallbacksController, BankAccountController],
  providers: [
    // The service's configuration, checked at boot, when its class has the payments' variables (WithPaymentsConfig).
    { provide: PaymentsConfig, inject: [ServiceConfig], useFactory: (config: ServiceConfig) => ('BANK_URL' in config ? (config as unknown as PaymentsConfig) : loadConfig(PaymentsConfig)) },
    ClaimSide,
    PaymentOrderStore,
    { provide: PaymentOrders, useExisting: PaymentOrderStore },
    { provide: BankGateway, useClass: HttpBankGateway },
    AccountOpener,
    OrderAnswers,
    PaymentDispatcher,
    PaymentMetrics,
    Reconciliation,
    PaymentAccountCorrections,
    { provide: AccountCorrections, useExisting: PaymentAccountCorrections },
  ],
  exports: [PaymentOrders, AccountCorrections, PaymentsConfig],
})
export class PaymentsModule {}
