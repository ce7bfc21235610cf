import { applyMergePatch, canonicalJson, differingPaths, patchPaths } from './canonical-json';

describe('canonical JSON, differences and merge patches', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  });

  it('names differing paths, never values', () => {
    const a = { mother: { name: '王丽', phone: '1' }, newborn: { weightGrams: 3000 } };
    const b = { mother: { name: '王丽', phone: '2' }, newborn: { weightGrams: 3000, name: 'x' } };
    expect(differingPaths(a, b)).toEqual(['mother.phone', 'newborn.name']);
    expect(differingPaths(a, a)).toEqual([]);
  });

  it('applies RFC 7396 merge patches', () => {
    expect(applyMergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({ a: 'z', c: { d: 'e' } });
    expect(applyMergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(applyMergePatch({ a: 1 }, { b: { c: 2 } })).toEqual({ a: 1, b: { c: 2 } });
  });

  it('lists the paths a patch touches', () => {
    expect(patchPaths({ newborn: { name: '李小明' }, father: null })).toEqual(['newborn.name', 'father']);
  });
});
