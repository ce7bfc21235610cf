import { DEFAULT_REGISTRATION_WINDOW_DAYS, registrationWindowDays, REGISTRATION_WINDOW_OVERRIDES, type RegistrationWindowRule } from './registration-window';

describe('registrationWindowDays', () => {
  it('defaults to 90 days', () => {
    expect(DEFAULT_REGISTRATION_WINDOW_DAYS).toBe(90);
    expect(registrationWindowDays('610302')).toBe(90);
  });

  it('ships overrides that name their source', () => {
    for (const rule of REGISTRATION_WINDOW_OVERRIDES) {
      expect(rule.source.length).toBeGreaterThan(0);
      expect(rule.days).toBeGreaterThan(0);
    }
    expect(registrationWindowDays('220102')).toBe(90);
  });

  const rules: RegistrationWindowRule[] = [
    { regionCode: '330000', days: 60, source: 'test: province' },
    { regionCode: '330600', days: 120, source: 'test: prefecture' },
    { regionCode: '330604', days: 30, effectiveFrom: '2025-01-01', effectiveTo: '2025-12-31', source: 'test: county, 2025 only' },
  ];

  it('takes the most specific rule: county, then prefecture, then province', () => {
    expect(registrationWindowDays('330604', { rules, on: '2025-06-01' })).toBe(30);
    expect(registrationWindowDays('330602', { rules, on: '2025-06-01' })).toBe(120);
    expect(registrationWindowDays('330102', { rules, on: '2025-06-01' })).toBe(60);
    expect(registrationWindowDays('210202', { rules, on: '2025-06-01' })).toBe(90);
  });

  it('applies a rule only on the days it is in effect, bounds included', () => {
    expect(registrationWindowDays('330604', { rules, on: '2025-01-01' })).toBe(30);
    expect(registrationWindowDays('330604', { rules, on: '2025-12-31' })).toBe(30);
    expect(registrationWindowDays('330604', { rules, on: '2024-12-31' })).toBe(120);
    expect(registrationWindowDays('330604', { rules, on: '2026-01-01' })).toBe(120);
  });
});
