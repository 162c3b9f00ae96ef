/** Who is signed in: the session query, the `useMe()` hook for pages inside the shell, login and logout. */
import { createContext, useContext } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { LoginRequest, Me, ModuleKey, Permission, Session } from '@doudi/domain';
import { api } from './api';
import { forgetOfflineData } from './offline/pack';

export const sessionKey = ['session'] as const;

export function useSessionQuery() {
  return useQuery({ queryKey: sessionKey, queryFn: api.session, staleTime: 5 * 60_000 });
}

/** Forget everything cached for the previous user and mark the app as signed out. */
export function signOutLocally(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
  queryClient.setQueryData<Session | null>(sessionKey, null);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => api.login(body),
    meta: { form: true },
    onSuccess: (session) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
      queryClient.setQueryData<Session | null>(sessionKey, session);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api.logout();
      } finally {
        await forgetOfflineData();
      }
    },
    onSettled: () => signOutLocally(queryClient),
  });
}

export const MeContext = createContext<Me | null>(null);

/** The signed-in user. Only for components rendered inside the signed-in shell. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() outside the signed-in shell');
  return me;
}

export function hasModule(me: Me, module: ModuleKey): boolean {
  return me.modules.includes(module);
}

export function hasPermission(me: Me, permission: Permission): boolean {
  return me.permissions.includes(permission);
}
