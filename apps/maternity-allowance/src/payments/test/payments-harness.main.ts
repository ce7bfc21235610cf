// Test only: the allowance's payments in a process of their own (PaymentsModule with
// RecordingClaimSide standing in for the claim), so a test can SIGKILL it between sending and
// recording, restart it, and count what the bank's ledger holds.
import { Module } from '@nestjs/common';
import { bootstrapService, ServiceModule, type ServiceDescriptor } from '@birth/platform';
import { MaternityAllowanceConfig } from '../../config';
import { BenefitPaymentOutcomes, ClaimAccounts } from '../../ports/payment-port';
import { PAYMENT_MIGRATIONS, PaymentsModule } from '../payments.module';
import { CreateRecordedOutcomes1764000012990, RecordingClaimSide } from './recording-claim-side';

export const harness: ServiceDescriptor = {
  name: 'maternity-allowance-payments-harness',
  configClass: MaternityAllowanceConfig,
  migrations: [...PAYMENT_MIGRATIONS, CreateRecordedOutcomes1764000012990],
  consumes: false,
  referenceData: false,
};

@Module({
  providers: [RecordingClaimSide, { provide: BenefitPaymentOutcomes, useExisting: RecordingClaimSide }, { provide: ClaimAccounts, useExisting: RecordingClaimSide }],
  exports: [BenefitPaymentOutcomes, ClaimAccounts],
})
class RecordingClaimModule {}

@Module({ imports: [ServiceModule.forRoot(harness), RecordingClaimModule, PaymentsModule] })
class HarnessModule {}

void bootstrapService(HarnessModule, harness);
