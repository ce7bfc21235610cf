import { Alert } from 'antd';
import { ApiError } from '../api';
import { useI18n } from '../i18n';

/** The server's errors in the chosen language, with their codes (what support asks for). */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t, pick } = useI18n();
  if (!error) return null;
  const lines = error instanceof ApiError && error.errors.length > 0 ? error.errors.map((e) => `${pick(e.message)} (${e.code})`) : [error instanceof ApiError ? `${t('failed')} (HTTP ${error.status})` : t('failed')];
  return <Alert type="error" showIcon data-testid="error" title={lines.join('；')} style={{ marginBottom: 16 }} />;
}
