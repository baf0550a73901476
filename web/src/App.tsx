import {
  AppstoreOutlined,
  AuditOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  HomeOutlined,
  LogoutOutlined,
  TeamOutlined,
  ApartmentOutlined,
  UserOutlined,
  GlobalOutlined,
  MenuOutlined,
  FileTextOutlined,
} from '@ant-design/icons';
import { Breadcrumb, Button, Drawer, Dropdown, Grid, Layout, Menu, Result, Space, Spin } from 'antd';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken, unwrap } from './api/client';
import { useSession } from './auth';
import { languages, useI18n } from './i18n';
import type { MessageKey } from './i18n/zh-CN';
import { LoginPage } from './pages/LoginPage';

const WorkbenchPage = lazy(() => import('./pages/WorkbenchPage'));
const PlansPage = lazy(() => import('./pages/PlansPage'));
const PlanPage = lazy(() => import('./pages/PlanPage'));
const LedgerPage = lazy(() => import('./pages/LedgerPage'));
const ItemPage = lazy(() => import('./pages/item/ItemPage'));
const ReportFormPage = lazy(() => import('./pages/ReportFormPage'));
const ReviewPage = lazy(() => import('./pages/ReviewPage'));
const CockpitPage = lazy(() => import('./pages/cockpit/CockpitPage'));
const MeetingsPage = lazy(() => import('./pages/meetings/MeetingsPage'));
const MeetingPage = lazy(() => import('./pages/meetings/MeetingPage'));
const IntakePage = lazy(() => import('./pages/meetings/IntakePage'));
const OrgsPage = lazy(() => import('./pages/admin/OrgsPage'));
const UsersPage = lazy(() => import('./pages/admin/UsersPage'));
const AuditPage = lazy(() => import('./pages/admin/AuditPage'));
const AccountPage = lazy(() => import('./pages/AccountPage'));

/** The menu, from one route table; an entry shows only to users holding its permission. */
interface MenuEntry {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  permission?: string;
  children?: MenuEntry[];
}
const menu: MenuEntry[] = [
  { path: '/', label: 'menu.workbench', icon: <HomeOutlined /> },
  { path: '/plans', label: 'menu.plans', icon: <AppstoreOutlined />, permission: 'plan.read' },
  { path: '/meetings', label: 'menu.meetings', icon: <TeamOutlined />, permission: 'plan.read' },
  { path: '/intake', label: 'menu.intake', icon: <FileTextOutlined />, permission: 'meeting.manage' },
  { path: '/review', label: 'menu.review', icon: <CheckSquareOutlined />, permission: 'item.review' },
  { path: '/cockpit', label: 'menu.cockpit', icon: <DashboardOutlined />, permission: 'item.read' },
  {
    path: '/admin',
    label: 'menu.admin',
    icon: <ApartmentOutlined />,
    children: [
      { path: '/admin/orgs', label: 'menu.orgs', icon: <ApartmentOutlined />, permission: 'org.read' },
      { path: '/admin/users', label: 'menu.users', icon: <TeamOutlined />, permission: 'user.read' },
      { path: '/admin/audit', label: 'menu.audit', icon: <AuditOutlined />, permission: 'audit.read' },
    ],
  },
];

function Page({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <div style={{ padding: 48, textAlign: 'center' }}>
          <Spin />
        </div>
      }
    >
      {children}
    </Suspense>
  );
}

