import { IsNotEmpty, IsObject, IsString, Matches, MaxLength } from 'class-validator';

/** POST /api/v1/births/{caseId}/corrections */
export class CorrectionRequest {
  /** The hospital's id for this correction; sending it again is harmless. */
  @IsString() @IsNotEmpty() @MaxLength(100) @Matches(/^[\w.:-]+$/) correctionId!: string;
  /** A JSON merge patch (RFC 7396) over the correctable facts, e.g. `{ "newborn": { "name": "李小明" } }`. */
  @IsObject() patch!: Record<string, unknown>;
}

/** POST /api/v1/births/{caseId}/void */
export class VoidRequest {
  @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
}
