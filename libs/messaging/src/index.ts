export type {
  MessageBus,
  Producer,
  Consumer,
  Admin,
  OutgoingMessage,
  IncomingMessage,
  Headers,
  TopicSpec,
  PartitionOffsets,
  Batch,
  BatchControls,
  ConsumerOptions,
} from './kafka/message-bus';
export { KafkaJsMessageBus } from './kafka/kafkajs-message-bus';
export { readTopicToEnd } from './kafka/read-to-end';
export type { KafkaJsOptions } from './kafka/kafkajs-message-bus';
export { TopicNamer } from './topic-namer';
export { CreateMessagingTables1764000000000 } from './messaging.migration';
export { AddInboxAttempts1764000004000 } from './inbox/inbox-attempts.migration';
export { OutboxNotifyWhenIdle1764000005000 } from './outbox/outbox-wake.migration';
export { preparedQuery, preparedStatementName } from './database/prepared-query';
export { OutboxPublisher } from './outbox/outbox-publisher';
export type { PublishRequest, CommandRequest } from './outbox/outbox-publisher';
export { OutboxRelay, quoteIdent } from './outbox/outbox-relay';
export type { OutboxRelayOptions, OutboxRelayStatus } from './outbox/outbox-relay';
export { InboxConsumer } from './inbox/inbox-consumer';
export { pruneInbox } from './inbox/inbox-rows';
export { InboxPruner } from './inbox/inbox-pruner';
export type { InboxPrunerOptions } from './inbox/inbox-pruner';
export type { InboxConsumerOptions, InboxConsumerStatus, InboxContext, MessageHandler, DeadLetterFailure } from './inbox/inbox-consumer';
export { InboxTransport, InboxRpcContext, RethrowToInbox } from './inbox/inbox-transport';
export { PermanentError, isDatabaseConnectionError } from './inbox/errors';
export { failpoint, failsFirstAttempt, type FailpointName, type TransientFailpointName } from './failpoints';
export { DeadLetterStore } from './dead-letters/dead-letter-store';
export type { DeadLetter } from './dead-letters/dead-letter-store';
export { DeadLetterReplayAudit } from './dead-letters/replay-audit';
export type { ReplayRecorder } from './dead-letters/replay-audit';
export { CreateDeadLetterReplays1764000004100 } from './dead-letters/dead-letter-replays.migration';
export { DEAD_LETTER_HEADER, originalTimestampOf } from './dead-letters/dead-letter-headers';
export type { DeadLetterCode } from './dead-letters/dead-letter-headers';
export {
  runWithCausalContext,
  currentCausalContext,
  freshCausalContext,
  childTraceparent,
  newTraceparent,
  isValidTraceparent,
  HEADER,
  runWithRequestTrace,
  currentRequestTrace,
} from './tracing/trace-context';
export { installMessagingHooks, resetMessagingHooks, messagingHooks } from './observability/messaging-hooks';
export type { MessagingHooks, HandlingObservation } from './observability/messaging-hooks';
export type { CausalContext } from './tracing/trace-context';
export { topicSpecsOf, redeliveryWindowMs, DEAD_LETTER_RETENTION_MS } from './topic-specs';
