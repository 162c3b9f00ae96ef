/** Query keys and shared queries. Region data changes once a year, so it stays fresh for a long time. */
import { useQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { api } from './api';

const REGION_STALE_MS = 10 * 60_000;

export const queryKeys = {
  health: ['health'] as const,
  region: (code: string) => ['regions', 'detail', code] as const,
  regionChildren: (code: string) => ['regions', 'children', code] as const,
  regionSearch: (q: string) => ['regions', 'search', q] as const,
  policy: ['policy-parameters'] as const,
  users: ['users'] as const,
  audit: ['audit'] as const,
};

export function useRegion(code: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.region(code),
    queryFn: () => api.region(code),
    enabled,
    staleTime: REGION_STALE_MS,
  });
}

export function useRegionChildren(code: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.regionChildren(code),
    queryFn: async () => (await api.regionChildren(code)).items,
    enabled,
    staleTime: REGION_STALE_MS,
  });
}

/** Children of a region through the cache, for imperative callers such as the cascader's loadData. */
export function fetchRegionChildren(queryClient: QueryClient, code: string) {
  return queryClient.fetchQuery({
    queryKey: queryKeys.regionChildren(code),
    queryFn: async () => (await api.regionChildren(code)).items,
    staleTime: REGION_STALE_MS,
  });
}

export function useHealth() {
  return useQuery({ queryKey: queryKeys.health, queryFn: api.health, staleTime: REGION_STALE_MS, meta: { silent: true } });
}
