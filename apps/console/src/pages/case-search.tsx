import type { ConsoleCaseListQuery, ConsoleCaseListResponse, ConsoleCaseSummary } from '@birth/console-api';
import { Button, Card, Form, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api';
import { ErrorAlert } from '../components/error-alert';
import { StepTags } from '../components/step-tags';
import { useI18n } from '../i18n';
import { CASE_STATE_LABEL, chinaTime } from '../labels';
import { Link } from '../router';

type Mode = 'caseNumber' | 'motherId' | 'hospitalDate' | 'state';
const PAGE_SIZE = 20;

interface SearchForm {
  caseNumber?: string;
  motherIdNumber?: string;
  hospitalId?: string;
  date?: string;
  state?: ConsoleCaseListQuery['state'];
  sla?: 'atRisk' | 'breached';
}

/** Find a case: by case number, by the mother's ID (exact, through the blind index), by hospital and date, or by state and SLA. Paged. */
export function CaseSearchPage() {
  const { t } = useI18n();
  const [mode, setMode] = useState<Mode>('caseNumber');
  const [form] = Form.useForm<SearchForm>();
  const [query, setQuery] = useState<ConsoleCaseListQuery | null>(null);
  /** The cursors of the pages before this one (the first page has none). */
  const [cursors, setCursors] = useState<string[]>([]);
  const [page, setPage] = useState<ConsoleCaseListResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const load = async (next: ConsoleCaseListQuery, cursor: string | undefined) => {
    setBusy(true);
    setError(null);
    try {
      // A case number or a mother's ID is searched alone (one answer at most): paging is for the lists.
      const single = next.caseNumber !== undefined || next.motherIdNumber !== undefined;
      const query = single ? next : { ...next, limit: PAGE_SIZE, cursor };
      setPage(await api.get<ConsoleCaseListResponse>('cases', query as Record<string, string | number | boolean | undefined>));
    } catch (failure) {
      setError(failure);
      setPage(null);
    } finally {
      setBusy(false);
    }
  };

  const search = (values: SearchForm) => {
    const next: ConsoleCaseListQuery =
      mode === 'caseNumber'
        ? { caseNumber: values.caseNumber?.trim() }
        : mode === 'motherId'
          ? { motherIdNumber: values.motherIdNumber?.trim().toUpperCase() }
          : mode === 'hospitalDate'
            ? { hospitalId: values.hospitalId?.trim() || undefined, date: values.date || undefined }
            : { state: values.state, atRisk: values.sla === 'atRisk' ? true : undefined, breached: values.sla === 'breached' ? true : undefined };
    setQuery(next);
    setCursors([]);
    void load(next, undefined);
  };

  const columns = [
    {
      title: t('caseNumber'),
      key: 'caseNumber',
      render: (_: unknown, c: ConsoleCaseSummary) => (
        <Link to={`/cases/${encodeURIComponent(c.caseId)}`} testId="case-link">
          {c.caseNumber ?? c.caseId}
        </Link>
      ),
    },
    {
      title: t('state'),
      key: 'state',
      render: (_: unknown, c: ConsoleCaseSummary) => (
        <Space size={4} wrap>
          <Tag>{t(CASE_STATE_LABEL[c.state])}</Tag>
          {c.atRisk && <Tag color="orange">{t('atRisk')}</Tag>}
          {c.breached && <Tag color="red">{t('breached')}</Tag>}
        </Space>
      ),
    },
    { title: t('hospital'), dataIndex: 'hospitalId', key: 'hospitalId' },
    { title: t('region'), dataIndex: 'regionCode', key: 'regionCode' },
    { title: t('acceptedAt'), key: 'acceptedAt', render: (_: unknown, c: ConsoleCaseSummary) => chinaTime(c.acceptedAt) },
    { title: t('steps'), key: 'steps', render: (_: unknown, c: ConsoleCaseSummary) => <StepTags steps={c.steps} /> },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('navCases')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Segmented<Mode>
            data-testid="search-mode"
            value={mode}
            onChange={setMode}
            options={[
              { value: 'caseNumber', label: t('byCaseNumber') },
              { value: 'motherId', label: <span data-testid="mode-mother-id">{t('byMotherId')}</span> },
              { value: 'hospitalDate', label: t('byHospitalDate') },
              { value: 'state', label: <span data-testid="mode-state">{t('byState')}</span> },
            ]}
          />
          <Form form={form} layout="inline" onFinish={search}>
            {mode === 'caseNumber' && (
              <Form.Item name="caseNumber" label={t('caseNumber')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
                <Input style={{ width: 280 }} data-testid="case-number" allowClear />
              </Form.Item>
            )}
            {mode === 'motherId' && (
              <Form.Item name="motherIdNumber" label={t('motherIdNumber')} extra={t('motherIdHint')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
                <Input style={{ width: 280 }} data-testid="mother-id" autoComplete="off" allowClear />
              </Form.Item>
            )}
            {mode === 'hospitalDate' && (
              <>
                <Form.Item name="hospitalId" label={t('hospitalId')}>
                  <Input style={{ width: 200 }} data-testid="hospital-id" allowClear />
                </Form.Item>
                <Form.Item name="date" label={t('date')}>
                  <Input type="date" data-testid="date" />
                </Form.Item>
              </>
            )}
            {mode === 'state' && (
              <>
                <Form.Item name="state" label={t('state')}>
                  <Select
                    style={{ width: 200 }}
                    allowClear
                    placeholder={t('any')}
                    options={(Object.keys(CASE_STATE_LABEL) as (keyof typeof CASE_STATE_LABEL)[]).map((s) => ({ value: s, label: t(CASE_STATE_LABEL[s]) }))}
                  />
                </Form.Item>
                <Form.Item name="sla" label="SLA">
                  <Select
                    style={{ width: 160 }}
                    allowClear
                    placeholder={t('any')}
                    options={[
                      { value: 'atRisk', label: t('atRisk') },
                      { value: 'breached', label: t('breached') },
                    ]}
                  />
                </Form.Item>
              </>
            )}
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="search">
                {t('search')}
              </Button>
            </Form.Item>
          </Form>
        </Space>
      </Card>
      <ErrorAlert error={error} />
      {page && (
        <Card>
          <div data-testid="case-results">
            <Table<ConsoleCaseSummary> rowKey="caseId" columns={columns} dataSource={page.cases} pagination={false} loading={busy} locale={{ emptyText: t('noCases') }} />
          </div>
          <Space style={{ marginTop: 16 }}>
            <Button
              disabled={cursors.length === 0 || busy}
              onClick={() => {
                setCursors([]);
                if (query) void load(query, undefined);
              }}
            >
              {t('firstPage')}
            </Button>
            <Button
              disabled={!page.nextCursor || busy}
              data-testid="next-page"
              onClick={() => {
                if (!query || !page.nextCursor) return;
                setCursors([...cursors, page.nextCursor]);
                void load(query, page.nextCursor);
              }}
            >
              {t('nextPage')}
            </Button>
            <Typography.Text type="secondary">{cursors.length + 1}</Typography.Text>
          </Space>
        </Card>
      )}
    </Space>
  );
}
