/** The care API (C5/C6) as the pages use it; paths as declared in packages/server/src/modules/care/routes.ts. */
import type {
  CareSubjectDetail, CareSubjectItem, CareSubjectQuery, CareTaskView, CreateHelpRequest, CreateRiskReport, HelpRequestQuery, HelpRequestView,
  IdentifyResult, LedgerEntryRequest, MajorChangeRequest, OverdueQuery, RiskActionRequest, RiskReportQuery, RiskReportView, UpdateChildRequest,
  VisitRateView,
} from '@doudi/domain';
import { request } from '../../api';
import type { QueryValue } from '../../api';

type Query<T> = { [K in keyof T]?: T[K] };
const q = (o: object) => o as Record<string, QueryValue>;
interface Paged<T> { items: T[]; total: number }

export const careApi = {
  subjects: (query: Query<CareSubjectQuery>) => request<Paged<CareSubjectItem>>('GET', '/api/care/subjects', { query: q(query) }),
  subject: (id: number) => request<CareSubjectDetail>('GET', `/api/care/subjects/${id}`),
  overrideTier: (id: number, body: { tier: string | null; reason: string; version: number }) =>
    request<CareSubjectDetail>('POST', `/api/care/subjects/${id}/tier`, { body }),
  majorChange: (id: number, body: MajorChangeRequest) => request<CareSubjectDetail>('POST', `/api/care/subjects/${id}/major-changes`, { body }),
  addLedger: (id: number, body: LedgerEntryRequest) => request<CareSubjectDetail>('POST', `/api/care/subjects/${id}/ledger`, { body }),
  identify: (regionCode?: string) => request<IdentifyResult>('POST', '/api/care/identify', { body: regionCode ? { regionCode } : {} }),
  helpRequests: (query: Query<HelpRequestQuery>) => request<Paged<HelpRequestView>>('GET', '/api/care/help-requests', { query: q(query) }),
  createHelp: (body: CreateHelpRequest) => request<HelpRequestView>('POST', '/api/care/help-requests', { body }),
  respondHelp: (id: number, body: { response: string; responder: string; version: number }) =>
    request<HelpRequestView>('POST', `/api/care/help-requests/${id}/respond`, { body }),
  closeHelp: (id: number, body: { response?: string; version: number }) => request<HelpRequestView>('POST', `/api/care/help-requests/${id}/close`, { body }),
  createChild: (body: { memberId: number; categories: string[]; hiv: boolean }) => request<CareSubjectDetail>('POST', '/api/care/children', { body }),
  updateChild: (id: number, body: UpdateChildRequest) => request<CareSubjectDetail>('PATCH', `/api/care/children/${id}`, { body }),
  revealGuardianPhone: (id: number, reason: string) =>
    request<{ value: string | null }>('POST', `/api/care/children/${id}/reveal-guardian-phone`, { body: { reason } }),
  directors: (regionCode: string) =>
    request<{ items: { id: number; displayName: string; regionCode: string; regionName: string }[] }>('GET', '/api/care/directors', { query: { regionCode } }),
  riskReports: (query: Query<RiskReportQuery>) => request<Paged<RiskReportView>>('GET', '/api/care/risk-reports', { query: q(query) }),
  createRisk: (body: CreateRiskReport) => request<RiskReportView>('POST', '/api/care/risk-reports', { body }),
  actOnRisk: (id: number, body: RiskActionRequest) => request<RiskReportView>('POST', `/api/care/risk-reports/${id}/actions`, { body }),
  overdue: (query: Query<OverdueQuery>) => request<Paged<CareTaskView>>('GET', '/api/care/overdue', { query: q(query) }),
  visitRate: (query: { regionCode?: string; month?: string; kind?: 'elderly' | 'child' }) =>
    request<VisitRateView>('GET', '/api/care/visit-rate', { query: q(query) }),
};

export const careKeys = {
  all: ['care'] as const,
  subjects: (query: object) => ['care', 'subjects', query] as const,
  subject: (id: number) => ['care', 'subject', id] as const,
  help: (query: object) => ['care', 'help', query] as const,
  risks: (query: object) => ['care', 'risks', query] as const,
  overdue: (query: object) => ['care', 'overdue', query] as const,
  rate: (query: object) => ['care', 'rate', query] as const,
};
