import type { ConsoleRevealableField, ConsoleRevealResponse } from '@birth/console-api';
import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { ReasonModal } from './reason-modal';

/**
 * One masked personal field, with "显示完整": the clerk gives a reason, the gateway audits the
 * reveal and returns the value once. It stays shown on this page only (never stored).
 */
export function RevealField({ caseId, field, masked }: { caseId: string; field: ConsoleRevealableField; masked: string | null }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [value, setValue] = useState<string | null | undefined>(undefined);
  const testId = `reveal-${field.replace(/[^a-zA-Z]/g, '-')}`;
  if (masked === null && value === undefined) return <span>—</span>;
  return (
    <Space>
      <Typography.Text copyable={value ? { text: value } : false}>
        <span data-testid={`${testId}-value`}>{value === undefined ? masked : (value ?? '—')}</span>
      </Typography.Text>
      {value === undefined && (
        <Button size="small" type="link" data-testid={testId} onClick={() => setAsking(true)}>
          {t('showFull')}
        </Button>
      )}
      <ReasonModal
        open={asking}
        testId={`${testId}-modal`}
        title={t('revealTitle')}
        hint={t('revealHint')}
        onCancel={() => setAsking(false)}
        onConfirm={async (reason) => {
          const answer = await api.post<ConsoleRevealResponse>(`cases/${encodeURIComponent(caseId)}/reveal`, { field, reason });
          setValue(answer.value);
          setAsking(false);
        }}
      />
    </Space>
  );
}
