import { Suspense } from 'react';
import { Button, Result } from 'antd';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { ModuleKey } from '@doudi/domain';
import { PageSpin } from '../../components/PageSpin';
import { errorMessage } from '../../feedback';
import { useI18n } from '../../i18n';
import { MeContext, useSessionQuery } from '../../session';
import { ForbiddenPage } from '../not-found/NotFoundPage';

/**
 * Signed-in pages without the app frame (no menu, no header): printouts. Same rules as RequireAuth — no session →
 * the login page, remembering where the user was going — plus the module check of RequireModule.
 */
export function BareLayout({ module }: { module: ModuleKey }) {
  const session = useSessionQuery();
  const location = useLocation();
  const { t } = useI18n();

  if (session.isPending) return <PageSpin fullScreen />;
  if (session.data === undefined) {
    return (
      <Result
        status="error"
        title={errorMessage(session.error)}
        extra={<Button onClick={() => void session.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  if (session.data === null) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  const me = session.data.user;
  return (
    <MeContext.Provider value={me}>
      {me.modules.includes(module) ? (
        <Suspense fallback={<PageSpin fullScreen />}>
          <Outlet />
        </Suspense>
      ) : (
        <ForbiddenPage />
      )}
    </MeContext.Provider>
  );
}
