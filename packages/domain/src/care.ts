import { z } from 'zod';
import { resolveParameter, POLICY_DEFAULTS, type PolicyKey, type PolicyParameter } from './policy.js';
import { RegionCode } from './region.js';
import { labelled, type CategoryKind, type MemberTag, type SelfCare } from './registry.js';
import { Phone } from './users.js';

/**
 * Elderly people in special difficulty (C5, 特殊困难老年人) and children in difficulty (C6, 困境儿童): who they are, how
 * closely they are watched, and the visit cadence that follows.
 *
 * ## Identification of 特殊困难老年人 (from the registry's current members)
 * A current member aged 60 or more (age on the as-of date, from the birth date) is identified when at least one
 * factor below holds. 民政部等10部门《关于开展特殊困难老年人探访关爱服务的指导意见》(2022) names 独居、空巢、留守、
 * 失能、重残、计划生育特殊家庭 as the people to visit; the registry adds 高龄 and economic difficulty.
 *
 * | factor (reason shown)            | how it is read from the registry                                           |
 * |----------------------------------|-----------------------------------------------------------------------------|
 * | 失能                             | self_care = dependent                                                        |
 * | 半失能                           | self_care = semi                                                             |
 * | 重度残疾（一级/二级）            | disability_grade 1 or 2                                                      |
 * | 残疾（三级/四级）                | disability_grade 3 or 4                                                      |
 * | 独居                             | tag 独居, or the only current member of the household                        |
 * | 空巢                             | tag 空巢, or every current member of the household (≥2) is 60 or older        |
 * | 高龄                             | age ≥ policy `elderly_age_threshold` (default 80)                            |
 * | 计划生育特殊家庭                 | tag 计划生育特殊家庭                                                          |
 * | 重病                             | tag 重病 or health = serious                                                 |
 * | 特困/低保/低保边缘（经济困难）   | the household holds 特困, 低保 or 低保边缘 now — only counted with another factor |
 *
 * Economic difficulty alone does not identify a person (every registry household is low-income); it raises the tier.
 *
 * ## Risk tier (the first row that matches)
 * | tier            | when                                                                                           |
 * |-----------------|------------------------------------------------------------------------------------------------|
 * | 高风险 high     | 失能; 重度残疾（一、二级）; 独居 and (高龄, 半失能 or 重病)                                        |
 * | 重点 key        | 独居; 半失能; 重病; 计划生育特殊家庭; 空巢 and 高龄; any factor together with 特困/低保/低保边缘      |
 * | 一般 general    | any other factor (空巢, 高龄, 残疾三四级 alone)                                                   |
 *
 * Staff may override the computed tier with a reason (kept on the record and audited); the override wins until removed.
 *
 * ## Children in difficulty (age < 18)
 * 孤儿 (tag 孤儿), 事实无人抚养儿童 (tag 事实无人抚养), 留守儿童 (tag 留守), 困境儿童 (a disability, a serious illness, or a
 * household holding 特困/低保); HIV-affected (tag 艾滋病病毒感染/影响) is a flag. Staff may add a registry child with
 * categories the registry does not know.
 *
 * ## Cadence
 * The visit interval in days comes from policy parameters (below) and maps to a calendar period: ≤ 7 days an ISO week
 * (`2026-W48`), ≤ 31 days a month (`2026-11`), ≤ 92 days a quarter (`2026-Q4`), otherwise a year (`2026`). One task per
 * person, kind and period; it is due on the last day of the period. A major change of a high-risk person (or any
 * identified elderly person) adds a task due the next day; a weather warning adds one for every high-risk person.
 */

// ---------------------------------------------------------------------------------------------------------------
// Codes

export const ELDERLY_TIER = labelled(['high', 'key', 'general'], { high: '高风险', key: '重点', general: '一般' });
export const ElderlyTier = ELDERLY_TIER.schema;
export type ElderlyTier = z.infer<typeof ElderlyTier>;

export const CARE_KIND = labelled(['elderly', 'child'], { elderly: '特殊困难老年人', child: '困境儿童' });
export const CareKind = CARE_KIND.schema;
export type CareKind = z.infer<typeof CareKind>;

export const CHILD_CATEGORY = labelled(['orphan', 'de_facto_unsupported', 'left_behind', 'difficulty'], {
  orphan: '孤儿', de_facto_unsupported: '事实无人抚养儿童', left_behind: '留守儿童', difficulty: '困境儿童',
});
export const ChildCategory = CHILD_CATEGORY.schema;
export type ChildCategory = z.infer<typeof ChildCategory>;

