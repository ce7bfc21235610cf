import { Alert, Button, Card, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../components/error-alert';
import { useI18n } from '../i18n';
import { useSession } from '../session';

export function SignInPage() {
  const { t, lang, setLang } = useI18n();
  const { signIn, lost } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async ({ username, password }: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5' }}>
      <Card title={t('appTitle')} style={{ width: 380 }} extra={<Button size="small" data-testid="language" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{t('language')}</Button>}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {lost && <Alert type="warning" showIcon title={t('sessionLost')} />}
          <ErrorAlert error={error} />
          <Form layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}>
              <Input autoComplete="username" data-testid="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
              <Input.Password autoComplete="current-password" data-testid="password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in">
              {t('signIn')}
            </Button>
          </Form>
        </Space>
      </Card>
    </div>
  );
}
