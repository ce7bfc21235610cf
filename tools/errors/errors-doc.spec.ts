import { readFileSync } from 'node:fs';
import type { CatalogueEntry } from '../../apps/gateway/src/intake/domain/validation/error-catalogue';
import { ERROR_CATALOGUE } from '../../apps/gateway/src/intake/domain/validation/error-catalogue';
import { ERRORS_DOC_FILE, renderErrorsDoc } from './errors-doc';

const entry = (description: string, fields: string[] = ['*']): CatalogueEntry => ({ zh: '中文', en: 'English', description, fields });

const TEMPLATE = `<!-- template comment -->
# Codes

<!-- catalogue table from A -->

## Rules

<!-- catalogue table from B -->

## Requests

| status | codes | send again? |
|---|---|---|
| 400 | form codes, {{codes of HTTP 400}} | No. |
| 409 | {{codes of HTTP 409}} | No. |

<!-- catalogue table from C -->
`;

describe('docs/errors.md', () => {
  it('is current (run `npm run errors:doc` after changing the catalogue or the template)', () => {
    const committed = readFileSync(ERRORS_DOC_FILE, 'utf8');
    if (committed !== renderErrorsDoc()) throw new Error('docs/errors.md is not what the catalogue gives: run `npm run errors:doc` and commit the result');
  });

  it('lists every catalogue code once, with its messages and meaning', () => {
    const doc = renderErrorsDoc();
    for (const [code, { zh, en }] of Object.entries(ERROR_CATALOGUE)) {
      const rows = doc.split('\n').filter((line) => line.startsWith(`| \`${code}\` |`));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain(` ${zh} | ${en} |`);
    }
  });
});

describe('renderErrorsDoc', () => {
  const catalogue = {
    A: entry('The first shape code.'),
    A2: entry('Another | with a pipe.', ['body']),
    B: entry('A rule.', ['mother.name', 'father.name']),
    C: entry('HTTP 400. A request code.'),
    D: entry('HTTP 409. A conflict.'),
  };

  it('puts each code in the table whose range holds it, in the catalogue\'s order, and drops the template\'s comment', () => {
    const doc = renderErrorsDoc(catalogue, TEMPLATE);
    expect(doc).not.toContain('template comment');
    expect(doc).toContain('| `A` | any | 中文 | English | The first shape code. |\n| `A2` | `body` | 中文 | English | Another \\| with a pipe. |\n\n## Rules');
    expect(doc).toContain('| `B` | `mother.name`, `father.name` | 中文 | English | A rule. |\n\n## Requests');
    expect(doc).toContain('| `C` | any | 中文 | English | HTTP 400. A request code. |\n| `D` |');
  });

  it('fills the status table with the request codes of each status', () => {
    const doc = renderErrorsDoc(catalogue, TEMPLATE);
    expect(doc).toContain('| 400 | form codes, `C` | No. |');
    expect(doc).toContain('| 409 | `D` | No. |');
  });

  it('refuses a request code whose status the table does not list, and a table start the catalogue lacks', () => {
    expect(() => renderErrorsDoc({ ...catalogue, E: entry('HTTP 418. A teapot.') }, TEMPLATE)).toThrow(/E answers HTTP 418/);
    expect(() => renderErrorsDoc({ A: catalogue.A, C: catalogue.C, D: catalogue.D }, TEMPLATE)).toThrow(/starts at B/);
  });

  it('puts a new catalogue code in the table where the catalogue puts it', () => {
    const { A, A2, B, C, D } = catalogue;
    const doc = renderErrorsDoc({ A, A2, B, NEW_RULE: entry('A new rule.'), C, D }, TEMPLATE);
    expect(doc).toContain('| `B` | `mother.name`, `father.name` | 中文 | English | A rule. |\n| `NEW_RULE` | any |');
  });
});
