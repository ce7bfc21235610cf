import 'reflect-metadata';
import { hasControlCharacter, hasUnpairedSurrogate, IsText } from './text';
import { validatePlain } from './validation';

class Sample {
  @IsText(10) name!: string;
  @IsText(5, { each: true }) tags!: string[];
}

const codes = (plain: unknown) => {
  const result = validatePlain(Sample, plain);
  return result.ok ? [] : result.errors.map((e) => `${e.code} ${e.field}`);
};

describe('clean text', () => {
  it.each([
    ['NUL', '王\u0000丽', true],
    ['a tab', '王\t丽', true],
    ['a newline', '王\n丽', true],
    ['DEL', '王\u007f', true],
    ['a C1 control', '王\u0085', true],
    ['Chinese text', '王丽', false],
    ['a rare character (a surrogate pair)', '𠀀丽', false],
    ['the middle dot', '阿依·木', false],
  ])('control characters: %s', (_name, value, expected) => {
    expect(hasControlCharacter(value)).toBe(expected);
  });

  it.each([
    ['a lone high surrogate at the end', '王\ud840', true],
    ['a lone high surrogate before text', '\ud840王', true],
    ['a lone low surrogate', '王\udc00', true],
    ['two high surrogates', '\ud840\ud840\udc00', true],
    ['a pair', '\ud840\udc00', false],
    ['two pairs', '\ud840\udc00\ud840\udc00', false],
  ])('unpaired surrogates: %s', (_name, value, expected) => {
    expect(hasUnpairedSurrogate(value)).toBe(expected);
  });

  it('IsText reports a type, the length, control characters and unpaired surrogates, each with its own code and the field', () => {
    expect(codes({ name: '王丽', tags: ['a'] })).toEqual([]);
    expect(codes({ name: 'x'.repeat(11), tags: ['a\u0000', '\udc00', 'abcdef'] })).toEqual([
      'MAX_LENGTH name',
      'MAX_LENGTH tags',
      'CONTROL_CHARACTERS tags',
      'UNPAIRED_SURROGATE tags',
    ]);
    expect(codes({ name: 5, tags: [] })).toContain('IS_STRING name');
    expect(codes({ name: 'a\u0000\ud800', tags: [] })).toEqual(['CONTROL_CHARACTERS name', 'UNPAIRED_SURROGATE name']);
  });
});
