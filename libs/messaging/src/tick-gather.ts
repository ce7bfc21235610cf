/**
 * Gathers the calls made within one turn of the event loop and does their work at once.
 *
 * kafkajs hands the batches of one fetch to `eachBatch` concurrently, one call per partition,
 * all started in the same turn. Gathered, they share one database transaction (the inbox) and
 * one OffsetCommit request (the message bus) instead of one each: with several services on one
 * PostgreSQL, each consumer's fetches carry a message or two per partition, and the per-batch
 * round trips were most of what a message cost (bench/README.md).
 *
 * `work` gets the items in the order they were added and returns one result per item, in that
 * order. If it throws, every caller of that turn gets the error.
 */
export class TickGather<T, R> {
  private pending: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] | null = null;

  constructor(private readonly work: (items: T[]) => Promise<R[]>) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (this.pending === null) {
        this.pending = [];
        // After the current turn: every eachBatch call of the fetch has started by then.
        setImmediate(() => void this.flush());
      }
      this.pending.push({ item, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const callers = this.pending ?? [];
    this.pending = null;
    try {
      const results = await this.work(callers.map((c) => c.item));
      callers.forEach((caller, i) => caller.resolve(results[i]!));
    } catch (error) {
      callers.forEach((caller) => caller.reject(error));
    }
  }
}
