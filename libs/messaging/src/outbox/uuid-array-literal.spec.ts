import { uuidArrayLiteral } from './outbox-relay';

describe('uuidArrayLiteral (ids inlined into the relay mark)', () => {
  it('writes UUIDs as an array literal', () => {
    expect(uuidArrayLiteral(['0b8f5a52-4f0e-4c3e-9d0b-1f1e2d3c4b5a', 'AB8F5A52-4F0E-4C3E-9D0B-1F1E2D3C4B5A'])).toBe(
      "'{0b8f5a52-4f0e-4c3e-9d0b-1f1e2d3c4b5a,AB8F5A52-4F0E-4C3E-9D0B-1F1E2D3C4B5A}'::uuid[]",
    );
  });

  it('refuses anything that is not a UUID rather than inline it', () => {
    expect(() => uuidArrayLiteral(["0b8f5a52-4f0e-4c3e-9d0b-1f1e2d3c4b5a'}'::uuid[]; DROP TABLE outbox; --"])).toThrow('not a UUID');
    expect(() => uuidArrayLiteral([''])).toThrow('not a UUID');
  });
});
