import type { ConsoleDeadLetter, ConsoleDeadLetterList, ConsoleReplayResponse } from '@birth/console-api';
import { App, AutoComplete, Button, Card, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api';
import { ErrorAlert } from '../components/error-alert';
import { ReasonModal } from '../components/reason-modal';
import { useI18n } from '../i18n';
import { chinaTime } from '../labels';
import { navigate, useLocation } from '../router';
import { useApiGet } from '../use-api';

/** The topics whose dead letters operators look at most; any other topic of the registry can be typed. */
const COMMON_TOPICS = [
  'birth.submitted.v1',
  'birth.registered.v1',
  'birth.corrected.v1',
  'birth.voided.v1',
  'birth-certificate.item-changed.v1',
  'household-registration.item-changed.v1',
  'medical-insurance.item-changed.v1',
  'social-security-card.item-changed.v1',
  'maternity-allowance.claim-changed.v1',
];

/** Dead letters of one topic, masked, each with a replay button that asks why (the gateway records who replayed what). */
export function DeadLettersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { search } = useLocation();
  const topic = search.get('topic') ?? 'birth.registered.v1';
  const [typed, setTyped] = useState(topic);
  const { data, error, busy, reload } = useApiGet<ConsoleDeadLetterList>('dead-letters', { topic, limit: 100 });
  const [replaying, setReplaying] = useState<ConsoleDeadLetter | null>(null);

  useEffect(() => setTyped(topic), [topic]);

  return (
    <Card title={t('navDeadLetters')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space>
          <span>{t('topic')}</span>
          <AutoComplete
            style={{ width: 360 }}
            value={typed}
            onChange={setTyped}
            options={COMMON_TOPICS.map((value) => ({ value }))}
            data-testid="dlq-topic"
            onSelect={(value: string) => navigate(`/dead-letters?topic=${encodeURIComponent(value)}`)}
          />
          <Button type="primary" data-testid="dlq-load" onClick={() => (typed.trim() === topic ? void reload() : navigate(`/dead-letters?topic=${encodeURIComponent(typed.trim())}`))} loading={busy}>
            {t('refresh')}
          </Button>
        </Space>
        <ErrorAlert error={error} />
        <div data-testid="dead-letters">
          <Table<ConsoleDeadLetter>
            rowKey="id"
            loading={busy}
            dataSource={data?.deadLetters ?? []}
            locale={{ emptyText: t('noDeadLetters') }}
            pagination={{ pageSize: 20 }}
            expandable={{ expandedRowRender: (d) => <pre style={{ margin: 0, maxHeight: 320, overflow: 'auto' }}>{JSON.stringify(d.maskedValue, null, 2)}</pre> }}
            columns={[
              { title: 'ID', dataIndex: 'id', key: 'id', render: (id: string) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{id}</Typography.Text> },
              { title: t('consumerGroup'), dataIndex: 'consumerGroup', key: 'group' },
              { title: t('code'), dataIndex: 'code', key: 'code' },
              { title: t('reason'), dataIndex: 'reason', key: 'reason', ellipsis: true },
              { title: t('attempts'), dataIndex: 'attempts', key: 'attempts' },
              { title: t('failedAt'), key: 'failedAt', render: (_: unknown, d) => chinaTime(d.failedAt) },
              {
                title: '',
                key: 'replay',
                render: (_: unknown, d) => (
                  <Button size="small" data-testid="dlq-replay" onClick={() => setReplaying(d)}>
                    {t('replay')}
                  </Button>
                ),
              },
            ]}
          />
        </div>
      </Space>
      <ReasonModal
        open={replaying !== null}
        testId="replay-modal"
        title={`${t('replayTitle')} ${replaying?.id ?? ''}`}
        onCancel={() => setReplaying(null)}
        onConfirm={async (reason) => {
          if (!replaying) return;
          const answer = await api.post<ConsoleReplayResponse>(`dead-letters/${encodeURIComponent(replaying.id)}/replay`, { reason });
          setReplaying(null);
          void message.success(t('replayed', { topic: answer.replayedTo }));
          await reload();
        }}
      />
    </Card>
  );
}
