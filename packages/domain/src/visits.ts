import { z } from 'zod';
import { DomainError } from './errors.js';
import { RegionCode } from './region.js';
import { CategoryKind, labelled, MemberTag, Relation } from './registry.js';

/**
 * Campaigns (专项行动), visit plans and tasks, leader pairings and visits with their checklist (C4).
 *
 * - A campaign is launched by one region (any level) and seen by every region below it and by the launcher's
 *   superiors; each region reports its own progress on each of the campaign's tasks.
 * - A visit plan chooses households of the registry in a region (categories, member tags, villages) and creates one
 *   visit task per household, assigned to the village's workers, to one user, or to the household's paired leader.
 * - A visit is recorded on a phone, online or offline, with a client-generated `clientId`: sending it again changes
 *   nothing. A task done by another visit is never silently overwritten (409 `VISIT_TASK_DONE`), nor is a visit
 *   edited from a stale version (409 `VISIT_VERSION`).
 * - The outcome drives the follow-up in the same transaction: 需要救助 → a lead (C3), 存在安全隐患 → a hazard
 *   rectification (C7), 情况复杂 → a 一人一策 care plan.
 */

const IsoDate = z.iso.date('日期格式应为YYYY-MM-DD');
const Text = (max: number) => z.string().trim().max(max, `不能超过${max}个字`);
const Id = z.number().int().positive();
const Page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

// ---------------------------------------------------------------------------------------------------------------
// Codes

export const VISIT_KIND = labelled(['concentrated', 'elderly', 'child', 'weather', 'adhoc'], {
  concentrated: '集中走访', elderly: '老年人探访', child: '困境儿童探访', weather: '预警加密探访', adhoc: '其他走访',
});
export const VisitKind = VISIT_KIND.schema;
export type VisitKind = z.infer<typeof VisitKind>;

/** Kinds a person can plan; elderly and child tasks come from the care cadence, weather tasks from warnings. */
export const PLANNABLE_KINDS = ['concentrated', 'adhoc', 'elderly', 'child'] as const satisfies readonly VisitKind[];

export const CAMPAIGN_STATUS = labelled(['active', 'closed'], { active: '进行中', closed: '已结束' });
export const CampaignStatus = CAMPAIGN_STATUS.schema;
export type CampaignStatus = z.infer<typeof CampaignStatus>;

export const REPORT_STATUS = labelled(['not_started', 'in_progress', 'done'], {
  not_started: '未开始', in_progress: '推进中', done: '已完成',
});
export const ReportStatus = REPORT_STATUS.schema;
export type ReportStatus = z.infer<typeof ReportStatus>;

export const PLAN_STATUS = labelled(['active', 'closed'], { active: '进行中', closed: '已结束' });
export const PlanStatus = PLAN_STATUS.schema;
export type PlanStatus = z.infer<typeof PlanStatus>;

export const TASK_STATUS = labelled(['open', 'done', 'cancelled'], { open: '待走访', done: '已走访', cancelled: '已取消' });
export const TaskStatus = TASK_STATUS.schema;
export type TaskStatus = z.infer<typeof TaskStatus>;

export const VISIT_OUTCOME = labelled(['normal', 'needs_help', 'hazard', 'complex'], {
  normal: '无异常', needs_help: '需要救助', hazard: '存在安全隐患', complex: '情况复杂',
});
export const VisitOutcome = VISIT_OUTCOME.schema;
export type VisitOutcome = z.infer<typeof VisitOutcome>;

/** What each outcome needs described, and what it creates. */
export const OUTCOME_DETAIL: Record<VisitOutcome, { label: string; required: boolean; creates: string | null }> = {
  normal: { label: '补充说明', required: false, creates: null },
  needs_help: { label: '需要救助的事项', required: true, creates: '救助线索' },
  hazard: { label: '安全隐患描述', required: true, creates: '隐患整改' },
  complex: { label: '存在的问题', required: true, creates: '一人一策' },
};

