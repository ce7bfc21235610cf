import { FORBIDDEN_KEYS, MAX_FIELD_PATH_LENGTH, MAX_JSON_DEPTH, parseStrictJson } from './strict-json';

const refusal = (input: Buffer | string, root?: string) => {
  const result = parseStrictJson(input, root);
  if (result.ok) throw new Error('expected a refusal');
  return result.errors.map((e) => `${e.code} ${e.field}`);
};

describe('parseStrictJson', () => {
  it('parses UTF-8 JSON of any shape, rare characters and escapes included', () => {
    expect(parseStrictJson(Buffer.from('{"name":"𠀀王丽","list":[{"a":1},{"a":2}],"s":"\\u0041"}'))).toEqual({
      ok: true,
      value: { name: '𠀀王丽', list: [{ a: 1 }, { a: 2 }], s: 'A' },
    });
    // The same key in sibling objects, and a key equal to a value, are not duplicates.
    expect(parseStrictJson('[{"a":"a"},{"a":"a"}]').ok).toBe(true);
  });

  it('refuses bytes that are not UTF-8 (a lone continuation byte, an overlong form, an encoded surrogate, Latin-1)', () => {
    for (const bytes of [[0x7b, 0x80, 0x7d], [0x22, 0xc0, 0xaf, 0x22], [0x22, 0xed, 0xa0, 0x80, 0x22], [0x22, 0xe9, 0x22]]) {
      expect(refusal(Buffer.from(bytes), 'body')).toEqual(['INVALID_UTF8 body']);
    }
  });

  it('refuses what is not JSON, a byte-order mark included, without quoting it', () => {
    expect(refusal('{"a":')).toEqual(['INVALID_JSON $']);
    expect(refusal(Buffer.from('\ufeff{}'))).toEqual(['INVALID_JSON $']);
    const result = parseStrictJson('{"secret 210202199003071528"');
    expect(JSON.stringify(result)).not.toContain('2102021990');
  });

  it('refuses an object that holds the same key twice, naming where (also when one spelling is escaped)', () => {
    expect(refusal('{"a":1,"a":2}')).toEqual(['DUPLICATE_KEY a']);
    expect(refusal('{"mother":{"name":"x","phone":"1","name":"y"}}')).toEqual(['DUPLICATE_KEY mother.name']);
    expect(refusal('{"items":[{"a":1},{"b":1,"b":2}]}')).toEqual(['DUPLICATE_KEY items.1.b']);
    expect(refusal('{"name":"x","n\\u0061me":"y"}')).toEqual(['DUPLICATE_KEY name']);
  });

  it('refuses __proto__, constructor and prototype keys at any depth, escaped or not, as unknown fields', () => {
    for (const key of FORBIDDEN_KEYS) {
      expect(refusal(`{"${key}":{}}`)).toEqual([`UNKNOWN_FIELD ${key}`]);
      expect(refusal(`{"a":[1,{"${key}":1}]}`)).toEqual([`UNKNOWN_FIELD a.1.${key}`]);
    }
    expect(refusal('{"\\u005f_proto__":{"polluted":true}}')).toEqual(['UNKNOWN_FIELD __proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // As values they are ordinary text.
    expect(parseStrictJson('{"a":"__proto__"}').ok).toBe(true);
  });

  it(`accepts ${MAX_JSON_DEPTH} levels of nesting and refuses one more, even 60,000 (no stack overflow)`, () => {
    const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
    expect(parseStrictJson(nested(MAX_JSON_DEPTH)).ok).toBe(true);
    expect(refusal(nested(MAX_JSON_DEPTH + 1))).toEqual([`JSON_TOO_DEEP ${Array(MAX_JSON_DEPTH).fill('a').join('.')}`]);
    expect(refusal('['.repeat(60_000) + ']'.repeat(60_000))[0]).toMatch(/^JSON_TOO_DEEP 0\.0\./);
  });

  it('strings containing brackets, quotes and backslashes do not confuse the walk', () => {
    expect(parseStrictJson('{"a":"{[\\"\\\\","b":"]}","c":{"a":"\\\\"}}').ok).toBe(true);
  });

  it(`cuts a field path at ${MAX_FIELD_PATH_LENGTH} characters`, () => {
    const key = 'k'.repeat(1000);
    const [error] = refusal(`{"${key}":1,"${key}":2}`);
    expect(error!.length).toBe('DUPLICATE_KEY '.length + MAX_FIELD_PATH_LENGTH);
  });
});
