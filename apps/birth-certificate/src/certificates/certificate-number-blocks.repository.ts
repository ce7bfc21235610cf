import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NumberFormat } from '@birth/policy';
import { formatCertificateNumber } from '../domain/certificate-number';
import { blockProblems, isLowWater, remainingIn, type BlockProblem, type NumberBlockRequest } from '../domain/number-block';

export interface NumberBlock {
  id: string;
  institutionId: string;
  prefix: string;
  from: number;
  to: number;
  /** The next serial to hand out; `to + 1` when the block is used up. */
  next: number;
  remaining: number;
  loadedAt: Date;
  loadedBy: string;
}

export type AddBlockResult =
  | { kind: 'added'; block: NumberBlock }
  | { kind: 'invalid'; problems: BlockProblem[] }
  /** Some of its numbers belong to a block already loaded (any institution): nothing added. */
  | { kind: 'overlaps'; existing: NumberBlock };

export type NumberAllocation =
  | {
      kind: 'allocated';
      certificateNumber: string;
      blockId: string;
      remainingInBlock: number;
      /** Numbers left in the institution's later blocks (0: nothing loaded after this one). */
      remainingInLaterBlocks: number;
      /** The current block is under 10% left. */
      low: boolean;
      /** This allocation took the block under 10%: raise the operator event once, here. */
      crossedLowWater: boolean;
    }
  /** No block of the institution has a number left: NUMBER_BLOCK_EXHAUSTED until one is loaded. */
  | { kind: 'exhausted'; institutionId: string; reason: { zh: string; en: string } };

interface BlockRow {
  id: string;
  institution_id: string;
  prefix: string;
  first_serial: number;
  last_serial: number;
  next_serial: number;
  loaded_at: Date;
  loaded_by: string;
}

/** pg_advisory_xact_lock's first key for this table: the second is the institution's hash. */
const BLOCK_LOCK_CLASS = 11_200;
/** The same for making demo blocks, one at a time across institutions. */
const DEMO_LOCK_CLASS = 11_201;
const DEMO_PREFIX = 'Z';
export const DEMO_BLOCK_SIZE = 1_000;
const BLOCK_COLUMNS = 'id::text AS id, institution_id, prefix, first_serial, last_serial, next_serial, loaded_at, loaded_by';

/**
 * Number blocks per issuing institution and the numbers taken from them (DOMAIN.md §3). Every
 * method runs in the caller's transaction.
 *
 * Allocation takes a transaction-scoped advisory lock on the institution, then the next serial
 * of its oldest block with numbers left. The lock, held until the caller commits, serializes an
 * institution's allocations across connections and instances, so the statement after it reads
 * the committed blocks and "the oldest open block" is the right one even when the allocation
 * before used a block up (without it, a waiter would re-check only the row it had chosen, and
 * step past a used-up block's end, or find no block while a later one has numbers). A rolled-back
 * allocation gives its serial back; a committed one is recorded in `certificate_numbers` and
 * never taken again, whatever becomes of the certificate.
 */
@Injectable()
export class CertificateNumberBlocksRepository {
  /** Loads a block (the operators' CLI): checked against the rule, refused when it overlaps a loaded one. */
  async addBlock(manager: EntityManager, request: NumberBlockRequest & { loadedBy: string }, format: NumberFormat): Promise<AddBlockResult> {
    const problems = blockProblems(request, format);
    if (problems.length > 0) return { kind: 'invalid', problems };
    // Read first to name the block in the way; the exclusion constraint settles a race of two loads.
    const overlapping: BlockRow[] = await manager.query(
      `SELECT ${BLOCK_COLUMNS} FROM certificate_number_blocks
       WHERE prefix = $1 AND first_serial <= $3 AND last_serial >= $2 ORDER BY id LIMIT 1`,
      [request.prefix, request.from, request.to],
    );
    if (overlapping.length > 0) return { kind: 'overlaps', existing: toBlock(overlapping[0]) };
    const added: BlockRow[] = await manager.query(
      `INSERT INTO certificate_number_blocks (institution_id, prefix, first_serial, last_serial, next_serial, loaded_by)
       VALUES ($1, $2, $3, $4, $3, $5) RETURNING ${BLOCK_COLUMNS}`,
      [request.institutionId, request.prefix, request.from, request.to, request.loadedBy],
    );
    return { kind: 'added', block: toBlock(added[0]) };
  }

