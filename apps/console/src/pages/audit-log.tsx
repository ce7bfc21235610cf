import { Button, Card, Form, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../components/error-alert';
import { useI18n } from '../i18n';
import { chinaTime, ROLE_LABEL } from '../labels';
import { useApiGet } from '../use-api';

/** One row of the append-only console audit log (`GET /api/console/audit`). */
export interface AuditRow {
  seq: string;
  at: string;
  actor: { userId: string; username: string; role: string };
  action: string;
  caseId: string | null;
  field: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
}

interface AuditPage {
  entries: AuditRow[];
  nextCursor: string | null;
}

interface Filters {
  caseId?: string;
  actor?: string;
  action?: string;
}

/** The audit log for auditors: who, when, which case, which field, why. Newest first, paged. */
export function AuditLogPage() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<Filters>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const { data: page, error, busy, reload } = useApiGet<AuditPage>('audit', { ...filters, limit: 50, cursor });

  return (
    <Card title={t('navAudit')} extra={<Button size="small" onClick={() => void reload()} loading={busy} data-testid="audit-refresh">{t('refresh')}</Button>}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Form<Filters>
          layout="inline"
          onFinish={(values) => {
            setFilters({ caseId: values.caseId?.trim() || undefined, actor: values.actor?.trim() || undefined, action: values.action?.trim() || undefined });
            setCursors([undefined]);
          }}
        >
          <Form.Item name="caseId" label={t('caseId')}>
            <Input style={{ width: 300 }} allowClear data-testid="audit-case" />
          </Form.Item>
          <Form.Item name="actor" label={t('actor')}>
            <Input style={{ width: 160 }} allowClear />
          </Form.Item>
          <Form.Item name="action" label={t('action')}>
            <Input style={{ width: 160 }} allowClear />
          </Form.Item>
          <Button htmlType="submit" type="primary" data-testid="audit-filter">
            {t('filter')}
          </Button>
        </Form>
        <ErrorAlert error={error} />
        <div data-testid="audit-log">
          <Table<AuditRow>
            rowKey={(r) => r.seq}
            loading={busy}
            dataSource={page?.entries ?? []}
            pagination={false}
            locale={{ emptyText: t('noAudit') }}
            columns={[
              { title: t('at'), key: 'at', render: (_: unknown, r) => chinaTime(r.at) },
              { title: t('actor'), key: 'actor', render: (_: unknown, r) => r.actor.username },
              { title: t('role'), key: 'role', render: (_: unknown, r) => (ROLE_LABEL[r.actor.role] ? t(ROLE_LABEL[r.actor.role]!) : r.actor.role) },
              { title: t('action'), dataIndex: 'action', key: 'action' },
              { title: t('caseId'), dataIndex: 'caseId', key: 'caseId', render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—') },
              { title: t('field'), dataIndex: 'field', key: 'field', render: (v: string | null) => v ?? '—' },
              { title: t('reason'), dataIndex: 'reason', key: 'reason', render: (v: string | null) => v ?? '—' },
            ]}
          />
        </div>
        <Space>
          <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            {t('previousPage')}
          </Button>
          <Button disabled={!page?.nextCursor} onClick={() => page?.nextCursor && setCursors([...cursors, page.nextCursor])}>
            {t('nextPage')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
