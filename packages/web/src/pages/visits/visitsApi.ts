/** The visits API (C4) as the pages use it; paths as declared in packages/server/src/modules/visits/routes.ts. */
import type {
  CampaignDetail,
  CampaignPage,
  CampaignQuery,
  CancelTaskRequest,
  CloseCampaignRequest,
  CreateCampaignRequest,
  CreatePairingRequest,
  CreatePlanRequest,
  EndPairingRequest,
  PairingPage,
  PairingQuery,
  PlanDetail,
  PlanPage,
  PlanQuery,
  ReassignTaskRequest,
  ReportCampaignTaskRequest,
  TaskPage,
  TaskQuery,
  UpdateCampaignRequest,
  VisitPage,
  VisitQuery,
  VisitsDashboardQuery,
  VisitsDashboardView,
  VisitTaskItem,
  VisitView,
} from '@doudi/domain';
import { request } from '../../api';
import type { QueryValue } from '../../api';

type Q<T> = Partial<Record<keyof T, QueryValue>>;
const q = <T extends object>(query: T) => ({ ...query }) as Q<T> as Record<string, QueryValue>;

/** What /api/hazards/stats answers (HAZARDS helper's contract). */
export interface HazardStats {
  items: { regionCode: string; regionName: string; open: number; overdue: number; closed: number }[];
  total: number;
}

export const visitsApi = {
  campaigns: (query: Partial<CampaignQuery>) => request<CampaignPage>('GET', '/api/visits/campaigns', { query: q(query) }),
  campaign: (id: number) => request<CampaignDetail>('GET', `/api/visits/campaigns/${id}`),
  createCampaign: (body: CreateCampaignRequest) => request<CampaignDetail>('POST', '/api/visits/campaigns', { body }),
  updateCampaign: (id: number, body: UpdateCampaignRequest) => request<CampaignDetail>('PUT', `/api/visits/campaigns/${id}`, { body }),
  closeCampaign: (id: number, body: CloseCampaignRequest) => request<CampaignDetail>('POST', `/api/visits/campaigns/${id}/close`, { body }),
  reportTask: (campaignId: number, taskId: number, body: ReportCampaignTaskRequest) =>
    request<CampaignDetail>('PUT', `/api/visits/campaigns/${campaignId}/tasks/${taskId}/report`, { body }),

  plans: (query: Partial<PlanQuery>) => request<PlanPage>('GET', '/api/visits/plans', { query: q(query) }),
  plan: (id: number) => request<PlanDetail>('GET', `/api/visits/plans/${id}`),
  createPlan: (body: CreatePlanRequest) => request<PlanDetail>('POST', '/api/visits/plans', { body }),

  tasks: (query: Partial<TaskQuery>) => request<TaskPage>('GET', '/api/visits/tasks', { query: q(query) }),
  reassignTask: (id: number, body: ReassignTaskRequest) => request<VisitTaskItem>('POST', `/api/visits/tasks/${id}/reassign`, { body }),
  cancelTask: (id: number, body: CancelTaskRequest) => request<VisitTaskItem>('POST', `/api/visits/tasks/${id}/cancel`, { body }),

  pairings: (query: Partial<PairingQuery>) => request<PairingPage>('GET', '/api/visits/pairings', { query: q(query) }),
  createPairing: (body: CreatePairingRequest) => request<unknown>('POST', '/api/visits/pairings', { body }),
  endPairing: (id: number, body: EndPairingRequest) => request<unknown>('POST', `/api/visits/pairings/${id}/end`, { body }),

  visits: (query: Partial<VisitQuery>) => request<VisitPage>('GET', '/api/visits', { query: q(query) }),
  visit: (id: number) => request<VisitView>('GET', `/api/visits/${id}`),

  dashboard: (query: Partial<VisitsDashboardQuery>) => request<VisitsDashboardView>('GET', '/api/visits/dashboard', { query: q(query) }),
  hazardStats: (regionCode: string) => request<HazardStats>('GET', '/api/hazards/stats', { query: { regionCode } }),
};

export const visitKeys = {
  all: ['visits'] as const,
  pack: (userId: number) => ['visits', 'pack', userId] as const,
  campaigns: (query: object) => ['visits', 'campaigns', query] as const,
  campaign: (id: number) => ['visits', 'campaign', id] as const,
  plans: (query: object) => ['visits', 'plans', query] as const,
  plan: (id: number) => ['visits', 'plan', id] as const,
  tasks: (query: object) => ['visits', 'tasks', query] as const,
  visits: (query: object) => ['visits', 'records', query] as const,
  pairings: (query: object) => ['visits', 'pairings', query] as const,
  dashboard: (query: object) => ['visits', 'dashboard', query] as const,
  hazardStats: (regionCode: string) => ['hazards', 'stats', regionCode] as const,
};
