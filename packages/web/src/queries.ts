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
  workCalendar: (year: number) => ['work-calendar', year] as const,
  users: ['users'] as const,
  audit: ['audit'] as const,
  /** Everything of the low-income registry; invalidated as a whole after imports and transfers. */
  registry: ['registry'] as const,
  households: ['registry', 'households'] as const,
  household: (id: number) => ['registry', 'household', id] as const,
  householdHistory: (id: number) => ['registry', 'household', id, 'history'] as const,
  transfers: ['registry', 'transfers'] as const,
  duplicates: ['registry', 'duplicates'] as const,
  imports: ['registry', 'imports'] as const,
  importBatch: (id: number) => ['registry', 'imports', id] as const,
  /** Everything of dynamic monitoring; lead changes invalidate the lists, the dashboard and the household sections. */
  monitoring: ['monitoring'] as const,
  warnings: ['monitoring', 'warnings'] as const,
  leads: ['monitoring', 'leads'] as const,
  lead: (id: number) => ['monitoring', 'lead', id] as const,
  assignees: (regionCode: string) => ['monitoring', 'assignees', regionCode] as const,
  ruleSettings: (regionCode: string) => ['monitoring', 'rules', regionCode] as const,
  sweeps: (regionCode: string) => ['monitoring', 'sweeps', regionCode] as const,
  monitoringDashboard: (regionCode: string) => ['monitoring', 'dashboard', regionCode] as const,
  householdWarnings: (id: number) => ['monitoring', 'household', id, 'warnings'] as const,
  householdFacts: (id: number) => ['monitoring', 'household', id, 'facts'] as const,
  departmentImports: ['monitoring', 'department-imports'] as const,
  departmentImport: (id: number) => ['monitoring', 'department-imports', id] as const,
};

export function useHousehold(id: number, enabled = true) {
  return useQuery({
    queryKey: queryKeys.household(id),
    queryFn: () => api.household(id),
    enabled,
    staleTime: 5_000,
  });
}

export function useHouseholdHistory(id: number, enabled = true) {
  return useQuery({
    queryKey: queryKeys.householdHistory(id),
    queryFn: async () => (await api.householdHistory(id)).items,
    enabled,
    staleTime: 0,
  });
}

/** After a change that answers with the whole household: show it at once, refresh its history and the lists. */
export function householdChanged(queryClient: QueryClient, household: { id: number }): void {
  queryClient.setQueryData(queryKeys.household(household.id), household);
  void queryClient.invalidateQueries({ queryKey: queryKeys.householdHistory(household.id) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.households });
  void queryClient.invalidateQueries({ queryKey: queryKeys.duplicates });
}

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