export const GUARDIANSHIP_STATUS = labelled(['normal', 'entrusted', 'missing', 'improper'], {
  normal: '正常', entrusted: '委托照料', missing: '监护缺失', improper: '监护不当',
});
export const GuardianshipStatus = GUARDIANSHIP_STATUS.schema;
export type GuardianshipStatus = z.infer<typeof GuardianshipStatus>;

export const MAJOR_CHANGE = labelled(['hospitalised', 'widowed', 'living_alone', 'sudden_illness', 'fall', 'disaster', 'other'], {
  hospitalised: '住院', widowed: '丧偶', living_alone: '转为独居', sudden_illness: '突发疾病', fall: '跌倒受伤', disaster: '受灾', other: '其他重大变化',
});
export const MajorChangeKind = MAJOR_CHANGE.schema;
export type MajorChangeKind = z.infer<typeof MajorChangeKind>;

export const SERVICE_TYPE = labelled(
  ['visit', 'meal', 'bath', 'medical', 'housekeeping', 'comfort', 'emergency', 'care_bed', 'age_friendly', 'other'],
  {
    visit: '探访', meal: '助餐', bath: '助浴', medical: '助医', housekeeping: '家政', comfort: '心理慰藉', emergency: '紧急救援',
    care_bed: '家庭养老床位', age_friendly: '适老化改造', other: '其他',
  },
);
export const ServiceType = SERVICE_TYPE.schema;
export type ServiceType = z.infer<typeof ServiceType>;

export const HELP_CHANNEL = labelled(['phone', 'pager', 'neighbour', 'visit'], { phone: '电话', pager: '呼叫器', neighbour: '邻居报告', visit: '走访发现' });
export const HelpChannel = HELP_CHANNEL.schema;
export type HelpChannel = z.infer<typeof HelpChannel>;

export const HELP_STATUS = labelled(['pending', 'responded', 'closed'], { pending: '待响应', responded: '已响应', closed: '已办结' });
export const HelpStatus = HELP_STATUS.schema;
export type HelpStatus = z.infer<typeof HelpStatus>;

/** The five areas of a child visit and of a risk report. */
export const CHILD_AREA = labelled(['living', 'medical', 'education', 'psychological', 'guardianship'], {
  living: '生活保障', medical: '医疗', education: '教育', psychological: '心理', guardianship: '监护',
});
export const ChildArea = CHILD_AREA.schema;
export type ChildArea = z.infer<typeof ChildArea>;

/** The child-visit checklist: for each area what the children's director checks. */
export const CHILD_VISIT_CHECKLIST: Record<ChildArea, string[]> = {
  living: ['衣被是否保暖', '饮食是否有保障', '住房是否安全', '基本生活补贴是否按时发放'],
  medical: ['身体状况', '是否患病或需要就医', '医疗保险与医疗救助是否落实'],
  education: ['是否正常就学', '是否有辍学风险', '教育资助是否落实'],
  psychological: ['情绪与心理状态', '是否遭受欺凌', '是否需要心理疏导'],
  guardianship: ['监护人是否在家', '监护是否到位', '是否存在监护缺失或不当'],
};

export const RISK_LEVEL = labelled(['low', 'medium', 'high'], { low: '一般', medium: '较重', high: '严重' });
export const RiskLevel = RISK_LEVEL.schema;
export type RiskLevel = z.infer<typeof RiskLevel>;

export const RISK_STATUS = labelled(['reported', 'township_received', 'county_reported', 'resolved'], {
  reported: '已报告', township_received: '乡镇已接收', county_reported: '已上报县级', resolved: '已处置',
});
export const RiskStatus = RISK_STATUS.schema;
export type RiskStatus = z.infer<typeof RiskStatus>;

export const RISK_ACTION = labelled(['receive', 'escalate', 'resolve'], { receive: '乡镇接收', escalate: '上报县级', resolve: '处置办结' });
export const RiskAction = RISK_ACTION.schema;
export type RiskAction = z.infer<typeof RiskAction>;

/**
 * The risk-report ladder: 已报告 → 乡镇已接收 → 已上报县级 → 已处置. Receiving and escalating need a township-level
 * (or higher) account; the county (or higher) resolves. A township may also resolve a report it received without
 * escalating it when the risk is handled locally. Returns the next status or a Chinese reason why not.
 */
