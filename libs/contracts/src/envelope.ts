import { IsInt, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsUUID, Matches, Min } from 'class-validator';
import { IsText, StringMaxLength, TEXT_MAX } from './text';

/** ISO 8601 date-time with an explicit offset (`Z` or `±hh:mm`): a time without one is ambiguous across China time and UTC. */
export const ISO_DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The envelope every message on Kafka travels in (DESIGN.md, "Events").
 * W3C `traceparent` travels in the Kafka headers, not here.
 */
export class EventEnvelope<P = unknown> {
  /** Unique message id (UUID); consumers deduplicate on it. */
  @IsUUID()
  @StringMaxLength(36)
  id!: string;

  /** `<domain>.<event>`, e.g. `birth.registered`. */
  @IsText(TEXT_MAX.code)
  @IsNotEmpty()
  type!: string;

  /** Major version of the payload schema; the topic name carries it too. */
  @IsInt()
  @Min(1)
  version!: number;

  @IsISO8601({ strict: true })
  @Matches(ISO_DATE_TIME_WITH_OFFSET, { message: 'occurredAt must carry an explicit offset' })
  @StringMaxLength(TEXT_MAX.dateTime)
  occurredAt!: string;

  /** The case the message belongs to; null only on the hospitals' ingress topic, where no case exists yet. */
  @IsOptional()
  @IsUUID()
  @StringMaxLength(36)
  caseId!: string | null;

  /** Id shared by every message that one original request caused. */
  @IsText(TEXT_MAX.messageId)
  @IsNotEmpty()
  correlationId!: string;

  /** Id of the message that caused this one; null for a message caused by a request. */
  @IsOptional()
  @IsText(TEXT_MAX.messageId)
  causationId!: string | null;

  /** The service that produced the message, e.g. `gateway`. */
  @IsText(TEXT_MAX.institutionId)
  @IsNotEmpty()
  producer!: string;

  @IsObject()
  payload!: P;
}
