import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { rulesFor } from '@birth/policy';
import { TestNamespace } from '@birth/testing';
import { CreateCertificateNumberBlocks1764000011200 } from '../migrations/1764000011200-create-certificate-number-blocks';
import { CertificateNumberBlocksRepository, DEMO_BLOCK_SIZE, type NumberAllocation } from './certificate-number-blocks.repository';

const format = rulesFor('330604', '2026-03-01').values.certificates.birthCertificateNumber;

/** Two DataSources, each with its own pool, stand for two instances of the service on one database. */
describe('certificate number blocks (real PostgreSQL, two instances)', () => {
  let ns: TestNamespace;
  let instances: DataSource[];
  const blocks = new CertificateNumberBlocksRepository();

  beforeAll(async () => {
    ns = await TestNamespace.create([]);
    const schema = await ns.createSchema('certificate_blocks', [CreateCertificateNumberBlocks1764000011200]);
    instances = [await ns.dataSource(schema), await ns.dataSource(schema)];
  });

  afterAll(async () => {
    await ns?.dispose();
  });

  const institution = () => `H-${randomUUID().slice(0, 8)}`;

  async function load(institutionId: string, prefix: string, from: number, to: number) {
    const added = await instances[0].transaction((m) => blocks.addBlock(m, { institutionId, prefix, from, to, loadedBy: 'test' }, format));
    expect(added.kind).toBe('added');
    return added;
  }

  const allocateOn = (instance: DataSource, institutionId: string): Promise<NumberAllocation> =>
    instance.transaction((m) => blocks.allocate(m, { institutionId, caseId: randomUUID() }, format));

  /** `n` allocations at once, from both instances, each as many at a time as its pool has connections. */
  async function race(n: number, institutionId: string): Promise<NumberAllocation[]> {
    const results = new Array<NumberAllocation>(n);
    let next = 0;
    const worker = async (instance: DataSource) => {
      for (let i = next++; i < n; i = next++) results[i] = await allocateOn(instance, institutionId);
    };
    await Promise.all(instances.flatMap((instance) => Array.from({ length: 5 }, () => worker(instance))));
    return results;
  }

  const allocated = (results: NumberAllocation[]) => results.flatMap((r) => (r.kind === 'allocated' ? [r] : []));

  it('hands out each number once across instances, block by block, with the low-water mark at 10%', async () => {
    const h = institution();
    await load(h, 'B', 1, 100);
    await load(h, 'C', 500, 549);

    const results = await race(200, h);
    const taken = allocated(results);
    const numbers = taken.map((r) => r.certificateNumber).sort();
    expect(numbers).toHaveLength(150);
    expect(new Set(numbers).size).toBe(150);
    expect(numbers).toEqual([
      ...Array.from({ length: 100 }, (_, i) => `B${String(1 + i).padStart(9, '0')}`),
      ...Array.from({ length: 50 }, (_, i) => `C${String(500 + i).padStart(9, '0')}`),
    ]);
    expect(results.filter((r) => r.kind === 'exhausted')).toHaveLength(50);
    expect(results.find((r) => r.kind === 'exhausted')).toMatchObject({ institutionId: h, reason: { zh: expect.any(String), en: expect.any(String) } });

    // Under 10% left: 9 of 100 (B…091 on), 4 of 50 (C…545 on); the event once per block.
    expect(taken.filter((r) => r.crossedLowWater).map((r) => r.certificateNumber).sort()).toEqual(['B000000091', 'C000000545']);
    expect(taken.filter((r) => r.low)).toHaveLength(15);
    const b091 = taken.find((r) => r.certificateNumber === 'B000000091');
    expect(b091).toMatchObject({ remainingInBlock: 9, remainingInLaterBlocks: 50 });
    expect(taken.find((r) => r.certificateNumber === 'C000000549')).toMatchObject({ remainingInBlock: 0, remainingInLaterBlocks: 0, low: true });

    const state = await instances[1].transaction((m) => blocks.blocksOf(m, h));
    expect(state.map((b) => [b.prefix, b.next, b.remaining])).toEqual([
      ['B', 101, 0],
      ['C', 550, 0],
    ]);
  });

  it('resumes by itself once the next block is loaded', async () => {
    const h = institution();
    await load(h, 'D', 1, 1);
    expect(await allocateOn(instances[0], h)).toMatchObject({ kind: 'allocated', certificateNumber: 'D000000001', crossedLowWater: true });
    expect(await allocateOn(instances[1], h)).toMatchObject({ kind: 'exhausted' });
    await load(h, 'D', 2, 20);
    expect(await allocateOn(instances[1], h)).toMatchObject({ kind: 'allocated', certificateNumber: 'D000000002', low: false });
  });

  it('an institution without a block is exhausted; blocks of other institutions are not its own', async () => {
    const [h1, h2] = [institution(), institution()];
    await load(h1, 'E', 1, 10);
    expect(await allocateOn(instances[0], h2)).toMatchObject({ kind: 'exhausted', institutionId: h2 });
  });

  it('a rolled-back allocation gives its number back', async () => {
    const h = institution();
    await load(h, 'F', 1, 10);
    await expect(
      instances[0].transaction(async (m) => {
        expect(await blocks.allocate(m, { institutionId: h, caseId: randomUUID() }, format)).toMatchObject({ certificateNumber: 'F000000001' });
        throw new Error('the item update failed');
      }),
    ).rejects.toThrow('the item update failed');
    expect(await allocateOn(instances[1], h)).toMatchObject({ certificateNumber: 'F000000001' });
  });

  it('refuses a block that overlaps a loaded one, for any institution, and a bad block with its problems', async () => {
    const h = institution();
    const first = await load(h, 'G', 100, 199);
    const other = institution();
    const overlap = await instances[1].transaction((m) => blocks.addBlock(m, { institutionId: other, prefix: 'G', from: 199, to: 300, loadedBy: 'test' }, format));
    expect(overlap).toMatchObject({ kind: 'overlaps', existing: { id: first.kind === 'added' ? first.block.id : '', institutionId: h } });
    // Another prefix with the same serials is another set of numbers.
    await load(other, 'H', 100, 199);
    const bad = await instances[0].transaction((m) => blocks.addBlock(m, { institutionId: h, prefix: 'g', from: 5, to: 1, loadedBy: 'test' }, format));
    expect(bad).toMatchObject({ kind: 'invalid', problems: [expect.objectContaining({ field: 'prefix', code: 'PREFIX_INVALID' })] });
  });

  it('the database itself refuses overlapping blocks (two loads racing past the check)', async () => {
    await load(institution(), 'J', 1, 10);
    await expect(
      instances[0].query(`INSERT INTO certificate_number_blocks (institution_id, prefix, first_serial, last_serial, next_serial, loaded_by)
                          VALUES ('other', 'J', 10, 20, 10, 'test')`),
    ).rejects.toThrow(/certificate_number_blocks_no_overlap/);
  });

  it('a voided or replaced number stays taken and is never handed out again', async () => {
    const h = institution();
    await load(h, 'K', 1, 3);
    const first = await allocateOn(instances[0], h);
    const second = await allocateOn(instances[1], h);
    if (first.kind !== 'allocated' || second.kind !== 'allocated') throw new Error('expected two numbers');
    expect(await instances[0].transaction((m) => blocks.markVoided(m, first.certificateNumber))).toBe(true);
    expect(await instances[0].transaction((m) => blocks.markVoided(m, first.certificateNumber))).toBe(false);
    const third = await allocateOn(instances[0], h);
    if (third.kind !== 'allocated') throw new Error('expected a third number');
    expect(await instances[1].transaction((m) => blocks.markReplaced(m, second.certificateNumber, third.certificateNumber))).toBe(true);
    expect([first, second, third].map((r) => r.certificateNumber)).toEqual(['K000000001', 'K000000002', 'K000000003']);
    expect(await allocateOn(instances[1], h)).toMatchObject({ kind: 'exhausted' });
    const rows = await instances[0].query(`SELECT number, status, replaced_by FROM certificate_numbers WHERE institution_id = $1 ORDER BY number`, [h]);
    expect(rows).toEqual([
      { number: 'K000000001', status: 'voided', replaced_by: null },
      { number: 'K000000002', status: 'replaced', replaced_by: 'K000000003' },
      { number: 'K000000003', status: 'issued', replaced_by: null },
    ]);
  });

  it('gives an institution without a block one demo block, and demo blocks of racing institutions do not overlap', async () => {
    const hs = [institution(), institution(), institution(), institution()];
    const made = await Promise.all(hs.map((h, i) => instances[i % 2].transaction((m) => blocks.ensureDemoBlock(m, h, format))));
    const ranges = made.map((r) => (r?.kind === 'added' ? `${r.block.prefix}${r.block.from}-${r.block.to}` : r?.kind)).sort();
    expect(ranges).toEqual([0, 1, 2, 3].map((i) => `Z${1 + i * DEMO_BLOCK_SIZE}-${(i + 1) * DEMO_BLOCK_SIZE}`).sort());
    expect(await instances[0].transaction((m) => blocks.ensureDemoBlock(m, hs[0], format))).toBeUndefined();
    expect(await allocateOn(instances[1], hs[0])).toMatchObject({ kind: 'allocated', certificateNumber: expect.stringMatching(/^Z\d{9}$/) });
  });
});
