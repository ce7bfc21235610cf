import { loadPolicyDirectory } from '@birth/policy';
import { slaTargetOf } from './sla-step-clocks';
import { allowanceStep } from './test/sla-fixtures';

describe("slaTargetOf: a step's target from the rules (libs/policy sla.*)", () => {
  const policy = loadPolicyDirectory();
  const caseId = '6f1c1c47-9d4e-4a53-9a0b-3a1f3f1c0c01';
  const startedAt = new Date('2026-03-02T09:00:00+08:00');

  it('answers each item its target in working days (DOMAIN.md §7, §8)', () => {
    const targets = (['birth-certificate', 'household-registration', 'medical-insurance', 'social-security-card', 'maternity-allowance'] as const).map((item) =>
      slaTargetOf(policy, allowanceStep({ caseId, item }), startedAt),
    );
    expect(targets).toEqual([1, 5, 5, 10, 10]);
  });

  it('uses the version the department recorded, and the version in effect on the start date when it recorded none or one unknown here', () => {
    expect(slaTargetOf(policy, allowanceStep({ caseId, ruleVersion: '1' }), startedAt)).toBe(10);
    expect(slaTargetOf(policy, allowanceStep({ caseId, ruleVersion: null }), startedAt)).toBe(10);
    expect(slaTargetOf(policy, allowanceStep({ caseId, ruleVersion: '999' }), startedAt)).toBe(10);
  });
});
