import { TestEnvironment } from 'jest-environment-node';
import { closeLeftovers } from './open-resources';

/**
 * jest's node environment for the suites on real infrastructure (integration, e2e, outage):
 * when a test file ends, whatever it opened through @birth/testing and left open (see
 * open-resources.ts) is closed, so jest ends on its own without --forceExit, and the file fails
 * naming what it left.
 */
export default class InfrastructureEnvironment extends TestEnvironment {
  override async teardown(): Promise<void> {
    const leaked = await closeLeftovers(this.global);
    await super.teardown();
    if (leaked.length > 0) {
      throw new Error(`the test file left open (closed for it now; close them in an afterAll/afterEach):\n- ${leaked.join('\n- ')}`);
    }
  }
}
