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
};

module.exports = {
  // Integration suites wait on real infrastructure with their own deadlines (expectEventually).
  testTimeout: 120_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,infra,tools}/**/*.spec.ts'] },
    {
      ...base,
      ...withInfrastructure,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,infra,tools}/**/*.int-spec.ts'],
    },
    { ...base, ...withInfrastructure, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    {
      ...base,
      ...withInfrastructure,
      displayName: 'outage',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.outage-spec.ts'],
    },
  ],
};
