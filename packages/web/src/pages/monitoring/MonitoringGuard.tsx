import type { ReactNode } from 'react';
import type { Permission } from '@doudi/domain';
import { hasPermission, useMe } from '../../session';
import { ForbiddenPage } from '../not-found/NotFoundPage';

/**
 * Monitoring pages need more than the module: reading, importing and switching rules are separate permissions
 * (a village worker reads and follows leads up; only the county and above switch rules). The server checks the same.
 */
export function MonitoringGuard({ permission, children }: { permission: Permission; children: ReactNode }) {
  const me = useMe();
  return hasPermission(me, permission) ? children : <ForbiddenPage />;
}
