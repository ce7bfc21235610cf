import type { ApplicationItem, ConsoleText, DepartmentService, ItemState, WaitingFor } from '@birth/contracts';

// The words a clerk reads on a case page (issue 15: "what it waits for, in words"), Chinese
// first. One table per value set of libs/contracts, each a Record over the whole set, so a new
// WaitingFor, state or department fails to compile until it has its words here.

/** What a step waits for, said as a clerk would say it to the family. */
export const WAITING_WORDS: Readonly<Record<WaitingFor, ConsoleText>> = {
  'birth-certificate': { zh: '等待出生医学证明签发', en: 'waiting for the birth certificate to be issued' },
  'citizen-id-number': { zh: '等待户口登记的公民身份号码', en: 'waiting for the citizen ID number from household registration' },
  'insurance-outcome': { zh: '等待医保参保结果', en: 'waiting for the medical insurance outcome' },
  'newborn-name': { zh: '等待申请人提供新生儿姓名', en: "waiting for the applicant to give the newborn's name" },
  'newborn-sex': { zh: '等待申请人提供新生儿性别', en: "waiting for the applicant to give the newborn's sex" },
  'bank-account': { zh: '等待申请人提供更正后的银行账户', en: 'waiting for the applicant to give a corrected bank account' },
};

/** The department responsible for each item (services are named after their item). */
export const DEPARTMENT_NAMES: Readonly<Record<DepartmentService, ConsoleText>> = {
  'birth-certificate': { zh: '卫生健康部门（出生医学证明）', en: 'Health commission (birth certificate)' },
  'household-registration': { zh: '公安户政（户口登记）', en: 'Public security (household registration)' },
  'medical-insurance': { zh: '医疗保障部门（城乡居民医保）', en: 'Healthcare security (medical insurance)' },
  'social-security-card': { zh: '人力资源社会保障部门（社会保障卡）', en: 'Human resources and social security (social security card)' },
  'maternity-allowance': { zh: '医疗保障部门（生育津贴）', en: 'Healthcare security (maternity allowance)' },
};

export const STATE_WORDS: Readonly<Record<ItemState, ConsoleText>> = {
  waiting: { zh: '等待前置事项', en: 'waiting for another department' },
  in_progress: { zh: '办理中', en: 'in progress' },
  done: { zh: '已办结', en: 'done' },
  rejected: { zh: '未予办理', en: 'rejected' },
  awaiting_applicant: { zh: '等待申请人补充材料', en: 'waiting for the applicant' },
  forwarded: { zh: '已转交其他地区办理', en: 'forwarded to another region' },
  revoked: { zh: '已撤销', en: 'revoked' },
};

/** What a step waits for, in words, in the order the step lists its waits. */
export function waitingWordsOf(waitingFor: readonly WaitingFor[]): ConsoleText[] {
  return waitingFor.map((w) => WAITING_WORDS[w]);
}

/** The department of an item: each item's service is its department (DOMAIN.md §8). */
export function departmentOf(item: ApplicationItem): DepartmentService {
  return item;
}
