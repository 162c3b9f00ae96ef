/** Where each module lives in the app and the icon that stands for it (menu and workbench cards). */
import type { ReactNode } from 'react';
import {
  AlertOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  CarryOutOutlined,
  CompassOutlined,
  ControlOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  HeartOutlined,
  IdcardOutlined,
  NotificationOutlined,
  PhoneOutlined,
  SafetyOutlined,
  SmileOutlined,
  TeamOutlined,
  UsergroupAddOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { MODULE_LABELS, ModuleKey } from '@doudi/domain';
import type { Me } from '@doudi/domain';

export const MODULE_ICONS: Record<ModuleKey, ReactNode> = {
  regions: <ApartmentOutlined />,
  policy: <ControlOutlined />,
  registry: <TeamOutlined />,
  monitoring: <AlertOutlined />,
  visits: <CarryOutOutlined />,
  elderly: <HeartOutlined />,
  children: <SmileOutlined />,
  hazards: <SafetyOutlined />,
  assistance: <FileDoneOutlined />,
  payments: <WalletOutlined />,
  outreach: <CompassOutlined />,
  hotline: <PhoneOutlined />,
  social: <UsergroupAddOutlined />,
  reports: <BarChartOutlined />,
  disclosure: <NotificationOutlined />,
  audit: <FileSearchOutlined />,
  users: <IdcardOutlined />,
};

/** The page a module opens, for modules that have one in this build. */
export function modulePath(module: ModuleKey, me: Me): string | null {
  if (!MODULE_LABELS[module].available) return null;
  switch (module) {
    case 'regions':
      return `/regions/${me.region.code}`;
    case 'policy':
      return '/policy';
    case 'registry':
      return '/registry';
    case 'users':
      return '/users';
    case 'audit':
      return '/audit';
    default:
      return null;
  }
}

/** The user's modules in the canonical order, split into those that open a page and those still being built. */
export function userModules(me: Me): { ready: ModuleKey[]; comingSoon: ModuleKey[] } {
  const mine = ModuleKey.options.filter((m) => me.modules.includes(m));
  return {
    ready: mine.filter((m) => modulePath(m, me) !== null),
    comingSoon: mine.filter((m) => modulePath(m, me) === null),
  };
}

/** Which menu entry a path belongs to. */
export function menuKeyForPath(pathname: string): string {
  if (pathname.startsWith('/regions')) return 'regions';
  if (pathname.startsWith('/policy')) return 'policy';
  if (pathname.startsWith('/registry')) return 'registry';
  if (pathname.startsWith('/users')) return 'users';
  if (pathname.startsWith('/audit')) return 'audit';
  if (pathname.startsWith('/account')) return 'account';
  return 'home';
}
