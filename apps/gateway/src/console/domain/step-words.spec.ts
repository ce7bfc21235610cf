import { DEPARTMENT_SERVICES, ITEM_STATES, WAITING_FOR } from '@birth/contracts';
import { DEPARTMENT_NAMES, STATE_WORDS, WAITING_WORDS, waitingWordsOf } from './step-words';

describe('what a step waits for, in words', () => {
  it('says the issue\'s example exactly', () => {
    expect(waitingWordsOf(['citizen-id-number'])).toEqual([{ zh: '等待户口登记的公民身份号码', en: 'waiting for the citizen ID number from household registration' }]);
  });

  it('has Chinese and English words for every wait, state and department of the contracts', () => {
    for (const table of [WAITING_WORDS, STATE_WORDS, DEPARTMENT_NAMES] as Record<string, { zh: string; en: string }>[]) {
      for (const words of Object.values(table)) {
        expect(words.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(words.en).toMatch(/^[A-Za-z]/);
      }
    }
    expect(Object.keys(WAITING_WORDS).sort()).toEqual([...WAITING_FOR].sort());
    expect(Object.keys(STATE_WORDS).sort()).toEqual([...ITEM_STATES].sort());
    expect(Object.keys(DEPARTMENT_NAMES).sort()).toEqual([...DEPARTMENT_SERVICES].sort());
  });

  it('keeps the order of the waits', () => {
    expect(waitingWordsOf(['insurance-outcome', 'citizen-id-number']).map((w) => w.en)).toEqual([
      'waiting for the medical insurance outcome',
      'waiting for the citizen ID number from household registration',
    ]);
  });
});
