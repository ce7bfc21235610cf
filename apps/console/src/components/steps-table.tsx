import type { ConsoleReferralRequest, ConsoleReferralResponse, ConsoleRetryResponse, ConsoleStep } from '@birth/console-api';
import { App, Button, Card, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { chinaTime, ITEM_STATE_COLOR, stateLabel } from '../labels';
import { ReasonModal } from './reason-modal';

/**
 * Each step: department, state, what it waits for in words, the working-day deadline and what is
 * left, the pauses; retry; and a household registration in manual review referred to the county office.
 */
export function StepsTable({ caseId, steps, onChanged }: { caseId: string; steps: ConsoleStep[]; onChanged(): Promise<void> }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [retrying, setRetrying] = useState<ConsoleStep | null>(null);
  const [referring, setReferring] = useState(false);
  const columns = [
    { title: t('department'), key: 'department', render: (_: unknown, s: ConsoleStep) => pick(s.departmentName) },
    {
      title: t('state'),
      key: 'state',
      render: (_: unknown, s: ConsoleStep) => {
        const label = stateLabel(s.state);
        return (
          <Space size={4} wrap>
            <Tag color={ITEM_STATE_COLOR[s.state as keyof typeof ITEM_STATE_COLOR] ?? 'default'} data-testid={`step-state-${s.item}`} data-state={s.state}>
              {label ? t(label) : s.state}
            </Tag>
            {s.atRisk && <Tag color="orange">{t('atRisk')}</Tag>}
            {s.breachedAt && <Tag color="red">{t('breached')}</Tag>}
          </Space>
        );
      },
    },
    {
      title: t('waitingFor'),
      key: 'waiting',
      render: (_: unknown, s: ConsoleStep) => (
        <Space orientation="vertical" size={0} data-testid={`step-waiting-${s.item}`}>
          {s.waitingText.map((text, i) => (
            <span key={i}>{pick(text)}</span>
          ))}
          {s.reason && <Typography.Text type="secondary">{pick(s.reason)}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('deadline'),
      key: 'deadline',
      render: (_: unknown, s: ConsoleStep) => (
        <Space size={4}>
          {chinaTime(s.deadline)}
          {s.provisional && <Tag>{t('provisional')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('remaining'),
      key: 'remaining',
      render: (_: unknown, s: ConsoleStep) =>
        s.remainingWorkingDays === null ? '—' : s.remainingWorkingDays < 0 ? <Typography.Text type="danger">{t('overdueDays', { n: -s.remainingWorkingDays })}</Typography.Text> : t('workingDays', { n: s.remainingWorkingDays }),
    },
    {
      title: t('pauses'),
      key: 'pauses',
      render: (_: unknown, s: ConsoleStep) =>
        s.pauses.length === 0 && s.pausedWorkingDays === 0 ? (
          '—'
        ) : (
          <Tooltip title={s.pauses.map((p) => `${chinaTime(p.from)} – ${p.to ? chinaTime(p.to) : '…'} ${p.reason}`).join('\n')}>
            <span>{t('pausedDays', { n: s.pausedWorkingDays })}</span>
          </Tooltip>
        ),
    },
    {
      title: '',
      key: 'retry',
      render: (_: unknown, s: ConsoleStep) =>
        s.state === 'done' || s.state === 'revoked' ? null : (
          <Space size={4}>
            <Button size="small" data-testid={`retry-${s.item}`} onClick={() => setRetrying(s)}>
              {t('retry')}
            </Button>
            {s.item === 'household-registration' && s.state === 'in_progress' && s.reasonCode === 'MANUAL_REVIEW' && (
              <Button size="small" data-testid="refer-household-registration" onClick={() => setReferring(true)}>
                {t('referToOffice')}
              </Button>
            )}
          </Space>
        ),
    },
  ];
  return (
    <Card title={t('steps')}>
      <div data-testid="steps">
        <Table<ConsoleStep> rowKey="item" columns={columns} dataSource={steps} pagination={false} size="small" scroll={{ x: true }} />
      </div>
      <ReasonModal
        open={retrying !== null}
        testId="retry-modal"
        title={`${t('retryTitle')}: ${retrying ? pick(retrying.departmentName) : ''}`}
        onCancel={() => setRetrying(null)}
        onConfirm={async (reason) => {
          if (!retrying) return;
          await api.post<ConsoleRetryResponse>(`cases/${encodeURIComponent(caseId)}/steps/${retrying.item}/retry`, { reason });
          setRetrying(null);
          void message.success(t('retrySent'));
          await onChanged();
        }}
      />
      <ReasonModal
        open={referring}
        testId="referral-modal"
        title={t('referToOfficeTitle')}
        hint={t('referToOfficeHint')}
        onCancel={() => setReferring(false)}
        onConfirm={async (reason) => {
          const body: ConsoleReferralRequest = { reasonCode: 'OFFICE_HANDLES_IT', reason };
          await api.post<ConsoleReferralResponse>(`cases/${encodeURIComponent(caseId)}/steps/household-registration/referral`, body);
          setReferring(false);
          void message.success(t('referralSent'));
          await onChanged();
        }}
      />
    </Card>
  );
}
