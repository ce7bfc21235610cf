import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { BenefitPaymentOutcomes, ClaimAccounts } from '../ports/payment-port';

/**
 * The claim side's implementations of the seam, looked up in the whole application when first
 * used (the claim module imports PaymentsModule, so payments cannot import it back).
 */
@Injectable()
export class ClaimSide {
  private found?: { outcomes: BenefitPaymentOutcomes; accounts: ClaimAccounts };

  constructor(private readonly modules: ModuleRef) {}

  get outcomes(): BenefitPaymentOutcomes {
    return this.resolve().outcomes;
  }

  get accounts(): ClaimAccounts {
    return this.resolve().accounts;
  }

  private resolve(): { outcomes: BenefitPaymentOutcomes; accounts: ClaimAccounts } {
    this.found ??= {
      outcomes: this.modules.get(BenefitPaymentOutcomes, { strict: false }),
      accounts: this.modules.get(ClaimAccounts, { strict: false }),
    };
    return this.found;
  }
}
