// Writes docs/errors.md from the error catalogue (tools/errors/errors-doc.ts). With --check
// nothing is written: the exit code says whether the committed file is current
// (errors-doc.spec.ts checks the same in the unit suite).
// Usage: npm run errors:doc [-- --check]
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ERRORS_DOC_FILE, renderErrorsDoc } from './errors-doc';

function main(argv: string[]): number {
  const text = renderErrorsDoc();
  const shown = relative(process.cwd(), ERRORS_DOC_FILE);
  let current: string | null = null;
  try {
    current = readFileSync(ERRORS_DOC_FILE, 'utf8');
  } catch {
    // not there yet
  }
  if (argv.includes('--check')) {
    if (current === text) return 0;
    process.stderr.write(`[errors] ${shown} is not current: run \`npm run errors:doc\`\n`);
    return 1;
  }
  if (current !== text) writeFileSync(ERRORS_DOC_FILE, text);
  process.stdout.write(`[errors] ${shown} ${current === text ? 'unchanged' : 'written'}\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`[errors] ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
