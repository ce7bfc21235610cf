import type { NumberFormat } from '@birth/policy';
import { formatCertificateNumber, isSerial, MAX_SERIAL } from './certificate-number';

/**
 * A block of certificate numbers allocated to one issuing institution (DOMAIN.md §3), loaded by
 * an operator: serials `from`..`to` under one prefix letter, handed out in order, never twice.
 */
export interface NumberBlockRequest {
  institutionId: string;
  prefix: string;
  from: number;
  to: number;
}

export interface BlockProblem {
  field: 'institutionId' | 'prefix' | 'from' | 'to';
  code: string;
  message: { zh: string; en: string };
}

/** What is wrong with a block an operator asks to load (empty when nothing). */
export function blockProblems(block: NumberBlockRequest, format: NumberFormat): BlockProblem[] {
  const problems: BlockProblem[] = [];
  if (typeof block.institutionId !== 'string' || !/^\S{1,64}$/.test(block.institutionId)) {
    problems.push({ field: 'institutionId', code: 'INSTITUTION_ID_INVALID', message: { zh: '机构编号须为 1–64 个非空白字符', en: 'the institution id must be 1–64 non-blank characters' } });
  }
  if (typeof block.prefix !== 'string' || !/^[A-Z]$/.test(block.prefix)) {
    problems.push({ field: 'prefix', code: 'PREFIX_INVALID', message: { zh: '前缀须为一个大写字母', en: 'the prefix must be one capital letter' } });
  }
  for (const field of ['from', 'to'] as const) {
    if (!isSerial(block[field])) {
      problems.push({ field, code: 'SERIAL_INVALID', message: { zh: `${field} 须为 0–${MAX_SERIAL} 的整数`, en: `${field} must be an integer 0–${MAX_SERIAL}` } });
    }
  }
  if (problems.length > 0) return problems;
  if (block.from > block.to) {
    problems.push({ field: 'to', code: 'BLOCK_EMPTY', message: { zh: '结束号不得小于起始号', en: 'to must not be below from' } });
  }
  try {
    formatCertificateNumber({ prefix: block.prefix, serial: block.from }, format);
    formatCertificateNumber({ prefix: block.prefix, serial: block.to }, format);
  } catch {
    problems.push({ field: 'prefix', code: 'FORMAT_RULE', message: { zh: `号段不符合证号规则 ${format.pattern}`, en: `the block's numbers break the rule ${format.pattern}` } });
  }
  return problems;
}

/** Numbers left in a block whose next serial is `next` (`to + 1` when used up). */
export function remainingIn(block: { to: number; next: number }): number {
  return block.to - block.next + 1;
}

/** Under 10% of the block left: time for an operator to load the next block. */
export function isLowWater(block: { from: number; to: number; next: number }): boolean {
  return remainingIn(block) * 10 < block.to - block.from + 1;
}
