import { TickGather } from './tick-gather';

describe('TickGather', () => {
  it('does the work of the calls made in one turn at once, each caller getting its own result', async () => {
    const calls: number[][] = [];
    const gather = new TickGather<number, string>(async (items) => {
      calls.push(items);
      return items.map((n) => `r${n}`);
    });
    const results = await Promise.all([gather.add(1), gather.add(2), gather.add(3)]);
    expect(results).toEqual(['r1', 'r2', 'r3']);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it('starts a new gathering for calls made after the turn', async () => {
    const calls: number[][] = [];
    const gather = new TickGather<number, number>(async (items) => {
      calls.push(items);
      return items;
    });
    await gather.add(1);
    await Promise.all([gather.add(2), gather.add(3)]);
    expect(calls).toEqual([[1], [2, 3]]);
  });

  it('hands a failure of the work to every caller of that turn', async () => {
    const gather = new TickGather<number, number>(async () => {
      throw new Error('database gone');
    });
    const results = await Promise.allSettled([gather.add(1), gather.add(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toEqual(new Error('database gone'));
  });
});
