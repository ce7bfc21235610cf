import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/**
 * The hospitals' API description: served at /api/docs (and /api/docs-json), exported to
 * docs/openapi.json by `npm run openapi` (a test keeps the two equal).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('出生一件事 — hospital intake API')
    .setDescription(
      'Signed births in, `birth.registered.v1` out. Every request carries X-Hospital-Id, X-Key-Id, X-Timestamp, X-Nonce and X-Signature (see docs/hospital-integration.md). Errors are `{ "errors": [{ "field", "code", "message": { "zh", "en" } }] }` (docs/errors.md).',
    )
    .setVersion('1')
    .build();
  return SwaggerModule.createDocument(app, config, { include: [], deepScanRoutes: true });
}

export function configureOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

/** The committed export, for comparison in tests. */
export function committedOpenApi(): unknown {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'openapi.json'), 'utf8'));
}
