import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect } from 'react';
import { I18nProvider, useI18n } from './i18n';
import { Shell } from './layout';
import { AuditLogPage } from './pages/audit-log';
import { CasePage } from './pages/case-page';
import { CaseSearchPage } from './pages/case-search';
import { DashboardPage } from './pages/dashboard';
import { DeadLettersPage } from './pages/dead-letters';
import { ManualReviewPage } from './pages/manual-review';
import { PipelineHealthPage } from './pages/pipeline-health';
import { SignInPage } from './pages/sign-in';
import { navigate, useLocation } from './router';
import { PAGES_BY_ROLE, SessionProvider, useSession, type Role } from './session';

/** The console: Simplified Chinese first (Ant Design's zh_CN locale), English as a switch. */
export function App() {
  return (
    <I18nProvider>
      <Localized />
    </I18nProvider>
  );
}

function Localized() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#c0392b' } }}>
      <AntApp>
        <SessionProvider>
          <Routes />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/** Where each role lands after signing in. */
const HOME: Record<Role, string> = { clerk: '/cases', operator: '/dashboard', admin: '/cases', auditor: '/audit' };

function Routes() {
  const { user } = useSession();
  const { path } = useLocation();
  const { t } = useI18n();
  const [section, id] = path.split('/').filter(Boolean);
  const home = user ? HOME[user.role] : null;

  useEffect(() => {
    if (home && (section === undefined || section === 'sign-in')) navigate(home, { replace: true });
  }, [home, section]);

  if (user === undefined) return <Spin fullscreen description={t('loading')} />;
  if (user === null) return <SignInPage />;
  if (section === undefined || section === 'sign-in') return null;
  if (!PAGES_BY_ROLE[user.role].includes(section)) {
    return <Shell>{isKnown(section) ? <Result status="403" title={t('forbidden')} /> : <Result status="404" title={t('notFound')} />}</Shell>;
  }
  return <Shell>{page(section, id)}</Shell>;
}

const KNOWN = ['cases', 'manual-review', 'dashboard', 'health', 'dead-letters', 'audit'];
const isKnown = (section: string) => KNOWN.includes(section);

function page(section: string, id: string | undefined) {
  switch (section) {
    case 'cases':
      return id ? <CasePage key={id} caseId={decodeURIComponent(id)} /> : <CaseSearchPage />;
    case 'manual-review':
      return <ManualReviewPage />;
    case 'dashboard':
      return <DashboardPage />;
    case 'health':
      return <PipelineHealthPage />;
    case 'dead-letters':
      return <DeadLettersPage />;
    case 'audit':
      return <AuditLogPage />;
    default:
      return null;
  }
}
