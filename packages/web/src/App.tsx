import { lazy, Suspense, useEffect, useState } from 'react';
import { App as AntdApp } from 'antd';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { isApiError, setUnauthorizedHandler } from './api';
import { FeedbackBridge, showError, showWarning } from './feedback';
import { I18nProvider, translate } from './i18n';
import { RequireAuth, RequireModule } from './layout/RequireAuth';
import { PageSpin } from './components/PageSpin';
import { signOutLocally } from './session';
import { LoginPage } from './pages/login/LoginPage';
import { careRoutes } from './pages/care/routes';
import { hazardsRoutes } from './pages/hazards/routes';
import { visitsRoutes } from './pages/visits/routes';
import { HomePage } from './pages/home/HomePage';
import { NotFoundPage } from './pages/not-found/NotFoundPage';
import { BareLayout } from './pages/registry/BareLayout';

const RegionPage = lazy(() => import('./pages/regions/RegionPage'));
const RegionsIndex = lazy(() => import('./pages/regions/RegionsIndex'));
const PolicyPage = lazy(() => import('./pages/policy/PolicyPage'));
const UsersPage = lazy(() => import('./pages/users/UsersPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));
const PasswordPage = lazy(() => import('./pages/account/PasswordPage'));
const RegistryPage = lazy(() => import('./pages/registry/RegistryPage'));
const HouseholdPage = lazy(() => import('./pages/registry/HouseholdPage'));
const HouseholdFormPage = lazy(() => import('./pages/registry/HouseholdFormPage'));
const PrintPage = lazy(() => import('./pages/registry/PrintPage'));
const ImportPage = lazy(() => import('./pages/registry/ImportPage'));
const DuplicatesPage = lazy(() => import('./pages/registry/DuplicatesPage'));
const TransfersPage = lazy(() => import('./pages/registry/TransfersPage'));
const LeadsPage = lazy(() => import('./pages/monitoring/LeadsPage'));
const LeadDetailPage = lazy(() => import('./pages/monitoring/LeadDetailPage'));
const WarningsPage = lazy(() => import('./pages/monitoring/WarningsPage'));
const DepartmentImportPage = lazy(() => import('./pages/monitoring/DepartmentImportPage'));
const RulesPage = lazy(() => import('./pages/monitoring/RulesPage'));
const MonitoringDashboardPage = lazy(() => import('./pages/monitoring/DashboardPage'));

function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // 401 sends the user to the login page, 404 renders the not-found page: neither needs a toast.
        if (query.meta?.silent || isApiError(error, 401) || isApiError(error, 404)) return;
        showError(error);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        // Forms put errors on their fields themselves (meta.form); everything else gets a message.
        if (mutation.meta?.form || isApiError(error, 401)) return;
        showError(error);
      },
    }),
    defaultOptions: {
      queries: {
        retry: (failureCount, error) => {
          if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
          return failureCount < 2;
        },
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
    },
  });
}

export function App() {
  const [queryClient] = useState(createQueryClient);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (queryClient.getQueryData(['session'])) showWarning(translate('shell.sessionExpired'));
      signOutLocally(queryClient);
    });
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AntdApp>
          <FeedbackBridge />
          <BrowserRouter>
            <Suspense fallback={<PageSpin />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                {/* Printouts: signed in, but without the menu and header. */}
                <Route element={<BareLayout module="registry" />}>
                  <Route path="registry/households/:id/print" element={<PrintPage />} />
                </Route>
                <Route element={<RequireAuth />}>
                  <Route index element={<HomePage />} />
                  <Route path="regions" element={<RegionsIndex />} />
                  <Route path="regions/:code" element={<RegionPage />} />
                  <Route path="policy" element={<RequireModule module="policy"><PolicyPage /></RequireModule>} />
                  <Route path="registry" element={<RequireModule module="registry"><RegistryPage /></RequireModule>} />
                  <Route path="registry/new" element={<RequireModule module="registry"><HouseholdFormPage /></RequireModule>} />
                  <Route path="registry/households/:id" element={<RequireModule module="registry"><HouseholdPage /></RequireModule>} />
                  <Route
                    path="registry/households/:id/edit"
                    element={<RequireModule module="registry"><HouseholdFormPage /></RequireModule>}
                  />
                  <Route path="registry/import" element={<RequireModule module="registry"><ImportPage /></RequireModule>} />
                  <Route path="registry/duplicates" element={<RequireModule module="registry"><DuplicatesPage /></RequireModule>} />
                  <Route path="registry/transfers" element={<RequireModule module="registry"><TransfersPage /></RequireModule>} />
                  <Route path="monitoring" element={<Navigate to="/monitoring/leads" replace />} />
                  <Route path="monitoring/leads" element={<RequireModule module="monitoring"><LeadsPage /></RequireModule>} />
                  <Route path="monitoring/leads/:id" element={<RequireModule module="monitoring"><LeadDetailPage /></RequireModule>} />
                  <Route path="monitoring/warnings" element={<RequireModule module="monitoring"><WarningsPage /></RequireModule>} />
                  <Route path="monitoring/imports" element={<RequireModule module="monitoring"><DepartmentImportPage /></RequireModule>} />
                  <Route path="monitoring/rules" element={<RequireModule module="monitoring"><RulesPage /></RequireModule>} />
                  <Route
                    path="monitoring/dashboard"
                    element={<RequireModule module="monitoring"><MonitoringDashboardPage /></RequireModule>}
                  />
                  {visitsRoutes()}
                  {careRoutes()}
                  {hazardsRoutes()}
                  <Route path="users" element={<RequireModule module="users"><UsersPage /></RequireModule>} />
                  <Route path="audit" element={<RequireModule module="audit"><AuditPage /></RequireModule>} />
                  <Route path="account/password" element={<PasswordPage />} />
                  <Route path="home" element={<Navigate to="/" replace />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </AntdApp>
      </I18nProvider>
    </QueryClientProvider>
  );
}
