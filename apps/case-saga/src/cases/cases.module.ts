import { Module } from '@nestjs/common';
import { MessagingRuntime } from '@birth/platform';
import { CaseTimeline, StepClocks } from '../ports/step-clock-port';
import { SlaModule } from '../sla';
import { CaseNotifications } from './case-notifications';
import { CaseProjection } from './case-projection';
import { CaseStore } from './case-store';
import { CaseTimelineStore } from './case-timeline.store';
import { CasesConsumer } from './cases.consumer';
import { StepsConsumer } from './steps.consumer';

/**
 * The case projection: consumes the births, the departments' item changes and the claims, keeps
 * cases, steps, timeline and notifications, and provides CaseTimeline to the SLA side (which
 * finds it in the application when a timer first records on it).
 */
@Module({
  imports: [SlaModule],
  controllers: [CasesConsumer, StepsConsumer],
  providers: [
    CaseStore,
    CaseTimelineStore,
    { provide: CaseTimeline, useExisting: CaseTimelineStore },
    { provide: CaseNotifications, inject: [MessagingRuntime], useFactory: (runtime: MessagingRuntime) => new CaseNotifications(runtime.publisher) },
    {
      provide: CaseProjection,
      inject: [CaseStore, CaseTimelineStore, CaseNotifications, StepClocks],
      useFactory: (store: CaseStore, timeline: CaseTimelineStore, notifications: CaseNotifications, clocks: StepClocks) => new CaseProjection(store, timeline, notifications, clocks),
    },
  ],
  exports: [CaseStore, CaseTimelineStore, CaseNotifications, SlaModule],
})
export class CasesModule {}
