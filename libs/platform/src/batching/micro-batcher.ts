/**
 * Runs concurrent requests for the same kind of database work together, a few round trips and
 * one commit for many of them ("group commit" done by the application). Nothing waits for a
 * timer: an item queued while the machine is idle goes out at the end of the current turn of
 * the event loop, alone or with whatever arrived in the same turn; under load, items queue while
 * `concurrency` batches are running and leave together as soon as one of them ends. So batches
 * grow with the load by themselves, and at low load an item pays no added delay.
 *
 * The work function answers each item on its own (a value or an Error in the item's place), so
 * one bad item does not fail its neighbours; if it throws, every item of the batch gets that error.
 */
export interface MicroBatcherOptions {
  /** Most items in one batch. */
  maxBatchSize: number;
  /** Batches running at the same time (each typically holds one database connection). */
  concurrency: number;
}

export type BatchWork<I, O> = (items: readonly I[]) => Promise<readonly (O | Error)[]>;

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: Error) => void;
}

export class MicroBatcher<I, O> {
  private readonly queue: Pending<I, O>[] = [];
  private running = 0;
  private dispatchScheduled = false;
  private readonly stats = { batches: 0, items: 0, largest: 0 };

  constructor(
    private readonly work: BatchWork<I, O>,
    private readonly options: MicroBatcherOptions,
  ) {
    if (!(options.maxBatchSize >= 1) || !(options.concurrency >= 1)) throw new Error('MicroBatcher: maxBatchSize and concurrency must be at least 1');
  }

  run(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.scheduleDispatch();
    });
  }

  /** Batches run so far, items through them and the largest batch (for benchmarks and diagnostics). */
  statistics(): { batches: number; items: number; largest: number } {
    return { ...this.stats };
  }

  private scheduleDispatch(): void {
    if (this.dispatchScheduled) return;
    this.dispatchScheduled = true;
    // After the current I/O phase: the requests read in it join the same batch.
    setImmediate(() => {
      this.dispatchScheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.running < this.options.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatchSize);
      this.running += 1;
      void this.execute(batch);
    }
  }

  private async execute(batch: Pending<I, O>[]): Promise<void> {
    this.stats.batches += 1;
    this.stats.items += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    try {
      const results = await this.work(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`MicroBatcher: the work answered ${results.length} results for ${batch.length} items`);
      batch.forEach((pending, i) => {
        const result = results[i] as O | Error;
        if (result instanceof Error) pending.reject(result);
        else pending.resolve(result);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error as Error);
    } finally {
      this.running -= 1;
      if (this.queue.length > 0) this.dispatch();
    }
  }
}
