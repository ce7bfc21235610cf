import type { Decoded, FieldError } from './validation';

/**
 * How deep a JSON document may nest. The deepest contract today is an envelope carrying a
 * correction (`payload.application.mother.identity.number`: 5); 16 leaves room for growth and
 * stops a document of 60,000 brackets long before class-transformer's recursion overflows.
 */
export const MAX_JSON_DEPTH = 16;

/** Keys that would reach an object's prototype chain when a parsed document is copied or merged. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A field path quoted in an error is cut here: a path names fields, and keys are the sender's text. */
export const MAX_FIELD_PATH_LENGTH = 200;

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A dotted field path, cut to MAX_FIELD_PATH_LENGTH characters. */
export function fieldPath(segments: readonly (string | number)[], root = '$'): string {
  const path = segments.length ? segments.join('.') : root;
  return path.length > MAX_FIELD_PATH_LENGTH ? `${path.slice(0, MAX_FIELD_PATH_LENGTH - 1)}…` : path;
}

/**
 * Parses JSON that must mean exactly one thing, as a signed body must: the bytes are UTF-8
 * (no replacement characters slipped in), the syntax is JSON, no object holds the same key
 * twice (JSON.parse would silently keep the last), nothing nests deeper than MAX_JSON_DEPTH, and
 * no key is `__proto__`, `constructor` or `prototype` (refused like any unknown field). Errors
 * name the field (a dotted path, `root` for the document itself) and never quote a value.
 */
export function parseStrictJson(input: Buffer | Uint8Array | string, root = '$'): Decoded<unknown> {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = UTF8.decode(input);
    } catch {
      return refused(root, 'INVALID_UTF8', 'the bytes are not valid UTF-8');
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the input, which may be personal data.
    return refused(root, 'INVALID_JSON', 'value is not JSON');
  }
  const problem = structuralProblem(text, root);
  return problem ? { ok: false, errors: [problem] } : { ok: true, value };
}

function refused(field: string, code: string, message: string): Decoded<never> {
  return { ok: false, errors: [{ field, code, message }] };
}

interface Container {
  /** Keys seen so far (objects) or undefined (arrays). */
  keys: Set<string> | undefined;
  /** The current array index. */
  index: number;
  /** The object's current key. */
  key: string | undefined;
  /** Its own path segment in its parent. */
  segment: string | number | undefined;
}

/**
 * Walks text that JSON.parse has accepted, without building values: the first duplicate key,
 * forbidden key or excessive depth, or null. Iterative, so no input can exhaust the stack.
 */
function structuralProblem(text: string, root: string): FieldError | null {
  const stack: Container[] = [];
  const pathTo = (last?: string | number): string => {
    const segments = stack.slice(1).map((c) => c.segment!);
    return fieldPath(last === undefined ? segments : [...segments, last], root);
  };
  let expectKey = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const parent = stack[stack.length - 1];
      const segment = parent === undefined ? undefined : parent.keys ? parent.key : parent.index;
      if (stack.length >= MAX_JSON_DEPTH) {
        return { field: pathTo(segment), code: 'JSON_TOO_DEEP', message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
      }
      stack.push({ keys: c === 0x7b ? new Set() : undefined, index: 0, key: undefined, segment });
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1]!;
      if (top.keys) expectKey = true;
      else top.index += 1;
    } else if (c === 0x22 /* " */) {
      const end = endOfString(text, i);
      if (expectKey) {
        const top = stack[stack.length - 1]!;
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (FORBIDDEN_KEYS.has(key)) return { field: pathTo(key), code: 'UNKNOWN_FIELD', message: 'this key is not allowed' };
        if (top.keys!.has(key)) return { field: pathTo(key), code: 'DUPLICATE_KEY', message: 'the same key appears twice in one object' };
        top.keys!.add(key);
        top.key = key;
        expectKey = false;
      }
      i = end;
    }
  }
  return null;
}

/** Index of the closing quote of the string opening at `start` (the text is valid JSON). */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; ; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) i += 1;
    else if (c === 0x22) return i;
  }
}
