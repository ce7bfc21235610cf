export { SAGA_NOW_SQL, sagaNow } from './saga-clock';
export { TIMER_KINDS, TimerScheduler, type ScheduleOptions, type ScheduleOutcome, type ScheduleRequest, type TimerKey, type TimerKind, type TimerState } from './timer-scheduler';
export { TimerTicker, type FiredTimer, type TickResult, type TimerHandler, type TimerTickerOptions } from './timer-ticker';
