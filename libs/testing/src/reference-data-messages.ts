import { randomUUID } from 'node:crypto';
import { Topics } from '@birth/contracts';
import type { OutgoingMessage } from '@birth/messaging';
import { referenceDocumentSha256 } from '@birth/platform';
import type { TestNamespace } from './test-namespace';

/**
 * A year on `calendar.years.v1` as the gateway's `calendar import` publishes it: keyed by the year,
 * the document with its SHA-256, in the platform's envelope. For suites that load a year into a
 * running service (its ReferenceData) without the gateway.
 */
export function calendarYearMessage(
  ns: TestNamespace,
  document: { year: number; version: number },
  options: { id?: string; importedBy?: string } = {},
): OutgoingMessage {
  const now = new Date().toISOString();
  return {
    topic: ns.topic(Topics.calendarYearsV1.name),
    key: String(document.year),
    value: JSON.stringify({
      id: options.id ?? randomUUID(),
      type: Topics.calendarYearsV1.type,
      version: Topics.calendarYearsV1.version,
      occurredAt: now,
      caseId: null,
      correlationId: randomUUID(),
      causationId: null,
      producer: 'gateway',
      payload: {
        year: document.year,
        version: document.version,
        sha256: referenceDocumentSha256(document),
        document,
        importedBy: options.importedBy ?? 'cli:test',
        importedAt: now,
      },
    }),
    headers: { 'content-type': 'application/json' },
  };
}
