import { ItemTransitions } from '@birth/platform';

/**
 * The medical insurance item (DOMAIN.md §5): opened waiting for the birth certificate when
 * eligible, or rejected at once; enrolled (`done`) on the certificate. While waiting, a correction
 * re-decides eligibility (`waiting → waiting` with a new basis, or `waiting → rejected`). `done → done` is the
 * contribution recorded as paid (the state does not change). A void or `revoke` ends the
 * enrolment or closes a waiting or rejected item.
 */
export const insuranceItem = ItemTransitions.define({
  item: 'medical-insurance',
  opensIn: ['waiting', 'rejected'],
  moves: {
    waiting: ['waiting', 'done', 'rejected', 'revoked'],
    done: ['done', 'revoked'],
    rejected: ['revoked'],
  },
});
