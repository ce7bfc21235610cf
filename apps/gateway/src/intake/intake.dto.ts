import { IsNotEmpty, IsObject, IsString, Matches, MaxLength } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

// The request bodies besides the birth application (libs/contracts' BirthSubmissionV1). Their
// decorators are both the check (validatePlain) and the OpenAPI schema (http/openapi.ts).

/** POST /api/v1/births/{caseId}/corrections */
export class CorrectionRequest {
  @JSONSchema({ description: 'The hospital\'s id for this correction: sending the same one with the same patch again is harmless.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @Matches(/^[\w.:-]+$/)
  correctionId!: string;

  /** A JSON merge patch (RFC 7396) over the correctable facts, e.g. `{ "newborn": { "name": "李小明" } }`. */
  @JSONSchema({ $ref: '#/definitions/CorrectablePatch' })
  @IsObject()
  patch!: Record<string, unknown>;
}

/** POST /api/v1/births/{caseId}/void */
export class VoidRequest {
  @JSONSchema({ description: 'Why the registration is void (kept sealed: it may name people).' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
