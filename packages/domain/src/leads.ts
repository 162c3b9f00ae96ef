import { z } from 'zod';
import { addWorkingDays, calendarCovers, EMPTY_CALENDAR, type WorkCalendar } from './calendar.js';
import { DomainError } from './errors.js';
import { citeParameter, POLICY_KEY_LABELS, resolveParameter, type PolicyKey, type PolicyParameter, type TrailItem } from './policy.js';
import { RegionCode, regionLevel } from './region.js';
import { labelled } from './registry.js';
import { RuleKind } from './monitoring.js';
import { Phone } from './users.js';

/**
 * Leads (救助线索, C3): a possible need for help, from a warning rule or from a person, followed up as the Social
 * Assistance Law art. 39 asks: someone is assigned, contacts the person, explains the policy, records whether they
 * are willing and able to apply, helps them apply (or records why not), and closes the lead. The workflow is a table:
 * each status lists the actions allowed in it, and any other action is refused naming the status and the allowed
 * actions. No step can be skipped.
 */

export const LEAD_SOURCE = labelled(['warning', 'hotline', 'visit', 'village', 'public', 'department', 'other'], {
  warning: '系统预警', hotline: '救助热线', visit: '走访发现', village: '村（社区）报告', public: '群众反映', department: '部门推送', other: '其他',
});
export const LeadSource = LEAD_SOURCE.schema;
export type LeadSource = z.infer<typeof LeadSource>;

export const LEAD_STATUS = labelled(
  ['pending', 'assigned', 'contacted', 'helped_apply', 'ineligible', 'refused', 'referred', 'closed'],
  {
    pending: '待处理', assigned: '已分派', contacted: '已联系', helped_apply: '已协助申请', ineligible: '不符合条件',
    refused: '本人拒绝', referred: '转介其他部门', closed: '已办结',
  },
);
export const LeadStatus = LEAD_STATUS.schema;
export type LeadStatus = z.infer<typeof LeadStatus>;

/** The statuses an outcome can set (between 已联系 and 已办结). */
export const LEAD_OUTCOME = labelled(['helped_apply', 'ineligible', 'refused', 'referred'], {
  helped_apply: '已协助申请', ineligible: '不符合条件', refused: '本人拒绝', referred: '转介其他部门',
});
export const LeadOutcome = LEAD_OUTCOME.schema;
export type LeadOutcome = z.infer<typeof LeadOutcome>;

export const CONTACT_METHOD = labelled(['phone', 'visit', 'other'], { phone: '电话', visit: '上门', other: '其他' });
export const ContactMethod = CONTACT_METHOD.schema;
export type ContactMethod = z.infer<typeof ContactMethod>;

/** 分派 (first assignment) and 改派 (a new assignee while the lead is still open) are separate actions. */
export const LEAD_ACTION = labelled(['assign', 'reassign', 'contact', 'outcome', 'close'], {
  assign: '分派', reassign: '改派', contact: '记录联系', outcome: '登记结果', close: '办结',
});
export const LeadAction = LEAD_ACTION.schema;
export type LeadAction = z.infer<typeof LeadAction>;

export const AVAILABLE_ACTIONS_BY_STATUS = {
  pending: ['assign'],
  assigned: ['contact', 'reassign'],
  contacted: ['outcome', 'reassign'],
  helped_apply: ['close'],
  ineligible: ['close'],
  refused: ['close'],
  referred: ['close'],
  closed: [],
} as const satisfies Record<LeadStatus, readonly LeadAction[]>;

export function availableLeadActions(status: LeadStatus): readonly LeadAction[] {
  return AVAILABLE_ACTIONS_BY_STATUS[status];
}

// ---------------------------------------------------------------------------------------------------------------
// Requests

const Text = (max: number) => z.string().trim().max(max, `不能超过${max}个字`);

/** A region where a lead can be handled: a township (街道/乡镇) or a village (社区/村). */
const LeadRegionCode = RegionCode.refine((c) => regionLevel(c) >= 4, '线索所在地应为乡镇（街道）或村（社区）');

export const CreateLeadRequest = z.object({
  source: LeadSource,
  regionCode: LeadRegionCode,
  householdId: z.number().int().positive().optional(),
  personName: Text(50).min(1, '请填写当事人姓名'),
  phone: Phone.optional(),
  description: Text(1000).min(2, '请填写线索描述'),
});
export type CreateLeadRequest = z.infer<typeof CreateLeadRequest>;

export const AssignLeadRequest = z.object({ assigneeId: z.number('请选择承办人').int().positive('请选择承办人') });
export type AssignLeadRequest = z.infer<typeof AssignLeadRequest>;

