import type { ConsoleManualReviewItem, ConsoleManualReviewResponse } from '@birth/console-api';
import { Card, Segmented, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../components/error-alert';
import { useI18n } from '../i18n';
import { chinaTime, ITEM_LABEL, ITEM_STATE_COLOR, stateLabel, type DepartmentService } from '../labels';
import { Link } from '../router';
import { useApiGet } from '../use-api';

const DEPARTMENTS: DepartmentService[] = ['birth-certificate', 'household-registration', 'medical-insurance', 'social-security-card', 'maternity-allowance'];

/** Per department, the steps waiting on a person (an exhausted ID sequence, a sex correction after the number, a payment mismatch, a recovery). */
export function ManualReviewPage() {
  const { t, pick } = useI18n();
  const [department, setDepartment] = useState<DepartmentService>('birth-certificate');
  const { data: answer, error, busy } = useApiGet<ConsoleManualReviewResponse>('manual-review', { department });
  return (
    <Card title={t('manualReviewQueue')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Segmented<DepartmentService> value={department} onChange={setDepartment} options={DEPARTMENTS.map((d) => ({ value: d, label: t(ITEM_LABEL[d]) }))} />
        <ErrorAlert error={error} />
        <div data-testid="manual-review" data-loaded={answer !== null}>
          <Table<ConsoleManualReviewItem>
            rowKey={(i) => `${i.caseId}-${i.item}`}
            loading={busy}
            dataSource={answer?.items ?? []}
            locale={{ emptyText: t('emptyQueue') }}
            pagination={{ pageSize: 20 }}
            columns={[
              { title: t('caseNumber'), key: 'case', render: (_: unknown, i) => <Link to={`/cases/${encodeURIComponent(i.caseId)}`}>{i.caseNumber ?? i.caseId}</Link> },
              { title: t('region'), dataIndex: 'regionCode', key: 'region' },
              {
                title: t('state'),
                key: 'state',
                render: (_: unknown, i) => {
                  const label = stateLabel(i.state);
                  return <Tag color={ITEM_STATE_COLOR[i.state as keyof typeof ITEM_STATE_COLOR]}>{label ? t(label) : i.state}</Tag>;
                },
              },
              { title: t('reason'), key: 'reason', render: (_: unknown, i) => (i.reason ? pick(i.reason) : (i.reasonCode ?? '—')) },
              { title: t('changedAt'), key: 'changedAt', render: (_: unknown, i) => chinaTime(i.changedAt) },
            ]}
          />
        </div>
      </Space>
    </Card>
  );
}