export function riskTransition(status: RiskStatus, action: RiskAction, actorLevel: number): { ok: true; to: RiskStatus } | { ok: false; message: string } {
  const allowed: Record<RiskAction, { from: RiskStatus[]; to: RiskStatus; maxLevel: number; who: string }> = {
    receive: { from: ['reported'], to: 'township_received', maxLevel: 4, who: '乡镇（街道）及以上' },
    escalate: { from: ['township_received'], to: 'county_reported', maxLevel: 4, who: '乡镇（街道）及以上' },
    resolve: { from: ['township_received', 'county_reported'], to: 'resolved', maxLevel: 4, who: '乡镇（街道）及以上' },
  };
  const rule = allowed[action];
  if (!rule.from.includes(status)) {
    return { ok: false, message: `风险报告当前为“${RISK_STATUS.labels[status]}”，不能${RISK_ACTION.labels[action]}` };
  }
  // Once escalated, only the county (or above) closes it.
  const maxLevel = action === 'resolve' && status === 'county_reported' ? 3 : rule.maxLevel;
  if (actorLevel > maxLevel) return { ok: false, message: `${RISK_ACTION.labels[action]}须由${maxLevel === 3 ? '县级及以上' : rule.who}工作人员办理` };
  return { ok: true, to: rule.to };
}

// ---------------------------------------------------------------------------------------------------------------
// Identification

export interface ElderlyFacts {
  age: number;
  selfCare: SelfCare;
  disabilityGrade: number | null;
  health: string;
  tags: readonly (MemberTag | string)[];
  /** Current members of the household, including this person. */
  householdSize: number;
  /** Every current member of the household is 60 or older. */
  allElderlyHousehold: boolean;
  /** The household's categories in force now. */
  categories: readonly (CategoryKind | string)[];
}

export interface ElderlyAssessment {
  tier: ElderlyTier;
  reasons: string[];
}

export const ELDERLY_MIN_AGE = 60;

/** Whether an elderly person is 特殊困难老年人 and at which tier (null: not identified). See the table above. */
export function assessElderly(f: ElderlyFacts, ageThreshold = 80): ElderlyAssessment | null {
  if (f.age < ELDERLY_MIN_AGE) return null;
  const tags = new Set(f.tags);
  const dependent = f.selfCare === 'dependent';
  const semi = f.selfCare === 'semi';
  const severe = f.disabilityGrade === 1 || f.disabilityGrade === 2;
  const disabled = f.disabilityGrade === 3 || f.disabilityGrade === 4;
  const alone = tags.has('living_alone') || f.householdSize === 1;
  const emptyNest = !alone && (tags.has('empty_nest') || (f.householdSize >= 2 && f.allElderlyHousehold));
  const old = f.age >= ageThreshold;
  const familyPlanning = tags.has('family_planning_special');
  const ill = tags.has('serious_illness') || f.health === 'serious';
  const poor = f.categories.some((c) => c === 'tekun_dispersed' || c === 'tekun_centralised' || c === 'dibao' || c === 'marginal');

  const reasons: string[] = [];
  if (dependent) reasons.push('失能');
  if (semi) reasons.push('半失能');
  if (severe) reasons.push(`重度残疾（${f.disabilityGrade === 1 ? '一' : '二'}级）`);
  if (disabled) reasons.push(`残疾（${f.disabilityGrade === 3 ? '三' : '四'}级）`);
  if (alone) reasons.push('独居');
  if (emptyNest) reasons.push('空巢');
  if (old) reasons.push(`高龄（${f.age}岁）`);
  if (familyPlanning) reasons.push('计划生育特殊家庭');
  if (ill) reasons.push('重病');
  if (!reasons.length) return null;
  if (poor) {
    const c = f.categories.find((k) => k === 'tekun_dispersed' || k === 'tekun_centralised') ? '特困供养' : f.categories.includes('dibao') ? '低保' : '低保边缘';
    reasons.push(`经济困难（${c}）`);
  }

  let tier: ElderlyTier = 'general';
  if (dependent || severe || (alone && (old || semi || ill))) tier = 'high';
  else if (alone || semi || ill || familyPlanning || (emptyNest && old) || poor) tier = 'key';
  return { tier, reasons };
}

export interface ChildFacts {
  age: number;
  tags: readonly (MemberTag | string)[];
  disabilityGrade: number | null;
  health: string;
  categories: readonly (CategoryKind | string)[];
}

