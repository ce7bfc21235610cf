import { chinaTime, itemLabel, stateLabel, yuan } from './labels';
import { MESSAGES } from './messages';

describe('the console\'s labels', () => {
  it('shows instants in Beijing time, whatever the browser\'s zone', () => {
    expect(chinaTime('2026-12-01T16:30:00Z')).toBe('2026-12-02 00:30');
    expect(chinaTime('2026-12-03T00:00:00+08:00')).toBe('2026-12-03 00:00');
    expect(chinaTime(null)).toBe('—');
    expect(chinaTime('not a date')).toBe('not a date');
  });

  it('shows fen as yuan with two decimals', () => {
    expect(yuan(4_740_000)).toBe('¥47,400.00');
    expect(yuan(5)).toBe('¥0.05');
    expect(yuan(null)).toBe('—');
  });

  it('names every item and item state in both languages, and says so when it does not know one', () => {
    for (const item of ['birth-certificate', 'household-registration', 'medical-insurance', 'social-security-card', 'maternity-allowance']) {
      const key = itemLabel(item);
      expect(key && MESSAGES[key].zh && MESSAGES[key].en).toBeTruthy();
    }
    for (const state of ['waiting', 'in_progress', 'done', 'rejected', 'awaiting_applicant', 'forwarded', 'revoked']) {
      const key = stateLabel(state);
      expect(key && MESSAGES[key].zh && MESSAGES[key].en).toBeTruthy();
    }
    expect(itemLabel('unknown-item')).toBeNull();
    expect(stateLabel('unknown')).toBeNull();
  });

  it('has a Chinese and an English text for every message, with the same placeholders', () => {
    for (const [key, text] of Object.entries(MESSAGES)) {
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect({ key, zh: text.zh.trim().length > 0, en: text.en.trim().length > 0 }).toEqual({ key, zh: true, en: true });
      expect({ key, placeholders: placeholders(text.zh) }).toEqual({ key, placeholders: placeholders(text.en) });
    }
  });
});
