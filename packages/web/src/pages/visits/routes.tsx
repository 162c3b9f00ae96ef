import { lazy } from 'react';
import type { ReactNode } from 'react';
import { Navigate, Route } from 'react-router';
import { RequireModule } from '../../layout/RequireAuth';

const MinePage = lazy(() => import('./MinePage'));
const RecordPage = lazy(() => import('./RecordPage'));
const CampaignsPage = lazy(() => import('./CampaignsPage'));
const CampaignDetailPage = lazy(() => import('./CampaignDetailPage'));
const PlansPage = lazy(() => import('./PlansPage'));
const PlanDetailPage = lazy(() => import('./PlanDetailPage'));
const DashboardPage = lazy(() => import('./DashboardPage'));
const TasksPage = lazy(() => import('./TasksPage'));

const guard = (page: ReactNode) => <RequireModule module="visits">{page}</RequireModule>;

/** The module's routes, placed inside the signed-in shell by App.tsx (called as a function, not rendered). */
export function visitsRoutes(): ReactNode {
  return (
    <>
      <Route path="visits" element={<Navigate to="/visits/mine" replace />} />
      <Route path="visits/mine" element={guard(<MinePage />)} />
      <Route path="visits/mine/record" element={guard(<RecordPage />)} />
      <Route path="visits/campaigns" element={guard(<CampaignsPage />)} />
      <Route path="visits/campaigns/:id" element={guard(<CampaignDetailPage />)} />
      <Route path="visits/plans" element={guard(<PlansPage />)} />
      <Route path="visits/plans/:id" element={guard(<PlanDetailPage />)} />
      <Route path="visits/tasks" element={guard(<TasksPage />)} />
      <Route path="visits/dashboard" element={guard(<DashboardPage />)} />
    </>
  );
}
