import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingRuntime } from '../messaging-runtime';
import type { DepartmentItemDefinition } from './department-item-definition';
import { ItemRecorder } from './item-recorder';
import { ItemsInternalController } from './items-internal.controller';

/**
 * A department's item kit in one import, beside `ServiceModule.forRoot(service)`: provides the
 * `ItemRecorder` for the service's item (writing through the service's outbox) and serves
 * `GET /internal/items/{caseId}` on the internal port. Include `CreateDepartmentItemTables1764000010000`
 * in the service's migrations.
 */
@Module({})
export class DepartmentItemModule {
  static register<F extends object, P extends object>(definition: DepartmentItemDefinition<F, P>): DynamicModule {
    return {
      module: DepartmentItemModule,
      controllers: [ItemsInternalController],
      providers: [
        {
          provide: ItemRecorder,
          inject: [MessagingRuntime],
          useFactory: (messaging: MessagingRuntime) => new ItemRecorder(definition, messaging.publisher),
        },
      ],
      exports: [ItemRecorder],
    };
  }
}
