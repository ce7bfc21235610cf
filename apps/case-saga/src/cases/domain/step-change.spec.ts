import type { ItemBlockV1 } from '@birth/contracts';
import { caseAtRisk, caseStateOf } from './case-state';
import { unreportedStep } from './step';
import { applyChange, compensatesOnClaim, isNews, leftClaimChange, type StepChange } from './step-change';

const block = (over: Partial<ItemBlockV1> = {}): ItemBlockV1 => ({
  item: 'birth-certificate',
  state: 'in_progress',
  reasonCode: null,
  reason: null,
  waitingFor: [],
  prerequisitesMetAt: '2026-03-02T09:00:00+08:00',
  changedAt: '2026-03-02T10:00:00+08:00',
  ruleVersion: '3',
  ...over,
});
const change = (over: Partial<ItemBlockV1> = {}, name = 'opened', claimId: string | null = null): StepChange => ({
  item: 'birth-certificate',
  change: name,
  block: block(over),
  claimId,
  compensates: false,
});

describe('a step change', () => {
  const start = unreportedStep('birth-certificate', '2026-03-02T01:00:00.000Z');

  it('a first report is news over the unreported step, and mirrors the block', () => {
    const c = change({ state: 'awaiting_applicant', waitingFor: ['newborn-name'], reasonCode: 'NAME_MISSING' }, 'awaiting-applicant');
    expect(isNews(start, c)).toBe(true);
    expect(applyChange(start, c)).toEqual({
      item: 'birth-certificate',
      state: 'awaiting_applicant',
      waitingFor: ['newborn-name'],
      reasonCode: 'NAME_MISSING',
      reason: null,
      prerequisitesMetAt: '2026-03-02T09:00:00+08:00',
      changedAt: '2026-03-02T10:00:00+08:00',
      ruleVersion: '3',
      lastChange: 'awaiting-applicant',
      claimId: null,
      compensatedAt: null,
    });
  });

  it('a first report is news even if the department stamps it before the case opened', () => {
    expect(isNews(start, change({ changedAt: '2026-03-02T08:59:59+08:00' }))).toBe(true);
  });

  it('an older change (a late or replayed message) is no news', () => {
    const now = applyChange(start, change({ state: 'done', changedAt: '2026-03-02T11:00:00+08:00' }, 'issued'));
    expect(isNews(now, change({ state: 'in_progress', changedAt: '2026-03-02T10:59:59.999+08:00' }))).toBe(false);
  });

  it('the same block again is no news, whatever the offset it is written with', () => {
    const now = applyChange(start, change({ state: 'done' }, 'issued'));
    expect(isNews(now, change({ state: 'done', changedAt: '2026-03-02T02:00:00.000Z', prerequisitesMetAt: '2026-03-02T01:00:00Z' }, 'issued'))).toBe(false);
  });

  it('a different block at the same instant is news (message order decides)', () => {
    const now = applyChange(start, change({ state: 'in_progress' }, 'opened'));
    expect(isNews(now, change({ state: 'done' }, 'issued'))).toBe(true);
  });

  it('a later change is news', () => {
    const now = applyChange(start, change({}, 'opened'));
    expect(isNews(now, change({ changedAt: '2026-03-02T10:00:00.001+08:00' }, 'opened'))).toBe(true);
  });

  it('a revoked step after a void is compensated at the change, and stays so', () => {
    const revoked = applyChange(start, { ...change({ state: 'revoked', changedAt: '2026-03-03T10:00:00+08:00' }, 'revoked'), compensates: true });
    expect(revoked).toMatchObject({ state: 'revoked', compensatedAt: '2026-03-03T10:00:00+08:00', reasonCode: null });
  });

  it('the claim\'s cancelled and recovery-required count as compensation and revoke the step', () => {
    expect(compensatesOnClaim('cancelled', block({ state: 'revoked' }))).toBe(true);
    expect(compensatesOnClaim('recovery-required', block({ state: 'done' }))).toBe(true);
    expect(compensatesOnClaim('paid', block({ state: 'done' }))).toBe(false);
    const recovery: StepChange = { item: 'maternity-allowance', change: 'recovery-required', block: block({ item: 'maternity-allowance', state: 'done' }), claimId: 'c-1', compensates: true };
    expect(applyChange(null, recovery)).toMatchObject({ state: 'revoked', reasonCode: 'RECOVERY_REQUIRED', claimId: 'c-1', compensatedAt: '2026-03-02T10:00:00+08:00' });
  });

  it('a case the claim no longer names has its allowance step revoked as LEFT_CLAIM', () => {
    const left = leftClaimChange('c-1', block({ item: 'maternity-allowance', state: 'in_progress', waitingFor: ['bank-account'] }));
    expect(applyChange(null, left)).toMatchObject({ item: 'maternity-allowance', state: 'revoked', reasonCode: 'LEFT_CLAIM', waitingFor: [], claimId: 'c-1', compensatedAt: '2026-03-02T10:00:00+08:00' });
  });
});

describe('the case state', () => {
  it('is open while a step is not finished, or with no step', () => {
    expect(caseStateOf(false, [])).toBe('open');
    expect(caseStateOf(false, ['done', 'in_progress'])).toBe('open');
    expect(caseStateOf(false, ['done', 'awaiting_applicant'])).toBe('open');
  });

  it('is completed when every step is done or forwarded', () => {
    expect(caseStateOf(false, ['done', 'forwarded', 'done'])).toBe('completed');
  });

  it('is completed with rejections when every step is finished and one was rejected', () => {
    expect(caseStateOf(false, ['done', 'rejected'])).toBe('completed_with_rejections');
    expect(caseStateOf(false, ['waiting', 'rejected'])).toBe('open');
  });

  it('is voided once the birth is voided, whatever its steps', () => {
    expect(caseStateOf(true, ['done', 'done'])).toBe('voided');
  });

  it('is at risk only while open and a running step is at risk', () => {
    expect(caseAtRisk('open', [{ state: 'in_progress', atRisk: true }])).toBe(true);
    expect(caseAtRisk('open', [{ state: 'awaiting_applicant', atRisk: true }])).toBe(false);
    expect(caseAtRisk('open', [{ state: 'done', atRisk: true }])).toBe(false);
    expect(caseAtRisk('completed', [{ state: 'in_progress', atRisk: true }])).toBe(false);
    expect(caseAtRisk('open', [{ state: 'in_progress', atRisk: false }])).toBe(false);
  });
});