export interface ChildAssessment {
  categories: ChildCategory[];
  hiv: boolean;
  reasons: string[];
}

/** Whether a member under 18 is a child in difficulty, and of which categories (null: not identified). */
export function assessChild(f: ChildFacts): ChildAssessment | null {
  if (f.age >= 18 || f.age < 0) return null;
  const tags = new Set(f.tags);
  const categories: ChildCategory[] = [];
  const reasons: string[] = [];
  if (tags.has('orphan')) { categories.push('orphan'); reasons.push('孤儿'); }
  if (tags.has('de_facto_unsupported')) { categories.push('de_facto_unsupported'); reasons.push('事实无人抚养'); }
  if (tags.has('left_behind')) { categories.push('left_behind'); reasons.push('留守'); }
  const hardship: string[] = [];
  if (f.disabilityGrade !== null) hardship.push('残疾');
  if (tags.has('serious_illness') || f.health === 'serious') hardship.push('重病');
  if (f.categories.some((c) => c === 'dibao' || c === 'tekun_dispersed' || c === 'tekun_centralised')) hardship.push('家庭低保或特困');
  if (hardship.length) { categories.push('difficulty'); reasons.push(...hardship); }
  const hiv = tags.has('hiv');
  if (hiv) reasons.push('艾滋病病毒感染/影响');
  if (!categories.length && !hiv) return null;
  if (!categories.length) categories.push('difficulty');
  return { categories, hiv, reasons };
}

// ---------------------------------------------------------------------------------------------------------------
// Cadence

export const CADENCE_KEYS = {
  high: 'elderly_visit_days_high',
  key: 'elderly_visit_days_key',
  general: 'elderly_visit_days_general',
  child: 'child_visit_days',
} as const satisfies Record<ElderlyTier | 'child', PolicyKey>;

export type PeriodUnit = 'week' | 'month' | 'quarter' | 'year';
export const PERIOD_UNIT_LABELS: Record<PeriodUnit, string> = { week: '每周', month: '每月', quarter: '每季度', year: '每年' };

export function periodUnitFor(days: number): PeriodUnit {
  if (days <= 7) return 'week';
  if (days <= 31) return 'month';
  if (days <= 92) return 'quarter';
  return 'year';
}

const pad = (n: number) => String(n).padStart(2, '0');
const utc = (d: string) => new Date(`${d}T00:00:00Z`);
const fmt = (d: Date) => d.toISOString().slice(0, 10);

export function shiftDate(date: string, days: number): string {
  const d = utc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fmt(d);
}

export interface Period { key: string; start: string; end: string; unit: PeriodUnit }

/** ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(date: string): Period {
  const d = utc(date);
  const dow = (d.getUTCDay() + 6) % 7; // 0 = Monday
  const monday = new Date(d);
  monday.setUTCDate(d.getUTCDate() - dow);
  const thursday = new Date(monday);
  thursday.setUTCDate(monday.getUTCDate() + 3);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1;
  const sunday = new Date(monday);
  sunday.setUTCDate(monday.getUTCDate() + 6);
  return { key: `${year}-W${pad(week)}`, start: fmt(monday), end: fmt(sunday), unit: 'week' };
}

/** The period of the given unit that contains `date`, with its key and its first and last day. */
export function periodOf(unit: PeriodUnit, date: string): Period {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const lastDay = (year: number, month: number) => fmt(new Date(Date.UTC(year, month, 0)));
  switch (unit) {
    case 'week':
      return isoWeek(date);
    case 'month':
      return { key: `${y}-${pad(m)}`, start: `${y}-${pad(m)}-01`, end: lastDay(y, m), unit };
    case 'quarter': {
      const q = Math.ceil(m / 3);
      return { key: `${y}-Q${q}`, start: `${y}-${pad(q * 3 - 2)}-01`, end: lastDay(y, q * 3), unit };
    }
    case 'year':
      return { key: `${y}`, start: `${y}-01-01`, end: `${y}-12-31`, unit };
  }
}

/** The period immediately before `p`. */
export function previousPeriod(p: Period): Period {
  return periodOf(p.unit, shiftDate(p.start, -1));
}

/** Cadence in days of a tier (or of children) in a region on a date: the county's parameter, else the default. */
export function cadenceDays(params: readonly PolicyParameter[], who: ElderlyTier | 'child', regionCode: string, date: string): number {
  const key = CADENCE_KEYS[who];
  return resolveParameter(params, key, regionCode, date)?.value ?? POLICY_DEFAULTS[key]?.value ?? 30;
}

