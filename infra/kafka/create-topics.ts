// Creates every topic of the contracts registry (and its dead-letter topic) with the
// registry's partitions, retention and cleanup policy (the data topics are compacted; their
// dead-letter topics are not). The broker's auto-create is off: a topic that is not in the
// registry does not exist. Existing topics are left as they are.
//   KAFKA_BROKERS       default 127.0.0.1:9092
//   KAFKA_TOPIC_PREFIX  default empty
//   KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS  default: the broker's (production: 3 and 2, infra/k8s)
import { TOPIC_REGISTRY } from '@birth/contracts';
import { KafkaJsMessageBus, TopicNamer, topicSpecsOf } from '@birth/messaging';

async function main(): Promise<void> {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
  const namer = new TopicNamer(process.env['KAFKA_TOPIC_PREFIX'] ?? '');
  const admin = new KafkaJsMessageBus({ clientId: 'create-topics', brokers }).admin();
  await admin.connect();
  try {
    const replication = {
      replicationFactor: positiveInteger('KAFKA_REPLICATION_FACTOR'),
      minInsyncReplicas: positiveInteger('KAFKA_MIN_INSYNC_REPLICAS'),
    };
    const specs = topicSpecsOf(TOPIC_REGISTRY, namer).map((spec) => ({ ...spec, ...replication }));
    await admin.ensureTopics(specs);
    process.stdout.write(`[topics] ${specs.length} topics ready: ${specs.map((s) => s.name).join(', ')}\n`);
  } finally {
    await admin.disconnect();
  }
}

function positiveInteger(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new Error(`${name} must be a positive integer, not "${value}"`);
  return Number(value);
}

main().catch((error: Error) => {
  process.stderr.write(`[topics] ${error.message}\n`);
  process.exit(1);
});