/** How a plan's tasks are assigned. */
export const ASSIGN_MODE = labelled(['village_workers', 'user', 'leader'], {
  village_workers: '所在村（社区）工作人员', user: '指定人员', leader: '结对领导干部',
});
export const AssignMode = ASSIGN_MODE.schema;
export type AssignMode = z.infer<typeof AssignMode>;

export const LEADER_FALLBACK = labelled(['village_workers', 'unassigned'], {
  village_workers: '无结对的由村（社区）工作人员走访', unassigned: '无结对的暂不分派',
});
export const LeaderFallback = LEADER_FALLBACK.schema;
export type LeaderFallback = z.infer<typeof LeaderFallback>;

// ---------------------------------------------------------------------------------------------------------------
// The checklist (入户检查清单)

/** Answer codes; each item lists the ones it accepts with its own wording. */
export const CheckStatus = z.enum(['ok', 'short', 'problem', 'na']);
export type CheckStatus = z.infer<typeof CheckStatus>;

export const CHECK_ITEM_KEYS = ['clothing', 'heating', 'food', 'electricity', 'gas', 'fire', 'health', 'needs'] as const;
export const CheckItemKey = z.enum(CHECK_ITEM_KEYS);
export type CheckItemKey = z.infer<typeof CheckItemKey>;

export interface CheckItemDef {
  key: CheckItemKey;
  label: string;
  /** The accepted answers in display order, with this item's wording. */
  statuses: { value: CheckStatus; label: string }[];
  /** Answers that need a note (what is short, what the problem is). */
  noteRequired: CheckStatus[];
}

/** 川民发〔2023〕133号 二、六: what a winter visit checks in the home. */
export const CHECKLIST: readonly CheckItemDef[] = [
  { key: 'clothing', label: '御寒衣被', statuses: [{ value: 'ok', label: '充足' }, { value: 'short', label: '不足' }, { value: 'na', label: '不涉及' }], noteRequired: ['short'] },
  { key: 'heating', label: '取暖', statuses: [{ value: 'ok', label: '正常' }, { value: 'short', label: '不足' }, { value: 'problem', label: '存在问题' }, { value: 'na', label: '不涉及' }], noteRequired: ['short', 'problem'] },
  { key: 'food', label: '米面油肉菜储备', statuses: [{ value: 'ok', label: '充足' }, { value: 'short', label: '不足' }, { value: 'na', label: '不涉及' }], noteRequired: ['short'] },
  { key: 'electricity', label: '用电安全', statuses: [{ value: 'ok', label: '正常' }, { value: 'problem', label: '存在隐患' }, { value: 'na', label: '不涉及' }], noteRequired: ['problem'] },
  { key: 'gas', label: '用气安全', statuses: [{ value: 'ok', label: '正常' }, { value: 'problem', label: '存在隐患' }, { value: 'na', label: '不涉及' }], noteRequired: ['problem'] },
  { key: 'fire', label: '用火安全', statuses: [{ value: 'ok', label: '正常' }, { value: 'problem', label: '存在隐患' }, { value: 'na', label: '不涉及' }], noteRequired: ['problem'] },
  { key: 'health', label: '健康状况', statuses: [{ value: 'ok', label: '良好' }, { value: 'problem', label: '需要关注' }], noteRequired: ['problem'] },
  { key: 'needs', label: '需求', statuses: [{ value: 'ok', label: '无' }, { value: 'problem', label: '有需求' }], noteRequired: ['problem'] },
];
export const CHECK_ITEM_LABELS = Object.fromEntries(CHECKLIST.map((i) => [i.key, i.label])) as Record<CheckItemKey, string>;

export const CheckAnswer = z.object({ status: CheckStatus, note: Text(200).default('') });
export type CheckAnswer = z.infer<typeof CheckAnswer>;