export function cadenceReason(who: ElderlyTier | 'child', unit: PeriodUnit): string {
  return who === 'child' ? `困境儿童${PERIOD_UNIT_LABELS[unit]}探访` : `${ELDERLY_TIER.labels[who]}老年人${PERIOD_UNIT_LABELS[unit]}探访`;
}

/** Monthly visit rate: done / due, null when nothing was due. The national target is 100%. */
export const MONTHLY_VISIT_TARGET = 1;
export function visitRate(due: number, done: number): number | null {
  return due === 0 ? null : done / due;
}

/** Response time of a help request in minutes (null while nobody responded). */
export function responseMinutes(requestedAt: string | Date, respondedAt: string | Date | null): number | null {
  if (!respondedAt) return null;
  return Math.max(0, Math.round((new Date(respondedAt).getTime() - new Date(requestedAt).getTime()) / 60_000));
}

// ---------------------------------------------------------------------------------------------------------------
// API requests and views

const IsoDate = z.iso.date('日期格式应为YYYY-MM-DD');
const Text = (max: number) => z.string().trim().max(max, `不能超过${max}个字`);
const Required = (max: number, message: string) => Text(max).min(1, message);
const Page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};
const Id = z.coerce.number().int().positive();

export const CareSubjectQuery = z.object({
  kind: CareKind.default('elderly'),
  regionCode: RegionCode.optional(),
  tier: ElderlyTier.optional(),
  category: ChildCategory.optional(),
  guardianship: GuardianshipStatus.optional(),
  emergencyGuardianship: z.stringbool().optional(),
  /** Only the children assigned to me (a children's director). */
  mine: z.stringbool().optional(),
  q: Text(50).optional(),
  includeInactive: z.stringbool().optional(),
  ...Page,
});
export type CareSubjectQuery = z.infer<typeof CareSubjectQuery>;

export const CareSubjectItem = z.object({
  id: z.number().int(),
  kind: CareKind,
  memberId: z.number().int(),
  householdId: z.number().int(),
  regionCode: z.string(),
  regionName: z.string(),
  name: z.string(),
  gender: z.string(),
  birthDate: z.string(),
  age: z.number().int(),
  phoneMasked: z.string().nullable(),
  tier: ElderlyTier.nullable(),
  computedTier: ElderlyTier.nullable(),
  tierOverridden: z.boolean(),
  overrideReason: z.string().nullable(),
  reasons: z.array(z.string()),
  categories: z.array(ChildCategory),
  hiv: z.boolean(),
  active: z.boolean(),
  source: z.enum(['registry', 'manual']),
  guardianName: z.string().nullable(),
  guardianRelation: z.string().nullable(),
  guardianPhoneMasked: z.string().nullable(),
  guardianship: GuardianshipStatus.nullable(),
  directorId: z.number().int().nullable(),
  directorName: z.string().nullable(),
  pairingHelper: z.string().nullable(),
  emergencyGuardianship: z.boolean(),
  emergencyGuardianshipOn: z.string().nullable(),
  emergencyGuardianshipReason: z.string().nullable(),
  openTasks: z.number().int(),
  overdueTasks: z.number().int(),
  lastVisitAt: z.string().nullable(),
  identifiedAt: z.string(),
  version: z.number().int(),
});
export type CareSubjectItem = z.infer<typeof CareSubjectItem>;

export const CareSubjectPage = z.object({ items: z.array(CareSubjectItem), total: z.number().int() });
export type CareSubjectPage = z.infer<typeof CareSubjectPage>;

export const CareTaskView = z.object({
  id: z.number().int(),
  kind: z.string(),
  memberId: z.number().int().nullable(),
  personName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  tier: ElderlyTier.nullable(),
  period: z.string().nullable(),
  reason: z.string(),
  dueOn: z.string(),
  status: z.string(),
  assigneeId: z.number().int().nullable(),
  assigneeName: z.string().nullable(),
  visitId: z.number().int().nullable(),
  doneAt: z.string().nullable(),
  overdueDays: z.number().int(),
});
export type CareTaskView = z.infer<typeof CareTaskView>;