/** What the contact established; the policy must have been explained (Law art. 39), so `policyExplained` is `true`. */
export const ContactRecord = z.object({
  method: z.enum(ContactMethod.options, '请选择联系方式'),
  policyExplained: z.literal(true, '请向当事人讲解救助政策后再登记联系'),
  willing: z.boolean('请选择当事人是否愿意申请'),
  ableToApplyAlone: z.boolean('请选择当事人能否自行申请'),
  note: Text(500).default(''),
});
export type ContactRecord = z.infer<typeof ContactRecord>;

export const ContactLeadRequest = ContactRecord;
export type ContactLeadRequest = z.infer<typeof ContactLeadRequest>;

export const OutcomeLeadRequest = z.object({
  outcome: z.enum(LeadOutcome.options, '请选择处理结果'),
  note: Text(500).min(2, '请填写处理情况'),
  /** The department the case was referred to (required for 转介其他部门). */
  department: Text(100).optional(),
}).refine((r) => r.outcome !== 'referred' || (r.department ?? '').length > 0, { message: '请填写转介的部门', path: ['department'] });
export type OutcomeLeadRequest = z.infer<typeof OutcomeLeadRequest>;

export const CloseLeadRequest = z.object({ summary: Text(500).min(2, '请填写办结说明') });
export type CloseLeadRequest = z.infer<typeof CloseLeadRequest>;

// ---------------------------------------------------------------------------------------------------------------
// State machine

/** The part of a lead the workflow reads and writes. Timestamps are ISO strings supplied by the caller. */
export interface LeadState {
  status: LeadStatus;
  assigneeId: number | null;
  contact: ContactRecord | null;
  contactedAt: string | null;
  outcome: { outcome: LeadOutcome; note: string; department: string | null } | null;
  outcomeAt: string | null;
  closeSummary: string | null;
  closedAt: string | null;
}

export type LeadActionInput =
  | { type: 'assign'; assigneeId: number }
  | { type: 'reassign'; assigneeId: number }
  | { type: 'contact'; contact: ContactRecord; at: string }
  | { type: 'outcome'; outcome: LeadOutcome; note: string; department?: string | null; at: string }
  | { type: 'close'; summary: string; at: string };

/** A new lead: 待处理, nobody assigned yet. */
export function newLeadState(): LeadState {
  return {
    status: 'pending', assigneeId: null, contact: null, contactedAt: null, outcome: null, outcomeAt: null,
    closeSummary: null, closedAt: null,
  };
}

/** `线索当前状态为“已分派”，可进行的操作：记录联系、改派` (or that no action is possible). */
export function leadActionRefusal(status: LeadStatus, action: LeadAction): DomainError {
  const allowed = AVAILABLE_ACTIONS_BY_STATUS[status];
  const list = allowed.length ? `可进行的操作：${allowed.map((a) => LEAD_ACTION.labels[a]).join('、')}` : '不能再进行操作';
  return new DomainError('CONFLICT', `线索当前状态为“${LEAD_STATUS.labels[status]}”，不能${LEAD_ACTION.labels[action]}；${list}`, {
    details: { status, action, allowed },
  });
}

/**
 * The lead after an action, or a `DomainError`: CONFLICT (409) when the action is not allowed in the current status,
 * VALIDATION (400) when the action contradicts what the contact recorded (本人拒绝 needs an unwilling person,
 * 已协助申请 a willing one; 转介 needs the department). Never mutates `state`.
 */
