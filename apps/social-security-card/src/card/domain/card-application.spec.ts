import { advanceCard, cardWaitingFor } from './card-application';
import { cardItem } from './card-item';

describe('cardWaitingFor (DOMAIN.md §6)', () => {
  it('waits for the ID number and, when insurance was applied for, its outcome', () => {
    expect(cardWaitingFor({ insuranceApplied: true, citizenIdNumberKnown: false, insuranceOutcomeKnown: false })).toEqual(['citizen-id-number', 'insurance-outcome']);
    expect(cardWaitingFor({ insuranceApplied: true, citizenIdNumberKnown: true, insuranceOutcomeKnown: false })).toEqual(['insurance-outcome']);
    expect(cardWaitingFor({ insuranceApplied: true, citizenIdNumberKnown: false, insuranceOutcomeKnown: true })).toEqual(['citizen-id-number']);
    expect(cardWaitingFor({ insuranceApplied: true, citizenIdNumberKnown: true, insuranceOutcomeKnown: true })).toEqual([]);
  });

  it('without insurance applied for, waits only for the ID number', () => {
    expect(cardWaitingFor({ insuranceApplied: false, citizenIdNumberKnown: false, insuranceOutcomeKnown: false })).toEqual(['citizen-id-number']);
    expect(cardWaitingFor({ insuranceApplied: false, citizenIdNumberKnown: true, insuranceOutcomeKnown: false })).toEqual([]);
  });
});

describe('advanceCard: the physical card one state at a time', () => {
  it('moves applied → in_production → ready → issued', () => {
    expect(advanceCard('applied', 'in_production')).toEqual({ kind: 'advance', to: 'in_production' });
    expect(advanceCard('in_production', 'ready')).toEqual({ kind: 'advance', to: 'ready' });
    expect(advanceCard('ready', 'issued')).toEqual({ kind: 'advance', to: 'issued' });
  });

  it('without a target, moves to the next state; after issued there is none', () => {
    expect(advanceCard('applied')).toEqual({ kind: 'advance', to: 'in_production' });
    expect(advanceCard('ready')).toEqual({ kind: 'advance', to: 'issued' });
    expect(advanceCard('issued')).toMatchObject({ kind: 'refused', code: 'CARD_STATE_NOT_NEXT' });
  });

  it('changes nothing when repeated, refuses a skip, a step back or a card not applied for', () => {
    expect(advanceCard('ready', 'ready')).toEqual({ kind: 'unchanged' });
    expect(advanceCard('applied', 'ready')).toMatchObject({ kind: 'refused', code: 'CARD_STATE_NOT_NEXT' });
    expect(advanceCard('issued', 'in_production')).toMatchObject({ kind: 'refused', code: 'CARD_STATE_NOT_NEXT' });
    expect(advanceCard(null, 'in_production')).toMatchObject({ kind: 'refused', code: 'CARD_NOT_APPLIED' });
    expect(advanceCard('cancelled', 'in_production')).toMatchObject({ kind: 'refused', code: 'CARD_NOT_APPLIED' });
  });
});

describe('the card item’s transitions', () => {
  it('waits, applies, advances while done, is forwarded, and is revoked from any open state', () => {
    expect(cardItem.allows(null, 'waiting')).toBe(true);
    expect(cardItem.allows('waiting', 'waiting')).toBe(true);
    expect(cardItem.allows('waiting', 'done')).toBe(true);
    expect(cardItem.allows('done', 'done')).toBe(true);
    expect(cardItem.allows('waiting', 'forwarded')).toBe(true);
    for (const from of ['waiting', 'done', 'forwarded'] as const) expect(cardItem.allows(from, 'revoked')).toBe(true);
    expect(cardItem.allows('done', 'waiting')).toBe(false);
    expect(cardItem.allows('revoked', 'done')).toBe(false);
  });
});
