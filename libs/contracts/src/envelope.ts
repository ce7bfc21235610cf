import { IsInt, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Matches, Min } from 'class-validator';

/** ISO 8601 date-time with an explicit offset (`Z` or `±hh:mm`): a time without one is ambiguous across China time and UTC. */
export const ISO_DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The envelope every message on Kafka travels in (DESIGN.md, "Events").
 * W3C `traceparent` travels in the Kafka headers, not here.
 */
export class EventEnvelope<P = unknown> {
  /** Unique message id (UUID); consumers deduplicate on it. */
  @IsUUID()
  id!: string;

  /** `<domain>.<event>`, e.g. `birth.registered`. */
  @IsString()
  @IsNotEmpty()
  type!: string;

  /** Major version of the payload schema; the topic name carries it too. */
  @IsInt()
  @Min(1)
  version!: number;

  @IsISO8601({ strict: true })
  @Matches(ISO_DATE_TIME_WITH_OFFSET, { message: 'occurredAt must carry an explicit offset' })
  occurredAt!: string;

  /** The case the message belongs to; null only on the hospitals' ingress topic, where no case exists yet. */
  @IsOptional()
  @IsUUID()
  caseId!: string | null;

  /** Id shared by every message that one original request caused. */
  @IsString()
  @IsNotEmpty()
  correlationId!: string;

  /** Id of the message that caused this one; null for a message caused by a request. */
  @IsOptional()
  @IsString()
  causationId!: string | null;

  /** The service that produced the message, e.g. `gateway`. */
  @IsString()
  @IsNotEmpty()
  producer!: string;

  @IsObject()
  payload!: P;
}
