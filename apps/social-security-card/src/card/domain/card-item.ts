import { ItemTransitions } from '@birth/platform';

/**
 * The social security card item (DOMAIN.md §6): waits for the citizen ID number and, when
 * insurance was applied for, its outcome (`waiting → waiting` as each arrives); applied (`done`,
 * the electronic card issued) once both are there; `done → done` as the physical card moves on;
 * forwarded with the household registration; revoked (the card cancelled) on a void or `revoke`.
 */
export const cardItem = ItemTransitions.define({
  item: 'social-security-card',
  opensIn: ['waiting'],
  moves: {
    waiting: ['waiting', 'done', 'forwarded', 'revoked'],
    done: ['done', 'revoked'],
    forwarded: ['revoked'],
  },
});
