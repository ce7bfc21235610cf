// Operators' command for dead letters.
//
//   npm run dlq -- list   <topic>                      list the dead letters of <topic> (personal data masked)
//   npm run dlq -- replay <topic> --ids 0:12,3:4       re-publish chosen dead letters to <topic>
//   npm run dlq -- replay <topic> --all                re-publish every dead letter of <topic>
//
// <topic> is the registry name (e.g. birth.registered.v1); its dead letters are on <topic>.dlq.
// A dead letter's id is `partition:offset` in the dead-letter topic, as `list` prints it.
// Replaying is safe to repeat: consumers deduplicate on the message id (the inbox).
// Environment: KAFKA_BROKERS (default 127.0.0.1:9092), KAFKA_TOPIC_PREFIX (default empty).
import { deadLetterTopicOf } from '@birth/contracts';
import { DeadLetterStore, KafkaJsMessageBus, TopicNamer, type DeadLetter } from '@birth/messaging';

const USAGE = `usage:
  npm run dlq -- list <topic>
  npm run dlq -- replay <topic> (--ids <partition:offset>[,...] | --all)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function summary(letter: DeadLetter): string {
  return JSON.stringify(letter);
}

async function main(argv: string[]): Promise<void> {
  const [command, topic, ...rest] = argv;
  if (!command || !topic || !['list', 'replay'].includes(command)) fail('a command (list or replay) and a topic are required');
  const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
  const namer = new TopicNamer(process.env['KAFKA_TOPIC_PREFIX'] ?? '');
  const store = new DeadLetterStore(new KafkaJsMessageBus({ clientId: 'dlq-cli', brokers }));
  const dlqTopic = deadLetterTopicOf(namer.physical(topic));

  if (command === 'list') {
    const letters = await store.list(dlqTopic);
    for (const letter of letters) process.stdout.write(`${summary(letter)}\n`);
    process.stderr.write(`${letters.length} dead letter(s) in ${dlqTopic}\n`);
    return;
  }
  const all = rest.includes('--all');
  const idsIndex = rest.indexOf('--ids');
  const ids = idsIndex >= 0 ? (rest[idsIndex + 1] ?? '').split(',').filter(Boolean) : [];
  if (all === ids.length > 0) fail('replay takes either --ids or --all');
  if (ids.some((id) => !/^\d+:\d+$/.test(id))) fail('--ids takes partition:offset pairs, e.g. 0:12,3:4');
  const replayed = await store.replay(dlqTopic, ids);
  for (const letter of replayed) process.stdout.write(`${summary(letter)}\n`);
  process.stderr.write(`replayed ${replayed.length} dead letter(s) from ${dlqTopic} to their original topic\n`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`dlq: ${error.message}\n`);
    process.exit(1);
  },
);
