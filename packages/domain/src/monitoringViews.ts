import { z } from 'zod';
import { AssignLeadRequest, CloseLeadRequest, ContactLeadRequest, LEAD_ACTION, LeadQuery, LeadStatus, LeadView, OutcomeLeadRequest } from './leads.js';
import { RuleKind } from './monitoring.js';
import { TrailItem } from './policy.js';
import { RegionCode } from './region.js';
import { labelled } from './registry.js';
import { Role } from './roles.js';

/**
 * Requests and views of the monitoring API (C3): warnings, rule switches, sweeps, leads with their events, assignees
 * and the dashboard. The rules themselves are in ./monitoring.ts, the lead workflow in ./leads.ts.
 */

const IsoDate = z.iso.date('日期格式应为YYYY-MM-DD');
const Page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

// ---------------------------------------------------------------------------------------------------------------
// Warnings

export const WARNING_STATUS = labelled(['open', 'closed'], { open: '预警中', closed: '已解除' });
export const WarningStatus = WARNING_STATUS.schema;
export type WarningStatus = z.infer<typeof WarningStatus>;

/** The rules whose open warnings are the coverage gap: households that seem eligible but are not covered. */
export const COVERAGE_GAP_RULES = ['suspected_dibao', 'suspected_marginal'] as const satisfies readonly RuleKind[];

export const WarningQuery = z.object({
  regionCode: RegionCode.optional(),
  rule: RuleKind.optional(),
  status: WarningStatus.optional(),
  householdId: z.coerce.number().int().positive().optional(),
  /** Only open warnings of the coverage-gap rules (the dashboard's 未覆盖 figure). */
  gap: z.stringbool().optional(),
  /** Raised on or after / on or before these China dates (the dashboard's weekly trend). */
  raisedFrom: IsoDate.optional(),
  raisedTo: IsoDate.optional(),
  ...Page,
});
export type WarningQuery = z.infer<typeof WarningQuery>;

export const WarningView = z.object({
  id: z.number().int(),
  householdId: z.number().int(),
  headName: z.string(),
  memberId: z.number().int().nullable(),
  memberName: z.string().nullable(),
  regionCode: RegionCode,
  regionName: z.string(),
  rule: RuleKind,
  ruleLabel: z.string(),
  status: WarningStatus,
  reasons: z.array(z.string()),
  trail: z.array(TrailItem),
  raisedAt: z.string(),
  closedAt: z.string().nullable(),
  closeReason: z.string().nullable(),
  leadId: z.number().int().nullable(),
});
export type WarningView = z.infer<typeof WarningView>;

export const WarningPage = z.object({ items: z.array(WarningView), total: z.number().int() });
export type WarningPage = z.infer<typeof WarningPage>;

// ---------------------------------------------------------------------------------------------------------------
// Rule switches

export const RulesQuery = z.object({ regionCode: RegionCode.optional() });
export type RulesQuery = z.infer<typeof RulesQuery>;

export const RuleSettingView = z.object({
  rule: RuleKind,
  label: z.string(),
  description: z.string(),
  /** Labels of the policy parameters the rule reads (a missing one makes it skip). */
  parameters: z.array(z.string()),
  enabled: z.boolean(),
  /** The region whose switch applies, or 'default' (on) when no region has set it. */
  setAt: z.union([z.literal('default'), z.object({ regionCode: RegionCode, regionName: z.string() })]),
});
export type RuleSettingView = z.infer<typeof RuleSettingView>;

export const UpdateRuleSettingRequest = z.object({ regionCode: RegionCode, rule: RuleKind, enabled: z.boolean('请选择开启或关闭') });
export type UpdateRuleSettingRequest = z.infer<typeof UpdateRuleSettingRequest>;

// ---------------------------------------------------------------------------------------------------------------
// Sweeps

export const SWEEP_MODE = labelled(['full', 'incremental'], { full: '全量', incremental: '增量' });
export const SweepMode = SWEEP_MODE.schema;
export type SweepMode = z.infer<typeof SweepMode>;

