/** Safety hazards, institution inspections, weather warnings (C7) and 一人一策 plans. */
import { z } from 'zod';
import { DomainError } from './errors.js';
import { RegionCode } from './region.js';
import { labelled } from './registry.js';

const Text = (max: number) => z.string().trim().max(max, `不能超过${max}个字`);
const DateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为YYYY-MM-DD');

// ---------------------------------------------------------------------------------------------------------------
// Vocabularies

export const HAZARD_SOURCE = labelled(['visit', 'inspection', 'other'], { visit: '走访发现', inspection: '机构检查', other: '其他报告' });
export const HazardSource = HAZARD_SOURCE.schema;
export type HazardSource = z.infer<typeof HazardSource>;

export const HAZARD_CATEGORY = labelled(['electricity', 'gas', 'fire_use', 'building', 'fire_safety', 'food', 'other'], {
  electricity: '用电', gas: '用气', fire_use: '用火', building: '房屋', fire_safety: '消防', food: '食品', other: '其他',
});
export const HazardCategory = HAZARD_CATEGORY.schema;
export type HazardCategory = z.infer<typeof HazardCategory>;

export const HAZARD_SEVERITY = labelled(['general', 'major', 'serious'], { general: '一般', major: '较大', serious: '重大' });
export const HazardSeverity = HAZARD_SEVERITY.schema;
export type HazardSeverity = z.infer<typeof HazardSeverity>;

export const HAZARD_STATUS = labelled(['pending', 'rectifying', 'awaiting_verification', 'closed'], {
  pending: '待整改', rectifying: '整改中', awaiting_verification: '待验收', closed: '已销号',
});
export const HazardStatus = HAZARD_STATUS.schema;
export type HazardStatus = z.infer<typeof HazardStatus>;

export const HAZARD_ACTION = labelled(['start', 'rectify', 'verify'], { start: '开始整改', rectify: '提交验收', verify: '验收' });
export const HazardAction = HAZARD_ACTION.schema;
export type HazardAction = z.infer<typeof HazardAction>;

export const HAZARD_EVENT_ACTION = labelled(['create', 'edit', 'start', 'rectify', 'verify_pass', 'verify_fail'], {
  create: '登记隐患', edit: '修改隐患信息', start: '开始整改', rectify: '提交验收', verify_pass: '验收通过并销号', verify_fail: '验收不通过，退回整改',
});
export type HazardEventAction = (typeof HAZARD_EVENT_ACTION.schema.options)[number];

export const INSTITUTION_TYPE = labelled(['elderly_care', 'child_welfare', 'rescue_station', 'other'], {
  elderly_care: '养老机构', child_welfare: '儿童福利机构', rescue_station: '救助管理站', other: '其他',
});
export const InstitutionType = INSTITUTION_TYPE.schema;
export type InstitutionType = z.infer<typeof InstitutionType>;

/** The rescue stations' 五个清单 (seed 001): every checklist item sits under one of them. */
export const INSPECTION_LIST = labelled(['responsibility', 'inspection', 'risk', 'rectification', 'standard'], {
  responsibility: '责任清单', inspection: '检查清单', risk: '风险清单', rectification: '整改清单', standard: '标准清单',
});
export const InspectionList = INSPECTION_LIST.schema;
export type InspectionList = z.infer<typeof InspectionList>;

// ---------------------------------------------------------------------------------------------------------------
// Deadlines

/** Calendar days to rectify by severity: 重大 3 days, 较大 7 days, 一般 30 days. */
export const HAZARD_DEADLINE_DAYS: Record<HazardSeverity, number> = { serious: 3, major: 7, general: 30 };

function addDays(date: string, n: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`invalid date: ${date}`);
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The default rectification deadline of a hazard found on `foundOn` (a China date). */
export function defaultHazardDeadline(severity: HazardSeverity, foundOn: string): string {
  return addDays(foundOn, HAZARD_DEADLINE_DAYS[severity]);
}

/** Overdue: not closed and today is after the deadline (the deadline day itself is still in time). */
export function isHazardOverdue(h: { status: HazardStatus; deadline: string }, today: string): boolean {
  return h.status !== 'closed' && today > h.deadline;
}

