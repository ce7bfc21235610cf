import { maskIdNumber } from '@birth/contracts';
import { parseActor } from './internal-request';
import { maskForAnswer, parseRevealQuery, revealedFields } from './reveal-masking';

describe('parseRevealQuery: masked unless a reveal with a reason', () => {
  it('answers masked without reveal, or with reveal=false', () => {
    expect(parseRevealQuery({})).toEqual({ ok: true, reveal: null });
    expect(parseRevealQuery(undefined)).toEqual({ ok: true, reveal: null });
    expect(parseRevealQuery({ reveal: 'false', reason: 'ignored' })).toEqual({ ok: true, reveal: null });
  });

  it('reveals with a reason, trimmed', () => {
    expect(parseRevealQuery({ reveal: 'true', reason: ' 家属现场核对 ' })).toEqual({ ok: true, reveal: { reason: '家属现场核对' } });
  });

  it.each([
    [{ reveal: 'yes' }, 'INVALID_REVEAL'],
    [{ reveal: ['true', 'true'], reason: 'x' }, 'INVALID_REVEAL'],
    [{ reveal: 'true' }, 'REVEAL_REASON_REQUIRED'],
    [{ reveal: 'true', reason: '   ' }, 'REVEAL_REASON_REQUIRED'],
    [{ reveal: 'true', reason: 'x'.repeat(501) }, 'REVEAL_REASON_INVALID'],
    [{ reveal: 'true', reason: 'line\nbreak' }, 'REVEAL_REASON_INVALID'],
    [{ reveal: 'true', reason: ['a', 'b'] }, 'REVEAL_REASON_INVALID'],
  ])('refuses %j with %s', (query, code) => {
    expect(parseRevealQuery(query)).toEqual({ ok: false, code });
  });
});

describe('maskForAnswer and revealedFields', () => {
  const answer = {
    caseId: '4f1c0b8e-8d0e-4c53-9d5a-0f8b3b2f4a11',
    state: 'done',
    socialSecurityNumber: '21020220250101123X',
    issuedAt: new Date('2026-01-02T03:04:05.000Z'),
    mother: { name: '王小红', phone: '13812345678' },
    history: [{ state: 'done', cause: 'm-1' }],
    benefits: [{ account: { accountNumber: '6222020200112233445' } }, { account: { accountNumber: '6222020200112233446' } }],
  };

  it('masks the service-named fields and those libs/contracts knows, keeping the rest as JSON', () => {
    const masked = maskForAnswer(answer, { socialSecurityNumber: maskIdNumber });
    expect(masked).toEqual({
      caseId: answer.caseId,
      state: 'done',
      socialSecurityNumber: '210202********123X',
      issuedAt: '2026-01-02T03:04:05.000Z',
      mother: { name: '王**', phone: '138****5678' },
      history: [{ state: 'done', cause: 'm-1' }],
      benefits: [{ account: { accountNumber: '***************3445' } }, { account: { accountNumber: '***************3446' } }],
    });
  });

  it('lists the fields a reveal shows, array positions as []', () => {
    const masked = maskForAnswer(answer, { socialSecurityNumber: maskIdNumber });
    expect(revealedFields(JSON.parse(JSON.stringify(answer)), masked)).toEqual([
      'benefits[].account.accountNumber',
      'mother.name',
      'mother.phone',
      'socialSecurityNumber',
    ]);
  });

  it('finds nothing to reveal in an answer without personal data', () => {
    const plain = { caseId: 'c', state: 'waiting', waitingFor: ['newborn-name'], socialSecurityNumber: null };
    expect(revealedFields(plain, maskForAnswer(plain, { socialSecurityNumber: maskIdNumber }))).toEqual([]);
  });
});

describe('parseActor (X-Actor)', () => {
  it('is optional, and a user name passes as it is', () => {
    expect(parseActor(undefined)).toBeNull();
    expect(parseActor('clerk:zhang.san@210202')).toBe('clerk:zhang.san@210202');
  });

  it.each([[''], [' lead'], ['tab\there'], ['a'.repeat(129)], ['Ã©'], [['a', 'b']]])('refuses %j', (value) => {
    expect(parseActor(value as string)).toBeUndefined();
  });
});
