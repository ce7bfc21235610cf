import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from './i18n';
import { ROLE_LABEL } from './labels';
import type { MessageKey } from './messages';
import { navigate, useLocation } from './router';
import { PAGES_BY_ROLE, useSession } from './session';

const NAV: Record<string, MessageKey> = {
  cases: 'navCases',
  'manual-review': 'navManualReview',
  dashboard: 'navDashboard',
  health: 'navHealth',
  'dead-letters': 'navDeadLetters',
  audit: 'navAudit',
};

/** The frame of every signed-in page: the role's menu, the user, the language switch, sign-out. */
export function Shell({ children }: { children: ReactNode }) {
  const { user, signOut } = useSession();
  const { t, lang, setLang } = useI18n();
  const { path } = useLocation();
  if (!user) return null;
  const section = path.split('/').filter(Boolean)[0] ?? '';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={200}>
        <div style={{ padding: '16px 20px', fontWeight: 600 }}>{t('appTitle')}</div>
        <Menu
          mode="inline"
          selectedKeys={[section]}
          items={PAGES_BY_ROLE[user.role].map((key) => ({ key, label: <span data-testid={`nav-${key}`}>{t(NAV[key])}</span> }))}
          onClick={({ key }) => navigate(`/${key}`)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', paddingInline: 24 }}>
          <Space>
            <Typography.Text data-testid="signed-in-user">{user.username}</Typography.Text>
            <Tag>{t(ROLE_LABEL[user.role] ?? 'roleClerk')}</Tag>
            {user.regions.length > 0 && <Tag color="blue">{user.regions.join(', ')}</Tag>}
            <Button size="small" data-testid="language" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
              {t('language')}
            </Button>
            <Button size="small" data-testid="sign-out" onClick={() => void signOut().then(() => navigate('/sign-in', { replace: true }))}>
              {t('signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
