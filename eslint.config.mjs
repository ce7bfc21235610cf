// One flat config for the whole workspace: `npm run lint` runs `eslint .` from the root.
// Deliberately not type-aware (no parserOptions.project): syntax-level rules keep the run fast.
import nx from '@nx/eslint-plugin';
import { createProjectGraphAsync } from '@nx/devkit';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// @nx/enforce-module-boundaries only reads the cached project graph (.nx/workspace-data) and
// silently skips itself when there is none, which is the case for a plain `eslint .` on a fresh
// clone. Building the graph here (in-process: nx.json disables the daemon) keeps the rule honest.
await createProjectGraphAsync({ exitOnError: false });

// The domain of a service is plain TypeScript: no framework, no persistence (STYLE.md).
const frameworkImports = [
  { group: ['@nestjs/*', '@nestjs/*/**'], message: 'domain/ code must not depend on NestJS.' },
  { group: ['typeorm', 'typeorm/**', '@nestjs/typeorm'], message: 'domain/ code must not depend on TypeORM.' },
];

/**
 * Test code: suites, their fixtures and helpers, and libs/testing itself. Everything else is
 * production code, which may not depend on a `type:testing` library.
 */
export const TEST_CODE = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.outage-spec.ts', '**/*.fixture.ts', '**/test/**/*.ts', 'test/**/*.ts', 'libs/testing/**/*.ts'];

function moduleBoundaries({ testCode, allow = [] }) {
  const libs = testCode ? ['type:contracts', 'type:rules', 'type:platform', 'type:testing'] : ['type:contracts', 'type:rules', 'type:platform'];
  return {
    enforceBuildableLibDependency: false,
    // The generator of docs/schemas (tools/, no project) also gives the gateway's OpenAPI
    // document its request schemas (apps/gateway/src/http/openapi-request-schemas.ts): one generator, not two.
    allow: ['^(\\.\\./)+tools/contracts/json-schema$', ...allow],
    // @birth/testing is built on messaging and platform, and their own integration tests use it:
    // an edge into `testing` comes from test code only (production code may not import it, see
    // depConstraints), so a cycle through `testing` is a test-only one. It is ignored for test
    // code, and for production code only on a path through `testing`, where the graph's
    // test-only edges (messaging -> testing -> platform) would otherwise make platform's import
    // of messaging look circular. A production cycle between two other libraries is reported.
    ignoredCircularDependencies: [
      ['testing', 'messaging'],
      ['testing', 'platform'],
    ],
    depConstraints: [
      { sourceTag: 'type:service', onlyDependOnLibsWithTags: libs },
      { sourceTag: 'type:platform', onlyDependOnLibsWithTags: libs },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:rules', 'type:platform', 'type:testing'] },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: libs },
      {
        // Rules as data (libs/policy, libs/calendar): pure functions over versioned data files,
        // usable by any service's domain/ code, so no framework and no database either.
        sourceTag: 'type:rules',
        onlyDependOnLibsWithTags: ['type:rules', 'type:contracts'],
        bannedExternalImports: ['@nestjs/*', '@nestjs/**', 'typeorm', 'typeorm/**', 'pg', 'kafkajs'],
      },
      {
        // Contracts are the wire format shared by every service: no framework, no database.
        sourceTag: 'type:contracts',
        onlyDependOnLibsWithTags: ['type:contracts'],
        bannedExternalImports: ['@nestjs/*', '@nestjs/**', 'typeorm', 'typeorm/**'],
      },
    ],
  };
}

export default defineConfig(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/tmp/**', '**/.nx/**', '**/lint-fixtures/**', 'infra/kafka/target/**'],
  },
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: { '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ testCode: false })] },
  },
  {
    // Test code may use @birth/testing (type:testing); production code may not.
    files: TEST_CODE,
    // The contract's birth fixture (libs/contracts/test) is also the gateway's intake-rule fixture:
    // contracts may depend on no other library, so it lives there and the gateway reaches it by path.
    rules: { '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ testCode: true, allow: ['^(\\.\\./)+libs/contracts/test/birth-submission\\.fixture$'] })] },
  },
  {
    // The end-to-end suites (Nx project `e2e`) run the apps as processes, listed by infra/services,
    // and read a few of an app's own definitions (the gateway's case numbers, OpenAPI document and
    // rules' fixture) by path: no app exports them to another project. The simulator's suite plans
    // the same births as the run it starts (tools/simulator's seeded generator).
    files: ['test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        moduleBoundaries({ testCode: true, allow: ['^(\\.\\./)+apps/[a-z-]+/src/', '^(\\.\\./)+infra/services$', '^(\\.\\./)+tools/simulator/[a-z-]+$'] }),
      ],
    },
  },
  {
    files: ['**/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: frameworkImports }],
    },
  },
  {
    // CommonJS configuration files (jest.config.js) are plain Node scripts.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
