import { Suspense, useState } from 'react';
import { Avatar, Button, Drawer, Dropdown, Layout, Menu } from 'antd';
import type { MenuProps } from 'antd';
import {
  ApiOutlined,
  DownOutlined,
  HomeOutlined,
  LockOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { PageSpin } from '../components/PageSpin';
import { showSuccess } from '../feedback';
import { moduleLabel, roleLabel, translate, useI18n } from '../i18n';
import { MODULE_ICONS, menuKeyForPath, modulePath, moduleSubPages, userModules } from '../modules';
import { hasPermission, useLogout, useMe } from '../session';
import { BrandMark } from '../components/BrandMark';
import { NotificationBell } from './NotificationBell';
import { usePhone } from '../hooks/usePhone';

const { Header, Sider, Content } = Layout;

function useSideMenuItems(): { items: MenuProps['items']; targets: Record<string, string> } {
  const me = useMe();
  const { t, lang } = useI18n();
  const { ready, comingSoon } = userModules(me);
  const targets: Record<string, string> = { home: '/' };
  const items: NonNullable<MenuProps['items']> = [{ key: 'home', icon: <HomeOutlined />, label: t('shell.home') }];

  for (const module of ready) {
    const path = modulePath(module, me);
    const subPages = moduleSubPages(module, me);
    if (subPages.length > 1) {
      // A module with several working screens opens into them.
      for (const page of subPages) targets[page.key] = page.path;
      items.push({
        key: module,
        icon: MODULE_ICONS[module],
        label: moduleLabel(module, lang),
        children: subPages.map((page) => ({ key: page.key, label: t(page.label), 'data-testid': `menu-${page.key.replace('/', '-')}` })),
      });
      continue;
    }
    if (path) targets[module] = path;
    items.push({ key: module, icon: MODULE_ICONS[module], label: moduleLabel(module, lang) });
  }
  if (comingSoon.length > 0) {
    items.push({
      key: 'coming-soon',
      label: t('shell.comingSoonGroup'),
      type: 'group',
      children: comingSoon.map((module) => ({
        key: module,
        icon: MODULE_ICONS[module],
        label: moduleLabel(module, lang),
        disabled: true,
      })),
    });
  }
  if (hasPermission(me, 'users.manage')) {
    items.push({ type: 'divider' });
    items.push({
      key: 'api-docs',
      icon: <ApiOutlined />,
      label: (
        <a href="/api/docs" target="_blank" rel="noreferrer">
          {t('shell.apiDocs')}
        </a>
      ),
    });
  }
  return { items, targets };
}

function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const navigate = useNavigate();
  const location = useLocation();
  const { items, targets } = useSideMenuItems();
  const selected = menuKeyForPath(location.pathname);
  return (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[selected]}
      defaultOpenKeys={selected.includes('/') ? [selected.split('/')[0] ?? ''] : []}
      items={items}
      onClick={({ key }) => {
        const target = targets[key];
        if (target) {
          void navigate(target);
          onNavigate?.();
        }
      }}
    />
  );
}

function UserMenu({ compact }: { compact: boolean }) {
  const me = useMe();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const logout = useLogout();

  const items: MenuProps['items'] = [
    {
      key: 'who',
      type: 'group',
      label: (
        <div className="user-menu-card">
          <div className="user-menu-name">{me.displayName}</div>
          <div>{roleLabel(me.role, lang)}</div>
          <div>{me.regionPath.map((r) => r.name).join(' / ')}</div>
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'password', icon: <LockOutlined />, label: t('shell.changePassword'), 'data-testid': 'change-password' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('shell.logout'), danger: true, 'data-testid': 'logout' },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') void navigate('/account/password');
    if (key === 'logout') {
      // The promise settles even when signing out unmounts this menu, unlike per-call mutate callbacks.
      void logout
        .mutateAsync()
        .catch(() => undefined)
        .finally(() => {
          showSuccess(translate('shell.loggedOut'));
          void navigate('/login', { replace: true });
        });
    }
  };

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <button type="button" className="user-trigger" data-testid="user-menu" aria-label={me.displayName}>
        <Avatar size="small" icon={<UserOutlined />} className="user-avatar" />
        {compact ? null : (
          <span className="user-meta">
            <span className="user-name">{me.displayName}</span>
            <span className="user-sub">
              {roleLabel(me.role, lang)} · {me.region.name}
            </span>
          </span>
        )}
        <DownOutlined className="user-caret" />
      </button>
    </Dropdown>
  );
}

/** The frame around every signed-in page: side menu (a drawer on phones), header with the user and language. */
export function AppShell() {
  const isMobile = usePhone();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { t } = useI18n();

  return (
    <Layout className="app-shell">
      {isMobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={256}
          closable={false}
          className="app-drawer"
          styles={{ body: { padding: 0 } }}
        >
          <BrandMark />
          <SideMenu onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      ) : (
        <Sider width={224} collapsed={collapsed} collapsedWidth={64} trigger={null} className="app-sider">
          <BrandMark collapsed={collapsed} />
          <SideMenu />
        </Sider>
      )}
      <Layout>
        <Header className="app-header">
          <div className="app-header-left">
            {isMobile ? (
              <>
                <Button
                  type="text"
                  icon={<MenuOutlined />}
                  aria-label={t('shell.menu')}
                  data-testid="menu-toggle"
                  onClick={() => setDrawerOpen(true)}
                />
                <span className="app-header-title">{t('app.name')}</span>
              </>
            ) : (
              <Button
                type="text"
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                aria-label={collapsed ? t('shell.expand') : t('shell.collapse')}
                onClick={() => setCollapsed((c) => !c)}
              />
            )}
          </div>
          <div className="app-header-right">
            <NotificationBell />
            <LanguageSwitch compact={isMobile} />
            <UserMenu compact={isMobile} />
          </div>
        </Header>
        <Content className="app-content">
          <Suspense fallback={<PageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