export function applyLeadAction(state: LeadState, action: LeadActionInput): LeadState {
  if (!(AVAILABLE_ACTIONS_BY_STATUS[state.status] as readonly LeadAction[]).includes(action.type)) {
    throw leadActionRefusal(state.status, action.type);
  }
  switch (action.type) {
    case 'assign':
      return { ...state, status: 'assigned', assigneeId: action.assigneeId };
    case 'reassign':
      if (action.assigneeId === state.assigneeId) throw new DomainError('VALIDATION', '改派的承办人与当前承办人相同', { field: 'assigneeId' });
      return { ...state, assigneeId: action.assigneeId };
    case 'contact': {
      const contact = ContactRecord.safeParse(action.contact);
      if (!contact.success) {
        const issue = contact.error.issues[0];
        throw new DomainError('VALIDATION', issue?.message ?? '联系记录不完整', { field: String(issue?.path[0] ?? 'contact') });
      }
      return { ...state, status: 'contacted', contact: contact.data, contactedAt: action.at };
    }
    case 'outcome': {
      const willing = state.contact?.willing;
      if (action.outcome === 'refused' && willing !== false) {
        throw new DomainError('VALIDATION', '联系记录显示当事人愿意申请，不能登记为“本人拒绝”', { field: 'outcome' });
      }
      if (action.outcome === 'helped_apply' && willing !== true) {
        throw new DomainError('VALIDATION', '联系记录显示当事人不愿申请，不能登记为“已协助申请”', { field: 'outcome' });
      }
      const department = action.department?.trim() || null;
      if (action.outcome === 'referred' && !department) throw new DomainError('VALIDATION', '请填写转介的部门', { field: 'department' });
      return {
        ...state, status: action.outcome,
        outcome: { outcome: action.outcome, note: action.note, department: action.outcome === 'referred' ? department : null },
        outcomeAt: action.at,
      };
    }
    case 'close':
      return { ...state, status: 'closed', closeSummary: action.summary, closedAt: action.at };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Deadlines

/** The calendar date of an instant in China (UTC+8, no daylight saving), for deadlines counted in days. */
export function chinaDate(instant: string | Date): string {
  const t = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(t.getTime())) throw new Error(`invalid instant: ${String(instant)}`);
  return new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The dates a lead's clock runs from (China dates, see `chinaDate`). */
export interface LeadClock {
  status: LeadStatus;
  regionCode: string;
  createdOn: string;
  contactedOn: string | null;
}

export type LeadDeadline =
  | { step: 'contact' | 'handle'; due: string; days: number; trail: TrailItem }
  | { step: 'contact' | 'handle'; due: null; reason: string };

/**
 * The deadline of a lead's open step: until contacted, `lead_contact_days` working days from creation; once
 * contacted, `lead_handle_days` working days from the contact to record an outcome. Both parameters are taken as in
 * force for the lead's region on the day the step started; working days follow the holiday calendar. Null when no
 * step is open (an outcome is recorded).
 */
export function leadDeadline(lead: LeadClock, params: readonly PolicyParameter[], calendar: WorkCalendar = EMPTY_CALENDAR): LeadDeadline | null {
  let step: 'contact' | 'handle';
  let from: string;
  let key: PolicyKey;
  if (lead.status === 'pending' || lead.status === 'assigned') {
    step = 'contact';
    from = lead.createdOn;
    key = 'lead_contact_days';
  } else if (lead.status === 'contacted' && lead.contactedOn) {
    step = 'handle';
    from = lead.contactedOn;
    key = 'lead_handle_days';
  } else {
    return null;
  }
  const p = resolveParameter(params, key, lead.regionCode, from);
  const label = POLICY_KEY_LABELS[key];
  if (!p) return { step, due: null, reason: `缺少参数：${label.zh}` };
  const days = Math.round(p.value);
  const due = addWorkingDays(from, days, calendar);
  // Say when the holidays moved the date, or when the calendar lacks the year (then only weekends are skipped).
  const note = !calendarCovers(calendar, from, due) ? '（该年节假日安排未录入，仅扣除周末）'
    : due !== addWorkingDays(from, days) ? '（已按节假日安排顺延）' : '';
  return {
    step, due, days,
    trail: { text: `${label.zh} ${days} ${label.unit}，自 ${from} 起算${note}`, parameter: citeParameter(p) },
  };
}

/** Overdue when today is after the due date (the due date itself is still in time). */
export function isOverdue(deadline: LeadDeadline | null, today: string): boolean {
  return deadline !== null && deadline.due !== null && today > deadline.due;
}

// ---------------------------------------------------------------------------------------------------------------
// Views

export const LeadView = z.object({
  id: z.number().int(),
  source: LeadSource,
  status: LeadStatus,
  regionCode: RegionCode,
  regionName: z.string(),
  householdId: z.number().int().nullable(),
  personName: z.string(),
  /** Masked (138****5678); the full number only through the audited reveal. */
  phoneMasked: z.string().nullable(),
  description: z.string(),
  /** The warning behind a lead of source 系统预警. */
  rule: RuleKind.nullable(),
  warningKey: z.string().nullable(),
  assigneeId: z.number().int().nullable(),
  assigneeName: z.string().nullable(),
  contact: ContactRecord.nullable(),
  contactedAt: z.string().nullable(),
  outcome: LeadOutcome.nullable(),
  outcomeNote: z.string().nullable(),
  referredTo: z.string().nullable(),
  closeSummary: z.string().nullable(),
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  availableActions: z.array(LeadAction),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type LeadView = z.infer<typeof LeadView>;

export const LeadQuery = z.object({
  regionCode: RegionCode.optional(),
  status: LeadStatus.optional(),
  source: LeadSource.optional(),
  rule: RuleKind.optional(),
  assignedToMe: z.stringbool().optional(),
  overdue: z.stringbool().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type LeadQuery = z.infer<typeof LeadQuery>;
