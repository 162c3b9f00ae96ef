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
import type { Me, Permission } from '@doudi/domain';
import type { MessageKey } from './i18n';

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
    case 'monitoring':
    case 'visits':
    case 'elderly':
    case 'children':
    case 'hazards':
      return moduleSubPages(module, me)[0]?.path ?? null;
    case 'users':
      return '/users';
    case 'audit':
      return '/audit';
    default:
      return null;
  }
}

/** A page of a module shown as its own entry under the module in the side menu. */
export interface SubPage {
  /** Menu key: `<module>/<page>`. */
  key: string;
  path: string;
  label: MessageKey;
  permission: Permission;
}

/**
 * Monitoring has several working screens used on their own (a village worker's leads, a county's rules), so they are
 * listed under the module; each needs its own permission, as the server checks.
 */
const SUB_PAGES: Partial<Record<ModuleKey, readonly SubPage[]>> = {
  monitoring: [
    { key: 'monitoring/leads', path: '/monitoring/leads', label: 'monitoring.nav.leads', permission: 'monitoring.read' },
    { key: 'monitoring/warnings', path: '/monitoring/warnings', label: 'monitoring.nav.warnings', permission: 'monitoring.read' },
    { key: 'monitoring/dashboard', path: '/monitoring/dashboard', label: 'monitoring.nav.dashboard', permission: 'monitoring.read' },
    { key: 'monitoring/imports', path: '/monitoring/imports', label: 'monitoring.nav.imports', permission: 'monitoring.import' },
    { key: 'monitoring/rules', path: '/monitoring/rules', label: 'monitoring.nav.rules', permission: 'monitoring.manage' },
  ],
  visits: [
    { key: 'visits/mine', path: '/visits/mine', label: 'visits.nav.mine', permission: 'visits.write' },
    { key: 'visits/campaigns', path: '/visits/campaigns', label: 'visits.nav.campaigns', permission: 'visits.read' },
    { key: 'visits/plans', path: '/visits/plans', label: 'visits.nav.plans', permission: 'visits.read' },
    { key: 'visits/care-plans', path: '/visits/care-plans', label: 'visits.nav.carePlans', permission: 'visits.read' },
    { key: 'visits/dashboard', path: '/visits/dashboard', label: 'visits.nav.dashboard', permission: 'visits.read' },
  ],
  elderly: [
    { key: 'elderly/people', path: '/elderly/people', label: 'care.nav.elderly', permission: 'care.read' },
    { key: 'elderly/tasks', path: '/elderly/tasks', label: 'care.nav.elderlyTasks', permission: 'care.read' },
    { key: 'elderly/help', path: '/elderly/help', label: 'care.nav.help', permission: 'care.read' },
  ],
  children: [
    { key: 'children/list', path: '/children/list', label: 'care.nav.children', permission: 'care.read' },
    { key: 'children/risks', path: '/children/risks', label: 'care.nav.childRisks', permission: 'care.read' },
  ],
  hazards: [
    { key: 'hazards/list', path: '/hazards/list', label: 'hazards.nav.list', permission: 'hazards.read' },
    { key: 'hazards/inspections', path: '/hazards/inspections', label: 'hazards.nav.inspections', permission: 'hazards.read' },
    { key: 'hazards/weather', path: '/hazards/weather', label: 'hazards.nav.weather', permission: 'hazards.read' },
  ],
};

/** The sub-pages of a module the user may open (empty for modules that are a single page). */
export function moduleSubPages(module: ModuleKey, me: Me): SubPage[] {
  return (SUB_PAGES[module] ?? []).filter((p) => me.permissions.includes(p.permission));
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
  for (const module of ['monitoring', 'visits', 'elderly', 'children', 'hazards'] as const) {
    if (!pathname.startsWith(`/${module}`)) continue;
    const page = SUB_PAGES[module]?.find((p) => pathname.startsWith(p.path));
    return page?.key ?? module;
  }
  if (pathname.startsWith('/users')) return 'users';
  if (pathname.startsWith('/audit')) return 'audit';
  if (pathname.startsWith('/account')) return 'account';
  return 'home';
}