export const SWEEP_TRIGGER = labelled(['scheduled', 'manual', 'import'], { scheduled: '每日定时', manual: '手动', import: '数据导入后' });
export const SweepTrigger = SWEEP_TRIGGER.schema;
export type SweepTrigger = z.infer<typeof SweepTrigger>;

export const SWEEP_STATUS = labelled(['queued', 'running', 'done', 'failed'], { queued: '排队中', running: '运行中', done: '已完成', failed: '失败' });
export const SweepStatus = SWEEP_STATUS.schema;
export type SweepStatus = z.infer<typeof SweepStatus>;

/** A region at county level or above: its counties are swept one at a time. */
export const StartSweepRequest = z.object({ regionCode: RegionCode, mode: SweepMode.default('incremental') });
export type StartSweepRequest = z.infer<typeof StartSweepRequest>;

export const SweepsQuery = z.object({ regionCode: RegionCode.optional(), limit: z.coerce.number().int().min(1).max(100).default(20) });
export type SweepsQuery = z.infer<typeof SweepsQuery>;

export const SweepView = z.object({
  id: z.number().int(),
  regionCode: RegionCode,
  regionName: z.string(),
  trigger: SweepTrigger,
  mode: SweepMode,
  status: SweepStatus,
  asOf: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  householdsTotal: z.number().int(),
  householdsDone: z.number().int(),
  raised: z.number().int(),
  closed: z.number().int(),
  leadsCreated: z.number().int(),
  /** Rules that could not be evaluated: households affected and the reason (缺少参数：…). */
  skipped: z.record(z.string(), z.object({ count: z.number().int(), reason: z.string() })),
  error: z.string().nullable(),
  startedBy: z.string().nullable(),
});
export type SweepView = z.infer<typeof SweepView>;

// ---------------------------------------------------------------------------------------------------------------
// Leads

/** Every action on a lead names the version it was based on; a stale version answers 409. */
const Versioned = z.object({ version: z.number('缺少版本号').int().positive() });

export const AssignLeadBody = AssignLeadRequest.extend(Versioned.shape);
export type AssignLeadBody = z.infer<typeof AssignLeadBody>;
export const ContactLeadBody = ContactLeadRequest.extend(Versioned.shape);
export type ContactLeadBody = z.infer<typeof ContactLeadBody>;
export const OutcomeLeadBody = OutcomeLeadRequest.extend(Versioned.shape);
export type OutcomeLeadBody = z.infer<typeof OutcomeLeadBody>;
export const CloseLeadBody = CloseLeadRequest.extend(Versioned.shape);
export type CloseLeadBody = z.infer<typeof CloseLeadBody>;

export const LeadRevealRequest = z.object({ reason: z.string().trim().min(2, '请填写查看原因').max(200, '查看原因不能超过200个字') });
export type LeadRevealRequest = z.infer<typeof LeadRevealRequest>;

/** The list's filters: LeadQuery plus the household and the date windows the dashboard's trend opens. */
export const LeadListQuery = LeadQuery.extend({
  householdId: z.coerce.number().int().positive().optional(),
  escalated: z.stringbool().optional(),
  createdFrom: IsoDate.optional(),
  createdTo: IsoDate.optional(),
  closedFrom: IsoDate.optional(),
  closedTo: IsoDate.optional(),
  /** The day `overdue` is judged on (China date); today when absent. */
  asOf: IsoDate.optional(),
});
export type LeadListQuery = z.infer<typeof LeadListQuery>;

export const LeadListItem = LeadView.extend({
  /** When the open step went overdue and was escalated to the county (nightly), or null. */
  escalatedAt: z.string().nullable(),
});
export type LeadListItem = z.infer<typeof LeadListItem>;

export const LeadPage = z.object({ items: z.array(LeadListItem), total: z.number().int() });
export type LeadPage = z.infer<typeof LeadPage>;

