// Writes the hospitals' API description to docs/openapi.json, exactly as the gateway serves it at
// /api/docs-json. No database, no Kafka, no configuration: the application is only previewed
// (modules and controllers are scanned, no provider is instantiated). With --check nothing is
// written: the exit code says whether the committed file is current (openapi.spec.ts checks the
// same in the unit suite).
// Usage: npm run openapi [-- --check]
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../apps/gateway/src/app.module';
import { buildOpenApiDocument, OPENAPI_FILE, serializeOpenApi } from '../../apps/gateway/src/http/openapi';

/** The document's text as docs/openapi.json holds it. */
export async function exportOpenApi(): Promise<string> {
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  try {
    return serializeOpenApi(buildOpenApiDocument(app));
  } finally {
    await app.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const text = await exportOpenApi();
  const shown = relative(process.cwd(), OPENAPI_FILE);
  let current: string | null = null;
  try {
    current = readFileSync(OPENAPI_FILE, 'utf8');
  } catch {
    // not there yet
  }
  if (argv.includes('--check')) {
    if (current === text) return 0;
    process.stderr.write(`[openapi] ${shown} is not current: run \`npm run openapi\`\n`);
    return 1;
  }
  if (current !== text) writeFileSync(OPENAPI_FILE, text);
  process.stdout.write(`[openapi] ${shown} ${current === text ? 'unchanged' : 'written'}\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      process.stderr.write(`[openapi] ${error.stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