// ---------------------------------------------------------------------------------------------------------------
// State machine

export const HAZARD_ACTIONS_BY_STATUS = {
  pending: ['start', 'rectify'],
  rectifying: ['rectify'],
  awaiting_verification: ['verify'],
  closed: [],
} as const satisfies Record<HazardStatus, readonly HazardAction[]>;

export interface HazardState {
  status: HazardStatus;
  rectification: string | null;
  rectifiedBy: number | null;
  rectifiedAt: string | null;
  verifiedBy: number | null;
  verifiedAt: string | null;
  verificationNote: string | null;
  closedAt: string | null;
}

export type HazardActionInput =
  | { type: 'start'; at: string }
  | { type: 'rectify'; text: string; actorId: number; at: string }
  | { type: 'verify'; passed: boolean; note: string; actorId: number; canVerify: boolean; at: string };

export function newHazardState(): HazardState {
  return {
    status: 'pending', rectification: null, rectifiedBy: null, rectifiedAt: null, verifiedBy: null, verifiedAt: null,
    verificationNote: null, closedAt: null,
  };
}

export function hazardActionRefusal(status: HazardStatus, action: HazardAction): DomainError {
  const allowed = HAZARD_ACTIONS_BY_STATUS[status] as readonly HazardAction[];
  const list = allowed.length ? `可进行的操作：${allowed.map((a) => HAZARD_ACTION.labels[a]).join('、')}` : '不能再进行操作';
  return new DomainError('CONFLICT', `隐患当前状态为“${HAZARD_STATUS.labels[status]}”，不能${HAZARD_ACTION.labels[action]}；${list}`, {
    details: { status, action, allowed },
  });
}

/**
 * The actions a user can take on a hazard now: the status allows them, and for 验收 the user holds hazards.verify
 * and is not the one who submitted the rectification.
 */
export function availableHazardActions(state: Pick<HazardState, 'status' | 'rectifiedBy'>, user: { id: number; canVerify: boolean; canWrite: boolean }): HazardAction[] {
  return (HAZARD_ACTIONS_BY_STATUS[state.status] as readonly HazardAction[]).filter((a) =>
    a === 'verify' ? user.canVerify && state.rectifiedBy !== user.id : user.canWrite);
}

/**
 * The hazard after an action, or a DomainError: CONFLICT when the status does not allow it; FORBIDDEN when the
 * verifier lacks hazards.verify or rectified the hazard themself; VALIDATION for a missing text. Never mutates.
 */
