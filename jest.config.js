// One jest configuration, four projects, one per size of test:
// - unit: pure logic, no infrastructure (`*.spec.ts` beside the code)
// - integration: per app or lib against real Kafka and PostgreSQL (`*.int-spec.ts`)
// - e2e: across services (`test/**/*.e2e-spec.ts`)
// - outage: suites that stop the shared broker; they run alone, after the others (`*.outage-spec.ts`)
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/lint-fixtures/'],
};

const withInfrastructure = {
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  // Closes what a test file left open (processes, proxies, namespaces) and fails that file,
  // so jest ends on its own: no --forceExit.
  testEnvironment: '<rootDir>/libs/testing/src/jest-environment.ts',
};

// Per project, a timeout for each test and hook that fits the size of its tests, above the
// longest deadline (expectEventually) any of them waits on: unit tests take milliseconds (the
// few that run ESLint give their beforeAll its own 60 s); integration tests wait up to 60 s on
// Kafka and PostgreSQL; end-to-end ones up to 90 s on service processes; the outage suite waits
// 60 + 90 + 60 s for a stopped broker and its return. jest applies a root `testTimeout` only,
// so libs/testing/src/suite-timeout.ts applies `globals.testTimeoutMs`.
const timeout = (testTimeoutMs) => ({
  globals: { testTimeoutMs },
  setupFilesAfterEnv: ['<rootDir>/libs/testing/src/suite-timeout.ts'],
});

module.exports = {
  projects: [
    { ...base, ...timeout(10_000), displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,infra,tools,bench}/**/*.spec.ts'] },
    {
      ...base,
      ...withInfrastructure,
      ...timeout(90_000),
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,infra,tools}/**/*.int-spec.ts'],
    },
    { ...base, ...withInfrastructure, ...timeout(120_000), displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    {
      ...base,
      ...withInfrastructure,
      ...timeout(300_000),
      displayName: 'outage',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.outage-spec.ts'],
    },
  ],
};
