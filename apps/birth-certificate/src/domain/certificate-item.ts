import type { LocalizedTextV1 } from '@birth/contracts';
import { ItemTransitions } from '@birth/platform';

/**
 * The birth certificate's item (DOMAIN.md §3) as a transition table. The birth opens it
 * `awaiting_applicant` (no name yet: the family must give one, the clock pauses) or `in_progress`
 * (being issued, in the same transaction); `in_progress` also while the institution's numbers are
 * exhausted (`in_progress → in_progress`: being issued → NUMBER_BLOCK_EXHAUSTED). `done → done` is a reissue; `done → in_progress` a reissue that waits for numbers.
 * `revoked` is final: its number stays voided.
 */
export const certificateItem = ItemTransitions.define({
  item: 'birth-certificate',
  opensIn: ['awaiting_applicant', 'in_progress'],
  moves: {
    awaiting_applicant: ['in_progress', 'done', 'revoked'],
    in_progress: ['in_progress', 'awaiting_applicant', 'done', 'revoked'],
    done: ['done', 'in_progress', 'revoked'],
  },
});

/** Reason codes of the item's `in_progress` states. */
export const NUMBER_BLOCK_EXHAUSTED = 'NUMBER_BLOCK_EXHAUSTED';
/** Waiting for the family to give the newborn's name (`awaiting_applicant`). */
export const NEWBORN_NAME_REQUIRED = 'NEWBORN_NAME_REQUIRED';
/** Opened with a name: issued in the same transaction unless the numbers ran out. */
export const ISSUING = 'ISSUING';

export const REASONS: Record<'issuing' | 'awaitingName', LocalizedTextV1> = {
  issuing: { zh: '正在签发出生医学证明', en: 'The birth certificate is being issued' },
  awaitingName: { zh: '出生医学证明须载明新生儿姓名，请家属补充姓名', en: 'The certificate prints the newborn\'s name: the family must supply it' },
};