export const LEAD_EVENT_ACTION = labelled(['create', 'assign', 'reassign', 'contact', 'outcome', 'close', 'escalate', 'link_warning'], {
  ...LEAD_ACTION.labels, create: '登记', escalate: '逾期督办', link_warning: '关联新预警',
});
export const LeadEventAction = LEAD_EVENT_ACTION.schema;
export type LeadEventAction = z.infer<typeof LeadEventAction>;

export const LeadEventView = z.object({
  id: z.number().int(),
  action: LeadEventAction,
  actionLabel: z.string(),
  fromStatus: LeadStatus.nullable(),
  toStatus: LeadStatus,
  actorName: z.string().nullable(),
  at: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type LeadEventView = z.infer<typeof LeadEventView>;

export const LeadDetail = LeadListItem.extend({
  dueStep: z.enum(['contact', 'handle']).nullable(),
  /** Warnings linked to this lead (from the sweep). */
  warningIds: z.array(z.number().int()),
  events: z.array(LeadEventView),
});
export type LeadDetail = z.infer<typeof LeadDetail>;

export const AssigneesQuery = z.object({ regionCode: RegionCode });
export type AssigneesQuery = z.infer<typeof AssigneesQuery>;

export const AssigneeView = z.object({
  id: z.number().int(),
  displayName: z.string(),
  role: Role,
  roleLabel: z.string(),
  regionCode: RegionCode,
  regionName: z.string(),
});
export type AssigneeView = z.infer<typeof AssigneeView>;

// ---------------------------------------------------------------------------------------------------------------
// Dashboard

export const DashboardQuery = z.object({ regionCode: RegionCode.optional(), asOf: IsoDate.optional() });
export type DashboardQuery = z.infer<typeof DashboardQuery>;

/**
 * The figures of one region. Each opens a list with the same filters (X = the row's regionCode):
 * - openWarnings[rule]  → /api/monitoring/warnings?regionCode=X&rule=<rule>&status=open
 * - leadsByStatus[s]    → /api/monitoring/leads?regionCode=X&status=<s>
 * - overdueLeads        → /api/monitoring/leads?regionCode=X&overdue=true&asOf=<asOf>
 * - coverageGap         → /api/monitoring/warnings?regionCode=X&gap=true (households; one gap warning per household)
 */
export const DashboardFigures = z.object({
  regionCode: RegionCode,
  regionName: z.string(),
  openWarnings: z.record(z.string(), z.number().int()),
  openWarningsTotal: z.number().int(),
  leadsByStatus: z.record(z.string(), z.number().int()),
  overdueLeads: z.number().int(),
  coverageGap: z.number().int(),
});
export type DashboardFigures = z.infer<typeof DashboardFigures>;

/**
 * One ISO week (Monday to Sunday, China dates) of the trend:
 * - raised        → /api/monitoring/warnings?regionCode=X&raisedFrom=<weekStart>&raisedTo=<weekEnd>
 * - leadsCreated  → /api/monitoring/leads?regionCode=X&createdFrom=<weekStart>&createdTo=<weekEnd>
 * - leadsClosed   → /api/monitoring/leads?regionCode=X&status=closed&closedFrom=<weekStart>&closedTo=<weekEnd>
 */
export const DashboardWeek = z.object({
  week: z.string(),
  weekStart: z.string(),
  weekEnd: z.string(),
  raised: z.number().int(),
  leadsCreated: z.number().int(),
  leadsClosed: z.number().int(),
});
export type DashboardWeek = z.infer<typeof DashboardWeek>;

export const DashboardView = z.object({
  asOf: z.string(),
  /** The region itself (its totals include records kept at its own level, e.g. a lead at a township). */
  region: DashboardFigures,
  /** Its child regions: counties of a city, townships of a county, villages of a township. */
  children: z.array(DashboardFigures),
  trend: z.array(DashboardWeek),
});
export type DashboardView = z.infer<typeof DashboardView>;

export const HouseholdWarnings = z.object({ items: z.array(WarningView) });
export type HouseholdWarnings = z.infer<typeof HouseholdWarnings>;
