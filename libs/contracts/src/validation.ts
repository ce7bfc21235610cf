import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { EventEnvelope } from './envelope';
import { fieldPath, parseStrictJson } from './strict-json';
import { unknownFieldsOf, type TopicDefinition, type UnknownFields } from './topics';

/** One problem with an input: where (a dotted path), a machine-readable code, and a message. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * `refuse` (the default): unknown fields are errors, so a producer's typo does not vanish
 * silently; used for what hospitals send and for what a producer is about to send. `ignore`:
 * a tolerant reader's view, where unknown fields are dropped from the instance (DESIGN.md,
 * "Events"); the topic registry says which a topic's readers use.
 */
const VALIDATOR_OPTIONS = {
  refuse: { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true },
  ignore: { whitelist: true, forbidNonWhitelisted: false, forbidUnknownValues: true },
} as const;

export interface ValidationChoices {
  unknownFields?: UnknownFields;
}

/** class-validator constraint names → our codes (docs/ carries the catalogue); `controlCharacters` → CONTROL_CHARACTERS. */
function codeOf(constraint: string): string {
  if (constraint === 'whitelistValidation') return 'UNKNOWN_FIELD';
  if (constraint === 'isDefined' || constraint === 'nestedValidation') return 'INVALID';
  return constraint.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    // Cut: an unknown field's path is the sender's text, and an error list travels in answers and results.
    const field = fieldPath([prefix ? `${prefix}.${error.property}` : error.property]);
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field, code: codeOf(constraint), message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** Validates a plain object against a class-validator class, reporting every error at once. */
export function validatePlain<T extends object>(cls: ClassConstructor<T>, plain: unknown, prefix = '', choices: ValidationChoices = {}): Decoded<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, errors: [{ field: prefix || '$', code: 'NOT_AN_OBJECT', message: 'expected a JSON object' }] };
  }
  const instance = plainToInstance(cls, plain);
  const errors = validateSync(instance, VALIDATOR_OPTIONS[choices.unknownFields ?? 'refuse']);
  return errors.length ? { ok: false, errors: flattenValidationErrors(errors, prefix) } : { ok: true, value: instance };
}

/**
 * Validates a payload read from `topic`: against the topic's payload class, or on a command
 * topic against the class of the command it names (`payload.command`), refusing a command the
 * topic does not list. Unknown fields are refused unless `choices` says otherwise: a producer
 * checks what it sends strictly; decodeEnvelope reads with the topic's own choice.
 */
export function validatePayload<P extends object>(topic: TopicDefinition<P>, plain: unknown, choices: ValidationChoices = {}): Decoded<P> {
  if (topic.kind === 'events') {
    const payload = validatePlain(topic.payload, plain, 'payload', choices);
    if (!payload.ok || topic.item === undefined) return payload;
    // The department's item block must be the department's own (the saga mirrors the step from it).
    const named = (payload.value as { item?: { item?: unknown } }).item?.item;
    if (named === topic.item) return payload;
    return { ok: false, errors: [{ field: 'payload.item.item', code: 'ITEM_MISMATCH', message: `expected item ${topic.item} on ${topic.name}` }] };
  }
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, errors: [{ field: 'payload', code: 'NOT_AN_OBJECT', message: 'expected a JSON object' }] };
  }
  const command = (plain as { command?: unknown }).command;
  if (typeof command !== 'string') {
    return { ok: false, errors: [{ field: 'payload.command', code: 'MISSING_COMMAND', message: `a message on ${topic.name} must name its command` }] };
  }
  const cls = Object.hasOwn(topic.commands, command) ? topic.commands[command] : undefined;
  if (!cls) {
    // The name is the sender's text: echoed only when it looks like a command name, and cut short.
    const shown = /^[a-z][a-z0-9-]{0,63}$/.test(command) ? `'${command}'` : 'the command';
    const known = Object.keys(topic.commands).join(', ');
    return { ok: false, errors: [{ field: 'payload.command', code: 'UNKNOWN_COMMAND', message: `${shown} is not a command of ${topic.name} (${known})` }] };
  }
  return validatePlain(cls, plain, 'payload', choices);
}

/**
 * Decodes a message value read from `topic`: strict JSON (UTF-8, no duplicate key, bounded depth,
 * no prototype keys: parseStrictJson), then the envelope, then the payload against the topic's
 * schema, and checks that the envelope's type and version match the topic. Unknown fields, in the
 * envelope or the payload, are refused or dropped as the topic's registry entry says
 * (`unknownFields`: only the hospitals' ingress topic refuses them).
 */
export function decodeEnvelope<P extends object>(topic: TopicDefinition<P>, value: Buffer | string | null): Decoded<EventEnvelope<P>> {
  if (value === null || value.length === 0) {
    return { ok: false, errors: [{ field: '$', code: 'EMPTY_MESSAGE', message: 'message has no value' }] };
  }
  const parsed = parseStrictJson(value);
  if (!parsed.ok) return parsed;
  const plain = parsed.value;
  const choices: ValidationChoices = { unknownFields: unknownFieldsOf(topic) };
  const envelope = validatePlain(EventEnvelope, plain, '', choices);
  if (!envelope.ok) return envelope;
  const errors: FieldError[] = [];
  if (envelope.value.type !== topic.type) {
    errors.push({ field: 'type', code: 'TYPE_MISMATCH', message: `expected type ${topic.type} on ${topic.name}` });
  }
  if (envelope.value.version !== topic.version) {
    errors.push({ field: 'version', code: 'VERSION_MISMATCH', message: `expected version ${topic.version} on ${topic.name}` });
  }
  const payload = validatePayload(topic, (plain as { payload: unknown }).payload, choices);
  if (!payload.ok) errors.push(...payload.errors);
  if (errors.length || !payload.ok) return { ok: false, errors };
  envelope.value.payload = payload.value;
  return { ok: true, value: envelope.value as EventEnvelope<P> };
}
