// Writes the JSON Schemas of the wire contracts (tools/contracts/json-schema.ts) to docs/schemas/:
// one <topic>.schema.json per registry topic and envelope.schema.json. Schema files of topics
// that left the registry are removed. With --check nothing is written: the exit code says
// whether the committed files are current (json-schema.spec.ts checks the same in the unit suite).
// Usage: bash infra/run-node.sh tools/contracts/generate-json-schemas.ts [--check]
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { generateJsonSchemas, serializeSchema } from './json-schema';

export const SCHEMAS_DIR = resolve(__dirname, '../../docs/schemas');

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const shown = relative(process.cwd(), SCHEMAS_DIR) || '.';
  const wanted = new Map(generateJsonSchemas().map((s) => [s.fileName, serializeSchema(s.schema)]));
  const present = existsSync(SCHEMAS_DIR) ? readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.schema.json')) : [];
  const stale = present.filter((f) => !wanted.has(f));
  const changed = [...wanted].filter(([file, text]) => !present.includes(file) || readFileSync(join(SCHEMAS_DIR, file), 'utf8') !== text);
  if (check) {
    for (const [file] of changed) process.stderr.write(`[schemas] ${shown}/${file} is not current\n`);
    for (const file of stale) process.stderr.write(`[schemas] ${shown}/${file} belongs to no registry topic\n`);
    return changed.length || stale.length ? 1 : 0;
  }
  mkdirSync(SCHEMAS_DIR, { recursive: true });
  for (const [file, text] of changed) writeFileSync(join(SCHEMAS_DIR, file), text);
  for (const file of stale) rmSync(join(SCHEMAS_DIR, file));
  process.stdout.write(
    `[schemas] ${wanted.size} schemas in ${shown}: ${changed.length} written, ${stale.length} removed, ${wanted.size - changed.length} unchanged\n`,
  );
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`[schemas] ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
