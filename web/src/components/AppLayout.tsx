/** The frame of every signed-in page: the menu for the user's role, the header with user and language. */
import { Suspense, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Layout, Menu, Segmented, Space, Spin, Tag, Typography } from 'antd';
import {
  AlertOutlined, AuditOutlined, BankOutlined, BookOutlined, DashboardOutlined, FileSearchOutlined, KeyOutlined,
  LogoutOutlined, MoneyCollectOutlined, SettingOutlined, HistoryOutlined,
  LineChartOutlined, CalculatorOutlined,
} from '@ant-design/icons';
import { useAuth, type Role } from '../auth';
import { useI18n } from '../i18n';
import { label } from '../format';

interface Item { path: string; key: string; icon: ReactNode; roles: Role[] }

const BUREAU: Role[] = ['admin', 'supervisor', 'auditor'];
export const MENU: Item[] = [
  { path: '/portal', key: 'web.menu.portal', icon: <BankOutlined />, roles: ['institution'] },
  { path: '/dashboard', key: 'web.menu.dashboard', icon: <DashboardOutlined />, roles: BUREAU },
  { path: '/findings', key: 'web.menu.findings', icon: <FileSearchOutlined />, roles: [...BUREAU, 'institution'] },
  { path: '/audit-runs', key: 'web.menu.audit_runs', icon: <AuditOutlined />, roles: BUREAU },
  { path: '/rules', key: 'web.menu.rules', icon: <SettingOutlined />, roles: BUREAU },
  { path: '/knowledge', key: 'web.menu.knowledge', icon: <BookOutlined />, roles: BUREAU },
  { path: '/drg', key: 'web.menu.drg', icon: <LineChartOutlined />, roles: [...BUREAU, 'institution'] },
  { path: '/drg/settlements', key: 'web.menu.drg_settlements', icon: <CalculatorOutlined />, roles: [...BUREAU, 'institution'] },
  { path: '/deductions', key: 'web.menu.deductions', icon: <MoneyCollectOutlined />, roles: [...BUREAU, 'institution'] },
  { path: '/access-log', key: 'web.menu.access_log', icon: <HistoryOutlined />, roles: ['admin'] },
  { path: '/tokens', key: 'web.menu.tokens', icon: <KeyOutlined />, roles: ['admin'] },
];

export default function AppLayout() {
  const { user, logout } = useAuth();
  const { t, lang, setLang } = useI18n();
  const loc = useLocation();
  const navigate = useNavigate();
  if (!user) return null;
  const items = MENU.filter((m) => m.roles.includes(user.role));
  // The longest menu path that the location is at or under (/drg/settlements is not /drg).
  const selected = items.filter((m) => loc.pathname === m.path || loc.pathname.startsWith(`${m.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme="dark" breakpoint="lg" collapsedWidth={64} data-testid="side-menu">
        <div style={{ color: '#fff', padding: '16px 12px', fontWeight: 600, display: 'flex', alignItems: 'center', gap: 8, whiteSpace: 'nowrap', overflow: 'hidden' }}>
          <AlertOutlined style={{ fontSize: 20, color: '#69b1ff' }} />
          <span>{t('web.brand')}</span>
        </div>
        <Menu theme="dark" mode="inline" selectedKeys={selected ? [selected] : []}
          items={items.map((m) => ({ key: m.path, icon: m.icon,
            label: <Link to={m.path} data-testid={`menu-${m.path.slice(1)}`}>{t(m.key)}</Link> }))} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between',
          borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Text strong style={{ fontSize: 16 }}>{t('web.title')}</Typography.Text>
          <Space size="middle">
            <span data-testid="header-user">
              <Typography.Text strong data-testid="header-display-name">{user.display_name}</Typography.Text>
              <Tag color="blue" style={{ marginLeft: 8 }} data-testid="header-role" data-role={user.role}>{label(t, 'role', user.role)}</Tag>
              {user.fixmedins_code ? <Tag data-testid="header-institution">{user.fixmedins_code}</Tag> : null}
            </span>
            <Segmented size="small" value={lang} data-testid="lang-switch" onChange={(v) => setLang(v as 'zh' | 'en')}
              options={[{ value: 'zh', label: t('web.lang.zh') }, { value: 'en', label: t('web.lang.en') }]} />
            <Button icon={<LogoutOutlined />} data-testid="logout-button"
              onClick={async () => { await logout(); navigate('/login', { replace: true }); }}>{t('web.logout')}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Suspense fallback={<div style={{ padding: 64, textAlign: 'center' }}><Spin size="large" /></div>}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
