import { Module } from '@nestjs/common';
import { loadConfig } from '@birth/platform';
import { AdminController } from './admin/admin.controller';
import { Accounts } from './admin/accounts';
import { AdminTokenGuard } from './admin/admin-token.guard';
import { Ledger } from './admin/ledger';
import { CallbackDispatcher } from './callbacks/callback-dispatcher';
import { BankSimulatorConfig } from './config';
import { BankDatabase } from './database/bank-database';
import { FaultStore } from './faults/faults';
import { HealthController } from './health/health.controller';
import { PaymentsController } from './payments/payments.controller';
import { PaymentsRepository } from './payments/payments.repository';
import { SettlementWorker } from './settlement/settlement-worker';

@Module({
  controllers: [PaymentsController, AdminController, HealthController],
  providers: [
    { provide: BankSimulatorConfig, useFactory: () => loadConfig(BankSimulatorConfig) },
    {
      provide: BankDatabase,
      inject: [BankSimulatorConfig],
      useFactory: async (config: BankSimulatorConfig) => {
        const db = new BankDatabase(config);
        await db.open();
        return db;
      },
    },
    PaymentsRepository,
    FaultStore,
    SettlementWorker,
    CallbackDispatcher,
    Accounts,
    Ledger,
    AdminTokenGuard,
  ],
})
export class AppModule {}
