import type { ConsoleCaseState, ConsoleDashboard, ConsoleOverdueCase } from '@birth/console-api';
import { Badge, Card, Col, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { ErrorAlert } from '../components/error-alert';
import { useI18n } from '../i18n';
import { CASE_STATE_LABEL, chinaTime, ITEM_LABEL, itemLabel } from '../labels';
import { useServerEvents } from '../live';

// ECharts loads with the dashboard only: clerks never download it.
const BreachesChart = lazy(() => import('../components/breaches-chart').then((m) => ({ default: m.BreachesChart })));

const STATES: ConsoleCaseState[] = ['open', 'completed', 'completed_with_rejections', 'voided'];

/** The SLA dashboard for operators: never personal data. Live by server-sent `dashboard` snapshots. */
export function DashboardPage() {
  const { t } = useI18n();
  const [data, setData] = useState<ConsoleDashboard | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    api.get<ConsoleDashboard>('dashboard').then(
      (next) => (setData(next), setError(null)),
      (failure: unknown) => setError(failure),
    );
  }, []);
  useEffect(load, [load]);
  const { connected } = useServerEvents<ConsoleDashboard>('dashboard', (next) => setData(next));

  const overdueColumns = [
    { title: t('caseNumber'), key: 'case', render: (_: unknown, c: ConsoleOverdueCase) => <span data-testid="overdue-case">{c.caseNumber ?? c.caseId}</span> },
    { title: t('item'), key: 'item', render: (_: unknown, c: ConsoleOverdueCase) => t(ITEM_LABEL[c.department]) },
    { title: t('region'), dataIndex: 'regionCode', key: 'region' },
    { title: t('hospital'), dataIndex: 'hospitalId', key: 'hospital' },
    { title: t('deadline'), key: 'deadline', render: (_: unknown, c: ConsoleOverdueCase) => chinaTime(c.deadline) },
    { title: t('overdue'), dataIndex: 'workingDaysOverdue', key: 'overdue', render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n) },
  ];

  return (
    <div data-testid="dashboard">
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('navDashboard')}
          </Typography.Title>
          <span data-testid="live-status" data-connected={connected}>
            <Badge status={connected ? 'success' : 'warning'} text={connected ? t('live') : t('offline')} />
          </span>
          {data && <Typography.Text type="secondary">{t('updatedAt', { at: chinaTime(data.generatedAt) })}</Typography.Text>}
        </Space>
        <ErrorAlert error={error} />
        {data && (
          <>
            <Card title={t('openByState')}>
              <Row gutter={16}>
                {STATES.map((state) => (
                  <Col key={state} xs={12} md={4}>
                    <Statistic title={t(CASE_STATE_LABEL[state])} value={data.openByState[state] ?? 0} />
                  </Col>
                ))}
                <Col xs={12} md={4}>
                  <Statistic title={t('atRisk')} value={data.atRisk.length} styles={{ content: { color: '#d48806' } }} />
                </Col>
                <Col xs={12} md={4}>
                  <Statistic title={t('breached')} value={data.breached.length} styles={{ content: { color: '#cf1322' } }} />
                </Col>
              </Row>
            </Card>
            <Row gutter={16}>
              <Col xs={24} xl={12}>
                <Card title={t('breachedCases')} data-testid="breached-cases">
                  <Table<ConsoleOverdueCase> size="small" rowKey={(c) => `${c.caseId}-${c.item}`} columns={overdueColumns} dataSource={data.breached} pagination={{ pageSize: 8 }} />
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card title={t('atRiskCases')} data-testid="at-risk-cases">
                  <Table<ConsoleOverdueCase> size="small" rowKey={(c) => `${c.caseId}-${c.item}`} columns={overdueColumns} dataSource={data.atRisk} pagination={{ pageSize: 8 }} />
                </Card>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col xs={24} xl={12}>
                <Card title={t('breachTrend')}>
                  <Suspense fallback={<div style={{ height: 260 }} />}>
                    <BreachesChart days={data.breachesPerDay} seriesName={t('breaches')} />
                  </Suspense>
                </Card>
              </Col>
              <Col xs={24} xl={6}>
                <Card title={t('byDepartment')}>
                  <CountsTable heading={t('department')} rows={data.byDepartment.map((r) => ({ key: r.department, name: t(ITEM_LABEL[r.department]), atRisk: r.atRisk, breached: r.breached }))} />
                </Card>
              </Col>
              <Col xs={24} xl={6}>
                <Card title={t('byRegion')}>
                  <CountsTable heading={t('region')} rows={data.byRegion.map((r) => ({ key: r.regionCode, name: r.regionCode, atRisk: r.atRisk, breached: r.breached }))} />
                </Card>
              </Col>
            </Row>
            <Card title={t('provisionalDeadlines')}>
              <Space wrap>
                {data.provisionalDeadlines.length === 0
                  ? '—'
                  : data.provisionalDeadlines.map((p) => {
                      const item = itemLabel(p.item);
                      return (
                        <Tag key={`${p.caseId}-${p.item}`}>
                          {p.caseNumber ?? p.caseId} · {item ? t(item) : p.item} · {chinaTime(p.deadline)}
                        </Tag>
                      );
                    })}
              </Space>
            </Card>
          </>
        )}
      </Space>
    </div>
  );
}

interface Counts {
  key: string;
  name: string;
  atRisk: number;
  breached: number;
}

/** At-risk and breached counts per department or per region. */
function CountsTable({ heading, rows }: { heading: string; rows: Counts[] }) {
  const { t } = useI18n();
  return (
    <Table<Counts>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: heading, dataIndex: 'name', key: 'name' },
        { title: t('atRisk'), dataIndex: 'atRisk', key: 'atRisk' },
        { title: t('breached'), dataIndex: 'breached', key: 'breached' },
      ]}
    />
  );
}
