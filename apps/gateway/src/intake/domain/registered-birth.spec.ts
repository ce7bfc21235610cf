import { SEALED_VALUE_ALG, type SealedValueV1 } from '@birth/contracts';
import { registeredBirth } from './registered-birth';
import { validApplication } from './validation/birth-application.fixture';

const sealed = (kid: string): SealedValueV1 => ({ alg: SEALED_VALUE_ALG, kid, enc: 'A'.repeat(43), ct: 'B'.repeat(40) });
const accepted = { caseNumber: '210202-20250307-000001-7', acceptedAt: new Date('2025-03-07T02:00:00.123Z') };

describe('birth.registered.v1 from an accepted submission', () => {
  it('adds the case number and the stored acceptance, and replaces each account by its sealed form', () => {
    const submission = validApplication();
    const event = registeredBirth(submission, accepted, { mother: sealed('m'), father: sealed('f') });
    expect(event).toMatchObject({ caseNumber: accepted.caseNumber, acceptedAt: '2025-03-07T02:00:00.123Z', birthRecordId: submission.birthRecordId });
    expect(event.mother.bankAccount).toEqual(sealed('m'));
    expect(event.father!.bankAccount).toEqual(sealed('f'));
    expect(JSON.stringify(event)).not.toContain(submission.mother.bankAccount!.accountNumber);
    expect(JSON.stringify(event)).not.toContain(submission.father!.bankAccount!.accountNumber);
    // The submission itself is left as it was.
    expect(submission.mother.bankAccount!.accountNumber).toBe('6217000000000000000');
  });

  it('carries no account where none was given, and no father where none was given', () => {
    const submission = validApplication();
    delete submission.mother.bankAccount;
    delete submission.father;
    const event = registeredBirth(submission, accepted, {});
    expect(event.mother).not.toHaveProperty('bankAccount');
    expect(event).not.toHaveProperty('father');
  });

  it('refuses to publish an account it was not given sealed', () => {
    expect(() => registeredBirth(validApplication(), accepted, { mother: sealed('m') })).toThrow('father.bankAccount is present but was not sealed');
  });
});
