import type { ConsoleAllowanceResolutionRequest, ConsoleAllowanceResolutionResponse } from '@birth/console-api';
import { App, Button, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { ErrorAlert } from './error-alert';

type Kind = ConsoleAllowanceResolutionRequest['kind'];

/** A reason code to start from for each kind (the clerk may change it). */
const DEFAULT_REASON_CODE: Record<Kind, string> = {
  'wage-set': 'EMPLOYER_CONFIRMED',
  'ledger-confirmed': 'LEDGER_CONFIRMED',
  'recovery-recorded': 'REFUND_RECEIVED',
};

interface Values {
  kind: Kind;
  beneficiary?: 'mother' | 'father';
  wageYuan?: number;
  reasonCode: string;
  reason: string;
}

/**
 * Resolves the allowance's manual review through the allowance service: a wage the rules leave to
 * a clerk, a payment mismatch whose ledger payment is this benefit's, or money recovered after a
 * void. The service answers 409 when the claim is not in that state; the form shows it.
 */
export function AllowanceResolution({ caseId, onChanged }: { caseId: string; onChanged(): Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'wage-set';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const body: ConsoleAllowanceResolutionRequest = {
        kind: values.kind,
        beneficiary: values.kind === 'recovery-recorded' ? undefined : values.beneficiary,
        wageFen: values.kind === 'wage-set' && values.wageYuan !== undefined ? Math.round(values.wageYuan * 100) : undefined,
        reasonCode: values.reasonCode.trim(),
        reason: values.reason.trim(),
      };
      await api.post<ConsoleAllowanceResolutionResponse>(`cases/${encodeURIComponent(caseId)}/allowance/resolutions`, body);
      form.resetFields();
      void message.success(t('resolutionSaved'));
      await onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Typography.Title level={5}>{t('resolveAllowance')}</Typography.Title>
      <div data-testid="resolution-error">
        <ErrorAlert error={error} />
      </div>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'wage-set', beneficiary: 'mother', reasonCode: DEFAULT_REASON_CODE['wage-set'] }}
        onValuesChange={(changed: Partial<Values>) => changed.kind && form.setFieldValue('reasonCode', DEFAULT_REASON_CODE[changed.kind])}
        onFinish={submit}
      >
        <Form.Item name="kind" label={t('resolutionKind')}>
          <Select
            options={[
              { value: 'wage-set', label: t('resolutionWageSet') },
              { value: 'ledger-confirmed', label: t('resolutionLedgerConfirmed') },
              { value: 'recovery-recorded', label: t('resolutionRecoveryRecorded') },
            ]}
          />
        </Form.Item>
        {kind !== 'recovery-recorded' && (
          <Form.Item name="beneficiary" label={t('beneficiary')}>
            <Select
              options={[
                { value: 'mother', label: t('mother') },
                { value: 'father', label: t('father') },
              ]}
            />
          </Form.Item>
        )}
        {kind === 'wage-set' && (
          <Form.Item name="wageYuan" label={t('monthlyWage')} rules={[{ required: true, message: t('required') }]}>
            <InputNumber min={0} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="resolution-wage" />
          </Form.Item>
        )}
        <Form.Item name="reasonCode" label={t('reasonCode')} rules={[{ required: true, pattern: /^[A-Z][A-Z0-9_]{0,63}$/, message: t('required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('reasonRequired') }, { max: 500 }]}>
          <Input.TextArea rows={2} data-testid="resolution-reason" />
        </Form.Item>
        <Button htmlType="submit" loading={busy} data-testid="resolution-save">
          {t('save')}
        </Button>
      </Form>
    </>
  );
}
