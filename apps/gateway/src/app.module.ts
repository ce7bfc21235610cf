import { Module } from '@nestjs/common';
import { ServiceModule } from '@birth/platform';
import { service } from './service';

@Module({
  imports: [ServiceModule.forRoot(service)],
})
export class AppModule {}
