import { ItemTransitions } from '@birth/platform';

/**
 * The household registration item's state machine (issue 11, DOMAIN.md §4). It opens `waiting`
 * for the certificate; the certificate decides the place and, for a county served here, the
 * citizen ID number:
 * - `done` (`registered`): a number was assigned in a served county;
 * - `forwarded`: the county lies outside the served prefectures (its office assigns the number);
 * - `awaiting_applicant` (`newborn-sex`): sex 0 or 9 allows no number until a correction states it;
 * - `in_progress` (`MANUAL_REVIEW`): the place is undecidable, the county's sequences for the day
 *   and sex are exhausted, or a fact of the number (the sex) was corrected after it was assigned.
 * Same-state moves are listed where a correction may change the item's facts without moving it.
 */
export const registrationItem = ItemTransitions.define({
  item: 'household-registration',
  opensIn: ['waiting'],
  moves: {
    // A correction before the certificate updates the facts and keeps waiting.
    waiting: ['waiting', 'awaiting_applicant', 'in_progress', 'done', 'forwarded', 'revoked'],
    awaiting_applicant: ['awaiting_applicant', 'in_progress', 'done', 'forwarded', 'revoked'],
    // A person must act; a correction or retry-step may still settle it.
    in_progress: ['in_progress', 'awaiting_applicant', 'done', 'forwarded', 'revoked'],
    // After the number only manual review (a corrected sex: never a silent new number) or a cancellation.
    done: ['in_progress', 'revoked'],
    // Another office's business now: only the void of the birth still concerns this platform.
    forwarded: ['revoked'],
  },
});

/** Every `in_progress` of this item carries this reasonCode; the finer cause is `reviewCode`. */
export const MANUAL_REVIEW = 'MANUAL_REVIEW';
