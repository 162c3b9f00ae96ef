/**
 * The one way the web app talks to the server: same-origin fetch, JSON in and out, CSRF header on every
 * state-changing request, errors turned into `ApiError` carrying the server's Chinese message.
 */
import type {
  ApiErrorBody,
  AuditAction,
  AssignLeadBody,
  AssigneeView,
  AuditEntry,
  ChangePasswordRequest,
  CloseLeadBody,
  CommitImportRequest,
  ContactLeadBody,
  CreateHouseholdRequest,
  CreateLeadRequest,
  DashboardView,
  CreatePolicyParameterRequest,
  CreateTransferRequest,
  CreateUserRequest,
  DecideTransferRequest,
  DepartmentBatchList,
  DepartmentBatchView,
  DepartmentSource,
  DuplicateCandidate,
  EndPolicyParameterRequest,
  HistoryEntry,
  HouseholdFactList,
  HouseholdListItem,
  HouseholdWarnings,
  HouseholdQuery,
  HouseholdView,
  ImportBatchView,
  LeadAction,
  LeadDetail,
  LeadListQuery,
  LeadPage,
  LeadRevealRequest,
  LoginRequest,
  MemberInput,
  MemberRevealRequest,
  MemberUpdate,
  OutcomeLeadBody,
  PersonCheckRequest,
  PersonCheckResult,
  PolicyKey,
  PolicyParameterView,
  CalendarYearView,
  SaveCalendarYearRequest,
  RegionNode,
  RegionPathItem,
  RemoveMemberRequest,
  ReviewDuplicateRequest,
  RevealRequest,
  RuleSettingView,
  Session,
  StartSweepRequest,
  SweepView,
  TransferStatus,
  TransferView,
  UpdateHouseholdRequest,
  UpdateRuleSettingRequest,
  UpdateUserRequest,
  UserSummary,
  WarningPage,
  WarningQuery,
} from '@doudi/domain';
import { translate } from './i18n';
import type { MessageKey } from './i18n';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly row: number | undefined;
  /** Extra facts some errors carry, e.g. where a conflicting ID number is registered. */
  readonly details: unknown;

  constructor(status: number, body: Partial<ApiErrorBody> & { code?: string }) {
    super(body.message || translate(fallbackMessageKey(status)));
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? (status === 0 ? 'NETWORK' : `HTTP_${status}`);
    this.field = body.field;
    this.row = body.row;
    this.details = body.details;
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

function fallbackMessageKey(status: number): MessageKey {
  if (status === 0) return 'error.network';
  if (status === 401) return 'error.unauthenticated';
  if (status === 403) return 'error.forbidden';
  if (status === 404) return 'error.notFound';
  if (status === 429) return 'error.rateLimited';
  if (status >= 500) return 'error.server';
  return 'error.unknown';
}

// ---------------------------------------------------------------------------------------------------------------
// CSRF token and the "signed out" signal

const CSRF_COOKIE = 'doudi_csrf';
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

function currentCsrfToken(): string | null {
  // The cookie is rewritten by every response that rotates the token, so it wins over the remembered value.
  return readCookie(CSRF_COOKIE) ?? csrfToken;
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler | null = null;

/** Called once by the app: what to do when any request answers 401 (the session ended). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler;
}

// ---------------------------------------------------------------------------------------------------------------
// request

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;

interface RequestOptions {
  body?: unknown;
  /** A file sent as it is (application/octet-stream) instead of a JSON body. */
  raw?: Blob;
  query?: Record<string, QueryValue>;
  /** Do not treat a 401 as "session ended" (login and the session probe handle it themselves). */
  allowUnauthenticated?: boolean;
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(method: Method, url: string, body: unknown, token = currentCsrfToken(), raw?: Blob): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (raw !== undefined) headers['content-type'] = 'application/octet-stream';
  else if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && token) headers['x-csrf-token'] = token;
  try {
    return await fetch(url, {
      method,
      credentials: 'same-origin',
      headers,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
  } catch {
    throw new ApiError(0, {});
  }
}

async function readError(res: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> = {};
  try {
    const parsed: unknown = await res.json();
    if (parsed && typeof parsed === 'object') body = parsed as Partial<ApiErrorBody>;
  } catch {
    // not JSON (a proxy error page): fall back to the message for the status
  }
  return new ApiError(res.status, body);
}

/** One call to the API: JSON in and out, CSRF token, 401 handling. Module API files (pages/<module>/api.ts) build on it. */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const url = buildUrl(path, options.query);
  let res = await send(method, url, options.body, undefined, options.raw);

  if (res.status === 403 && method !== 'GET') {
    const error = await readError(res.clone());
    if (error.code === 'CSRF') {
      // The token changed under us (signed in again in another tab): ask the server for the current one, try once more.
      const session = await getSession();
      if (session) res = await send(method, url, options.body, session.csrfToken, options.raw);
    }
  }

  if (!res.ok) {
    const error = await readError(res);
    if (res.status === 401 && !options.allowUnauthenticated) onUnauthorized?.();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

// ---------------------------------------------------------------------------------------------------------------
// endpoints

export interface Health {
  status: 'ok';
  database: { kind: 'pglite' | 'postgresql'; migrationVersion: number };
  regions: { dataYear: number | null; count: number };
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface RegionDetail {
  region: RegionNode;
  path: RegionPathItem[];
}

export type RegionSearchHit = RegionNode & { pathNames: string };

export interface UserListQuery {
  q?: string;
  role?: string;
  page: number;
  pageSize: number;
}

export interface AuditListQuery {
  username?: string;
  entity?: string;
  action?: AuditAction;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export type HouseholdListQuery = Omit<HouseholdQuery, 'page' | 'pageSize'> & { page: number; pageSize: number };

export interface DuplicateListQuery {
  regionCode?: string;
  status: 'open' | 'reviewed';
  page: number;
  pageSize: number;
}

/** The body each lead action takes, with the lead's `version` (a stale one answers 409). */
export interface LeadActionBodies {
  assign: AssignLeadBody;
  reassign: AssignLeadBody;
  contact: ContactLeadBody;
  outcome: OutcomeLeadBody;
  close: CloseLeadBody;
}

async function getSession(): Promise<Session | null> {
  try {
    const session = await request<Session>('GET', '/api/auth/me', { allowUnauthenticated: true });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error, 401)) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

const code = (c: string) => encodeURIComponent(c);

export const api = {
  health: () => request<Health>('GET', '/api/health'),

  /** The signed-in user, or null when nobody is signed in. */
  session: getSession,
  login: async (body: LoginRequest): Promise<Session> => {
    const session = await request<Session>('POST', '/api/auth/login', { body, allowUnauthenticated: true });
    setCsrfToken(session.csrfToken);
    return session;
  },
  logout: async (): Promise<void> => {
    try {
      await request<void>('POST', '/api/auth/logout', { allowUnauthenticated: true });
    } finally {
      setCsrfToken(null);
    }
  },
  changePassword: (body: ChangePasswordRequest) => request<void>('POST', '/api/auth/password', { body }),

  region: (regionCode: string) => request<RegionDetail>('GET', `/api/regions/${code(regionCode)}`),
  regionChildren: (regionCode: string) =>
    request<{ items: RegionNode[] }>('GET', `/api/regions/${code(regionCode)}/children`),
  searchRegions: (q: string, limit = 20) =>
    request<{ items: RegionSearchHit[] }>('GET', '/api/regions/search', { query: { q, limit } }),

  users: (query: UserListQuery) => request<Page<UserSummary>>('GET', '/api/users', { query: { ...query } }),
  user: (id: number) => request<UserSummary>('GET', `/api/users/${id}`),
  createUser: (body: CreateUserRequest) => request<UserSummary>('POST', '/api/users', { body }),
  updateUser: (id: number, body: UpdateUserRequest) => request<UserSummary>('PATCH', `/api/users/${id}`, { body }),
  revealUserField: (id: number, body: RevealRequest) =>
    request<{ value: string | null }>('POST', `/api/users/${id}/reveal`, { body }),

  policyParameters: (key?: PolicyKey) =>
    request<{ items: PolicyParameterView[] }>('GET', '/api/policy-parameters', { query: { key } }),
  createPolicyParameter: (body: CreatePolicyParameterRequest) =>
    request<PolicyParameterView>('POST', '/api/policy-parameters', { body }),
  endPolicyParameter: (id: number, body: EndPolicyParameterRequest) =>
    request<PolicyParameterView>('POST', `/api/policy-parameters/${id}/end`, { body }),
  workCalendar: (year: number) => request<CalendarYearView>('GET', `/api/work-calendar/${year}`),
  saveWorkCalendar: (year: number, body: SaveCalendarYearRequest) =>
    request<CalendarYearView>('PUT', `/api/work-calendar/${year}`, { body }),

  audit: (query: AuditListQuery) => request<Page<AuditEntry>>('GET', '/api/audit', { query: { ...query } }),

  households: (query: HouseholdListQuery) =>
    request<Page<HouseholdListItem>>('GET', '/api/registry/households', { query: { ...query } }),
  household: (id: number) => request<HouseholdView>('GET', `/api/registry/households/${id}`),
  createHousehold: (body: CreateHouseholdRequest) => request<HouseholdView>('POST', '/api/registry/households', { body }),
  updateHousehold: (id: number, body: UpdateHouseholdRequest) =>
    request<HouseholdView>('PATCH', `/api/registry/households/${id}`, { body }),
  householdHistory: (id: number) => request<{ items: HistoryEntry[] }>('GET', `/api/registry/households/${id}/history`),
  addMember: (householdId: number, body: MemberInput) =>
    request<HouseholdView>('POST', `/api/registry/households/${householdId}/members`, { body }),
  updateMember: (memberId: number, body: MemberUpdate) =>
    request<HouseholdView>('PATCH', `/api/registry/members/${memberId}`, { body }),
  removeMember: (memberId: number, body: RemoveMemberRequest) =>
    request<HouseholdView>('POST', `/api/registry/members/${memberId}/remove`, { body }),
  revealMemberField: (memberId: number, body: MemberRevealRequest) =>
    request<{ value: string | null }>('POST', `/api/registry/members/${memberId}/reveal`, { body }),
  checkPerson: (body: PersonCheckRequest) => request<PersonCheckResult>('POST', '/api/registry/persons/check', { body }),

  transfers: (status?: TransferStatus) =>
    request<{ items: TransferView[] }>('GET', '/api/registry/transfers', { query: { status } }),
  createTransfer: (body: CreateTransferRequest) => request<TransferView>('POST', '/api/registry/transfers', { body }),
  decideTransfer: (id: number, body: DecideTransferRequest) =>
    request<TransferView>('POST', `/api/registry/transfers/${id}/decide`, { body }),

  duplicates: (query: DuplicateListQuery) =>
    request<Page<DuplicateCandidate>>('GET', '/api/registry/duplicates', { query: { ...query } }),
  reviewDuplicate: (body: ReviewDuplicateRequest) => request<unknown>('POST', '/api/registry/duplicates', { body }),
  revokeDuplicateReview: (reviewId: number) => request<unknown>('POST', `/api/registry/duplicates/${reviewId}/revoke`),

  importBatches: () => request<{ items: ImportBatchView[] }>('GET', '/api/registry/imports'),
  importBatch: (id: number) => request<ImportBatchView>('GET', `/api/registry/imports/${id}`),
  uploadImport: (file: File) =>
    request<ImportBatchView>('POST', '/api/registry/imports', { query: { fileName: file.name }, raw: file }),
  commitImport: (id: number, body: CommitImportRequest) =>
    request<ImportBatchView>('POST', `/api/registry/imports/${id}/commit`, { body }),
  discardImport: (id: number) => request<ImportBatchView>('POST', `/api/registry/imports/${id}/discard`),

  // monitoring (C3): warnings, rule switches and sweeps, leads, dashboard, other departments' data
  warnings: (query: WarningQuery) => request<WarningPage>('GET', '/api/monitoring/warnings', { query: { ...query } }),
  ruleSettings: (regionCode: string) =>
    request<{ items: RuleSettingView[] }>('GET', '/api/monitoring/rules', { query: { regionCode } }),
  setRule: (body: UpdateRuleSettingRequest) => request<{ items: RuleSettingView[] }>('PUT', '/api/monitoring/rules', { body }),
  sweeps: (regionCode: string) => request<{ items: SweepView[] }>('GET', '/api/monitoring/sweeps', { query: { regionCode } }),
  startSweep: (body: StartSweepRequest) => request<{ items: SweepView[] }>('POST', '/api/monitoring/sweeps', { body }),
  leads: (query: LeadListQuery) => request<LeadPage>('GET', '/api/monitoring/leads', { query: { ...query } }),
  lead: (id: number) => request<LeadDetail>('GET', `/api/monitoring/leads/${id}`),
  createLead: (body: CreateLeadRequest) => request<LeadDetail>('POST', '/api/monitoring/leads', { body }),
  leadAction: <A extends LeadAction>(id: number, action: A, body: LeadActionBodies[A]) =>
    request<LeadDetail>('POST', `/api/monitoring/leads/${id}/${action}`, { body }),
  assignees: (regionCode: string) =>
    request<{ items: AssigneeView[] }>('GET', '/api/monitoring/assignees', { query: { regionCode } }),
  revealLeadPhone: (id: number, body: LeadRevealRequest) =>
    request<{ value: string | null }>('POST', `/api/monitoring/leads/${id}/reveal-phone`, { body }),
  monitoringDashboard: (regionCode: string) =>
    request<DashboardView>('GET', '/api/monitoring/dashboard', { query: { regionCode } }),
  householdWarnings: (id: number) => request<HouseholdWarnings>('GET', `/api/registry/households/${id}/warnings`),
  householdFacts: (id: number) => request<HouseholdFactList>('GET', `/api/registry/households/${id}/facts`),
  departmentImports: (query: { page: number; pageSize: number }) =>
    request<DepartmentBatchList>('GET', '/api/monitoring/department-imports', { query: { ...query } }),
  departmentImport: (id: number) => request<DepartmentBatchView>('GET', `/api/monitoring/department-imports/${id}`),
  uploadDepartmentImport: (source: DepartmentSource, file: File) =>
    request<DepartmentBatchView>('POST', '/api/monitoring/department-imports', { query: { source, fileName: file.name }, raw: file }),
  commitDepartmentImport: (id: number) => request<DepartmentBatchView>('POST', `/api/monitoring/department-imports/${id}/commit`),
  discardDepartmentImport: (id: number) => request<DepartmentBatchView>('POST', `/api/monitoring/department-imports/${id}/discard`),
};

/** Files the browser downloads itself (plain links: the session cookie goes with them; the server audits exports). */
export const downloads = {
  importTemplate: '/api/registry/import-template.xlsx',
  summaryTable: (regionCode?: string) => buildUrl('/api/registry/export/summary.xlsx', { regionCode }),
  registryCsv: (regionCode?: string) => buildUrl('/api/registry/export/registry.csv', { regionCode }),
  departmentTemplate: (source: DepartmentSource) => `/api/monitoring/department-imports/template/${encodeURIComponent(source)}`,
};
