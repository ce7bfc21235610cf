import { IsInt, IsNotEmpty, IsObject, Matches, Max, Min } from 'class-validator';
import { IsText, StringMaxLength, TEXT_MAX } from '../text';
import { DATE_PATTERN, IsInstant } from './item-block.v1';

// Data that every service reads and one owns (DESIGN.md, "Events"): imported by an operator
// through the CLI (validated, stored, audited) and published on a compacted topic, so a service
// that starts later still finds every version. The document itself is checked by its own
// library's JSON Schema on receipt (libs/policy validatePolicyDocument, libs/calendar
// parseCalendarYear): the contract carries it whole and does not describe it a second time.

/** Lowercase hex SHA-256 of the document's JSON text as published. */
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * `policy.versions.v1`, keyed by the version (`"2"`): one immutable version of the rules. Each
 * version has its own key, so compaction keeps them all; a service keeps its own copy and takes
 * a version from its `effectiveFrom` without a restart (issue 10).
 */
export class PolicyVersionPublishedV1 {
  @IsInt() @Min(1) version!: number;
  /** First China date the version answers for. */
  @Matches(DATE_PATTERN) @StringMaxLength(10) effectiveFrom!: string;
  @Matches(SHA256_HEX) @StringMaxLength(64) sha256!: string;
  /** The whole policy file (libs/policy's PolicyVersionDocument). */
  @IsObject() document!: Record<string, unknown>;
  /** Who imported it (a user id of the console or the CLI), for the audit trail. */
  @IsText(TEXT_MAX.institutionId) @IsNotEmpty() importedBy!: string;
  @IsInstant() importedAt!: string;
}

/**
 * `calendar.years.v1`, keyed by the year (`"2027"`): the current version of one year of the
 * official working-day calendar. Compaction keeps the latest message per year; a reader keeps
 * the highest `version` it has seen, so a replayed older version changes nothing.
 */
export class CalendarYearPublishedV1 {
  @IsInt() @Min(2000) @Max(2199) year!: number;
  @IsInt() @Min(1) version!: number;
  @Matches(SHA256_HEX) @StringMaxLength(64) sha256!: string;
  /** The whole year file (libs/calendar's calendar-year.schema.json). */
  @IsObject() document!: Record<string, unknown>;
  @IsText(TEXT_MAX.institutionId) @IsNotEmpty() importedBy!: string;
  @IsInstant() importedAt!: string;
}