/** Every item answered, with an answer the item accepts and a note where the answer needs one. */
export const Checklist = z.object(
  Object.fromEntries(CHECK_ITEM_KEYS.map((k) => [k, CheckAnswer])) as Record<CheckItemKey, typeof CheckAnswer>,
  '请填写入户检查清单',
).superRefine((c, ctx) => {
  for (const item of CHECKLIST) {
    const a = c[item.key];
    if (!item.statuses.some((s) => s.value === a.status)) {
      ctx.addIssue({ code: 'custom', path: [item.key, 'status'], message: `“${item.label}”应为：${item.statuses.map((s) => s.label).join('、')}` });
    } else if (item.noteRequired.includes(a.status) && a.note.trim().length < 2) {
      const label = item.statuses.find((s) => s.value === a.status)!.label;
      ctx.addIssue({ code: 'custom', path: [item.key, 'note'], message: `“${item.label}”为“${label}”时请说明具体情况` });
    }
  }
});
export type Checklist = z.infer<typeof Checklist>;

/** The items answered with something other than 正常/不涉及 (for lists and the offline summary). */
export function checklistConcerns(c: Checklist): { key: CheckItemKey; label: string; answer: string; note: string }[] {
  return CHECKLIST.flatMap((item) => {
    const a = c[item.key];
    if (a.status === 'ok' || a.status === 'na') return [];
    return [{ key: item.key, label: item.label, answer: item.statuses.find((s) => s.value === a.status)?.label ?? a.status, note: a.note }];
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Money: 慰问金 typed in yuan with at most two decimals, stored in cents (fen)

/** Yuan as typed on a phone ("200", "200.5", "1,200.00") → cents; a `DomainError` naming 慰问金 otherwise. */
export function parseYuanToCents(text: string | number, field = 'cashYuan'): number {
  const t = typeof text === 'number' ? String(text) : text.trim().replace(/[,，\s]/g, '').replace(/元$/, '');
  if (t === '') return 0;
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) {
    const why = /^-/.test(t) ? '不能为负数' : /\.\d{3,}$/.test(t) ? '最多两位小数' : '应为金额（元），最多两位小数';
    throw new DomainError('VALIDATION', `慰问金${why}`, { field });
  }
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (cents > 10_000_000) throw new DomainError('VALIDATION', '慰问金不能超过10万元', { field });
  return cents;
}

/** 12050 → "120.50" */
export function centsToYuan(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

const YuanText = z.string().trim().max(20).refine((t) => {
  try {
    parseYuanToCents(t);
    return true;
  } catch {
    return false;
  }
}, '慰问金应为金额（元），最多两位小数，不超过10万元');

// ---------------------------------------------------------------------------------------------------------------
// Photos

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const PhotoContentType = z.enum(PHOTO_TYPES, '照片应为 JPEG、PNG 或 WebP 格式');
export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
/** Base64 of MAX_PHOTO_BYTES is at most this long. */
const MAX_PHOTO_BASE64 = Math.ceil(MAX_PHOTO_BYTES / 3) * 4;

export const PhotoUpload = z.object({
  contentType: PhotoContentType,
  /** Base64 (no data: prefix), ≤ 2 MB once decoded; the server checks the bytes are the image type named. */
  data: z.string().min(8, '照片内容为空').max(MAX_PHOTO_BASE64 + 8, '单张照片不能超过2MB').regex(/^[A-Za-z0-9+/]+=*$/, '照片应为 Base64 编码'),
});
export type PhotoUpload = z.infer<typeof PhotoUpload>;

/** The image type a file's first bytes show, or null. */
export function sniffImageType(bytes: Uint8Array): (typeof PHOTO_TYPES)[number] | null {
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'image/png';
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46 && b(8) === 0x57 && b(9) === 0x45 && b(10) === 0x42 && b(11) === 0x50) {
    return 'image/webp';
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Visits: the sync request (online and offline alike)

export const Position = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});
export type Position = z.infer<typeof Position>;

function checkOutcome(v: { outcome: VisitOutcome; outcomeDetail: string }, ctx: z.RefinementCtx) {
  const d = OUTCOME_DETAIL[v.outcome];
  if (d.required && v.outcomeDetail.trim().length < 2) {
    ctx.addIssue({ code: 'custom', path: ['outcomeDetail'], message: `走访结果为“${VISIT_OUTCOME.labels[v.outcome]}”时请填写${d.label}` });
  }
}

const VisitFields = z.object({
  visitedAt: z.iso.datetime({ offset: true, message: '走访时间格式不正确' }),
  checklist: Checklist,
  /** 慰问金, yuan with at most two decimals ("200", "200.50"); stored in cents. */
  cashYuan: YuanText.default('0'),
  goods: Text(200).default(''),
  companions: Text(200).default(''),
  outcome: z.enum(VisitOutcome.options, '请选择走访结果'),
  /** What the outcome needs: the need (需要救助), the hazard (存在安全隐患), the problems (情况复杂). */
  outcomeDetail: Text(1000).default(''),
  note: Text(1000).default(''),
});

export const VisitSyncRequest = VisitFields.extend({
  /** Generated on the phone when the visit is recorded; the same clientId again returns the stored visit. */
  clientId: z.uuid('客户端记录编号应为 UUID'),
  /** The task this visit completes. Omit (or send asExtraVisit) to record a visit outside any task. */
  taskId: Id.optional(),
  /** After a VISIT_TASK_DONE conflict: record this visit as an extra one, not linked to the task. */
  asExtraVisit: z.boolean().default(false),
  householdId: Id.optional(),
  memberId: Id.optional(),
  /** For a visit outside any task (default 其他走访); a task's visit takes the task's kind. */
  kind: VisitKind.optional(),
  position: Position.nullable().default(null),
  photos: z.array(PhotoUpload).max(MAX_PHOTOS, `照片最多${MAX_PHOTOS}张`).default([]),
  recordedOffline: z.boolean().default(false),
}).superRefine((v, ctx) => {
  if (v.taskId === undefined && v.householdId === undefined && v.memberId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['householdId'], message: '请选择走访的任务、家庭或人员' });
  }
  checkOutcome(v, ctx);
});
export type VisitSyncRequest = z.infer<typeof VisitSyncRequest>;
export type VisitSyncInput = z.input<typeof VisitSyncRequest>;

