// Proves that eslint.config.mjs really enforces the architecture: each case is linted with the
// workspace's own configuration, as if the file lived at `filePath`. The files do not exist: the
// text goes through ESLint's lintText, with ignore patterns off (`**/lint-fixtures/**` is ignored
// by `npm run lint`, so these paths never meet a real lint run).
//
// ESLint loads eslint.config.mjs with a dynamic import(), which jest's module sandbox refuses
// (it needs --experimental-vm-modules), so the linting happens in one plain Node child process.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = resolve(__dirname, '../..');
const BOUNDARIES = '@nx/enforce-module-boundaries';

interface Case {
  filePath: string;
  code: string;
}

interface Message {
  ruleId: string | null;
  severity: number;
  message: string;
}

const cases = {
  appImportsAnotherAppRelatively: {
    filePath: 'apps/gateway/src/lint-fixtures/imports-another-app.ts',
    code: "import { service } from '../../../birth-certificate/src/service';\nexport const other = service;\n",
  },
  appImportsAnotherAppByPath: {
    filePath: 'apps/gateway/src/lint-fixtures/imports-another-app-by-path.ts',
    code: "import { service } from 'apps/birth-certificate/src/service';\nexport const other = service;\n",
  },
  contractsImportNest: {
    filePath: 'libs/contracts/src/lint-fixtures/imports-nest.ts',
    code: "import { Injectable } from '@nestjs/common';\nexport const decorator = Injectable;\n",
  },
  contractsImportTypeorm: {
    filePath: 'libs/contracts/src/lint-fixtures/imports-typeorm.ts',
    code: "import { Entity } from 'typeorm';\nexport const decorator = Entity;\n",
  },
  contractsImportPlatform: {
    filePath: 'libs/contracts/src/lint-fixtures/imports-platform.ts',
    code: "import { createLogger } from '@birth/platform';\nexport const logger = createLogger;\n",
  },
  cleanApp: {
    filePath: 'apps/gateway/src/lint-fixtures/imports-contracts.ts',
    code:
      "import { Injectable } from '@nestjs/common';\nimport { Topics } from '@birth/contracts';\n" +
      'export const topic = Topics;\nexport const decorator = Injectable;\n',
  },
  domainImportsNest: {
    filePath: 'apps/gateway/src/lint-fixtures/domain/imports-nest.ts',
    code: "import { Injectable } from '@nestjs/common';\nexport const decorator = Injectable;\n",
  },
  domainImportsTypeorm: {
    filePath: 'apps/gateway/src/lint-fixtures/domain/imports-typeorm.ts',
    code: "import type { Repository } from 'typeorm';\nexport type Births = Repository<object>;\n",
  },
  libImportsTesting: {
    filePath: 'libs/messaging/src/lint-fixtures/imports-testing.ts',
    code: "import { expectEventually } from '@birth/testing';\nexport const wait = expectEventually;\n",
  },
  appImportsTesting: {
    filePath: 'apps/gateway/src/lint-fixtures/imports-testing.ts',
    code: "import { expectEventually } from '@birth/testing';\nexport const wait = expectEventually;\n",
  },
  libSpecImportsTesting: {
    filePath: 'libs/messaging/src/lint-fixtures/uses-testing.int-spec.ts',
    code: "import { expectEventually } from '@birth/testing';\nexport const wait = expectEventually;\n",
  },
  appSpecImportsTesting: {
    filePath: 'apps/gateway/src/lint-fixtures/uses-testing.spec.ts',
    code: "import { expectEventually } from '@birth/testing';\nexport const wait = expectEventually;\n",
  },
  messagingImportsPlatform: {
    filePath: 'libs/messaging/src/lint-fixtures/imports-platform.ts',
    code: "import { createServiceDataSource } from '@birth/platform';\nexport const open = createServiceDataSource;\n",
  },
  messagingFixtureImportsPlatform: {
    filePath: 'libs/messaging/test/lint-fixtures/imports-platform.ts',
    code: "import { createServiceDataSource } from '@birth/platform';\nexport const open = createServiceDataSource;\n",
  },
} satisfies Record<string, Case>;

