// class-transformer's @Type reads design-time types: the polyfill must load before any contract class.
import 'reflect-metadata';
export { EventEnvelope, ISO_DATE_TIME_WITH_OFFSET } from './envelope';
export * from './events/birth-registered.v1';
export { BirthCorrectedV1 } from './events/birth-corrected.v1';
export { BirthVoidedV1 } from './events/birth-voided.v1';
export { BirthIntakeResultV1, IntakeErrorV1, IntakeErrorMessageV1 } from './events/birth-intake-result.v1';
export { Topics, TOPIC_REGISTRY, DEFAULT_PARTITIONS, DLQ_SUFFIX, deadLetterTopicOf, findTopic, commandNamesOf } from './topics';
export type { TopicDefinition, EventTopicDefinition, CommandTopicDefinition, TopicKind, TopicKey } from './topics';
export { RetryStepCommandV1, RevokeCommandV1, DEPARTMENT_COMMANDS } from './commands/department-commands.v1';
export type { DepartmentCommandV1 } from './commands/department-commands.v1';
export { decodeEnvelope, validatePlain, validatePayload, flattenValidationErrors } from './validation';
export { parseStrictJson, fieldPath, MAX_JSON_DEPTH, FORBIDDEN_KEYS, MAX_FIELD_PATH_LENGTH } from './strict-json';
export { IsText, StringMaxLength, NoControlCharacters, NoUnpairedSurrogates, TEXT_MAX, CLEAN_TEXT_PATTERN, CONTROL_CHARACTERS_CONSTRAINT, UNPAIRED_SURROGATE_CONSTRAINT, hasControlCharacter, hasUnpairedSurrogate } from './text';
export type { Decoded, FieldError } from './validation';
export { maskPersonalData, maskIdNumber, maskName, maskPhone, maskAccount } from './personal-data';
export { SealedValueV1, SEALED_VALUE_ALG, SEALED_KEY_ID_PATTERN, SEALED_CT_MAX, isSealedValue, maskSealedValue } from './sealed-value.v1';
