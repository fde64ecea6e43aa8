/** The app: language and antd locale, the signed-in user, and the routes (pages loaded on demand). */
import { lazy, Suspense, useEffect, useMemo, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { AuthProvider, BUREAU_ROLES, useAuth, type Role } from './auth';
import { I18nProvider, useI18n } from './i18n';
import { homeOf } from './nav';
import LoginPage from './pages/Login';
import { ForbiddenPage, NotFoundPage } from './pages/NotFound';

const AppLayout = lazy(() => import('./components/AppLayout'));
const ChangePasswordPage = lazy(() => import('./pages/ChangePassword'));
const Dashboard = lazy(() => import('./pages/Dashboard'));
const Findings = lazy(() => import('./pages/Findings'));
const FindingDetail = lazy(() => import('./pages/FindingDetail'));
const Portal = lazy(() => import('./pages/Portal'));
const Rules = lazy(() => import('./pages/Rules'));
const RuleDetail = lazy(() => import('./pages/RuleDetail'));
const Knowledge = lazy(() => import('./pages/Knowledge'));
const AuditRuns = lazy(() => import('./pages/AuditRuns'));
const Deductions = lazy(() => import('./pages/Deductions'));
const AccessLog = lazy(() => import('./pages/AccessLog'));
const Tokens = lazy(() => import('./pages/Tokens'));
const DrgOverview = lazy(() => import('./pages/DrgOverview'));
const DrgCases = lazy(() => import('./pages/DrgCases'));
const DrgCase = lazy(() => import('./pages/DrgCase'));
const DrgSettlements = lazy(() => import('./pages/DrgSettlements'));

const ALL: Role[] = [...BUREAU_ROLES, 'institution'];

/** Signed in (else the login page, remembering where to go back), password changed if it must be. */
function RequireAuth({ children }: { children: ReactNode }) {
  const { user, loading, mustChange } = useAuth();
  const loc = useLocation();
  if (loading) return <Loading />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  if (mustChange) return <Navigate to="/change-password" replace />;
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

const Loading = () => <div style={{ padding: 96, textAlign: 'center' }}><Spin size="large" /></div>;

function Only({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { user } = useAuth();
  return user && roles.includes(user.role) ? <>{children}</> : <ForbiddenPage />;
}

function Home() {
  const { user } = useAuth();
  return <Navigate to={user ? homeOf(user.role) : '/login'} replace />;
}

function Localised({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  // Set while rendering (not in an effect) so that date pickers never show one frame in the other language.
  useMemo(() => dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en'), [lang]);
  useEffect(() => { document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'; }, [lang]);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 4 } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export default function App() {
  const bureau = BUREAU_ROLES;
  return (
    <I18nProvider>
      <Localised>
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/change-password" element={<Suspense fallback={<Loading />}><ChangePasswordPage /></Suspense>} />
              <Route element={<RequireAuth><AppLayout /></RequireAuth>}>
                <Route path="/" element={<Home />} />
                <Route path="/dashboard" element={<Only roles={ALL}><Dashboard /></Only>} />
                <Route path="/findings" element={<Only roles={ALL}><Findings /></Only>} />
                <Route path="/findings/:runId/:seq" element={<Only roles={ALL}><FindingDetail /></Only>} />
                <Route path="/portal" element={<Only roles={ALL}><Portal /></Only>} />
                <Route path="/rules" element={<Only roles={bureau}><Rules /></Only>} />
                <Route path="/rules/:ruleId" element={<Only roles={bureau}><RuleDetail /></Only>} />
                <Route path="/knowledge" element={<Only roles={bureau}><Knowledge /></Only>} />
                <Route path="/audit-runs" element={<Only roles={bureau}><AuditRuns /></Only>} />
                <Route path="/deductions" element={<Only roles={ALL}><Deductions /></Only>} />
                <Route path="/access-log" element={<Only roles={['admin']}><AccessLog /></Only>} />
                <Route path="/tokens" element={<Only roles={['admin']}><Tokens /></Only>} />
                <Route path="/drg" element={<Only roles={ALL}><DrgOverview /></Only>} />
                <Route path="/drg/cases" element={<Only roles={ALL}><DrgCases /></Only>} />
                <Route path="/drg/cases/:setlId" element={<Only roles={ALL}><DrgCase /></Only>} />
                <Route path="/drg/settlements" element={<Only roles={ALL}><DrgSettlements /></Only>} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </Localised>
    </I18nProvider>
  );
}
