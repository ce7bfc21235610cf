import { ITEM_STATES, type ApplicationItem, type ItemState } from '@birth/contracts';

/**
 * A department's item state machine as a small table: the states an item may open in, and for
 * each state the states it may move to. A move to the same state (the certificate reissued while
 * `done`, the card advanced) must be listed too; a change that alters nothing is not a move at all
 * (the recorder drops it before asking).
 */
export interface ItemTransitionTable {
  item: ApplicationItem;
  /** States the item may be opened in, by the birth event (or the first event that opens it). */
  opensIn: readonly ItemState[];
  /** Allowed moves; a state missing here is final. */
  moves: Partial<Record<ItemState, readonly ItemState[]>>;
}

/** A move the table does not allow: the service's code asked for something its own table forbids. */
export class IllegalItemTransitionError extends Error {
  constructor(
    readonly item: ApplicationItem,
    readonly from: ItemState | null,
    readonly to: ItemState,
    allowed: readonly ItemState[],
  ) {
    super(
      from === null
        ? `${item}: an item cannot open in ${to} (it opens in ${allowed.join(', ') || 'nothing'})`
        : `${item}: ${from} → ${to} is not an allowed transition (from ${from}: ${allowed.join(', ') || 'none, it is final'})`,
    );
    this.name = 'IllegalItemTransitionError';
  }
}

export class ItemTransitions {
  private constructor(private readonly table: ItemTransitionTable) {}

  /** Checks the table itself once, at module load: unknown states fail there, not on the first message. */
  static define(table: ItemTransitionTable): ItemTransitions {
    const known = new Set<string>(ITEM_STATES);
    const named = [...table.opensIn, ...Object.keys(table.moves), ...Object.values(table.moves).flat()];
    const unknown = named.filter((s) => !known.has(s as string));
    if (unknown.length > 0) throw new Error(`${table.item}: the transition table names unknown states: ${[...new Set(unknown)].join(', ')}`);
    if (table.opensIn.length === 0) throw new Error(`${table.item}: the transition table opens in no state`);
    return new ItemTransitions(table);
  }

  get item(): ApplicationItem {
    return this.table.item;
  }

  allows(from: ItemState | null, to: ItemState): boolean {
    return this.allowedFrom(from).includes(to);
  }

  /** Throws IllegalItemTransitionError unless `from` → `to` is in the table (`from` null: opening). */
  check(from: ItemState | null, to: ItemState): void {
    if (!this.allows(from, to)) throw new IllegalItemTransitionError(this.table.item, from, to, this.allowedFrom(from));
  }

  allowedFrom(from: ItemState | null): readonly ItemState[] {
    return from === null ? this.table.opensIn : (this.table.moves[from] ?? []);
  }
}