/** Editing a stored visit: the answers, money and notes; the outcome and its follow-up stay as recorded. */
export const UpdateVisitRequest = VisitFields.omit({ outcome: true, outcomeDetail: true }).extend({
  version: z.number().int().min(1),
});
export type UpdateVisitRequest = z.infer<typeof UpdateVisitRequest>;

// ---------------------------------------------------------------------------------------------------------------
// Visits: views

export const VisitSummary = z.object({
  id: z.number().int(),
  visitorId: z.number().int(),
  visitorName: z.string(),
  visitedAt: z.string(),
  outcome: VisitOutcome,
  recordedOffline: z.boolean(),
});
export type VisitSummary = z.infer<typeof VisitSummary>;

export const VisitView = z.object({
  id: z.number().int(),
  clientId: z.string(),
  taskId: z.number().int().nullable(),
  kind: VisitKind,
  regionCode: RegionCode,
  regionName: z.string(),
  householdId: z.number().int().nullable(),
  headName: z.string().nullable(),
  address: z.string().nullable(),
  memberId: z.number().int().nullable(),
  memberName: z.string().nullable(),
  /** Masked phone of the member visited, or of the household head. */
  phoneMasked: z.string().nullable(),
  visitorId: z.number().int(),
  visitorName: z.string(),
  visitedAt: z.string(),
  checklist: Checklist,
  cashCents: z.number().int(),
  cashYuan: z.string(),
  goods: z.string(),
  companions: z.string(),
  position: Position.nullable(),
  outcome: VisitOutcome,
  outcomeDetail: z.string(),
  note: z.string(),
  leadId: z.number().int().nullable(),
  hazardId: z.number().int().nullable(),
  carePlanId: z.number().int().nullable(),
  recordedOffline: z.boolean(),
  photoCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type VisitView = z.infer<typeof VisitView>;

/** `details` of a 409 VISIT_TASK_DONE: the visit that already completed the task. */
export const VisitTaskDoneDetails = z.object({ taskId: z.number().int(), visit: VisitSummary });
export type VisitTaskDoneDetails = z.infer<typeof VisitTaskDoneDetails>;
/** `details` of a 409 VISIT_VERSION: the server's current copy. */
export const VisitVersionDetails = z.object({ current: VisitView });
export type VisitVersionDetails = z.infer<typeof VisitVersionDetails>;

export const VisitListItem = VisitSummary.extend({
  kind: VisitKind,
  taskId: z.number().int().nullable(),
  regionCode: RegionCode,
  regionName: z.string(),
  householdId: z.number().int().nullable(),
  headName: z.string().nullable(),
  memberId: z.number().int().nullable(),
  memberName: z.string().nullable(),
  cashCents: z.number().int(),
  outcomeDetail: z.string(),
  photoCount: z.number().int(),
});
export type VisitListItem = z.infer<typeof VisitListItem>;

export const VisitQuery = z.object({
  regionCode: RegionCode.optional(),
  householdId: z.coerce.number().int().positive().optional(),
  memberId: z.coerce.number().int().positive().optional(),
  outcome: VisitOutcome.optional(),
  kind: VisitKind.optional(),
  visitorId: z.coerce.number().int().positive().optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  ...Page,
});
export type VisitQuery = z.infer<typeof VisitQuery>;

export const VisitPage = z.object({ items: z.array(VisitListItem), total: z.number().int() });
export type VisitPage = z.infer<typeof VisitPage>;

// ---------------------------------------------------------------------------------------------------------------
// Campaigns

/** Who a campaign is about: the registry's household categories and member tags (any of them). */
export const TargetGroups = z.object({
  categories: z.array(CategoryKind).max(10).default([]),
  tags: z.array(MemberTag).max(20).default([]),
  note: Text(500).default(''),
});
export type TargetGroups = z.infer<typeof TargetGroups>;

export const CampaignTaskInput = z.object({
  seq: z.number().int().min(1).max(99),
  title: Text(100).min(2, '请填写任务名称'),
  description: Text(2000).default(''),
  dueOn: IsoDate.nullable().default(null),
});
export type CampaignTaskInput = z.infer<typeof CampaignTaskInput>;

const CampaignFields = z.object({
  name: Text(100).min(2, '请填写行动名称'),
  docNumber: Text(50).nullable().default(null),
  startsOn: IsoDate,
  endsOn: IsoDate,
  description: Text(5000).default(''),
  targetGroups: TargetGroups.default({ categories: [], tags: [], note: '' }),
  tasks: z.array(CampaignTaskInput).min(1, '请至少填写一项任务').max(30),
});

function checkCampaign(c: { startsOn: string; endsOn: string; tasks: { seq: number }[] }, ctx: z.RefinementCtx) {
  if (c.endsOn < c.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: '结束日期不能早于开始日期' });
  const seqs = c.tasks.map((t) => t.seq);
  if (new Set(seqs).size !== seqs.length) ctx.addIssue({ code: 'custom', path: ['tasks'], message: '任务序号不能重复' });
}

export const CreateCampaignRequest = CampaignFields.extend({
  /** The launching region (default: the user's own region); must be inside the user's jurisdiction. */
  regionCode: RegionCode.optional(),
}).superRefine(checkCampaign);
export type CreateCampaignRequest = z.infer<typeof CreateCampaignRequest>;

/** Edits by the launcher: the header, and tasks added or changed by seq (a task cannot be removed). */
export const UpdateCampaignRequest = CampaignFields.extend({ version: z.number().int().min(1) }).superRefine(checkCampaign);
export type UpdateCampaignRequest = z.infer<typeof UpdateCampaignRequest>;

export const CloseCampaignRequest = z.object({ version: z.number().int().min(1) });
export type CloseCampaignRequest = z.infer<typeof CloseCampaignRequest>;

/** A region's own progress on one task; `version` 0 when the region has not reported yet. */
export const ReportCampaignTaskRequest = z.object({
  status: z.enum(ReportStatus.options, '请选择落实情况'),
  note: Text(1000).default(''),
  version: z.number().int().min(0),
});
export type ReportCampaignTaskRequest = z.infer<typeof ReportCampaignTaskRequest>;

export const CampaignQuery = z.object({ status: CampaignStatus.optional(), q: Text(50).optional(), ...Page });
export type CampaignQuery = z.infer<typeof CampaignQuery>;

export const CampaignListItem = z.object({
  id: z.number().int(),
  name: z.string(),
  docNumber: z.string().nullable(),
  regionCode: RegionCode,
  regionName: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: CampaignStatus,
  taskCount: z.number().int(),
  /** Tasks the viewer's own region reported done. */
  ownDone: z.number().int(),
  launchedHere: z.boolean(),
  version: z.number().int(),
});
export type CampaignListItem = z.infer<typeof CampaignListItem>;

export const CampaignPage = z.object({ items: z.array(CampaignListItem), total: z.number().int() });
export type CampaignPage = z.infer<typeof CampaignPage>;

export const TaskReportView = z.object({
  regionCode: RegionCode,
  regionName: z.string(),
  status: ReportStatus,
  note: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  version: z.number().int(),
});
export type TaskReportView = z.infer<typeof TaskReportView>;

export const CampaignTaskView = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  title: z.string(),
  description: z.string(),
  dueOn: z.string().nullable(),
  /** The viewer's own region's report (status 未开始, version 0 when none yet). */
  own: TaskReportView,
  /** The viewer's direct child regions inside the campaign's scope. */
  rollup: z.object({ done: z.number().int(), inProgress: z.number().int(), notStarted: z.number().int() }),
  children: z.array(TaskReportView),
});
export type CampaignTaskView = z.infer<typeof CampaignTaskView>;

