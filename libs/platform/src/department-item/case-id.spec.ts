import type { EventEnvelope } from '@birth/contracts';
import { PermanentError } from '@birth/messaging';
import { caseIdOf } from './case-id';

describe('caseIdOf', () => {
  const envelope = (caseId: string | null): EventEnvelope<object> => ({
    id: 'e-1',
    type: 'birth.voided',
    version: 1,
    occurredAt: '2026-12-01T00:00:00Z',
    caseId,
    correlationId: 'c-1',
    causationId: null,
    producer: 'test',
    payload: {},
  });

  it('is the envelope’s case id', () => {
    expect(caseIdOf(envelope('7f1c2a5e-0000-4000-8000-000000000001'))).toBe('7f1c2a5e-0000-4000-8000-000000000001');
  });

  it('refuses a message without one for good (dead-lettered, never retried), naming the field', () => {
    let error: unknown;
    try {
      caseIdOf(envelope(null));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'CASE_ID_MISSING', message: 'birth.voided without a case id' });
  });
});
