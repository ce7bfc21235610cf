import { MicroBatcher } from './micro-batcher';

/** A work function whose batches end only when the test says so. */
function controlledWork() {
  const batches: { items: number[]; finish: (results?: (number | Error)[]) => void; fail: (error: Error) => void }[] = [];
  const work = (items: readonly number[]) =>
    new Promise<(number | Error)[]>((resolve, reject) => {
      batches.push({ items: [...items], finish: (results) => resolve(results ?? items.map((i) => i * 10)), fail: reject });
    });
  return { batches, work };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('MicroBatcher', () => {
  it('sends items queued in one turn of the event loop as one batch, and answers each its own result', async () => {
    const { batches, work } = controlledWork();
    const batcher = new MicroBatcher(work, { maxBatchSize: 10, concurrency: 1 });
    const answers = [1, 2, 3].map((i) => batcher.run(i));
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1, 2, 3]]);
    batches[0]!.finish();
    await expect(Promise.all(answers)).resolves.toEqual([10, 20, 30]);
  });

  it('queues items while the batches run and sends them together when one ends', async () => {
    const { batches, work } = controlledWork();
    const batcher = new MicroBatcher(work, { maxBatchSize: 10, concurrency: 1 });
    const first = batcher.run(1);
    await turn();
    const later = [2, 3, 4].map((i) => batcher.run(i));
    await turn();
    expect(batches).toHaveLength(1);
    batches[0]!.finish();
    await first;
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3, 4]]);
    batches[1]!.finish();
    await expect(Promise.all(later)).resolves.toEqual([20, 30, 40]);
  });

  it('splits at maxBatchSize and runs up to `concurrency` batches at once', async () => {
    const { batches, work } = controlledWork();
    const batcher = new MicroBatcher(work, { maxBatchSize: 2, concurrency: 2 });
    const answers = [1, 2, 3, 4, 5].map((i) => batcher.run(i));
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1, 2], [3, 4]]);
    batches[1]!.finish();
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1, 2], [3, 4], [5]]);
    batches[0]!.finish();
    batches[2]!.finish();
    await expect(Promise.all(answers)).resolves.toEqual([10, 20, 30, 40, 50]);
    expect(batcher.statistics()).toEqual({ batches: 3, items: 5, largest: 2 });
  });

  it('rejects only the item whose result is an Error', async () => {
    const { batches, work } = controlledWork();
    const batcher = new MicroBatcher(work, { maxBatchSize: 10, concurrency: 1 });
    const answers = [1, 2].map((i) => batcher.run(i).then((v) => ({ ok: v }), (e: Error) => ({ error: e.message })));
    await turn();
    batches[0]!.finish([10, new Error('item 2 refused')]);
    await expect(Promise.all(answers)).resolves.toEqual([{ ok: 10 }, { error: 'item 2 refused' }]);
  });

  it('rejects every item of a batch whose work throws, and keeps serving later items', async () => {
    const { batches, work } = controlledWork();
    const batcher = new MicroBatcher(work, { maxBatchSize: 10, concurrency: 1 });
    const answers = [1, 2].map((i) => batcher.run(i).catch((e: Error) => e.message));
    await turn();
    batches[0]!.fail(new Error('database down'));
    await expect(Promise.all(answers)).resolves.toEqual(['database down', 'database down']);
    const next = batcher.run(3);
    await turn();
    batches[1]!.finish();
    await expect(next).resolves.toBe(30);
  });

  it('refuses a result list of the wrong length instead of answering items with the wrong results', async () => {
    const { batches, work } = controlledWork();
    const batcher = new MicroBatcher(work, { maxBatchSize: 10, concurrency: 1 });
    const answers = [1, 2].map((i) => batcher.run(i).catch((e: Error) => e.message));
    await turn();
    batches[0]!.finish([10]);
    await expect(Promise.all(answers)).resolves.toEqual([expect.stringMatching(/1 results for 2 items/), expect.stringMatching(/1 results for 2 items/)]);
  });
});
