import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { CaseReader } from './case-reader';
import { CasesInternalController } from './cases.internal.controller';
import { ManualWorkReader } from './manual-work';
import { SlaOverviewReader } from './sla-overview';

/** The saga's query API (`/internal/cases…` on INTERNAL_PORT, 8186). */
@Module({
  imports: [CasesModule],
  controllers: [CasesInternalController],
  providers: [CaseReader, SlaOverviewReader, ManualWorkReader],
})
export class QueryModule {}
