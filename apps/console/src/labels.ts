import type { ConsoleCaseState, ConsoleStep } from '@birth/console-api';
import type { MessageKey } from './messages';

// Message keys for the values the API sends as codes (item, state, sex, role).

type ApplicationItem = ConsoleStep['item'];
export type DepartmentService = ConsoleStep['department'];
type ItemState = 'waiting' | 'in_progress' | 'done' | 'rejected' | 'awaiting_applicant' | 'forwarded' | 'revoked';

export const ITEM_LABEL: Record<ApplicationItem | 'maternity-allowance', MessageKey> = {
  'birth-certificate': 'itemBirthCertificate',
  'household-registration': 'itemHouseholdRegistration',
  'medical-insurance': 'itemMedicalInsurance',
  'social-security-card': 'itemSocialSecurityCard',
  'maternity-allowance': 'itemMaternityAllowance',
};

export const ITEM_STATE_LABEL: Record<ItemState, MessageKey> = {
  waiting: 'stateWaiting',
  in_progress: 'stateInProgress',
  done: 'stateDone',
  rejected: 'stateRejected',
  awaiting_applicant: 'stateAwaitingApplicant',
  forwarded: 'stateForwarded',
  revoked: 'stateRevoked',
};

export const ITEM_STATE_COLOR: Record<ItemState, string> = {
  waiting: 'default',
  in_progress: 'processing',
  done: 'success',
  rejected: 'error',
  awaiting_applicant: 'warning',
  forwarded: 'cyan',
  revoked: 'default',
};

export const CASE_STATE_LABEL: Record<ConsoleCaseState, MessageKey> = {
  open: 'caseOpen',
  completed: 'caseCompleted',
  completed_with_rejections: 'caseCompletedWithRejections',
  voided: 'caseVoided',
};

export const BENEFIT_LABEL: Record<string, MessageKey> = { 'maternity-leave': 'benefitMaternityLeave', 'paternity-leave': 'benefitPaternityLeave' };

export const PAYMENT_LABEL: Record<string, MessageKey> = {
  none: 'paymentNone',
  pending: 'paymentPending',
  sent: 'paymentSent',
  paid: 'paymentPaid',
  rejected: 'paymentRejected',
  closed: 'paymentClosed',
};

export const SEX_LABEL: Record<string, MessageKey> = { '0': 'sex0', '1': 'sex1', '2': 'sex2', '9': 'sex9' };

export const ROLE_LABEL: Record<string, MessageKey> = { clerk: 'roleClerk', operator: 'roleOperator', admin: 'roleAdmin', auditor: 'roleAuditor' };

export function itemLabel(item: string): MessageKey | null {
  return (ITEM_LABEL as Record<string, MessageKey>)[item] ?? null;
}

export function stateLabel(state: string): MessageKey | null {
  return (ITEM_STATE_LABEL as Record<string, MessageKey>)[state] ?? null;
}

/** Beijing time, as every clerk reads it: `2026-12-01 14:05`. */
export function chinaTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(date);
}

/** Fen to yuan: `¥12,345.67`. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
