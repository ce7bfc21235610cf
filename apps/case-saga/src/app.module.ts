import { Module } from '@nestjs/common';
import { ServiceModule } from '@birth/platform';
import { CasesConsumer } from './cases/cases.consumer';
import { service } from './service';

@Module({
  imports: [ServiceModule.forRoot(service)],
  controllers: [CasesConsumer],
})
export class AppModule {}
