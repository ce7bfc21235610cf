export { SlaModule, SlaTimers, LazyCaseTimeline, slaSettingsOf } from './sla.module';
export { SlaStepClocks, slaTargetOf, type SlaDependencies } from './sla-step-clocks';
export { SlaTimerHandlers } from './sla-timer-handlers';
export { ProvisionalDeadlines } from './provisional-deadlines';
export { DEFAULT_SLA_SETTINGS, type SlaSettings } from './sla-settings';