export const Coverage = z.object({
  due: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
  /** done / due in percent with one decimal; null when nothing is due. */
  rate: z.number().nullable(),
});
export type Coverage = z.infer<typeof Coverage>;

export const CampaignDetail = CampaignListItem.extend({
  description: z.string(),
  targetGroups: TargetGroups,
  createdBy: z.string().nullable(),
  /** The region the viewer sees the campaign for (their own). */
  viewerRegionCode: RegionCode,
  viewerRegionName: z.string(),
  tasks: z.array(CampaignTaskView),
  /** Visit tasks of the campaign's plans inside the viewer's jurisdiction. */
  coverage: Coverage,
  canEdit: z.boolean(),
  canReport: z.boolean(),
});
export type CampaignDetail = z.infer<typeof CampaignDetail>;

/** Coverage as a percentage with one decimal, null when nothing is due. */
export function coverageRate(done: number, due: number): number | null {
  return due === 0 ? null : Math.round((done / due) * 1000) / 10;
}

/** Counts of the statuses of the child regions' reports, a missing report counting as 未开始. */
export function rollupReports(statuses: readonly (ReportStatus | null)[]): { done: number; inProgress: number; notStarted: number } {
  const r = { done: 0, inProgress: 0, notStarted: 0 };
  for (const s of statuses) {
    if (s === 'done') r.done++;
    else if (s === 'in_progress') r.inProgress++;
    else r.notStarted++;
  }
  return r;
}

