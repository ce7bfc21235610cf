import { Module } from '@nestjs/common';
import { ServiceModule } from '@birth/platform';
import { AllowanceClaims } from './claims/allowance-claims';
import { ClaimEvents } from './claims/claim-events';
import { ClaimBankAccounts, ClaimPaymentOutcomes } from './claims/claim-payment-outcomes';
import { ClaimResolutions } from './claims/claim-resolutions';
import { ClaimResolutionsController } from './claims/claim-resolutions.controller';
import { ClaimsInternalController } from './claims/claims-internal.controller';
import { ClaimsConsumer } from './claims/claims.consumer';
import { PaymentsModule } from './payments/payments.module';
import { BenefitPaymentOutcomes, ClaimAccounts } from './ports/payment-port';
import { service } from './service';

/**
 * The claim (eligibility, days, amounts, claim-changed, the internal claims API) and payments
 * (orders, the bank adapter, callbacks, reconciliation), meeting only through ports/payment-port.ts:
 * this module provides the claim's side of the seam; PaymentsModule exports the payments' side.
 */
@Module({
  imports: [ServiceModule.forRoot(service), PaymentsModule],
  controllers: [ClaimsConsumer, ClaimsInternalController, ClaimResolutionsController],
  providers: [
    AllowanceClaims,
    ClaimEvents,
    ClaimPaymentOutcomes,
    ClaimBankAccounts,
    ClaimResolutions,
    { provide: BenefitPaymentOutcomes, useExisting: ClaimPaymentOutcomes },
    { provide: ClaimAccounts, useExisting: ClaimBankAccounts },
  ],
})
export class AppModule {}
