import type { EntityManager } from 'typeorm';
import type { DepartmentCommandV1, LocalizedTextV1, RetryStepCommandV1 } from '@birth/contracts';
import type { ItemRecorder, OpenedItem } from './item-recorder';
import type { ItemRecord, PendingPrerequisite } from './item-record';

/** Why an item is being revoked: a `revoke` command, or the service's own `birth.voided.v1` handler. */
export interface RevocationRequest {
  /** `BIRTH_VOIDED`, `OPERATOR_REQUEST`, …: stored as the item's reasonCode. */
  reasonCode: string;
  note?: string | null;
}

/** What the service's undo leaves on the item beside the `revoked` state. */
export interface Revocation<F extends object> {
  /** Facts to store and publish with `revoked` (the voided certificate number, `cardState: 'cancelled'`, …). */
  facts?: Partial<F>;
  /** The reason a clerk reads out; a generic one by default. */
  reason?: LocalizedTextV1;
}

/** The service's side of the commands: what redoing a step and undoing the work mean for it. */
export interface ItemCommandHandlers<F extends object> {
  /**
   * Redo the step that is stuck, applying its changes through the recorder (the item is locked).
   * Nothing stuck: do nothing (the inbox has recorded the command).
   */
  retryStep(manager: EntityManager, item: ItemRecord<F>, command: RetryStepCommandV1): Promise<void>;
  /**
   * Undo what was done (void the certificate, cancel the registration, end the enrolment, cancel
   * the card) in this transaction. The kit then records `revoked`; it never calls this for an item
   * already revoked.
   */
  revoke(manager: EntityManager, item: ItemRecord<F>, request: RevocationRequest): Promise<Revocation<F> | void>;
}

export type CommandOutcome = 'applied' | 'already-revoked' | 'no-item' | 'kept-until-opened';

/** The kind under which a revoke that came before the item is kept (see `applyPending`). */
export const PENDING_REVOKE = 'revoke';

const REVOKED_REASON: LocalizedTextV1 = { zh: '出生登记已作废或撤回，本事项已撤销', en: 'The birth was voided or withdrawn: this item is revoked' };

/**
 * `retry-step` and `revoke` (DEPARTMENT_COMMANDS) for one department's item, delegating the
 * service's part to its handlers. `revoke` is a no-op on a revoked item; a revoke for a case
 * with no item yet is kept and applied when the birth opens it (order-proof: a void can overtake
 * the birth on another topic).
 */
export class ItemCommands<F extends object> {
  constructor(
    private readonly recorder: ItemRecorder<F>,
    private readonly handlers: ItemCommandHandlers<F>,
  ) {}

  /** A message of the service's `<service>.commands.v1` that is one of the common commands. */
  async handle(manager: EntityManager, caseId: string, command: DepartmentCommandV1): Promise<CommandOutcome> {
    switch (command.command) {
      case 'retry-step':
        return this.retryStep(manager, caseId, command);
      case 'revoke':
        return this.revoke(manager, caseId, { reasonCode: command.reasonCode, note: command.note });
      default:
        throw new Error(`not a department command: ${(command as { command: string }).command}`);
    }
  }

  async retryStep(manager: EntityManager, caseId: string, command: RetryStepCommandV1): Promise<CommandOutcome> {
    const item = await this.recorder.lock(manager, caseId);
    if (!item) return 'no-item';
    await this.handlers.retryStep(manager, item, command);
    return 'applied';
  }

  /** For `revoke` and for `birth.voided.v1` alike. */
  async revoke(manager: EntityManager, caseId: string, request: RevocationRequest): Promise<CommandOutcome> {
    const item = await this.recorder.lockOrKeep(manager, caseId, { kind: PENDING_REVOKE, facts: { reasonCode: request.reasonCode, note: request.note ?? null } });
    if (!item) return 'kept-until-opened';
    return this.revokeItem(manager, item, request);
  }

  /**
   * After `recorder.open`: applies the prerequisites kept before the item existed, in the order
   * they came, through the service's `applyPrerequisite` (which returns the item after it), and
   * a kept revoke last, so an item voided before its birth arrived ends revoked.
   */
  async applyPending(
    manager: EntityManager,
    opened: OpenedItem<F>,
    applyPrerequisite: (item: ItemRecord<F>, pending: PendingPrerequisite) => Promise<ItemRecord<F>>,
  ): Promise<ItemRecord<F>> {
    let item = opened.item;
    for (const pending of opened.pending.filter((p) => p.kind !== PENDING_REVOKE)) item = await applyPrerequisite(item, pending);
    const revoke = opened.pending.find((p) => p.kind === PENDING_REVOKE);
    if (revoke) {
      const request = { reasonCode: String(revoke.facts.reasonCode), note: (revoke.facts.note as string | null) ?? null };
      await this.revokeItem(manager, item, request, revoke.cause);
      item = (await this.recorder.lock(manager, item.caseId))!;
    }
    return item;
  }

  private async revokeItem(manager: EntityManager, item: ItemRecord<F>, request: RevocationRequest, cause?: string | null): Promise<CommandOutcome> {
    if (item.state === 'revoked') return 'already-revoked';
    const undone = (await this.handlers.revoke(manager, item, request)) ?? {};
    // The handler may have recorded changes of its own: revoke from the item as it is now.
    const current = (await this.recorder.lock(manager, item.caseId))!;
    await this.recorder.apply(manager, current, {
      change: 'revoked',
      state: 'revoked',
      reasonCode: request.reasonCode,
      reason: undone.reason ?? REVOKED_REASON,
      facts: undone.facts,
      cause,
    });
    return 'applied';
  }
}
