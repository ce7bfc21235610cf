import { Module } from '@nestjs/common';
import { ServiceModule } from '@birth/platform';
import { CasesModule } from './cases/cases.module';
import { QueryModule } from './query/query.module';
import { SagaMetrics } from './metrics/saga-metrics';
import { service } from './service';

@Module({
  imports: [ServiceModule.forRoot(service), CasesModule, QueryModule],
  providers: [SagaMetrics],
})
export class AppModule {}
