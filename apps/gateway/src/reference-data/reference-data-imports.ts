import type { DataSource, EntityManager } from 'typeorm';
import { Topics, validatePayload, type CalendarYearPublishedV1, type EventTopicDefinition, type PolicyVersionPublishedV1 } from '@birth/contracts';
import { Calendar, CalendarDataError, loadYearFiles, parseCalendarYearJson, REPOSITORY_YEARS_DIR } from '@birth/calendar';
import type { OutboxPublisher } from '@birth/messaging';
import { referenceDocumentSha256 } from '@birth/platform';
import { loadPolicyDirectory, parsePolicyDocument, PolicyFileError, PolicyVersionConflictError, REPOSITORY_POLICY_DIRECTORY } from '@birth/policy';
import type { AuditLog } from '../security/audit-log';

// Operators add policy versions and calendar years without a release (issues 10 and 13): the
// document is validated by its own library, stored in the gateway's schema, audited and put on
// its compacted topic through the outbox, all in one transaction. Whether a document is new, a
// re-import or a conflict is decided by the libraries themselves (PolicyStore.add,
// Calendar.accept) over the repository's files plus every stored import, so the CLI and every
// service that later reads the topic judge a document the same way.

export type ReferenceDataKind = 'policy' | 'calendar';

export type ImportRefusalCode = 'INVALID_DOCUMENT' | 'VERSION_CONFLICT' | 'VERSION_STALE';

/** A document the import refuses: nothing was stored or published (the refusal is audited). */
export class ReferenceDataImportError extends Error {
  constructor(
    readonly code: ImportRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReferenceDataImportError';
  }
}

export interface ImportOutcome {
  kind: ReferenceDataKind;
  /** `imported`: stored and published; `unchanged`: the same document is already known (a no-op). */
  result: 'imported' | 'unchanged';
  version: number;
  /** Calendar only: the year. */
  year?: number;
  /** Policy only: the first China date it answers for. */
  effectiveFrom?: string;
  /** Policy only: versions taking effect later, which do not carry this version's changes. */
  laterVersions?: readonly number[];
  /** Calendar only: true when a lower version of the year was held (a corrected notice). */
  replaced?: boolean;
  sha256: string;
}

export interface StoredVersionRow {
  kind: ReferenceDataKind;
  version: number;
  year?: number;
  effectiveFrom?: string;
  sha256: string;
  importedBy: string;
  importedAt: string;
}

export interface ReferenceDataDirectories {
  policy: string;
  calendar: string;
}