// ---------------------------------------------------------------------------------------------------------------
// Visit plans and tasks

/** Households of the registry: any of the categories, any of the member tags, in the villages (empty = all). */
export const HouseholdFilter = z.object({
  categories: z.array(CategoryKind).max(10).default([]),
  tags: z.array(MemberTag).max(20).default([]),
  villageCodes: z.array(RegionCode).max(500).default([]),
}).refine((f) => f.categories.length + f.tags.length > 0, { message: '请至少选择一个保障类别或人员标识', path: ['categories'] });
export type HouseholdFilter = z.infer<typeof HouseholdFilter>;

export const Assignment = z.object({
  mode: z.enum(AssignMode.options, '请选择分派方式'),
  /** The user for mode 指定人员. */
  userId: Id.optional(),
  /** For mode 结对领导干部: households without a pairing. */
  fallback: LeaderFallback.default('village_workers'),
}).refine((a) => a.mode !== 'user' || a.userId !== undefined, { message: '请选择走访人员', path: ['userId'] });
export type Assignment = z.infer<typeof Assignment>;

export const CreatePlanRequest = z.object({
  regionCode: RegionCode,
  name: Text(100).min(2, '请填写计划名称'),
  kind: z.enum(PLANNABLE_KINDS, '请选择走访类型'),
  campaignId: Id.nullable().default(null),
  dueOn: IsoDate,
  filter: HouseholdFilter,
  assignment: Assignment,
});
export type CreatePlanRequest = z.infer<typeof CreatePlanRequest>;

