import type { Beneficiary, ItemState, LocalizedTextV1 } from '@birth/contracts';
import type { DayTermReason } from './day-terms';
import { BENEFIT_NAMES, type BenefitDecision, type WageSource } from './benefit-decision';

// The explanation a clerk reads out (issue 12): for each benefit, the decision, the days term by
// term with where each came from, the wage and the amount's arithmetic, in Chinese and in English.
// From the stored terms only: an old claim is explained as it was decided. Never personal data.

/** A benefit's stored terms with its state: what the explanation reads. */
export type ExplainedBenefit = Omit<BenefitDecision, 'outcome' | 'wageRule'> & { readonly state: ItemState };

export interface ExplainedClaim {
  readonly claimId: string;
  readonly acceptedAt: string | null;
  readonly benefits: readonly ExplainedBenefit[];
}

const WHO: Record<Beneficiary, LocalizedTextV1> = { mother: { zh: '母亲', en: 'the mother' }, father: { zh: '父亲', en: 'the father' } };
const TERM: Record<DayTermReason, LocalizedTextV1> = {
  CHILD_ORDER_TOTAL: { zh: '按生育子女孩次的产假合计', en: 'total leave for the child order' },
  DIFFICULT_BIRTH: { zh: '难产（含本地视同难产的分娩方式）增加', en: 'difficult birth (or a delivery mode the region counts as one)' },
  EXTRA_BABIES: { zh: '多胞胎每多生育一个婴儿增加', en: 'each extra baby of a multiple birth' },
  PATERNITY_LEAVE: { zh: '护理假', en: 'paternity leave' },
  COUPLE_APART: { zh: '夫妻异地生活增加', en: 'couple living apart' },
};
const WAGE: Record<WageSource, LocalizedTextV1> = {
  'employer-average-monthly-wage': { zh: '用人单位上年度职工月平均工资', en: "the employer's average monthly wage of last year" },
  'regional-average-wage': { zh: '用人单位工资未知，按本地规定的基数', en: "the region's base, the employer's wage being unknown" },
};
const STATE: Record<ItemState, LocalizedTextV1> = {
  waiting: { zh: '等待出生医学证明', en: 'waiting for the birth certificate' },
  in_progress: { zh: '办理中', en: 'in progress' },
  done: { zh: '已支付', en: 'paid' },
  rejected: { zh: '不予发放', en: 'not eligible' },
  awaiting_applicant: { zh: '等待申请人补正', en: 'waiting for the applicant' },
  forwarded: { zh: '已转交参保地经办机构', en: "forwarded to the insuring region's insurer" },
  revoked: { zh: '已撤销', en: 'revoked' },
};

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** 1234567 → `1,234,567`. */
function grouped(n: number | bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Fen as yuan: 5055551 → `50,555.51`. */
export function yuanOf(fen: number): string {
  const whole = Math.floor(fen / 100);
  return `${grouped(whole)}.${String(fen % 100).padStart(2, '0')}`;
}

/** wage × days ÷ 30 exactly (or to four places, marked `…`, when it does not end). */
function exactQuotient(wageFen: number, days: number): string {
  const product = BigInt(wageFen) * BigInt(days);
  const whole = product / 30n;
  let rest = product % 30n;
  if (rest === 0n) return grouped(whole);
  let digits = '';
  for (let i = 0; i < 4 && rest !== 0n; i++) {
    rest *= 10n;
    digits += (rest / 30n).toString();
    rest %= 30n;
  }
  return `${grouped(whole)}.${digits}${rest === 0n ? '' : '…'}`;
}

function explainBenefit(b: ExplainedBenefit): LocalizedTextV1 {
  const head = {
    zh: `${BENEFIT_NAMES[b.benefit].zh}（${WHO[b.beneficiary].zh}）：${STATE[b.state].zh}${b.insuringRegionCode ? `；参保地 ${b.insuringRegionCode}` : ''}${b.ruleVersion !== null ? `；政策版本 ${b.ruleVersion}` : ''}。`,
    en: `${capitalised(BENEFIT_NAMES[b.benefit].en)} (${WHO[b.beneficiary].en}): ${STATE[b.state].en}${b.insuringRegionCode ? `; insured in ${b.insuringRegionCode}` : ''}${b.ruleVersion !== null ? `; policy version ${b.ruleVersion}` : ''}.`,
  };
  const zh = [head.zh];
  const en = [head.en];
  if (b.reason) {
    zh.push(`原因（${b.reasonCode}）：${b.reason.zh}`);
    en.push(`Reason (${b.reasonCode}): ${b.reason.en}`);
  }
  if (b.days !== null) {
    zh.push(`天数：共 ${b.days} 天 = ${b.dayTerms.map((t) => `${t.days} 天（${TERM[t.reason].zh}；依据：${t.source}）`).join(' + ')}。`);
    en.push(`Days: ${b.days} = ${b.dayTerms.map((t) => `${t.days} (${TERM[t.reason].en}; rule: ${t.source})`).join(' + ')}.`);
  }
  if (b.wageFen !== null && b.wageSource !== null && b.days !== null && b.amountFen !== null) {
    zh.push(`工资：${WAGE[b.wageSource].zh} ${yuanOf(b.wageFen)} 元。`);
    en.push(`Wage: ${WAGE[b.wageSource].en}, ${yuanOf(b.wageFen)} yuan.`);
    const q = exactQuotient(b.wageFen, b.days);
    zh.push(`金额：${grouped(b.wageFen)} 分 × ${b.days} 天 ÷ 30 = ${q} 分，按分四舍五入一次为 ${grouped(b.amountFen)} 分，即 ${yuanOf(b.amountFen)} 元。`);
    en.push(`Amount: ${grouped(b.wageFen)} fen × ${b.days} days ÷ 30 = ${q} fen, rounded half up once to ${grouped(b.amountFen)} fen: ${yuanOf(b.amountFen)} yuan.`);
  }
  if (b.forwardedTo) {
    zh.push(`已转交参保地 ${b.forwardedTo} 的经办机构，按当地规定办理。`);
    en.push(`Forwarded to the insurer of ${b.forwardedTo}, under that region's rules.`);
  }
  return { zh: zh.join('\n'), en: en.join('\n') };
}

/** The whole claim's explanation, one paragraph per benefit. */
export function explainClaim(claim: ExplainedClaim): LocalizedTextV1 {
  const parts = claim.benefits.map(explainBenefit);
  const accepted = claim.acceptedAt
    ? { zh: `受理时间：${claim.acceptedAt}（出生登记受理与出生医学证明签发中较晚者，10个工作日时限自此起算）。`, en: `Accepted at ${claim.acceptedAt} (the later of the case's acceptance and the certificate's issue; the 10-working-day limit runs from here).` }
    : { zh: '尚未受理：等待出生医学证明。', en: 'Not accepted yet: waiting for the birth certificate.' };
  return {
    zh: [`生育津贴申请 ${claim.claimId}`, accepted.zh, ...parts.map((p) => p.zh)].join('\n\n'),
    en: [`Maternity allowance claim ${claim.claimId}`, accepted.en, ...parts.map((p) => p.en)].join('\n\n'),
  };
}