export class ReferenceDataImports {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly publisher: OutboxPublisher,
    /** Who imports: `cli:<os user>`. */
    private readonly actor: string,
    private readonly directories: ReferenceDataDirectories = { policy: REPOSITORY_POLICY_DIRECTORY, calendar: REPOSITORY_YEARS_DIR },
  ) {}

  /** Validates, stores, audits and publishes one policy version; `file` names it in errors. */
  async importPolicy(file: string, text: string): Promise<ImportOutcome> {
    const document = await this.refusedUnless('policy', file, () => parsePolicyDocument(text, file));
    const sha256 = referenceDocumentSha256(document);
    return this.inTransaction('policy', file, async (manager) => {
      await manager.query(`LOCK TABLE policy_versions IN SHARE ROW EXCLUSIVE MODE`);
      const store = loadPolicyDirectory(this.directories.policy);
      const rows = await manager.query<{ version: number; content: unknown }[]>(`SELECT version, content FROM policy_versions ORDER BY version`);
      for (const row of rows) store.add(row.content, `policy_versions version ${row.version}`);
      const added = store.add(document, file);
      const outcome: ImportOutcome = {
        kind: 'policy',
        result: added.added ? 'imported' : 'unchanged',
        version: document.version,
        effectiveFrom: document.effectiveFrom,
        laterVersions: added.laterVersions,
        sha256,
      };
      if (added.added) {
        const importedAt = new Date().toISOString();
        await manager.query(
          `INSERT INTO policy_versions (version, effective_from, content, content_sha256, imported_by, imported_at) VALUES ($1, $2, $3::jsonb, $4, $5, $6)`,
          [document.version, document.effectiveFrom, JSON.stringify(document), sha256, this.actor, importedAt],
        );
        const payload: PolicyVersionPublishedV1 = {
          version: document.version,
          effectiveFrom: document.effectiveFrom,
          sha256,
          document: document as unknown as Record<string, unknown>,
          importedBy: this.actor,
          importedAt,
        };
        await this.publish(manager, Topics.policyVersionsV1, String(document.version), payload);
      }
      await this.audit.append({ actor: this.actor, action: 'policy.import', outcome: 'ok', details: { file, ...summaryOf(outcome) } }, manager);
      return outcome;
    });
  }

  /** Validates, stores, audits and publishes one calendar year (a new year or a higher version of one). */
  async importCalendarYear(file: string, text: string): Promise<ImportOutcome> {
    const year = await this.refusedUnless('calendar', file, () => parseCalendarYearJson(text, file));
    // What is published is the file's own JSON object; parseCalendarYearJson only checked it.
    const document = JSON.parse(text) as Record<string, unknown>;
    const sha256 = referenceDocumentSha256(document);
    return this.inTransaction('calendar', file, async (manager) => {
      await manager.query(`LOCK TABLE calendar_years IN SHARE ROW EXCLUSIVE MODE`);
      const calendar = new Calendar(loadYearFiles(this.directories.calendar));
      const rows = await manager.query<{ year: number; version: number; content: unknown }[]>(`SELECT year, version, content FROM calendar_years ORDER BY year, version`);
      for (const row of rows) calendar.accept(row.content, `calendar_years ${row.year} version ${row.version}`);
      const accepted = calendar.accept(document, file);
      if (accepted === 'stale') {
        // On a compacted topic keyed by the year, a lower version published last would be the one
        // compaction keeps: every service starting later would see only that.
        throw new ReferenceDataImportError(
          'VERSION_STALE',
          `${file}: ${year.year} version ${year.version} is older than the version ${calendar.year(year.year)!.version} already loaded: a correction needs a higher version`,
        );
      }
      const outcome: ImportOutcome = {
        kind: 'calendar',
        result: accepted === 'unchanged' ? 'unchanged' : 'imported',
        version: year.version,
        year: year.year,
        replaced: accepted === 'replaced',
        sha256,
      };
      if (accepted !== 'unchanged') {
        const importedAt = new Date().toISOString();
        await manager.query(
          `INSERT INTO calendar_years (year, version, content, content_sha256, imported_by, imported_at) VALUES ($1, $2, $3::jsonb, $4, $5, $6)`,
          [year.year, year.version, JSON.stringify(document), sha256, this.actor, importedAt],
        );
        const payload: CalendarYearPublishedV1 = { year: year.year, version: year.version, sha256, document, importedBy: this.actor, importedAt };
        await this.publish(manager, Topics.calendarYearsV1, String(year.year), payload);
      }
      await this.audit.append({ actor: this.actor, action: 'calendar.import', outcome: 'ok', details: { file, ...summaryOf(outcome) } }, manager);
      return outcome;
    });
  }

  /** Every imported version of a kind, oldest first (the repository's files are not listed: see libs/policy and libs/calendar). */
  async list(kind: ReferenceDataKind): Promise<StoredVersionRow[]> {
    const sql =
      kind === 'policy'
        ? `SELECT version, to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", content_sha256 AS sha256, imported_by AS "importedBy", imported_at AS "importedAt" FROM policy_versions ORDER BY version`
        : `SELECT year, version, content_sha256 AS sha256, imported_by AS "importedBy", imported_at AS "importedAt" FROM calendar_years ORDER BY year, version`;
    const rows = await this.dataSource.query<(Omit<StoredVersionRow, 'kind' | 'importedAt'> & { importedAt: Date })[]>(sql);
    await this.audit.append({ actor: this.actor, action: `${kind}.list`, outcome: 'ok' });
    return rows.map((row) => ({ kind, ...row, importedAt: row.importedAt.toISOString() }));
  }

  private async publish<P extends object>(manager: EntityManager, topic: EventTopicDefinition<P>, key: string, payload: P): Promise<void> {
    // Producers are checked strictly: a payload the contract refuses fails here, before anything commits.
    const checked = validatePayload(topic, payload);
    if (!checked.ok) throw new Error(`not a valid ${topic.name} payload: ${checked.errors.map((e) => `${e.field} ${e.code}`).join(', ')}`);
    await this.publisher.publish(manager, { topic, key, caseId: null, payload });
  }

  /** Runs `parse`; a document its library refuses is audited and refused as INVALID_DOCUMENT. */
  private async refusedUnless<T>(kind: ReferenceDataKind, file: string, parse: () => T): Promise<T> {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof PolicyFileError || error instanceof CalendarDataError)) throw error;
      await this.audit.append({ actor: this.actor, action: `${kind}.import`, outcome: 'refused', reason: 'INVALID_DOCUMENT', details: { file } });
      throw new ReferenceDataImportError('INVALID_DOCUMENT', error.message);
    }
  }

  /** The transaction of one import; a conflict rolls it back and is audited on its own. */
  private async inTransaction(kind: ReferenceDataKind, file: string, work: (manager: EntityManager) => Promise<ImportOutcome>): Promise<ImportOutcome> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await this.audit.append({ actor: this.actor, action: `${kind}.import`, outcome: 'refused', reason: refusal.code, details: { file } });
      throw refusal;
    }
  }
}

function refusalOf(error: unknown): ReferenceDataImportError | undefined {
  if (error instanceof ReferenceDataImportError) return error;
  if (error instanceof PolicyVersionConflictError) return new ReferenceDataImportError('VERSION_CONFLICT', error.message);
  if (error instanceof CalendarDataError && error.errors.some((e) => e.code === 'VERSION_CONFLICT')) {
    return new ReferenceDataImportError('VERSION_CONFLICT', error.message);
  }
  return undefined;
}

/** What the audit line keeps of an outcome: identifiers and hashes, never the document. */
function summaryOf(outcome: ImportOutcome): Record<string, unknown> {
  const { result, version, year, effectiveFrom, replaced, sha256 } = outcome;
  return { result, version, year, effectiveFrom, replaced, sha256 };
}