  /**
   * Outside production only (the caller decides): an institution with no block at all gets a
   * demo block of `DEMO_BLOCK_SIZE` numbers under the prefix `Z`, after the last demo block, so
   * its first birth is issued. Undefined when the institution already has a block. Demo blocks
   * of two institutions are made one at a time (a second advisory lock), never overlapping.
   */
  async ensureDemoBlock(manager: EntityManager, institutionId: string, format: NumberFormat): Promise<AddBlockResult | undefined> {
    await manager.query(`SELECT pg_advisory_xact_lock($1, 0)`, [DEMO_LOCK_CLASS]);
    const [{ has, start }]: { has: boolean; start: number }[] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM certificate_number_blocks WHERE institution_id = $1) AS has,
              coalesce((SELECT max(last_serial) + 1 FROM certificate_number_blocks WHERE prefix = $2), 1) AS start`,
      [institutionId, DEMO_PREFIX],
    );
    if (has) return undefined;
    const from = Number(start);
    return this.addBlock(manager, { institutionId, prefix: DEMO_PREFIX, from, to: from + DEMO_BLOCK_SIZE - 1, loadedBy: 'demo' }, format);
  }

  /** The institution's blocks, oldest first. */
  async blocksOf(manager: EntityManager, institutionId: string): Promise<NumberBlock[]> {
    const rows: BlockRow[] = await manager.query(`SELECT ${BLOCK_COLUMNS} FROM certificate_number_blocks WHERE institution_id = $1 ORDER BY id`, [
      institutionId,
    ]);
    return rows.map(toBlock);
  }

  /** The next number of the institution for a case, from its current block. */
  async allocate(manager: EntityManager, request: { institutionId: string; caseId: string }, format: NumberFormat): Promise<NumberAllocation> {
    await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [BLOCK_LOCK_CLASS, request.institutionId]);
    // In a CTE, here and below: TypeORM answers a bare UPDATE with [rows, count] instead of the rows.
    // The numbers left in the later blocks come with it (the same snapshot: the update touches only
    // the block taken from, which the sum leaves out), one round trip fewer per certificate.
    const taken: (BlockRow & { later: number })[] = await manager.query(
      `WITH taken AS (
         UPDATE certificate_number_blocks SET next_serial = next_serial + 1
         WHERE id = (SELECT id FROM certificate_number_blocks WHERE institution_id = $1 AND next_serial <= last_serial ORDER BY id LIMIT 1)
         RETURNING *)
       SELECT ${BLOCK_COLUMNS},
              (SELECT coalesce(sum(b.last_serial - b.next_serial + 1), 0)::int FROM certificate_number_blocks b
                WHERE b.institution_id = $1 AND b.id > taken.id AND b.next_serial <= b.last_serial) AS later
         FROM taken`,
      [request.institutionId],
    );
    if (taken.length === 0) return exhausted(request.institutionId);
    const block = toBlock(taken[0]);
    const later = taken[0].later;
    const certificateNumber = formatCertificateNumber({ prefix: block.prefix, serial: block.next - 1 }, format);
    await manager.query(`INSERT INTO certificate_numbers (number, block_id, institution_id, case_id) VALUES ($1, $2, $3, $4)`, [
      certificateNumber,
      block.id,
      request.institutionId,
      request.caseId,
    ]);
    const low = isLowWater(block);
    return {
      kind: 'allocated',
      certificateNumber,
      blockId: block.id,
      remainingInBlock: block.remaining,
      remainingInLaterBlocks: later,
      low,
      crossedLowWater: low && !isLowWater({ ...block, next: block.next - 1 }),
    };
  }

  /** The certificate was voided: its number stays taken. False when the number is not an issued one. */
  async markVoided(manager: EntityManager, certificateNumber: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH voided AS (UPDATE certificate_numbers SET status = 'voided', status_at = now() WHERE number = $1 AND status = 'issued' RETURNING 1)
       SELECT 1 FROM voided`,
      [certificateNumber],
    );
    return rows.length === 1;
  }

  /** A reissue: the old number is marked replaced by the new one (both stay taken). */
  async markReplaced(manager: EntityManager, oldNumber: string, newNumber: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH replaced AS (
         UPDATE certificate_numbers SET status = 'replaced', status_at = now(), replaced_by = $2 WHERE number = $1 AND status = 'issued' RETURNING 1)
       SELECT 1 FROM replaced`,
      [oldNumber, newNumber],
    );
    return rows.length === 1;
  }
}

function toBlock(row: BlockRow): NumberBlock {
  const block = { from: Number(row.first_serial), to: Number(row.last_serial), next: Number(row.next_serial) };
  return {
    id: row.id,
    institutionId: row.institution_id,
    prefix: row.prefix,
    ...block,
    remaining: remainingIn(block),
    loadedAt: row.loaded_at,
    loadedBy: row.loaded_by,
  };
}

function exhausted(institutionId: string): NumberAllocation {
  return {
    kind: 'exhausted',
    institutionId,
    reason: {
      zh: `机构 ${institutionId} 的出生医学证明编号已用完，待加载新号段后继续签发`,
      en: `institution ${institutionId} has no certificate numbers left: issuing resumes when the next block is loaded`,
    },
  };
}
