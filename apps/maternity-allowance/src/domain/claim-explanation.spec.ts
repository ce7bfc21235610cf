import { rulesFor } from '@birth/policy';
import { decideMaternityLeave, decidePaternityLeave } from './benefit-decision';
import { explainClaim, yuanOf } from './claim-explanation';

const rulesOf = (region: string) => rulesFor(region, '2026-03-01');

describe('explainClaim: what a clerk reads out, in Chinese and in English', () => {
  const claimId = '7d1c1f52-8d0e-4d4e-9a55-1b0c0c0c0c01';
  const mother = decideMaternityLeave(
    { insured: true, insuringRegionCode: '220100', insuredCategory: 'employee', contributionMonths: 12, employerAverageMonthlyWageFen: 777_777 },
    { livingChildrenBefore: 0, babies: 1, deliveryMode: 'vaginal', difficultBirth: true },
    rulesOf,
  );
  const father = decidePaternityLeave({ insured: false }, false, rulesOf);

  it('the Changchun worked example, term by term, with the arithmetic and its one rounding', () => {
    const text = explainClaim({
      claimId,
      acceptedAt: '2026-03-02T02:00:00.000Z',
      benefits: [
        { ...mother, state: 'in_progress' },
        { ...father, state: 'rejected' },
      ],
    });
    expect(text.zh).toContain('产假津贴（母亲）：办理中；参保地 220100；政策版本 1。');
    expect(text.zh).toContain('天数：共 195 天 = 180 天（按生育子女孩次的产假合计；依据：policy v1 220100 maternityLeave.totalDaysByChildOrder');
    expect(text.zh).toContain('金额：777,777 分 × 195 天 ÷ 30 = 5,055,550.5 分，按分四舍五入一次为 5,055,551 分，即 50,555.51 元。');
    expect(text.zh).toContain('护理假津贴（父亲）：不予发放。\n原因（NOT_INSURED）：未参加生育保险，不能领取护理假津贴。');
    expect(text.en).toContain('Amount: 777,777 fen × 195 days ÷ 30 = 5,055,550.5 fen, rounded half up once to 5,055,551 fen: 50,555.51 yuan.');
    expect(text.en).toContain('Wage: the employer\'s average monthly wage of last year, 7,777.77 yuan.');
    expect(text.en).toContain('Accepted at 2026-03-02T02:00:00.000Z');
  });

  it('a quotient that does not end is shown to four places and marked', () => {
    const baoji = decideMaternityLeave(
      { insured: true, insuringRegionCode: '610300', insuredCategory: 'employee', contributionMonths: 12, employerAverageMonthlyWageFen: 650_000 },
      { livingChildrenBefore: 0, babies: 1, deliveryMode: 'vaginal', difficultBirth: false },
      rulesOf,
    );
    const text = explainClaim({ claimId, acceptedAt: null, benefits: [{ ...baoji, state: 'waiting' }] });
    expect(text.en).toContain('650,000 fen × 158 days ÷ 30 = 3,423,333.3333… fen, rounded half up once to 3,423,333 fen: 34,233.33 yuan.');
    expect(text.zh).toContain('尚未受理：等待出生医学证明。');
  });

  it('yuanOf: fen as yuan with two places', () => {
    expect(yuanOf(5_055_551)).toBe('50,555.51');
    expect(yuanOf(7)).toBe('0.07');
  });
});
