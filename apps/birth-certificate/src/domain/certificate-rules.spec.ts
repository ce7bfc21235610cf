import { IllegalItemTransitionError } from '@birth/platform';
import { certificateItem } from './certificate-item';
import { chinaDateOf, isNewerStatement, nextStep, type CertificateFacts } from './certificate-rules';
import { changedPrintedFields, printedFingerprints, type PrintedSource } from './printed-facts';

const CASE = '7d0f2f4e-5f7b-4e4b-9a38-1c2f0c6f8a11';
const source = (overrides: { name?: string | null; weightGrams?: number; fatherName?: string } = {}): PrintedSource => ({
  newborn: { name: 'name' in overrides ? overrides.name : '李小明', sex: '1', weightGrams: overrides.weightGrams ?? 3400, gestation: { weeks: 39, days: 2 } },
  father: { name: overrides.fatherName ?? '李四', identity: { type: 'resident-id', number: '210202199001011234' }, nationality: 'CHN' },
});
const facts = (printed: PrintedSource, issued?: PrintedSource): CertificateFacts => ({
  institutionId: 'H-1',
  regionCode: '210202',
  acceptedOn: '2026-03-01',
  printed: printedFingerprints(CASE, printed),
  factsAsOf: '2026-03-01T08:00:00+08:00',
  printedOnCertificate: issued ? printedFingerprints(CASE, issued) : null,
  certificateNumber: issued ? 'A000000001' : null,
  replaces: null,
  issuedAt: issued ? '2026-03-01T08:00:01+08:00' : null,
});

describe('the certificate’s next step (DOMAIN.md §3)', () => {
  it('waits for the name before issue, and issues once it is there', () => {
    expect(nextStep('awaiting_applicant', facts(source({ name: null })))).toEqual({ kind: 'await-name' });
    expect(nextStep('awaiting_applicant', facts(source({ name: '   ' })))).toEqual({ kind: 'await-name' });
    expect(nextStep('awaiting_applicant', facts(source()))).toEqual({ kind: 'issue' });
    expect(nextStep('in_progress', facts(source()))).toEqual({ kind: 'issue' });
  });

  it('a fact supplied before issue is no reissue: it is printed on the first certificate', () => {
    // The weight corrected while the name was awaited: still a first issue.
    expect(nextStep('awaiting_applicant', facts(source({ weightGrams: 3500 })))).toEqual({ kind: 'issue' });
  });

  it('reissues after issue when a printed fact changed: name, weight, the father’s details', () => {
    expect(nextStep('done', facts(source({ name: '李晓明' }), source()))).toEqual({ kind: 'reissue', changed: ['newborn.name'] });
    expect(nextStep('done', facts(source({ weightGrams: 3450, fatherName: '李斯' }), source()))).toEqual({ kind: 'reissue', changed: ['newborn.weightGrams', 'father.name'] });
  });

  it('does nothing after issue when nothing printed changed, and nothing once revoked', () => {
    expect(nextStep('done', facts(source(), source()))).toEqual({ kind: 'none' });
    expect(nextStep('revoked', facts(source({ name: '李晓明' }), source()))).toEqual({ kind: 'none' });
    expect(nextStep('revoked', facts(source({ name: null })))).toEqual({ kind: 'none' });
  });

  it('a reissue waiting for numbers (in_progress) is still a reissue', () => {
    expect(nextStep('in_progress', facts(source({ name: '李晓明' }), source()))).toEqual({ kind: 'reissue', changed: ['newborn.name'] });
  });
});

describe('printed facts', () => {
  it('keeps digests, not the names and numbers, and binds them to the case', () => {
    const printed = printedFingerprints(CASE, source());
    expect(JSON.stringify(printed)).not.toMatch(/李|210202199001011234/);
    expect(printed['newborn.name']).not.toEqual(printedFingerprints('another-case', source())['newborn.name']);
  });

  it('names exactly the fields that changed; a missing father is absent facts, not an error', () => {
    const before = printedFingerprints(CASE, source());
    expect(changedPrintedFields(before, printedFingerprints(CASE, source()))).toEqual([]);
    const noFather = printedFingerprints(CASE, { newborn: source().newborn, father: null });
    expect(changedPrintedFields(before, noFather)).toEqual(['father.name', 'father.identity', 'father.nationality']);
  });
});

describe('order of statements and the China date', () => {
  it('only a correction stated later than the held facts counts (a redelivery or an overtaken one does not)', () => {
    expect(isNewerStatement('2026-03-01T08:00:00+08:00', '2026-03-01T00:00:01Z')).toBe(true);
    expect(isNewerStatement('2026-03-01T08:00:00+08:00', '2026-03-01T00:00:00Z')).toBe(false);
    expect(isNewerStatement('2026-03-02T00:00:00Z', '2026-03-01T23:00:00Z')).toBe(false);
  });

  it('takes the rules for the China date: 00:30 in Beijing is that day, whatever UTC says', () => {
    expect(chinaDateOf('2026-03-01T00:30:00+08:00')).toBe('2026-03-01');
    expect(chinaDateOf('2026-02-28T16:30:00Z')).toBe('2026-03-01');
  });
});

describe('the transition table', () => {
  it('opens awaiting the name or being issued, never done or revoked', () => {
    expect(certificateItem.allowedFrom(null)).toEqual(['awaiting_applicant', 'in_progress']);
    expect(() => certificateItem.check(null, 'done')).toThrow(IllegalItemTransitionError);
  });

  it('allows issue, reissue (done → done), a reissue waiting for numbers, and revoke from every open state', () => {
    for (const [from, to] of [
      ['awaiting_applicant', 'done'],
      ['awaiting_applicant', 'in_progress'],
      ['in_progress', 'done'],
      ['in_progress', 'in_progress'],
      ['in_progress', 'awaiting_applicant'],
      ['done', 'done'],
      ['done', 'in_progress'],
      ['awaiting_applicant', 'revoked'],
      ['in_progress', 'revoked'],
      ['done', 'revoked'],
    ] as const) {
      expect({ from, to, allowed: certificateItem.allows(from, to) }).toEqual({ from, to, allowed: true });
    }
  });

  it('keeps revoked final and never goes back to the name wait after issue', () => {
    expect(certificateItem.allowedFrom('revoked')).toEqual([]);
    expect(() => certificateItem.check('done', 'awaiting_applicant')).toThrow(/done → awaiting_applicant is not an allowed transition/);
    expect(certificateItem.allows('done', 'waiting')).toBe(false);
  });
});
