import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { TestNamespace } from '@birth/testing';
import { parseCitizenId, type SequenceSex } from '../domain/citizen-id';
import { CreateCitizenIdSequences1764000011100 } from '../migrations/1764000011100-create-citizen-id-sequences';
import { CitizenIdSequencesRepository, type SequenceAllocation, type SequenceRequest } from './citizen-id-sequences.repository';

/**
 * Two DataSources, each with its own pool of connections, stand for two instances of the
 * service on one database: allocations race on the same counter row from both.
 */
describe('citizen ID sequences (real PostgreSQL, two instances)', () => {
  let ns: TestNamespace;
  let instances: DataSource[];
  let schema: string;
  const repository = new CitizenIdSequencesRepository();

  beforeAll(async () => {
    ns = await TestNamespace.create([]);
    schema = await ns.createSchema('household_seq', [CreateCitizenIdSequences1764000011100]);
    instances = [await ns.dataSource(schema), await ns.dataSource(schema)];
  });

  afterAll(async () => {
    await ns?.dispose();
  });

  const allocate = (instance: DataSource, request: SequenceRequest): Promise<SequenceAllocation> =>
    instance.transaction((manager) => repository.allocate(manager, request));

  /**
   * `n` registrations at once, alternating between the two instances. Each instance runs as many
   * at a time as its pool has connections (5), as a consumer would; the rest queue in memory,
   * not in the pool, whose wait for a connection is bounded (3 s).
   */
  async function race(n: number, countyCode: string, chinaBirthDate: string, sex: SequenceSex): Promise<SequenceAllocation[]> {
    const results: SequenceAllocation[] = new Array<SequenceAllocation>(n);
    let next = 0;
    const worker = async (instance: DataSource) => {
      for (let i = next++; i < n; i = next++) results[i] = await allocate(instance, { caseId: randomUUID(), countyCode, chinaBirthDate, sex });
    };
    await Promise.all(instances.flatMap((instance) => Array.from({ length: 5 }, () => worker(instance))));
    return results;
  }

  function numbersOf(results: SequenceAllocation[]): string[] {
    return results.flatMap((r) => (r.kind === 'allocated' ? [r.citizenIdNumber] : []));
  }

  it('1,200 concurrent boys on one county and date: exactly 500 distinct odd numbers, 700 exhausted, none twice', async () => {
    const results = await race(1200, '220102', '2026-03-01', 'male');
    const numbers = numbersOf(results);
    expect(numbers).toHaveLength(500);
    expect(new Set(numbers).size).toBe(500);
    expect(results.filter((r) => r.kind === 'exhausted')).toHaveLength(700);
    const sequences = numbers.map((n) => parseCitizenId(n)?.sequence).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(sequences).toEqual(Array.from({ length: 500 }, (_, i) => 1 + 2 * i));
    expect(numbers.every((n) => n.startsWith('22010220260301'))).toBe(true);
    const exhausted = results.find((r) => r.kind === 'exhausted');
    expect(exhausted).toMatchObject({ kind: 'exhausted', countyCode: '220102', chinaBirthDate: '2026-03-01', sex: 'male' });
    const [{ count }] = await ns.query<{ count: string }>(`SELECT count(*) FROM ${schema}.citizen_id_allocations WHERE birth_date = '2026-03-01' AND sex = 'male'`);
    expect(Number(count)).toBe(500);
  });

  it('girls on the same county and date have their own 499 even numbers', async () => {
    const results = await race(1200, '220102', '2026-03-01', 'female');
    const sequences = numbersOf(results).map((n) => parseCitizenId(n)?.sequence);
    expect(new Set(sequences).size).toBe(499);
    expect(sequences.every((s) => s !== undefined && s % 2 === 0 && s >= 2 && s <= 998)).toBe(true);
    expect(results.filter((r) => r.kind === 'exhausted')).toHaveLength(701);
  });

  it('another date or county starts at 001 again', async () => {
    const nextDay = await allocate(instances[0], { caseId: randomUUID(), countyCode: '220102', chinaBirthDate: '2026-03-02', sex: 'male' });
    const otherCounty = await allocate(instances[1], { caseId: randomUUID(), countyCode: '220183', chinaBirthDate: '2026-03-01', sex: 'male' });
    expect(nextDay).toMatchObject({ kind: 'allocated', sequence: 1, citizenIdNumber: expect.stringMatching(/^22010220260302001.$/) });
    expect(otherCounty).toMatchObject({ kind: 'allocated', sequence: 1, citizenIdNumber: expect.stringMatching(/^22018320260301001.$/) });
  });

  it('a rolled-back allocation burns no number', async () => {
    const key = { countyCode: '330604', chinaBirthDate: '2026-04-01', sex: 'female' as const };
    await expect(
      instances[0].transaction(async (manager) => {
        const taken = await repository.allocate(manager, { caseId: randomUUID(), ...key });
        expect(taken).toMatchObject({ sequence: 2 });
        throw new Error('the item update failed after the allocation');
      }),
    ).rejects.toThrow('the item update failed');
    expect(await allocate(instances[1], { caseId: randomUUID(), ...key })).toMatchObject({ kind: 'allocated', sequence: 2 });
  });

  it('a case asked again gets its number back, from either instance, and takes no new one', async () => {
    const request = { caseId: randomUUID(), countyCode: '610302', chinaBirthDate: '2026-05-01', sex: 'male' as const };
    const first = await allocate(instances[0], request);
    const again = await allocate(instances[1], { ...request, sex: 'female' });
    expect(first).toMatchObject({ kind: 'allocated', fresh: true, sequence: 1 });
    expect(again).toEqual({ ...first, fresh: false });
    const next = await allocate(instances[1], { ...request, caseId: randomUUID() });
    expect(next).toMatchObject({ sequence: 3 });
  });
});
