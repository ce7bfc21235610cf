import { testInfrastructure } from './infrastructure';
import { spawnNode } from './node-process';

const PARENT = 'libs/testing/test/fixtures/global-hooks-parent.ts';

// jest's parent runs the global setup and teardown: whatever they leave open (a database client,
// a Kafka admin, a docker probe) keeps that process from ending. Where the tests use containers,
// a second setup would start a second pair of them, so this runs on the local infrastructure.
const onLocalInfrastructure = testInfrastructure().mode === 'local' ? it : it.skip;

describe('jest global setup and teardown', () => {
  onLocalInfrastructure('leave nothing open: a process that runs them ends on its own', async () => {
    // Emptied, so the setup does its work instead of finding it done; a process that does not end
    // is reported by the watchdog the teardown arms (what it holds), then ended.
    const parent = spawnNode(PARENT, { BIRTH_TEST_KAFKA_BROKERS: '', BIRTH_TEST_DATABASE_URL: '', JEST_EXIT_GRACE_MS: '15000' });
    const deadline = setTimeout(() => parent.kill('SIGKILL'), 60_000);
    const exited = await parent.exited.finally(() => clearTimeout(deadline));
    expect({ exited, output: parent.output() }).toEqual({
      exited: { code: 0, signal: null },
      output: 'set up: local\nheld at exit: nothing\n',
    });
  });
});
