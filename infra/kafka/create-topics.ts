// Creates every topic of the contracts registry (and its dead-letter topic) with the
// registry's partitions, retention and cleanup policy (the data topics are compacted; their
// dead-letter topics are not). The broker's auto-create is off: a topic that is not in the
// registry does not exist. Existing topics are left as they are.
//   KAFKA_BROKERS       default 127.0.0.1:9092
//   KAFKA_TOPIC_PREFIX  default empty
import { TOPIC_REGISTRY } from '@birth/contracts';
import { KafkaJsMessageBus, TopicNamer, topicSpecsOf } from '@birth/messaging';

async function main(): Promise<void> {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
  const namer = new TopicNamer(process.env['KAFKA_TOPIC_PREFIX'] ?? '');
  const admin = new KafkaJsMessageBus({ clientId: 'create-topics', brokers }).admin();
  await admin.connect();
  try {
    const specs = topicSpecsOf(TOPIC_REGISTRY, namer);
    await admin.ensureTopics(specs);
    process.stdout.write(`[topics] ${specs.length} topics ready: ${specs.map((s) => s.name).join(', ')}\n`);
  } finally {
    await admin.disconnect();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`[topics] ${error.message}\n`);
  process.exit(1);
});
