import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api';
import { useI18n } from '../i18n';
import { ErrorAlert } from './error-alert';

/**
 * Asks why before an audited action (a reveal, a retry, a replay) and runs it with the reason.
 * The modal stays open with the server's error if the action is refused.
 */
export function ReasonModal({ open, title, hint, onCancel, onConfirm, testId }: { open: boolean; title: string; hint?: string; onCancel(): void; onConfirm(reason: string): Promise<void>; testId: string }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
      form.resetFields();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={title}
      okText={t('confirm')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={submit}
      onCancel={() => {
        setError(null);
        form.resetFields();
        onCancel();
      }}
      okButtonProps={{ 'data-testid': `${testId}-confirm` }}
      destroyOnHidden
    >
      {hint && <Alert type="info" showIcon title={hint} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('reasonRequired') }, { max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid={`${testId}-reason`} autoFocus />
        </Form.Item>
      </Form>
      {error instanceof ApiError || error ? <ErrorAlert error={error} /> : null}
    </Modal>
  );
}