type CaseName = keyof typeof cases;

const lintScript = `
import { ESLint } from 'eslint';
const cases = JSON.parse(process.env.BOUNDARY_CASES);
const eslint = new ESLint({ cwd: process.cwd(), ignore: false });
const results = {};
for (const [name, { filePath, code }] of Object.entries(cases)) {
  const [result] = await eslint.lintText(code, { filePath });
  results[name] = result.messages.map(({ ruleId, severity, message }) => ({ ruleId, severity, message }));
}
process.stdout.write(JSON.stringify(results));
`;

describe('module boundaries (eslint.config.mjs)', () => {
  let results: Record<CaseName, Message[]>;

  beforeAll(async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', lintScript], {
      cwd: repoRoot,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', BOUNDARY_CASES: JSON.stringify(cases) },
      maxBuffer: 10 * 1024 * 1024,
    });
    results = JSON.parse(stdout) as Record<CaseName, Message[]>;
  }, 60_000);

  const errorsOf = (name: CaseName, ruleId: string): string[] =>
    results[name].filter((m) => m.ruleId === ruleId && m.severity === 2).map((m) => m.message);

  it('reports an app importing another app by a relative path', () => {
    expect(errorsOf('appImportsAnotherAppRelatively', BOUNDARIES)).toEqual([
      expect.stringContaining('Projects cannot be imported by a relative or absolute path'),
    ]);
  });

  it('reports an app importing another app by a workspace path', () => {
    expect(errorsOf('appImportsAnotherAppByPath', BOUNDARIES)).toEqual([
      expect.stringContaining('Projects cannot be imported by a relative or absolute path'),
    ]);
  });

  it('reports contracts importing @nestjs/*', () => {
    expect(errorsOf('contractsImportNest', BOUNDARIES)).toEqual([
      'A project tagged with "type:contracts" is not allowed to import "@nestjs/common"',
    ]);
  });

  it('reports contracts importing typeorm', () => {
    expect(errorsOf('contractsImportTypeorm', BOUNDARIES)).toEqual([
      'A project tagged with "type:contracts" is not allowed to import "typeorm"',
    ]);
  });

  it('reports contracts depending on a platform lib', () => {
    // platform already depends on contracts, so the rule names the cycle before the tag constraint.
    expect(errorsOf('contractsImportPlatform', BOUNDARIES)).toEqual([
      expect.stringMatching(/can only depend on libs tagged with|Circular dependency between "contracts" and "platform"/),
    ]);
  });

  it('accepts an app importing @birth/contracts (and NestJS outside domain/)', () => {
    expect(results.cleanApp).toEqual([]);
  });

  it('reports production code importing @birth/testing (type:testing), in a lib and in an app', () => {
    expect(errorsOf('libImportsTesting', BOUNDARIES)).toEqual([expect.stringContaining('can only depend on libs tagged with "type:contracts", "type:rules", "type:platform"')]);
    expect(errorsOf('appImportsTesting', BOUNDARIES)).toEqual([expect.stringContaining('can only depend on libs tagged with "type:contracts", "type:rules", "type:platform"')]);
  });

  it('accepts @birth/testing in test code, a lib\'s own integration tests included', () => {
    expect(results.libSpecImportsTesting).toEqual([]);
    expect(results.appSpecImportsTesting).toEqual([]);
  });

  it('reports messaging depending on platform as a cycle, in production code and in its test fixtures alike', () => {
    expect(errorsOf('messagingImportsPlatform', BOUNDARIES)).toEqual([expect.stringContaining('Circular dependency between "messaging" and "platform"')]);
    expect(errorsOf('messagingFixtureImportsPlatform', BOUNDARIES)).toEqual([expect.stringContaining('Circular dependency between "messaging" and "platform"')]);
  });

  it('reports NestJS and TypeORM imports in a domain/ folder', () => {
    expect(errorsOf('domainImportsNest', 'no-restricted-imports')).toEqual([expect.stringContaining('NestJS')]);
    expect(errorsOf('domainImportsTypeorm', 'no-restricted-imports')).toEqual([expect.stringContaining('TypeORM')]);
  });
});
