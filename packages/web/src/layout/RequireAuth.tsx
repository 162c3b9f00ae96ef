import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { Navigate, useLocation } from 'react-router';
import type { ModuleKey } from '@doudi/domain';
import { errorMessage } from '../feedback';
import { useI18n } from '../i18n';
import { PageSpin } from '../components/PageSpin';
import { ForbiddenPage } from '../pages/not-found/NotFoundPage';
import { MeContext, useMe, useSessionQuery } from '../session';
import { AppShell } from './AppShell';

/** The signed-in part of the app: no session → the login page, remembering where the user was going. */
export function RequireAuth() {
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
  return (
    <MeContext.Provider value={session.data.user}>
      <AppShell />
    </MeContext.Provider>
  );
}

/** Pages of a module the user's role does not include answer "access denied". */
export function RequireModule({ module, children }: { module: ModuleKey; children: ReactNode }) {
  const me = useMe();
  return me.modules.includes(module) ? children : <ForbiddenPage />;
}
