import { Module } from '@nestjs/common';
import { ServiceModule } from '@birth/platform';
import { BirthsConsumer } from './births/births.consumer';
import { service } from './service';

@Module({
  imports: [ServiceModule.forRoot(service)],
  controllers: [BirthsConsumer],
})
export class AppModule {}
