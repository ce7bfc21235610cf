import { DEAD_LETTER_HEADER, originalTimestampOf } from './dead-letter-headers';

describe('originalTimestampOf', () => {
  it("is the record's own timestamp for a message that was never dead-lettered", () => {
    expect(originalTimestampOf({ headers: {}, timestamp: '1764000009999' })).toBe('1764000009999');
  });

  it('is the carried first timestamp for a replayed dead letter', () => {
    expect(originalTimestampOf({ headers: { [DEAD_LETTER_HEADER.originalTimestamp]: '1764000000000' }, timestamp: '1764000009999' })).toBe('1764000000000');
  });

  it.each(['', 'yesterday', '-1', '1.5', '12345678901234567'])('ignores a malformed carried value %p', (carried) => {
    expect(originalTimestampOf({ headers: { [DEAD_LETTER_HEADER.originalTimestamp]: carried }, timestamp: '1764000009999' })).toBe('1764000009999');
  });
});
