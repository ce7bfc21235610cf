import type { ConsoleCasePage, ConsoleCaseSummary } from '@birth/console-api';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { AllowanceCard } from '../components/allowance-card';
import { CaseActions } from '../components/case-actions';
import { ErrorAlert } from '../components/error-alert';
import { FamilyCard } from '../components/family-card';
import { StepsTable } from '../components/steps-table';
import { useI18n } from '../i18n';
import { CASE_STATE_LABEL, chinaTime } from '../labels';
import { useServerEvents } from '../live';
import { Link, navigate } from '../router';

/** How often the page reads the case again while it is open, besides the live `case` events. */
const REFRESH_MS = 15_000;

/** A case for a clerk: the family (masked, "显示完整" per field), the steps, the allowance, the timeline, twins, notes and actions. */
export function CasePage({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const [data, setData] = useState<ConsoleCasePage | null>(null);
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(async () => {
    try {
      setData(await api.get<ConsoleCasePage>(`cases/${encodeURIComponent(caseId)}`));
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  }, [caseId]);

  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  useServerEvents<ConsoleCaseSummary>('case', (summary) => summary.caseId === caseId && void reload(), { caseId });

  if (!data) {
    return error ? <ErrorAlert error={error} /> : <Spin description={t('loading')}><div style={{ height: 200 }} /></Spin>;
  }
  return (
    <div data-testid="case-page">
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Card
          title={
            <Space>
              <Button size="small" onClick={() => (window.history.length > 1 ? window.history.back() : navigate('/cases'))}>
                {t('back')}
              </Button>
              <span data-testid="case-number">{data.caseNumber ?? data.caseId}</span>
              <Tag data-testid="case-state">{t(CASE_STATE_LABEL[data.state])}</Tag>
              {data.atRisk && <Tag color="orange">{t('atRisk')}</Tag>}
              {data.breached && <Tag color="red">{t('breached')}</Tag>}
            </Space>
          }
        >
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              { key: 'hospital', label: t('hospital'), children: data.hospitalId },
              { key: 'region', label: t('region'), children: data.regionCode ?? '—' },
              { key: 'acceptedAt', label: t('acceptedAt'), children: chinaTime(data.acceptedAt) },
            ]}
          />
          {data.unavailable.length > 0 && <Alert type="warning" showIcon title={t('unavailable', { parts: data.unavailable.join(', ') })} />}
        </Card>
        <ErrorAlert error={error} />
        <FamilyCard data={data} />
        <StepsTable caseId={data.caseId} steps={data.steps} onChanged={reload} />
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <AllowanceCard allowance={data.allowance} />
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('timeline')} data-testid="timeline">
              <Timeline
                items={data.timeline.map((entry) => ({
                  content: (
                    <span>
                      <Typography.Text type="secondary">{chinaTime(entry.at)}</Typography.Text> {entry.type}
                      {entry.cause && <Typography.Text type="secondary"> · {entry.cause}</Typography.Text>}
                    </span>
                  ),
                }))}
              />
            </Card>
          </Col>
        </Row>
        {data.linkedCases.length > 0 && (
          <Card title={t('linkedCases')} data-testid="linked-cases">
            <Space wrap>
              {data.linkedCases.map((linked) => (
                <Link key={linked.caseId} to={`/cases/${encodeURIComponent(linked.caseId)}`} testId="linked-case">
                  {linked.caseNumber ?? linked.caseId}
                </Link>
              ))}
              {data.allowance && <Typography.Text type="secondary">{t('allowance')}: {data.allowance.claimId}</Typography.Text>}
            </Space>
          </Card>
        )}
        <CaseActions data={data} onChanged={reload} />
      </Space>
    </div>
  );
}