export const PlanQuery = z.object({
  regionCode: RegionCode.optional(),
  campaignId: z.coerce.number().int().positive().optional(),
  status: PlanStatus.optional(),
  ...Page,
});
export type PlanQuery = z.infer<typeof PlanQuery>;

export const PlanListItem = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: VisitKind,
  campaignId: z.number().int().nullable(),
  campaignName: z.string().nullable(),
  regionCode: RegionCode,
  regionName: z.string(),
  dueOn: z.string(),
  status: PlanStatus,
  planned: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type PlanListItem = z.infer<typeof PlanListItem>;

export const PlanPage = z.object({ items: z.array(PlanListItem), total: z.number().int() });
export type PlanPage = z.infer<typeof PlanPage>;

export const VisitTaskItem = z.object({
  id: z.number().int(),
  planId: z.number().int().nullable(),
  planName: z.string().nullable(),
  kind: VisitKind,
  regionCode: RegionCode,
  regionName: z.string(),
  householdId: z.number().int().nullable(),
  headName: z.string().nullable(),
  address: z.string().nullable(),
  memberId: z.number().int().nullable(),
  memberName: z.string().nullable(),
  assigneeId: z.number().int().nullable(),
  assigneeName: z.string().nullable(),
  leaderName: z.string().nullable(),
  dueOn: z.string(),
  period: z.string().nullable(),
  reason: z.string(),
  status: TaskStatus,
  overdue: z.boolean(),
  visitId: z.number().int().nullable(),
  doneAt: z.string().nullable(),
});
export type VisitTaskItem = z.infer<typeof VisitTaskItem>;

export const PlanProgressRow = z.object({
  regionCode: RegionCode,
  regionName: z.string(),
  planned: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
});
export type PlanProgressRow = z.infer<typeof PlanProgressRow>;

export const PlanDetail = PlanListItem.extend({
  filter: HouseholdFilter,
  assignment: Assignment,
  unassigned: z.number().int(),
  cancelled: z.number().int(),
  /** Per direct child region of the viewer's region (or of the plan's region when the viewer is above it). */
  progress: z.array(PlanProgressRow),
  overdueTasks: z.array(VisitTaskItem),
});
export type PlanDetail = z.infer<typeof PlanDetail>;

export const TaskQuery = z.object({
  regionCode: RegionCode.optional(),
  planId: z.coerce.number().int().positive().optional(),
  kind: VisitKind.optional(),
  status: TaskStatus.optional(),
  overdue: z.stringbool().optional(),
  /** `me`: tasks assigned to the signed-in user. */
  assignee: z.enum(['me', 'unassigned']).optional(),
  householdId: z.coerce.number().int().positive().optional(),
  dueFrom: IsoDate.optional(),
  dueTo: IsoDate.optional(),
  ...Page,
});
export type TaskQuery = z.infer<typeof TaskQuery>;

export const TaskPage = z.object({ items: z.array(VisitTaskItem), total: z.number().int() });
export type TaskPage = z.infer<typeof TaskPage>;

export const ReassignTaskRequest = z.object({ assigneeId: Id.nullable() });
export type ReassignTaskRequest = z.infer<typeof ReassignTaskRequest>;

export const CancelTaskRequest = z.object({ reason: Text(200).min(2, '请填写取消原因') });
export type CancelTaskRequest = z.infer<typeof CancelTaskRequest>;

// ---------------------------------------------------------------------------------------------------------------
// Leader pairings (领导干部联系困难群众)

export const CreatePairingRequest = z.object({
  householdId: Id,
  leaderName: Text(50).min(1, '请填写领导干部姓名'),
  leaderTitle: Text(100).default(''),
  leaderUserId: Id.nullable().default(null),
  startedOn: IsoDate,
});
export type CreatePairingRequest = z.infer<typeof CreatePairingRequest>;