function Shell() {
  const { me, can } = useSession();
  const { t, lang, setLang } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const [drawer, setDrawer] = useState(false);
  const visible = (entries: MenuEntry[]): MenuEntry[] =>
    entries
      .filter((e) => !e.permission || can(e.permission))
      .map((e) => (e.children ? { ...e, children: visible(e.children) } : e))
      .filter((e) => !e.children || e.children.length > 0);
  const toItems = (entries: MenuEntry[]): NonNullable<Parameters<typeof Menu>[0]['items']> =>
    entries.map((e) =>
      e.children
        ? { key: e.path, icon: e.icon, label: t(e.label), children: toItems(e.children) }
        : { key: e.path, icon: e.icon, label: <Link to={e.path}>{t(e.label)}</Link> },
    );
  const entries = visible(menu);
  // Lists, items and reports live under 方案与清单; reviews of reports under 审核.
  const section = /^\/(lists|items|reports)\//.test(location.pathname)
    ? '/plans'
    : location.pathname === '/account'
      ? '/account'
      : location.pathname;
  const selected =
    [...entries.flatMap((e) => [e, ...(e.children ?? [])])]
      .filter((e) => (e.path === '/' ? section === '/' : section.startsWith(e.path)))
      .map((e) => e.path)
      .pop() ?? '';
  const crumbs = section
    .split('/')
    .filter(Boolean)
    .slice(0, 1)
    .map((seg) => entries.flatMap((e) => [e, ...(e.children ?? [])]).find((e) => e.path === `/${seg}`))
    .filter((e): e is MenuEntry => !!e);

  const logout = async () => {
    await unwrap(api.POST('/api/v1/auth/logout')).catch(() => undefined);
    setCsrfToken(null);
    queryClient.clear();
    queryClient.setQueryData(['me'], null);
    void navigate('/login');
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!narrow && (
        <Layout.Sider width={208} theme="dark" collapsible breakpoint="lg">
          <div
            style={{
              color: '#fff',
              padding: '16px 20px',
              fontSize: 18,
              fontWeight: 600,
              whiteSpace: 'nowrap',
            }}
          >
            {t('app.name')}
          </div>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            defaultOpenKeys={['/admin']}
            items={toItems(entries)}
          />
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 16px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          {narrow ? (
            <Space>
              <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawer(true)} aria-label="menu" />
              <b>{t('app.name')}</b>
              <Drawer
                open={drawer}
                onClose={() => setDrawer(false)}
                placement="left"
                size={240}
                title={t('app.name')}
              >
                <Menu
                  mode="inline"
                  selectedKeys={selected ? [selected] : []}
                  defaultOpenKeys={['/admin']}
                  items={toItems(entries)}
                  onClick={() => setDrawer(false)}
                  style={{ borderInlineEnd: 'none' }}
                />
              </Drawer>
            </Space>
          ) : (
            <Breadcrumb
              items={[
                { title: <Link to="/">{t('app.name')}</Link> },
                ...crumbs.map((c) => ({ title: <Link to={c.path}>{t(c.label)}</Link> })),
              ]}
            />
          )}
          <Space>
            <Dropdown
              menu={{
                items: languages.map((l) => ({ key: l.value, label: l.label })),
                selectedKeys: [lang],
                onClick: ({ key }) => setLang(key as typeof lang),
              }}
            >
              <Button type="text" icon={<GlobalOutlined />} aria-label={t('menu.language')} />
            </Dropdown>
            <Dropdown
              menu={{
                items: [
                  { key: 'account', icon: <UserOutlined />, label: t('menu.account') },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('menu.logout') },
                ],
                onClick: ({ key }) => (key === 'logout' ? void logout() : void navigate('/account')),
              }}
            >
              <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
                {narrow ? null : `${me?.displayName ?? ''} · ${me?.orgName ?? ''}`}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 8 : 16 }}>
          <Page>
            <Routes>
              <Route path="/" element={<WorkbenchPage />} />
              <Route path="/plans" element={<PlansPage />} />
              <Route path="/plans/:id" element={<PlanPage />} />
              <Route path="/lists/:id" element={<LedgerPage />} />
              <Route path="/items/:id" element={<ItemPage />} />
              <Route path="/reports/:id" element={<ReportFormPage />} />
              <Route path="/review" element={<ReviewPage />} />
              <Route path="/meetings" element={<MeetingsPage />} />
              <Route path="/meetings/:id" element={<MeetingPage />} />
              <Route path="/intake" element={<IntakePage />} />
              <Route path="/cockpit" element={<CockpitPage />} />
              <Route path="/admin/orgs" element={<OrgsPage />} />
              <Route path="/admin/users" element={<UsersPage />} />
              <Route path="/admin/audit" element={<AuditPage />} />
              <Route path="/account" element={<AccountPage />} />
              <Route path="*" element={<Result status="404" title="404" subTitle={t('common.notFound')} />} />
            </Routes>
          </Page>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

export function AppRoutes() {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) {
    return (
      <div style={{ padding: 96, textAlign: 'center' }}>
        <Spin size="large" />
      </div>
    );
  }
  return (
    <Routes>
      <Route
        path="/login"
        element={me && !me.mustChangePassword ? <Navigate to="/" replace /> : <LoginPage />}
      />
      <Route
        path="/wall"
        element={
          me ? (
            <Page>
              <CockpitPage wall />
            </Page>
          ) : (
            <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />
          )
        }
      />
      <Route
        path="*"
        element={
          !me || me.mustChangePassword ? (
            <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />
          ) : (
            <Shell />
          )
        }
      />
    </Routes>
  );
}
