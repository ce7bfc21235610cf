// Each jest project's own timeout for a test or hook (jest.config.js `globals.testTimeoutMs`):
// jest 30 applies `testTimeout` only from the root configuration, not per project, but a
// jest.setTimeout() in a setup file holds for that file's tests and hooks.
const testTimeoutMs = (globalThis as { testTimeoutMs?: unknown }).testTimeoutMs;
if (typeof testTimeoutMs === 'number') jest.setTimeout(testTimeoutMs);
