import { lazy } from 'react';
import type { ReactNode } from 'react';
import { Navigate, Route } from 'react-router';
import { RequireModule } from '../../layout/RequireAuth';

const ElderlyPage = lazy(() => import('./ElderlyPage'));
const TasksPage = lazy(() => import('./TasksPage'));
const HelpPage = lazy(() => import('./HelpPage'));
const ChildrenPage = lazy(() => import('./ChildrenPage'));
const RisksPage = lazy(() => import('./RisksPage'));

const elderly = (page: ReactNode) => <RequireModule module="elderly">{page}</RequireModule>;
const children = (page: ReactNode) => <RequireModule module="children">{page}</RequireModule>;

/** The module's routes, placed inside the signed-in shell by App.tsx (called as a function, not rendered). */
export function careRoutes(): ReactNode {
  return (
    <>
      <Route path="elderly" element={<Navigate to="/elderly/people" replace />} />
      <Route path="elderly/people" element={elderly(<ElderlyPage />)} />
      <Route path="elderly/tasks" element={elderly(<TasksPage />)} />
      <Route path="elderly/help" element={elderly(<HelpPage />)} />
      <Route path="children" element={<Navigate to="/children/list" replace />} />
      <Route path="children/list" element={children(<ChildrenPage />)} />
      <Route path="children/risks" element={children(<RisksPage />)} />
    </>
  );
}
