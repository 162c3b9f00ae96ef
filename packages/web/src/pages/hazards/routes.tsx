import { lazy } from 'react';
import type { ReactNode } from 'react';
import { Navigate, Route } from 'react-router';
import { RequireModule } from '../../layout/RequireAuth';

const HazardsPage = lazy(() => import('./HazardsPage'));
const HazardDetailPage = lazy(() => import('./HazardDetailPage'));
const InspectionsPage = lazy(() => import('./InspectionsPage'));
const InspectionFormPage = lazy(() => import('./InspectionFormPage'));
const WeatherPage = lazy(() => import('./WeatherPage'));
const CarePlansPage = lazy(() => import('./CarePlansPage'));
const CarePlanDetailPage = lazy(() => import('./CarePlanDetailPage'));

const guard = (page: ReactNode) => <RequireModule module="hazards">{page}</RequireModule>;
const visits = (page: ReactNode) => <RequireModule module="visits">{page}</RequireModule>;

/** The module's routes, placed inside the signed-in shell by App.tsx (called as a function, not rendered). */
export function hazardsRoutes(): ReactNode {
  return (
    <>
      <Route path="hazards" element={<Navigate to="/hazards/list" replace />} />
      <Route path="hazards/list" element={guard(<HazardsPage />)} />
      <Route path="hazards/list/:id" element={guard(<HazardDetailPage />)} />
      <Route path="hazards/inspections" element={guard(<InspectionsPage />)} />
      <Route path="hazards/inspections/new" element={guard(<InspectionFormPage />)} />
      <Route path="hazards/weather" element={guard(<WeatherPage />)} />
      <Route path="visits/care-plans" element={visits(<CarePlansPage />)} />
      <Route path="visits/care-plans/:id" element={visits(<CarePlanDetailPage />)} />
    </>
  );
}
