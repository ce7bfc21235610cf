import type { ConsoleBankAccountRequest, ConsoleCasePage, ConsoleCorrectionRequest, ConsoleCorrectionResponse, ConsoleNote } from '@birth/console-api';
import { App, Button, Card, Col, Form, Input, List, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { chinaTime } from '../labels';
import { AllowanceResolution } from './allowance-resolution';
import { ErrorAlert } from './error-alert';

/** A v4 UUID, also where crypto.randomUUID is missing (a page not served over https or localhost). */
function uuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Runs one action: busy while it runs, the server's refusal shown beside its form. */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

/** The clerk's actions on a case, each audited by the gateway: record what the applicant supplied, correct the bank account, add a note, resolve the allowance's manual review. */
export function CaseActions({ data, onChanged }: { data: ConsoleCasePage; onChanged(): Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const base = `cases/${encodeURIComponent(data.caseId)}`;
  const correction = useAction();
  const bank = useAction();
  const note = useAction();
  const [correctionForm] = Form.useForm<{ name?: string; sex?: string }>();
  const [bankForm] = Form.useForm<ConsoleBankAccountRequest['bankAccount'] & { beneficiary: 'mother' | 'father'; reasonCode: string; note?: string }>();
  const [noteForm] = Form.useForm<{ text: string }>();

  return (
    <Card title={t('actions')} data-testid="actions">
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={12} xxl={6}>
          <Typography.Title level={5}>{t('recordCorrection')}</Typography.Title>
          <ErrorAlert error={correction.error} />
          <Form
            form={correctionForm}
            layout="vertical"
            onFinish={(values) =>
              correction.run(async () => {
                const newborn: ConsoleCorrectionRequest['newborn'] = {};
                if (values.name?.trim()) newborn.name = values.name.trim();
                if (values.sex) newborn.sex = values.sex;
                await api.post<ConsoleCorrectionResponse>(`${base}/corrections`, { correctionId: uuid(), newborn } satisfies ConsoleCorrectionRequest);
                correctionForm.resetFields();
                void message.success(t('correctionSaved'));
                await onChanged();
              })
            }
          >
            <Form.Item name="name" label={t('newbornName')}>
              <Input data-testid="correction-name" maxLength={50} />
            </Form.Item>
            <Form.Item name="sex" label={t('newbornSex')}>
              <Select
                allowClear
                data-testid="correction-sex"
                options={[
                  { value: '1', label: t('sex1') },
                  { value: '2', label: t('sex2') },
                ]}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={correction.busy} data-testid="correction-save">
              {t('save')}
            </Button>
          </Form>
        </Col>
        <Col xs={24} lg={12} xxl={6}>
          <Typography.Title level={5}>{t('correctBankAccount')}</Typography.Title>
          <ErrorAlert error={bank.error} />
          <Form
            form={bankForm}
            layout="vertical"
            initialValues={{ beneficiary: 'mother', reasonCode: 'APPLICANT_CORRECTED_ACCOUNT' }}
            onFinish={(values) =>
              bank.run(async () => {
                const body: ConsoleBankAccountRequest = {
                  beneficiary: values.beneficiary,
                  bankAccount: { bankName: values.bankName.trim(), accountNumber: values.accountNumber.replace(/\s+/g, ''), accountName: values.accountName.trim() },
                  reasonCode: values.reasonCode,
                  note: values.note?.trim() || undefined,
                };
                await api.post(`${base}/bank-account`, body);
                bankForm.resetFields();
                void message.success(t('bankAccountSaved'));
                await onChanged();
              })
            }
          >
            <Form.Item name="beneficiary" label={t('beneficiary')}>
              <Select
                options={[
                  { value: 'mother', label: t('mother') },
                  { value: 'father', label: t('father') },
                ]}
              />
            </Form.Item>
            <Form.Item name="bankName" label={t('bankName')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
              <Input />
            </Form.Item>
            <Form.Item name="accountNumber" label={t('accountNumber')} rules={[{ required: true, pattern: /^[\d\s]{8,34}$/, message: t('required') }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="accountName" label={t('accountName')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="reasonCode" label={t('reasonCode')}>
              <Select options={[{ value: 'APPLICANT_CORRECTED_ACCOUNT', label: 'APPLICANT_CORRECTED_ACCOUNT' }]} />
            </Form.Item>
            <Button htmlType="submit" loading={bank.busy}>
              {t('save')}
            </Button>
          </Form>
        </Col>
        <Col xs={24} lg={12} xxl={6}>
          <Typography.Title level={5}>{t('notes')}</Typography.Title>
          <List<ConsoleNote>
            size="small"
            dataSource={data.notes}
            data-testid="notes"
            renderItem={(n) => (
              <List.Item>
                <List.Item.Meta title={`${n.author} · ${chinaTime(n.at)}`} description={n.text} />
              </List.Item>
            )}
          />
          <ErrorAlert error={note.error} />
          <Form
            form={noteForm}
            layout="vertical"
            onFinish={(values) =>
              note.run(async () => {
                await api.post<ConsoleNote>(`${base}/notes`, { text: values.text.trim() });
                noteForm.resetFields();
                void message.success(t('noteSaved'));
                await onChanged();
              })
            }
          >
            <Form.Item name="text" label={t('addNote')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 2000 }]}>
              <Input.TextArea rows={3} data-testid="note-text" />
            </Form.Item>
            <Button htmlType="submit" loading={note.busy} data-testid="note-save">
              {t('save')}
            </Button>
          </Form>
        </Col>
        {data.allowance && (
          <Col xs={24} lg={12} xxl={6}>
            <AllowanceResolution caseId={data.caseId} onChanged={onChanged} />
          </Col>
        )}
      </Row>
    </Card>
  );
}