export function applyHazardAction(state: HazardState, action: HazardActionInput): HazardState {
  if (!(HAZARD_ACTIONS_BY_STATUS[state.status] as readonly HazardAction[]).includes(action.type)) {
    throw hazardActionRefusal(state.status, action.type);
  }
  switch (action.type) {
    case 'start':
      return { ...state, status: 'rectifying' };
    case 'rectify': {
      const text = action.text.trim();
      if (text.length < 2) throw new DomainError('VALIDATION', '请填写整改情况', { field: 'text' });
      return { ...state, status: 'awaiting_verification', rectification: text, rectifiedBy: action.actorId, rectifiedAt: action.at };
    }
    case 'verify': {
      if (!action.canVerify) throw new DomainError('FORBIDDEN', '您没有验收隐患整改的权限');
      if (state.rectifiedBy !== null && state.rectifiedBy === action.actorId) {
        throw new DomainError('FORBIDDEN', '整改人不能验收自己提交的整改，请由其他有验收权限的人员验收');
      }
      const note = action.note.trim();
      if (!action.passed && note.length < 2) throw new DomainError('VALIDATION', '验收不通过时请填写原因', { field: 'note' });
      if (action.passed) {
        return { ...state, status: 'closed', verifiedBy: action.actorId, verifiedAt: action.at, verificationNote: note || null, closedAt: action.at };
      }
      return { ...state, status: 'rectifying', verifiedBy: action.actorId, verifiedAt: action.at, verificationNote: note };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Inspection checklist: the 五个清单 with default items per institution type

export interface ChecklistItemDef {
  key: string;
  list: InspectionList;
  label: string;
  category: HazardCategory;
  /** The severity of the hazard a failed item opens. */
  severity: HazardSeverity;
}

const COMMON_ITEMS: ChecklistItemDef[] = [
  { key: 'duty_people', list: 'responsibility', label: '安全责任人、管理人明确，岗位责任落实到人', category: 'other', severity: 'general' },
  { key: 'duty_watch', list: 'responsibility', label: '值班值守：24小时值班，领导带班，值班记录完整', category: 'other', severity: 'major' },
  { key: 'fire_facilities', list: 'inspection', label: '消防设施：灭火器、消火栓、烟感报警完好有效，疏散通道畅通', category: 'fire_safety', severity: 'serious' },
  { key: 'heating', list: 'inspection', label: '取暖设备：取暖器具安全使用，无私拉乱接、无违规使用大功率电器', category: 'electricity', severity: 'major' },
  { key: 'wiring', list: 'inspection', label: '用电线路：线路无老化破损，配电箱规范，无超负荷用电', category: 'electricity', severity: 'major' },
  { key: 'gas', list: 'inspection', label: '燃气使用：燃气管道、阀门完好，有报警装置，通风良好', category: 'gas', severity: 'serious' },
  { key: 'food', list: 'inspection', label: '食品安全：食材来源可追溯，留样、消毒、从业人员健康证齐全', category: 'food', severity: 'major' },
  { key: 'night_patrol', list: 'inspection', label: '夜间巡查：夜间定时巡查，巡查记录完整', category: 'other', severity: 'general' },
  { key: 'risk_building', list: 'risk', label: '房屋安全：建筑无裂缝、渗漏，雨雪冰冻天气屋顶、围墙安全', category: 'building', severity: 'serious' },
  { key: 'risk_fire_use', list: 'risk', label: '用火安全：无明火取暖，吸烟和焚烧物品管控到位', category: 'fire_use', severity: 'major' },
  { key: 'rectify_ledger', list: 'rectification', label: '整改台账：以往检查发现的问题已建立台账并按期整改', category: 'other', severity: 'general' },
  { key: 'emergency_plan', list: 'standard', label: '应急预案和演练：有应急预案，本季度开展过消防和防寒演练', category: 'fire_safety', severity: 'general' },
  { key: 'staff_training', list: 'standard', label: '人员培训：工作人员掌握消防器材使用和疏散流程', category: 'fire_safety', severity: 'general' },
];

const EXTRA_ITEMS: Record<InstitutionType, ChecklistItemDef[]> = {
  rescue_station: [
    { key: 'admission_check', list: 'standard', label: '入站安检：受助人员入站安全检查，危险物品登记保管', category: 'other', severity: 'major' },
    { key: 'zoning', list: 'standard', label: '分类分区：按性别、年龄、身体状况分区安置', category: 'other', severity: 'general' },
    { key: 'cold_supplies', list: 'risk', label: '御寒物资：棉被、棉衣、药品储备充足', category: 'other', severity: 'major' },
  ],
  elderly_care: [
    { key: 'fall_prevention', list: 'risk', label: '防跌倒：扶手、防滑、呼叫设施完好', category: 'building', severity: 'major' },
    { key: 'medicine', list: 'standard', label: '药品管理：老人用药专人管理、记录完整', category: 'other', severity: 'general' },
  ],
  child_welfare: [
    { key: 'child_safety', list: 'risk', label: '儿童安全：门禁、窗户护栏、危险物品管控到位', category: 'building', severity: 'serious' },
  ],
  other: [],
};

/** The default checklist of an inspection of an institution of `type`, grouped by the 五个清单 in order. */
export function defaultChecklist(type: InstitutionType): ChecklistItemDef[] {
  const order = INSPECTION_LIST.schema.options;
  return [...COMMON_ITEMS, ...EXTRA_ITEMS[type]].sort((a, b) => order.indexOf(a.list) - order.indexOf(b.list));
}

// ---------------------------------------------------------------------------------------------------------------
// Weather warnings

export const WEATHER_KIND = labelled(['cold_wave', 'freezing', 'temperature_drop', 'blizzard', 'gale'], {
  cold_wave: '寒潮', freezing: '冰冻雨雪', temperature_drop: '气温骤降', blizzard: '暴雪', gale: '大风',
});
export const WeatherKind = WEATHER_KIND.schema;
export type WeatherKind = z.infer<typeof WeatherKind>;

export const WEATHER_LEVEL = labelled(['blue', 'yellow', 'orange', 'red'], { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' });
export const WeatherLevel = WEATHER_LEVEL.schema;
export type WeatherLevel = z.infer<typeof WeatherLevel>;

/** `寒潮橙色预警` */
export function weatherWarningLabel(kind: WeatherKind, level: WeatherLevel): string {
  return `${WEATHER_KIND.labels[kind]}${WEATHER_LEVEL.labels[level]}预警`;
}

export function isWarningActive(w: { startsOn: string; endsOn: string }, today: string): boolean {
  return w.startsOn <= today && today <= w.endsOn;
}

// ---------------------------------------------------------------------------------------------------------------
// 一人一策 plans

export const CARE_PLAN_STATUS = labelled(['drafting', 'active', 'review', 'closed'], {
  drafting: '制定中', active: '实施中', review: '待复核', closed: '已结案',
});
export const CarePlanStatus = CARE_PLAN_STATUS.schema;
export type CarePlanStatus = z.infer<typeof CarePlanStatus>;

export const CARE_PLAN_ACTION = labelled(['edit', 'start', 'submit_review', 'reopen', 'close'], {
  edit: '修改方案', start: '开始实施', submit_review: '提交复核', reopen: '继续实施', close: '结案',
});
export const CarePlanAction = CARE_PLAN_ACTION.schema;
export type CarePlanAction = z.infer<typeof CarePlanAction>;

export const CARE_PLAN_EVENT_LABELS: Record<'create' | CarePlanAction, string> = { create: '制定方案', ...CARE_PLAN_ACTION.labels };

export const CARE_PLAN_ACTIONS_BY_STATUS = {
  drafting: ['edit', 'start'],
  active: ['edit', 'submit_review'],
  review: ['edit', 'reopen', 'close'],
  closed: [],
} as const satisfies Record<CarePlanStatus, readonly CarePlanAction[]>;

export function carePlanActionRefusal(status: CarePlanStatus, action: CarePlanAction): DomainError {
  const allowed = CARE_PLAN_ACTIONS_BY_STATUS[status] as readonly CarePlanAction[];
  const list = allowed.length ? `可进行的操作：${allowed.map((a) => CARE_PLAN_ACTION.labels[a]).join('、')}` : '不能再进行操作';
  return new DomainError('CONFLICT', `方案当前状态为“${CARE_PLAN_STATUS.labels[status]}”，不能${CARE_PLAN_ACTION.labels[action]}；${list}`, {
    details: { status, action, allowed },
  });
}

export const CarePlanMeasure = z.object({
  what: Text(300).min(2, '请填写措施内容'),
  responsible: Text(50).min(1, '请填写措施责任人'),
  due: DateString.nullable().default(null),
  done: z.boolean().default(false),
});
export type CarePlanMeasure = z.infer<typeof CarePlanMeasure>;

export interface CarePlanState {
  status: CarePlanStatus;
  measures: CarePlanMeasure[];
  responsibleName: string;
  reviewOn: string | null;
}

/**
 * The next status of a plan, or a DomainError. 开始实施 needs at least one measure, a responsible person and a review
 * date; 继续实施 (review not passed) needs a reason; 结案 needs a summary.
 */
export function nextCarePlanStatus(state: CarePlanState, action: CarePlanAction, text = ''): CarePlanStatus {
  if (!(CARE_PLAN_ACTIONS_BY_STATUS[state.status] as readonly CarePlanAction[]).includes(action)) {
    throw carePlanActionRefusal(state.status, action);
  }
  switch (action) {
    case 'edit':
      return state.status;
    case 'start':
      if (!state.measures.length) throw new DomainError('VALIDATION', '请至少填写一项帮扶措施后再开始实施', { field: 'measures' });
      if (!state.responsibleName.trim()) throw new DomainError('VALIDATION', '请填写方案责任人后再开始实施', { field: 'responsibleName' });
      if (!state.reviewOn) throw new DomainError('VALIDATION', '请填写复核日期后再开始实施', { field: 'reviewOn' });
      return 'active';
    case 'submit_review':
      return 'review';
    case 'reopen':
      if (text.trim().length < 2) throw new DomainError('VALIDATION', '请填写继续实施的原因（复核意见）', { field: 'note' });
      return 'active';
    case 'close':
      if (text.trim().length < 2) throw new DomainError('VALIDATION', '请填写结案说明', { field: 'note' });
      return 'closed';
  }
}

export function isReviewOverdue(p: { status: CarePlanStatus; reviewOn: string | null }, today: string): boolean {
  return p.status !== 'closed' && p.reviewOn !== null && today > p.reviewOn;
}

// ---------------------------------------------------------------------------------------------------------------
// API: hazards

const Id = z.number().int().positive();
const Version = z.number('请提供版本号').int().positive();

export const CreateHazardRequest = z.object({
  source: z.enum(['visit', 'other'], '请选择隐患来源'),
  visitId: Id.optional(),
  householdId: Id.optional(),
  institutionId: Id.optional(),
  /** Where the hazard is when it is in neither a household nor an institution (其他报告). */
  regionCode: RegionCode.optional(),
  category: z.enum(HazardCategory.options, '请选择隐患类别'),
  severity: z.enum(HazardSeverity.options, '请选择隐患等级'),
  description: Text(1000).min(2, '请填写隐患描述'),
  ownerName: Text(50).min(1, '请填写整改责任人'),
  ownerUserId: Id.optional(),
  /** Defaults by severity (重大 3 天、较大 7 天、一般 30 天). */
  deadline: DateString.optional(),
});
export type CreateHazardRequest = z.infer<typeof CreateHazardRequest>;

export const HazardStartBody = z.object({ version: Version });

/** Refining a hazard while it is open (a hazard from a visit starts as 其他/一般 with the visitor as owner). */
export const UpdateHazardRequest = z.object({
  version: Version,
  category: z.enum(HazardCategory.options, '请选择隐患类别'),
  severity: z.enum(HazardSeverity.options, '请选择隐患等级'),
  description: Text(1000).min(2, '请填写隐患描述'),
  ownerName: Text(50).min(1, '请填写整改责任人'),
  ownerUserId: Id.nullable().optional(),
  deadline: DateString,
});
export type UpdateHazardRequest = z.infer<typeof UpdateHazardRequest>;
export const HazardRectifyBody = z.object({
  version: Version,
  text: Text(1000).min(2, '请填写整改情况'),
  /** A photo as a data URL (data:image/jpeg;base64,…), at most 2 MB. */
  photo: z.string().max(3_000_000, '照片不能超过 2 MB').optional(),
});
export const HazardVerifyBody = z.object({
  version: Version,
  passed: z.boolean('请选择验收是否通过'),
  note: Text(500).default(''),
});

export const HazardQuery = z.object({
  regionCode: RegionCode.optional(),
  status: z.enum([...HazardStatus.options, 'open'], '状态不正确').optional(),
  severity: HazardSeverity.optional(),
  source: HazardSource.optional(),
  category: HazardCategory.optional(),
  overdue: z.stringbool().optional(),
  householdId: z.coerce.number().int().positive().optional(),
  inspectionId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type HazardQuery = z.infer<typeof HazardQuery>;

export const HazardItem = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  regionName: z.string(),
  source: HazardSource,
  visitId: z.number().int().nullable(),
  householdId: z.number().int().nullable(),
  householdHead: z.string().nullable(),
  institutionId: z.number().int().nullable(),
  institutionName: z.string().nullable(),
  inspectionId: z.number().int().nullable(),
  category: HazardCategory,
  severity: HazardSeverity,
  description: z.string(),
  ownerName: z.string(),
  ownerUserId: z.number().int().nullable(),
  deadline: z.string(),
  status: HazardStatus,
  overdue: z.boolean(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type HazardItem = z.infer<typeof HazardItem>;

export const HazardPage = z.object({ items: z.array(HazardItem), total: z.number().int() });
export type HazardPage = z.infer<typeof HazardPage>;

export const HazardEventView = z.object({
  id: z.number().int(),
  action: z.string(),
  actionLabel: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  actorName: z.string().nullable(),
  at: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type HazardEventView = z.infer<typeof HazardEventView>;

export const HazardDetail = HazardItem.extend({
  rectification: z.string().nullable(),
  rectifiedBy: z.string().nullable(),
  rectifiedById: z.number().int().nullable(),
  rectifiedAt: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verificationNote: z.string().nullable(),
  closedAt: z.string().nullable(),
  photoIds: z.array(z.number().int()),
  createdBy: z.string().nullable(),
  /** Category, severity, owner and deadline can be refined until the hazard is closed (hazards.write). */
  canEdit: z.boolean(),
  availableActions: z.array(HazardAction),
  events: z.array(HazardEventView),
});
export type HazardDetail = z.infer<typeof HazardDetail>;

export const HazardStatsQuery = z.object({ regionCode: RegionCode.optional() });
export const HazardStatsRow = z.object({
  regionCode: z.string(), regionName: z.string(), open: z.number().int(), overdue: z.number().int(), closed: z.number().int(),
});
export const HazardStats = z.object({
  items: z.array(HazardStatsRow),
  total: z.object({ open: z.number().int(), overdue: z.number().int(), closed: z.number().int() }),
});
export type HazardStats = z.infer<typeof HazardStats>;

// ---------------------------------------------------------------------------------------------------------------
// API: institutions and inspections

export const CreateInstitutionRequest = z.object({
  regionCode: RegionCode,
  type: z.enum(InstitutionType.options, '请选择机构类型'),
  name: Text(100).min(2, '请填写机构名称'),
});
export type CreateInstitutionRequest = z.infer<typeof CreateInstitutionRequest>;

export const InstitutionView = z.object({
  id: z.number().int(), regionCode: z.string(), regionName: z.string(), type: InstitutionType, name: z.string(),
});
export type InstitutionView = z.infer<typeof InstitutionView>;

export const InspectionItemInput = z.object({
  key: z.string().max(50).optional(),
  list: z.enum(InspectionList.options, '请选择所属清单'),
  label: Text(300).min(2, '请填写检查内容'),
  category: HazardCategory.optional(),
  severity: HazardSeverity.optional(),
  passed: z.boolean('请选择检查结果'),
  note: Text(500).default(''),
}).refine((i) => i.passed || i.note.length >= 2, { message: '不合格项请填写情况说明', path: ['note'] });
export type InspectionItemInput = z.infer<typeof InspectionItemInput>;

export const CreateInspectionRequest = z.object({
  institutionId: Id,
  inspectedOn: DateString,
  inspectors: Text(200).min(2, '请填写检查人员'),
  note: Text(1000).default(''),
  items: z.array(InspectionItemInput).min(1, '请至少填写一项检查内容').max(100, '检查项不能超过100项'),
  /** Owner of the hazards opened by failed items (the institution's 责任人). */
  ownerName: Text(50).min(1, '请填写整改责任人'),
});
export type CreateInspectionRequest = z.infer<typeof CreateInspectionRequest>;

export const InspectionQuery = z.object({
  regionCode: RegionCode.optional(),
  institutionId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const InspectionItemView = z.object({
  seq: z.number().int(), list: InspectionList, key: z.string().nullable(), label: z.string(), category: HazardCategory,
  passed: z.boolean(), note: z.string(), hazardId: z.number().int().nullable(), hazardStatus: HazardStatus.nullable(),
});
export const InspectionView = z.object({
  id: z.number().int(),
  institutionId: z.number().int(),
  institutionName: z.string(),
  institutionType: InstitutionType,
  regionCode: z.string(),
  regionName: z.string(),
  inspectedOn: z.string(),
  inspectors: z.string(),
  note: z.string(),
  itemsTotal: z.number().int(),
  itemsFailed: z.number().int(),
  createdAt: z.string(),
});
export type InspectionView = z.infer<typeof InspectionView>;
export const InspectionDetail = InspectionView.extend({ items: z.array(InspectionItemView) });
export type InspectionDetail = z.infer<typeof InspectionDetail>;
export const InspectionPage = z.object({ items: z.array(InspectionView), total: z.number().int() });
export type InspectionPage = z.infer<typeof InspectionPage>;

export const ChecklistView = z.object({
  items: z.array(z.object({ key: z.string(), list: InspectionList, label: z.string(), category: HazardCategory, severity: HazardSeverity })),
});

// ---------------------------------------------------------------------------------------------------------------
// API: weather warnings

export const CreateWeatherWarningRequest = z.object({
  regionCode: RegionCode,
  kind: z.enum(WeatherKind.options, '请选择预警类型'),
  level: z.enum(WeatherLevel.options, '请选择预警等级'),
  startsOn: DateString,
  endsOn: DateString,
  source: Text(100).default(''),
  text: Text(2000).default(''),
}).refine((w) => w.endsOn >= w.startsOn, { message: '结束日期不能早于开始日期', path: ['endsOn'] });
export type CreateWeatherWarningRequest = z.infer<typeof CreateWeatherWarningRequest>;

export const WeatherWarningView = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  regionName: z.string(),
  kind: WeatherKind,
  level: WeatherLevel,
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  source: z.string(),
  text: z.string(),
  active: z.boolean(),
  visitsCreated: z.number().int(),
  visitsDue: z.number().int(),
  visitsDone: z.number().int(),
  notified: z.number().int(),
  createdAt: z.string(),
});
export type WeatherWarningView = z.infer<typeof WeatherWarningView>;
export const WeatherWarningQuery = z.object({
  regionCode: RegionCode.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const WeatherWarningPage = z.object({ items: z.array(WeatherWarningView), total: z.number().int() });
export type WeatherWarningPage = z.infer<typeof WeatherWarningPage>;

// ---------------------------------------------------------------------------------------------------------------
// API: notifications

export const NotificationView = z.object({
  id: z.number().int(), title: z.string(), body: z.string(), link: z.string().nullable(), createdAt: z.string(), read: z.boolean(),
});
export type NotificationView = z.infer<typeof NotificationView>;
export const NotificationList = z.object({ items: z.array(NotificationView), unread: z.number().int() });
export type NotificationList = z.infer<typeof NotificationList>;
export const NotificationQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(30) });

// ---------------------------------------------------------------------------------------------------------------
// API: 一人一策

export const CreateCarePlanRequest = z.object({
  householdId: Id,
  visitId: Id.optional(),
  problems: Text(2000).min(2, '请填写存在的问题'),
  measures: z.array(CarePlanMeasure).max(30, '措施不能超过30项').default([]),
  responsibleName: Text(50).default(''),
  responsibleUserId: Id.optional(),
  reviewOn: DateString.optional(),
});
export type CreateCarePlanRequest = z.infer<typeof CreateCarePlanRequest>;

export const UpdateCarePlanRequest = z.object({
  version: Version,
  problems: Text(2000).min(2, '请填写存在的问题'),
  measures: z.array(CarePlanMeasure).max(30, '措施不能超过30项'),
  responsibleName: Text(50),
  responsibleUserId: Id.nullable().optional(),
  reviewOn: DateString.nullable(),
});
export type UpdateCarePlanRequest = z.infer<typeof UpdateCarePlanRequest>;

export const CarePlanTransitionBody = z.object({ version: Version, note: Text(1000).default('') });

export const CarePlanQuery = z.object({
  regionCode: RegionCode.optional(),
  status: CarePlanStatus.optional(),
  reviewOverdue: z.stringbool().optional(),
  householdId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type CarePlanQuery = z.infer<typeof CarePlanQuery>;

export const CarePlanItem = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  regionName: z.string(),
  householdId: z.number().int(),
  householdHead: z.string().nullable(),
  visitId: z.number().int().nullable(),
  problems: z.string(),
  measures: z.array(CarePlanMeasure),
  responsibleName: z.string(),
  responsibleUserId: z.number().int().nullable(),
  reviewOn: z.string().nullable(),
  status: CarePlanStatus,
  reviewOverdue: z.boolean(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type CarePlanItem = z.infer<typeof CarePlanItem>;
export const CarePlanPage = z.object({ items: z.array(CarePlanItem), total: z.number().int() });
export type CarePlanPage = z.infer<typeof CarePlanPage>;
export const CarePlanDetail = CarePlanItem.extend({
  closeSummary: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  availableActions: z.array(CarePlanAction),
  events: z.array(HazardEventView),
});
export type CarePlanDetail = z.infer<typeof CarePlanDetail>;
