/** The hazards API (C7) as the pages use it; paths as declared in packages/server/src/modules/hazards/routes.ts. */
import type {
  CarePlanDetail, CarePlanPage, CarePlanQuery, CreateCarePlanRequest, CreateHazardRequest, CreateInspectionRequest, CreateInstitutionRequest,
  CreateWeatherWarningRequest, HazardCategory, HazardDetail, HazardPage, HazardQuery, HazardSeverity, HazardStats, InspectionDetail,
  InspectionList, InspectionPage, InstitutionType, InstitutionView, NotificationList, UpdateCarePlanRequest, UpdateHazardRequest, WeatherWarningPage,
  WeatherWarningView,
} from '@doudi/domain';
import { request } from '../../api';
import type { QueryValue } from '../../api';

type Query = Record<string, QueryValue>;
export type HazardFilters = Partial<Omit<HazardQuery, 'page' | 'pageSize'>> & { page: number; pageSize: number };
export type CarePlanFilters = Partial<Omit<CarePlanQuery, 'page' | 'pageSize'>> & { page: number; pageSize: number };
export interface ChecklistItem { key: string; list: InspectionList; label: string; category: HazardCategory; severity: HazardSeverity }

export const hazardKeys = {
  all: ['hazards'] as const,
  carePlans: ['care-plans'] as const,
  notifications: ['notifications'] as const,
};

export const hazardsApi = {
  list: (q: HazardFilters) => request<HazardPage>('GET', '/api/hazards', { query: q as Query }),
  stats: (regionCode?: string) => request<HazardStats>('GET', '/api/hazards/stats', { query: { regionCode } }),
  get: (id: number) => request<HazardDetail>('GET', `/api/hazards/${id}`),
  create: (body: CreateHazardRequest) => request<HazardDetail>('POST', '/api/hazards', { body }),
  update: (id: number, body: UpdateHazardRequest) => request<HazardDetail>('PUT', `/api/hazards/${id}`, { body }),
  start: (id: number, version: number) => request<HazardDetail>('POST', `/api/hazards/${id}/start`, { body: { version } }),
  rectify: (id: number, body: { version: number; text: string; photo?: string }) =>
    request<HazardDetail>('POST', `/api/hazards/${id}/rectify`, { body }),
  verify: (id: number, body: { version: number; passed: boolean; note: string }) =>
    request<HazardDetail>('POST', `/api/hazards/${id}/verify`, { body }),
  photoUrl: (id: number, photoId: number) => `/api/hazards/${id}/photos/${photoId}`,

  institutions: (regionCode?: string) => request<{ items: InstitutionView[] }>('GET', '/api/hazards/institutions', { query: { regionCode } }),
  createInstitution: (body: CreateInstitutionRequest) => request<InstitutionView>('POST', '/api/hazards/institutions', { body }),
  checklist: (type: InstitutionType) => request<{ items: ChecklistItem[] }>('GET', '/api/hazards/checklist', { query: { type } }),
  inspections: (q: { regionCode?: string; page: number; pageSize: number }) => request<InspectionPage>('GET', '/api/hazards/inspections', { query: q }),
  inspection: (id: number) => request<InspectionDetail>('GET', `/api/hazards/inspections/${id}`),
  createInspection: (body: CreateInspectionRequest) => request<InspectionDetail>('POST', '/api/hazards/inspections', { body }),

  warnings: (q: { regionCode?: string; page: number; pageSize: number }) =>
    request<WeatherWarningPage>('GET', '/api/hazards/weather-warnings', { query: q }),
  createWarning: (body: CreateWeatherWarningRequest) => request<WeatherWarningView>('POST', '/api/hazards/weather-warnings', { body }),

  carePlans: (q: CarePlanFilters) => request<CarePlanPage>('GET', '/api/care-plans', { query: q as Query }),
  carePlan: (id: number) => request<CarePlanDetail>('GET', `/api/care-plans/${id}`),
  createCarePlan: (body: CreateCarePlanRequest) => request<CarePlanDetail>('POST', '/api/care-plans', { body }),
  updateCarePlan: (id: number, body: UpdateCarePlanRequest) => request<CarePlanDetail>('PUT', `/api/care-plans/${id}`, { body }),
  carePlanStep: (id: number, step: 'start' | 'submit-review' | 'reopen' | 'close', body: { version: number; note: string }) =>
    request<CarePlanDetail>('POST', `/api/care-plans/${id}/${step}`, { body }),

  notifications: () => request<NotificationList>('GET', '/api/notifications', { query: { limit: 30 } }),
  readNotification: (id: number) => request<void>('POST', `/api/notifications/${id}/read`, { body: {} }),
  readAllNotifications: () => request<{ updated: number }>('POST', '/api/notifications/read-all', { body: {} }),
};
