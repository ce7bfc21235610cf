import { IsString, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Maximum lengths of the contracts' strings, in UTF-16 code units (what class-validator's
 * @MaxLength and JSON Schema's maxLength count). Each is far below what a PostgreSQL btree can
 * index (about 2,700 bytes a row, i.e. 675 characters of 4 UTF-8 bytes), so any of them may
 * become a key. Names are counted twice over because a rare character outside the Basic
 * Multilingual Plane takes two units: the intake's rule allows 50 characters (NAME_TOO_LONG).
 */
export const TEXT_MAX = {
  /** Institution, hospital and key ids (the gateway's ID_PATTERN allows 64). */
  institutionId: 64,
  /** Ids chosen by a hospital's system: birth record, delivery, correction, employer. */
  externalId: 100,
  /** Message, correlation and causation ids (a UUID, a request id of up to 128). */
  messageId: 128,
  /** A person's name: 50 characters, each up to two code units. */
  personName: 100,
  /** A hospital's or a bank's name. */
  institutionName: 200,
  address: 200,
  phone: 32,
  /** An identity document number (the longest format has 18 characters). */
  documentNumber: 32,
  /** A bank account number (the intake's rule allows 12–30 digits). */
  accountNumber: 40,
  /** A free-text reason (voiding a birth). */
  reason: 500,
  /** An ISO 8601 date-time with offset and nanoseconds has 35 characters. */
  dateTime: 40,
  /** A short code of the contracts: a region code, a sex code, an event type, an error code. */
  code: 64,
  /** A dotted field path in an error (MAX_FIELD_PATH_LENGTH in strict-json.ts). */
  fieldPath: 200,
  /** One language's message of an error. */
  message: 500,
} as const;

/** C0 and C1 control characters (Unicode Cc), NUL, tab and line breaks included. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The JSON Schema pattern of clean text: no control character, every surrogate paired (tools/contracts maps both constraints to it). */
export const CLEAN_TEXT_PATTERN = '^(?:[^\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])*$';

/** class-validator constraint names; libs/contracts' codeOf turns them into CONTROL_CHARACTERS and UNPAIRED_SURROGATE. */
export const CONTROL_CHARACTERS_CONSTRAINT = 'controlCharacters';
export const UNPAIRED_SURROGATE_CONSTRAINT = 'unpairedSurrogate';

export function hasControlCharacter(value: string): boolean {
  return CONTROL_CHARACTER.test(value);
}

export function hasUnpairedSurrogate(value: string): boolean {
  return UNPAIRED_SURROGATE.test(value);
}

/** No control character (NUL included): text travels into logs, databases and other offices' systems. */
export function NoControlCharacters(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: CONTROL_CHARACTERS_CONSTRAINT,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !hasControlCharacter(value),
        defaultMessage: () => '$property must not contain control characters',
      },
    },
    options,
  );
}

/** No unpaired surrogate: such a string has no UTF-8 form, and PostgreSQL and Kafka consumers would mangle it. */
export function NoUnpairedSurrogates(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: UNPAIRED_SURROGATE_CONSTRAINT,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !hasUnpairedSurrogate(value),
        defaultMessage: () => '$property must not contain an unpaired surrogate',
      },
    },
    options,
  );
}

/**
 * At most `max` UTF-16 code units, judged on strings only (a number there is IS_STRING or MATCHES
 * alone, not also too long). Named `maxLength` like class-validator's own, so the code is
 * MAX_LENGTH and the JSON Schema says maxLength.
 */
export function StringMaxLength(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxLength',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || value.length <= max,
        defaultMessage: () => `$property must be at most ${max} characters long`,
      },
    },
    options,
  );
}

/**
 * A string of at most `max` code units without control characters or unpaired surrogates: the
 * shape of every free-text field of the contracts (`{ each: true }` for a list of strings).
 */
export function IsText(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    IsString(options)(target, property);
    StringMaxLength(max, options)(target, property);
    NoControlCharacters(options)(target, property);
    NoUnpairedSurrogates(options)(target, property);
  };
}