export const EndPairingRequest = z.object({ endedOn: IsoDate });
export type EndPairingRequest = z.infer<typeof EndPairingRequest>;

export const PairingQuery = z.object({
  regionCode: RegionCode.optional(),
  householdId: z.coerce.number().int().positive().optional(),
  active: z.stringbool().optional(),
  ...Page,
});
export type PairingQuery = z.infer<typeof PairingQuery>;

export const PairingView = z.object({
  id: z.number().int(),
  householdId: z.number().int(),
  headName: z.string(),
  regionCode: RegionCode,
  regionName: z.string(),
  leaderName: z.string(),
  leaderTitle: z.string(),
  leaderUserId: z.number().int().nullable(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
});
export type PairingView = z.infer<typeof PairingView>;

export const PairingPage = z.object({ items: z.array(PairingView), total: z.number().int() });
export type PairingPage = z.infer<typeof PairingPage>;

// ---------------------------------------------------------------------------------------------------------------
// The offline pack: what a visitor's phone needs to work a day without a network

export const OfflineMember = z.object({
  id: z.number().int(),
  name: z.string(),
  relation: Relation,
  age: z.number().int(),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  tags: z.array(MemberTag),
});
export type OfflineMember = z.infer<typeof OfflineMember>;

export const OfflineHousehold = z.object({
  id: z.number().int(),
  regionCode: RegionCode,
  regionName: z.string(),
  headName: z.string(),
  address: z.string(),
  categories: z.array(CategoryKind),
  members: z.array(OfflineMember),
});
export type OfflineHousehold = z.infer<typeof OfflineHousehold>;

export const OfflineTask = z.object({
  id: z.number().int(),
  kind: VisitKind,
  planName: z.string().nullable(),
  householdId: z.number().int().nullable(),
  memberId: z.number().int().nullable(),
  dueOn: z.string(),
  reason: z.string(),
  overdue: z.boolean(),
  /** Assigned to the user; false for an unassigned task of the user's village. */
  mine: z.boolean(),
});
export type OfflineTask = z.infer<typeof OfflineTask>;

export const CheckItemDefView = z.object({
  key: CheckItemKey,
  label: z.string(),
  statuses: z.array(z.object({ value: CheckStatus, label: z.string() })),
  noteRequired: z.array(CheckStatus),
});

export const OfflinePack = z.object({
  serverTime: z.string(),
  asOf: z.string(),
  userId: z.number().int(),
  tasks: z.array(OfflineTask),
  households: z.array(OfflineHousehold),
  checklist: z.array(CheckItemDefView),
  outcomes: z.array(z.object({ value: VisitOutcome, label: z.string(), detailLabel: z.string(), detailRequired: z.boolean() })),
});
export type OfflinePack = z.infer<typeof OfflinePack>;

// ---------------------------------------------------------------------------------------------------------------
// Dashboard

export const VisitsDashboardQuery = z.object({
  regionCode: RegionCode.optional(),
  campaignId: z.coerce.number().int().positive().optional(),
  /** Tasks due in [from, to] (China dates); default: the campaign's period, or the current month. */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export type VisitsDashboardQuery = z.infer<typeof VisitsDashboardQuery>;

export const DashboardCoverageRow = Coverage.extend({ regionCode: RegionCode, regionName: z.string() });
export type DashboardCoverageRow = z.infer<typeof DashboardCoverageRow>;

export const VisitsDashboardView = z.object({
  asOf: z.string(),
  from: z.string(),
  to: z.string(),
  region: DashboardCoverageRow,
  children: z.array(DashboardCoverageRow),
  /** Open tasks past their due date (any due date), by kind. */
  overdueByKind: z.record(VisitKind, z.number().int()),
  campaign: z.object({
    id: z.number().int(),
    name: z.string(),
    tasks: z.array(z.object({
      id: z.number().int(), seq: z.number().int(), title: z.string(),
      done: z.number().int(), inProgress: z.number().int(), notStarted: z.number().int(),
    })),
  }).nullable(),
});
export type VisitsDashboardView = z.infer<typeof VisitsDashboardView>;