export const LedgerEntryView = z.object({
  id: z.string(),
  source: z.enum(['ledger', 'visit']),
  date: z.string(),
  type: z.string(),
  typeLabel: z.string(),
  content: z.string(),
  provider: z.string(),
  recordedBy: z.string().nullable(),
});
export type LedgerEntryView = z.infer<typeof LedgerEntryView>;

export const MajorChangeView = z.object({
  id: z.number().int(),
  kind: MajorChangeKind,
  kindLabel: z.string(),
  note: z.string(),
  occurredOn: z.string(),
  taskId: z.number().int().nullable(),
  taskDueOn: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type MajorChangeView = z.infer<typeof MajorChangeView>;

export const HelpRequestView = z.object({
  id: z.number().int(),
  subjectId: z.number().int().nullable(),
  memberId: z.number().int().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  personName: z.string(),
  requestedAt: z.string(),
  channel: HelpChannel,
  description: z.string(),
  response: z.string(),
  responder: z.string(),
  status: HelpStatus,
  respondedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  responseMinutes: z.number().int().nullable(),
  createdBy: z.string().nullable(),
  version: z.number().int(),
});
export type HelpRequestView = z.infer<typeof HelpRequestView>;

export const HelpRequestPage = z.object({ items: z.array(HelpRequestView), total: z.number().int() });
export const HelpRequestQuery = z.object({ regionCode: RegionCode.optional(), status: HelpStatus.optional(), subjectId: Id.optional(), ...Page });
export type HelpRequestQuery = z.infer<typeof HelpRequestQuery>;

export const CreateHelpRequest = z.object({
  subjectId: z.number().int().positive(),
  requestedAt: z.iso.datetime({ offset: true, message: '求助时间格式不正确' }).optional(),
  channel: HelpChannel,
  description: Required(500, '请填写求助事由'),
});
export type CreateHelpRequest = z.infer<typeof CreateHelpRequest>;

export const RespondHelpRequest = z.object({
  response: Required(500, '请填写响应情况'),
  responder: Required(50, '请填写响应人'),
  version: z.number().int(),
});
export const CloseHelpRequest = z.object({ response: Text(500).optional(), version: z.number().int() });

export const RiskEventView = z.object({
  id: z.number().int(),
  fromStatus: RiskStatus.nullable(),
  toStatus: RiskStatus,
  note: z.string(),
  actorName: z.string().nullable(),
  at: z.string(),
});
export const RiskReportView = z.object({
  id: z.number().int(),
  subjectId: z.number().int(),
  childName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  area: ChildArea,
  level: RiskLevel,
  description: z.string(),
  status: RiskStatus,
  reportedBy: z.string().nullable(),
  reportedAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  events: z.array(RiskEventView),
});
export type RiskReportView = z.infer<typeof RiskReportView>;
export const RiskReportPage = z.object({ items: z.array(RiskReportView), total: z.number().int() });
export const RiskReportQuery = z.object({
  regionCode: RegionCode.optional(), status: RiskStatus.optional(), area: ChildArea.optional(), subjectId: Id.optional(), ...Page,
});
export type RiskReportQuery = z.infer<typeof RiskReportQuery>;
export const CreateRiskReport = z.object({
  subjectId: z.number().int().positive(),
  area: ChildArea,
  level: RiskLevel,
  description: Required(1000, '请填写风险情况'),
});
export type CreateRiskReport = z.infer<typeof CreateRiskReport>;
export const RiskActionRequest = z.object({ action: RiskAction, note: Text(500).default(''), version: z.number().int() });
export type RiskActionRequest = z.infer<typeof RiskActionRequest>;

export const CareSubjectDetail = CareSubjectItem.extend({
  householdAddress: z.string(),
  tasks: z.array(CareTaskView),
  ledger: z.array(LedgerEntryView),
  majorChanges: z.array(MajorChangeView),
  helpRequests: z.array(HelpRequestView),
  riskReports: z.array(RiskReportView),
  checklist: z.record(z.string(), z.array(z.string())).nullable(),
});
export type CareSubjectDetail = z.infer<typeof CareSubjectDetail>;

export const TierOverrideRequest = z.object({
  /** null removes the override (back to the computed tier). */
  tier: ElderlyTier.nullable(),
  reason: Text(200).default(''),
  version: z.number().int(),
}).refine((r) => r.tier === null || r.reason.length > 0, { message: '调整风险等级须填写理由', path: ['reason'] });
export type TierOverrideRequest = z.infer<typeof TierOverrideRequest>;

export const MajorChangeRequest = z.object({
  kind: MajorChangeKind,
  note: Required(500, '请填写变化情况'),
  occurredOn: IsoDate.optional(),
});
export type MajorChangeRequest = z.infer<typeof MajorChangeRequest>;

export const LedgerEntryRequest = z.object({
  servedOn: IsoDate,
  type: ServiceType,
  content: Required(500, '请填写服务内容'),
  provider: Required(100, '请填写服务提供方'),
});
export type LedgerEntryRequest = z.infer<typeof LedgerEntryRequest>;

export const IdentifyRequest = z.object({ regionCode: RegionCode.optional() });
export const IdentifyResult = z.object({
  regionCode: z.string(),
  elderly: z.number().int(), children: z.number().int(), added: z.number().int(), updated: z.number().int(), ended: z.number().int(),
  tasksCreated: z.number().int(),
});
export type IdentifyResult = z.infer<typeof IdentifyResult>;

const ChildFields = {
  categories: z.array(ChildCategory).min(1, '请至少选择一个儿童类别').max(4),
  hiv: z.boolean().default(false),
  guardianName: Text(50).nullable().default(null),
  guardianRelation: Text(20).nullable().default(null),
  guardianPhone: Phone.nullable().default(null),
  guardianship: GuardianshipStatus.default('normal'),
  directorId: z.number().int().positive().nullable().default(null),
  pairingHelper: Text(50).nullable().default(null),
  emergencyGuardianship: z.boolean().default(false),
  emergencyGuardianshipOn: IsoDate.nullable().default(null),
  emergencyGuardianshipReason: Text(200).nullable().default(null),
};
function checkEmergency(c: { emergencyGuardianship?: boolean | undefined; emergencyGuardianshipOn?: string | null | undefined; emergencyGuardianshipReason?: string | null | undefined }, ctx: z.RefinementCtx) {
  if (c.emergencyGuardianship) {
    if (!c.emergencyGuardianshipOn) ctx.addIssue({ code: 'custom', message: '兜底监护须填写开始日期', path: ['emergencyGuardianshipOn'] });
    if (!c.emergencyGuardianshipReason) ctx.addIssue({ code: 'custom', message: '兜底监护须填写原因', path: ['emergencyGuardianshipReason'] });
  }
}
export const CreateChildRequest = z.object({ memberId: z.number().int().positive(), ...ChildFields }).superRefine(checkEmergency);
export type CreateChildRequest = z.input<typeof CreateChildRequest>;
export const UpdateChildRequest = z.object({
  categories: ChildFields.categories.optional(),
  hiv: z.boolean().optional(),
  guardianName: Text(50).nullable().optional(),
  guardianRelation: Text(20).nullable().optional(),
  guardianPhone: Phone.nullable().optional(),
  guardianship: GuardianshipStatus.optional(),
  directorId: z.number().int().positive().nullable().optional(),
  pairingHelper: Text(50).nullable().optional(),
  emergencyGuardianship: z.boolean().optional(),
  emergencyGuardianshipOn: IsoDate.nullable().optional(),
  emergencyGuardianshipReason: Text(200).nullable().optional(),
  version: z.number().int(),
}).superRefine(checkEmergency);
export type UpdateChildRequest = z.infer<typeof UpdateChildRequest>;

export const OverdueQuery = z.object({ regionCode: RegionCode.optional(), kind: z.enum(['elderly', 'child']).optional(), ...Page });
export type OverdueQuery = z.infer<typeof OverdueQuery>;
export const CareTaskPage = z.object({ items: z.array(CareTaskView), total: z.number().int() });

export const VisitRateQuery = z.object({
  regionCode: RegionCode.optional(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为YYYY-MM').optional(),
  kind: z.enum(['elderly', 'child']).default('elderly'),
});
export type VisitRateQuery = z.infer<typeof VisitRateQuery>;
export const VisitRateRow = z.object({
  regionCode: z.string(), regionName: z.string(), due: z.number().int(), done: z.number().int(), overdue: z.number().int(), rate: z.number().nullable(),
});
export const VisitRateView = z.object({
  regionCode: z.string(), month: z.string(), from: z.string(), to: z.string(), target: z.number(),
  total: VisitRateRow, rows: z.array(VisitRateRow),
});
export type VisitRateView = z.infer<typeof VisitRateView>;

export const DirectorView = z.object({ id: z.number().int(), displayName: z.string(), regionCode: z.string(), regionName: z.string() });
