import type { ConsoleHealth, ConsoleServiceHealth } from '@birth/console-api';
import { Badge, Button, Card, Space, Table, Typography } from 'antd';
import { ErrorAlert } from '../components/error-alert';
import { useI18n } from '../i18n';
import { chinaTime } from '../labels';
import { useApiGet } from '../use-api';

const REFRESH_MS = 10_000;
const rate = (n: number | null) => (n === null ? '—' : n.toFixed(n < 10 ? 2 : 0));
const count = (n: number | null) => (n === null ? '—' : n);

/** Per service: up and ready, messages per second, consumer lag, DLQ size and outbox backlog (from each service's /metrics). */
export function PipelineHealthPage() {
  const { t } = useI18n();
  const { data, error, busy, reload } = useApiGet<ConsoleHealth>('health', undefined, { refreshMs: REFRESH_MS });
  const flag = (ok: boolean) => <Badge status={ok ? 'success' : 'error'} text={ok ? t('yes') : t('no')} />;
  return (
    <Card
      title={t('navHealth')}
      extra={
        <Space>
          {data && <Typography.Text type="secondary">{t('updatedAt', { at: chinaTime(data.checkedAt) })}</Typography.Text>}
          <Button size="small" onClick={() => void reload()} loading={busy}>
            {t('refresh')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={error} />
      <div data-testid="health">
        <Table<ConsoleServiceHealth>
          rowKey="service"
          pagination={false}
          dataSource={data?.services ?? []}
          columns={[
            { title: t('service'), dataIndex: 'service', key: 'service' },
            { title: t('up'), key: 'up', render: (_: unknown, s) => flag(s.up) },
            { title: t('ready'), key: 'ready', render: (_: unknown, s) => flag(s.ready) },
            { title: t('consumedPerSecond'), key: 'in', render: (_: unknown, s) => rate(s.consumedPerSecond) },
            { title: t('publishedPerSecond'), key: 'out', render: (_: unknown, s) => rate(s.publishedPerSecond) },
            { title: t('consumerLag'), key: 'lag', render: (_: unknown, s) => count(s.consumerLag) },
            { title: t('deadLetterCount'), key: 'dlq', render: (_: unknown, s) => (s.deadLetters ? <Typography.Text type="danger">{s.deadLetters}</Typography.Text> : count(s.deadLetters)) },
            { title: t('outboxBacklog'), key: 'outbox', render: (_: unknown, s) => count(s.outboxBacklog) },
            { title: '', key: 'error', render: (_: unknown, s) => (s.error ? <Typography.Text type="danger">{s.error}</Typography.Text> : null) },
          ]}
        />
      </div>
    </Card>
  );
}
