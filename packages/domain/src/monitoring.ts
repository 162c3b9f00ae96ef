import { z } from 'zod';
import { formatYuan, monthlyIncomePerHead, type Fen } from './money.js';
import {
  citeParameter, POLICY_DEFAULTS, POLICY_KEY_LABELS, resolveParameter, TrailItem,
  type PolicyKey, type PolicyParameter,
} from './policy.js';
import { shiftDate } from './care.js';
import { RegionCode, regionAncestry } from './region.js';
import {
  activeCategories, ageOn, CATEGORY_KIND, DisabilityGrade, DisabilityType, DISABILITY_GRADE_LABELS, DISABILITY_TYPE, Health, HouseholdCategory,
  householdYearlyIncome, incomeBand, labelled, MemberTag, Relation, SelfCare, UrbanRural, URBAN_RURAL, WorkAbility,
  type CategoryKind,
} from './registry.js';

/**
 * Dynamic monitoring (C3, 动态监测): warning rules as pure functions of a household's facts and the dated policy
 * parameters in force for its region. Each rule that fires returns a hit with plain-Chinese reasons and the trail of
 * parameters and clauses behind it, so that a worker can see why the household was flagged and a reviewer which
 * standard was used. A rule that needs a parameter no region has set does not guess: it is reported as skipped.
 *
 * Conventions shared by all rules:
 * - Income per head is the registry's: members' yearly income plus pension, ÷ 12 ÷ members, rounded down to the fen.
 * - A member with a death date (from civil registration or departmental death data) is still counted in the
 *   household size and income until the registry removes them, because that is the basis the current payments were
 *   decided on; but no person-level rule (single-member dibao, elderly, children) fires for them, and they are not
 *   counted as someone who lives with or cares for another member.
 * - "Covered" means the household holds active 低保 or 特困 on the date of evaluation. Categories are household-level,
 *   so a person-level rule does not fire in a covered household: we cannot tell which member is enrolled.
 */

export const RULE_KIND = labelled(
  [
    'suspected_dibao', 'suspected_marginal', 'suspected_rigid_expense', 'single_member_dibao', 'elderly_special',
    'child_guardianship', 'dibao_review', 'death_payment_check',
  ],
  {
    suspected_dibao: '疑似符合低保',
    suspected_marginal: '疑似低保边缘',
    suspected_rigid_expense: '疑似刚性支出困难',
    single_member_dibao: '可单人保',
    elderly_special: '特殊困难老年人',
    child_guardianship: '儿童监护风险',
    dibao_review: '低保复核（渐退）',
    death_payment_check: '停发核查',
  },
);
export const RuleKind = RULE_KIND.schema;
export type RuleKind = z.infer<typeof RuleKind>;

/** What each rule looks for, in words, for the rule-switch page. */
export const RULE_DESCRIPTIONS: Record<RuleKind, string> = {
  suspected_dibao: '家庭人均月收入低于当地低保标准，且尚未纳入低保或特困供养的家庭。',
  suspected_marginal: '家庭人均月收入不低于低保标准、但低于低保边缘标准（低保标准的规定倍数），且尚未纳入低保、特困或低保边缘的家庭。',
  suspected_rigid_expense: '近12个月医疗、教育等必需支出占家庭年收入的比例超过当地规定，且家庭人均年收入低于上年度当地居民人均可支配收入的家庭。',
  single_member_dibao: '低保边缘家庭（或疑似低保边缘家庭）中的一、二级残疾人或重病患者，可单独申请纳入低保。',
  elderly_special: '达到高龄年龄的老年人，60周岁以上的独居老年人，以及家中无其他可照料成年人的60周岁以上失能老年人。',
  child_guardianship: '孤儿或事实无人抚养儿童，尚未登记监护人。',
  dibao_review: '在保低保家庭人均月收入已达到或超过低保标准，应复核家庭经济状况，符合条件的给予渐退。',
  death_payment_check: '家庭成员已有死亡记录，但家庭仍在享受低保或特困供养，应核实并停发或调整。',
};

/** The parameters a rule reads (the rule-switch page lists them; a missing one makes the rule skip). */
export const RULE_PARAMETERS: Record<RuleKind, readonly PolicyKey[]> = {
  suspected_dibao: ['dibao_standard_urban_monthly', 'dibao_standard_rural_monthly'],
  suspected_marginal: ['dibao_standard_urban_monthly', 'dibao_standard_rural_monthly', 'marginal_multiplier'],
  suspected_rigid_expense: ['rigid_expense_ratio', 'disposable_income_per_head_yearly'],
  single_member_dibao: ['dibao_standard_urban_monthly', 'dibao_standard_rural_monthly', 'marginal_multiplier'],
  elderly_special: ['elderly_age_threshold'],
  child_guardianship: [],
  dibao_review: ['dibao_standard_urban_monthly', 'dibao_standard_rural_monthly'],
  death_payment_check: [],
};

/**
 * Every parameter a rule reads. A change to any other parameter (a lead deadline, a visit interval) alters no warning,
 * so it does not make the next sweep a full one.
 */
export const RULE_PARAMETER_KEYS: readonly PolicyKey[] = [...new Set(Object.values(RULE_PARAMETERS).flat())];

/**
 * Rules whose warnings do not become leads (救助线索): the elderly people they find are visited (走访关爱, C4/C5), not
 * asked to apply for assistance.
 */
export const RULES_WITHOUT_LEADS: readonly RuleKind[] = ['elderly_special'];

/** The clause each rule rests on, cited as the last item of every trail. */
export const RULE_BASIS: Record<RuleKind, string> = {
  suspected_dibao: '《中华人民共和国社会救助法》第十八条、第三十九条（主动发现、告知政策并协助申请）',
  suspected_marginal: '《中华人民共和国社会救助法》第二十一条；民发〔2021〕57号',
  suspected_rigid_expense: '《中华人民共和国社会救助法》第二十二条',
  single_member_dibao: '民发〔2021〕57号（低保边缘家庭中的重病患者、重度残疾人可参照单人户申请低保）',
  elderly_special: '《中华人民共和国社会救助法》第二十条；民政部等10部门《关于开展特殊困难老年人探访关爱服务的指导意见》（2022年10月）',
  child_guardianship: '《中华人民共和国未成年人保护法》；民发〔2019〕62号（事实无人抚养儿童保障）',
  dibao_review: '《中华人民共和国社会救助法》第四十六条、第四十七条（家庭状况变化后调整、终止救助）',
  death_payment_check: '《中华人民共和国社会救助法》第四十六条、第四十七条（家庭成员变化后调整、终止救助）',
};

// ---------------------------------------------------------------------------------------------------------------
// Facts

const IsoDate = z.iso.date('日期格式应为YYYY-MM-DD');
const FenAmount = z.number().int().min(0);

/** A member as the rules see them; the server assembles it from the registry and departmental data. */
export const MemberFacts = z.object({
  memberId: z.number().int(),
  name: z.string(),
  relation: Relation,
  birthDate: IsoDate,
  health: Health,
  disabilityType: DisabilityType.nullable(),
  disabilityGrade: DisabilityGrade.nullable(),
  selfCare: SelfCare,
  workAbility: WorkAbility,
  tags: z.array(MemberTag),
  yearlyIncomeFen: FenAmount,
  pensionFen: FenAmount,
  /** Whether a guardian is recorded for this person (meaningful for children). */
  guardianRecorded: z.boolean(),
  /** From civil registration or departmental death data; null while alive as far as is known. */
  deathDate: IsoDate.nullable(),
  /** Where the death date came from (e.g. 殡葬, 公安), shown in the reason. */
  deathSource: z.string().nullable(),
});
export type MemberFacts = z.infer<typeof MemberFacts>;

/** Essential spending over the 12 months up to the evaluation date, in fen (see `essentialSpendingLast12Months`). */
export const EssentialSpending = z.object({ medical: FenAmount, education: FenAmount, other: FenAmount });
export type EssentialSpending = z.infer<typeof EssentialSpending>;

export const HouseholdFacts = z.object({
  householdId: z.number().int(),
  /** The 12-digit village (community) code of residence: parameters are resolved for it. */
  regionCode: RegionCode,
  urbanRural: UrbanRural,
  categories: z.array(HouseholdCategory),
  members: z.array(MemberFacts),
  essentialSpending: EssentialSpending,
  /** The date of evaluation: categories, ages and parameters are taken as on this day. */
  asOf: IsoDate,
});
export type HouseholdFacts = z.infer<typeof HouseholdFacts>;

// ---------------------------------------------------------------------------------------------------------------
// Results

export const RuleHit = z.object({
  rule: RuleKind,
  householdId: z.number().int(),
  /** The member concerned, or null for a household-level hit. */
  memberId: z.number().int().nullable(),
  /** Stable across sweeps (`rule:household:member`), so a re-run updates a warning instead of adding one. */
  key: z.string(),
  reasons: z.array(z.string()),
  trail: z.array(TrailItem),
});
export type RuleHit = z.infer<typeof RuleHit>;

export const SkippedRule = z.object({
  rule: RuleKind,
  /** `缺少参数：…` naming the parameter(s), or another reason the rule could not be evaluated. */
  reason: z.string(),
  missing: z.array(z.string()),
});
export type SkippedRule = z.infer<typeof SkippedRule>;

export interface HouseholdEvaluation {
  hits: RuleHit[];
  skipped: SkippedRule[];
  /** The figures the rules used, for display beside the hits. */
  figures: { memberCount: number; yearlyIncome: Fen; monthlyIncomePerHead: Fen | null; categories: CategoryKind[] };
}

export function ruleHitKey(rule: RuleKind, householdId: number, memberId: number | null): string {
  return `${rule}:${householdId}:${memberId ?? ''}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Rule switches

/** A rule switched on or off for a region and everything below it (until a lower region says otherwise). */
export const RuleSetting = z.object({ regionCode: RegionCode, rule: RuleKind, enabled: z.boolean() });
export type RuleSetting = z.infer<typeof RuleSetting>;

export interface EffectiveRuleSetting {
  rule: RuleKind;
  enabled: boolean;
  /** The region whose setting applies, or null when no region has set it (rules are on by default). */
  fromRegionCode: string | null;
}

/** For each rule, the setting of the nearest region (the region itself, then its ancestors); on by default. */
export function effectiveRuleSettings(settings: readonly RuleSetting[], regionCode: string): EffectiveRuleSetting[] {
  const ancestry = regionAncestry(regionCode);
  return RuleKind.options.map((rule) => {
    let best: RuleSetting | undefined;
    let bestDepth = -1;
    for (const s of settings) {
      if (s.rule !== rule) continue;
      const depth = ancestry.indexOf(s.regionCode);
      if (depth > bestDepth) {
        best = s;
        bestDepth = depth;
      }
    }
    return { rule, enabled: best?.enabled ?? true, fromRegionCode: best?.regionCode ?? null };
  });
}

export function enabledRulesFor(settings: readonly RuleSetting[], regionCode: string): Set<RuleKind> {
  return new Set(effectiveRuleSettings(settings, regionCode).filter((s) => s.enabled).map((s) => s.rule));
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

const COVERED: readonly CategoryKind[] = ['dibao', 'tekun_centralised', 'tekun_dispersed'];
const ELDERLY_AGE = 60;
const ADULT_AGE = 18;

type Outcome = { hits: RuleHit[] } | { missing: PolicyKey[]; reason?: string };

interface Context {
  facts: HouseholdFacts;
  params: readonly PolicyParameter[];
  categories: CategoryKind[];
  covered: boolean;
  living: MemberFacts[];
  memberCount: number;
  yearlyIncome: Fen;
  monthlyPerHead: Fen | null;
}

const yuan = (fen: Fen) => `${formatYuan(fen)} 元`;

/** `（演示数据；依据：…）` after a cited value. */
function basisNote(p: PolicyParameter): string {
  return `（${p.demo ? '演示数据；' : ''}依据：${p.source}）`;
}

function param(ctx: Context, key: PolicyKey): PolicyParameter | undefined {
  return resolveParameter(ctx.params, key, ctx.facts.regionCode, ctx.facts.asOf);
}

function standardKey(ctx: Context): PolicyKey {
  return ctx.facts.urbanRural === 'urban' ? 'dibao_standard_urban_monthly' : 'dibao_standard_rural_monthly';
}

/** A parameter with a national default: the regional value if set, else the default (said so in the trail). */
function withDefault(ctx: Context, key: PolicyKey): { value: number; note: string; trail: TrailItem } {
  const p = param(ctx, key);
  const label = POLICY_KEY_LABELS[key];
  if (p) return { value: p.value, note: basisNote(p), trail: { text: `${label.zh} ${p.value} ${label.unit}`, parameter: citeParameter(p) } };
  const d = POLICY_DEFAULTS[key];
  if (!d) throw new Error(`no default for ${key}`);
  return {
    value: d.value,
    note: `（本地未设置，按默认值；依据：${d.source}）`,
    trail: { text: `${label.zh}：本地未设置，按默认值 ${d.value} ${label.unit}（${d.source}）` },
  };
}

function incomeTrail(ctx: Context): TrailItem {
  return {
    text: `家庭年收入 ${yuan(ctx.yearlyIncome)}（成员收入与养老金合计）÷ 12 个月 ÷ ${ctx.memberCount} 人 = 人均月收入 ${yuan(ctx.monthlyPerHead ?? 0)}`,
  };
}

const basis = (rule: RuleKind): TrailItem => ({ text: `依据：${RULE_BASIS[rule]}` });

function hit(ctx: Context, rule: RuleKind, memberId: number | null, reasons: string[], trail: TrailItem[]): RuleHit {
  return {
    rule, householdId: ctx.facts.householdId, memberId, key: ruleHitKey(rule, ctx.facts.householdId, memberId), reasons,
    trail: [...trail, basis(rule)],
  };
}

const NO_MEMBERS = { missing: [] as PolicyKey[], reason: '家庭无成员，无法计算人均收入' };

/** The 低保 standard for the household (urban or rural by the household), or the missing key. */
function standard(ctx: Context): { p: PolicyParameter; trail: TrailItem; text: string } | { missing: PolicyKey[] } {
  const key = standardKey(ctx);
  const p = param(ctx, key);
  if (!p) return { missing: [key] };
  const text = `本地${URBAN_RURAL.labels[ctx.facts.urbanRural]}低保标准 ${yuan(p.value)}${basisNote(p)}`;
  return { p, text, trail: { text: `${POLICY_KEY_LABELS[key].zh} ${yuan(p.value)}/人·月`, parameter: citeParameter(p) } };
}

function suspectedDibao(ctx: Context): Outcome {
  if (ctx.covered) return { hits: [] };
  if (ctx.monthlyPerHead === null) return NO_MEMBERS;
  const std = standard(ctx);
  if ('missing' in std) return std;
  if (ctx.monthlyPerHead >= std.p.value) return { hits: [] };
  return {
    hits: [hit(ctx, 'suspected_dibao', null,
      [`家庭人均月收入 ${yuan(ctx.monthlyPerHead)}，低于${std.text}，尚未纳入低保或特困`],
      [incomeTrail(ctx), std.trail])],
  };
}

/** Whether the household's income per head lies in the marginal band, with the figures to cite. */
function marginalBand(ctx: Context):
  | { inBand: boolean; reason: string; trail: TrailItem[] }
  | { missing: PolicyKey[]; reason?: string } {
  if (ctx.monthlyPerHead === null) return NO_MEMBERS;
  const std = standard(ctx);
  if ('missing' in std) return std;
  const k = withDefault(ctx, 'marginal_multiplier');
  const edge = Math.round(std.p.value * k.value);
  const inBand = incomeBand(ctx.monthlyPerHead, std.p.value, k.value) === 'marginal';
  return {
    inBand,
    reason: `家庭人均月收入 ${yuan(ctx.monthlyPerHead)}，不低于${std.text}，低于低保边缘标准 ${yuan(edge)}（低保标准的 ${k.value} 倍${k.note}）`,
    trail: [incomeTrail(ctx), std.trail, k.trail, { text: `低保边缘标准 = ${yuan(std.p.value)} × ${k.value} = ${yuan(edge)}` }],
  };
}

function suspectedMarginal(ctx: Context): Outcome {
  if (ctx.covered || ctx.categories.includes('marginal')) return { hits: [] };
  const band = marginalBand(ctx);
  if ('missing' in band) return band;
  if (!band.inBand) return { hits: [] };
  return { hits: [hit(ctx, 'suspected_marginal', null, [`${band.reason}，尚未纳入低保、特困或低保边缘`], band.trail)] };
}

/** Ratios are stored with 4 decimals (numeric(14,4)); comparing in ten-thousandths keeps the test exact. */
const RATIO_SCALE = 10_000;

function percent(part: Fen, whole: Fen): string {
  return `${(Math.round((part / whole) * 1000) / 10).toFixed(1)}%`;
}

function suspectedRigidExpense(ctx: Context): Outcome {
  if (ctx.covered || ctx.categories.includes('rigid_expense')) return { hits: [] };
  const s = ctx.facts.essentialSpending;
  const spending = s.medical + s.education + s.other;
  // Without any essential spending the ratio cannot be exceeded: no need to ask for the parameters.
  if (spending === 0) return { hits: [] };
  if (ctx.memberCount === 0) return NO_MEMBERS;
  const ratio = param(ctx, 'rigid_expense_ratio');
  const disposable = param(ctx, 'disposable_income_per_head_yearly');
  const missing = [...(ratio ? [] : ['rigid_expense_ratio' as const]), ...(disposable ? [] : ['disposable_income_per_head_yearly' as const])];
  if (!ratio || !disposable) return { missing };
  const overRatio = spending * RATIO_SCALE > Math.round(ratio.value * RATIO_SCALE) * ctx.yearlyIncome;
  const yearlyPerHead = Math.floor(ctx.yearlyIncome / ctx.memberCount);
  if (!overRatio || yearlyPerHead >= disposable.value) return { hits: [] };
  const share = ctx.yearlyIncome === 0 ? '家庭年收入为 0' : `占家庭年收入 ${yuan(ctx.yearlyIncome)} 的 ${percent(spending, ctx.yearlyIncome)}`;
  const ratioText = `${Math.round(ratio.value * 1000) / 10}%`;
  return {
    hits: [hit(ctx, 'suspected_rigid_expense', null, [
      `近12个月医疗、教育等必需支出 ${yuan(spending)}（医疗 ${yuan(s.medical)}、教育 ${yuan(s.education)}、其他 ${yuan(s.other)}），${share}，超过本地规定比例 ${ratioText}${basisNote(ratio)}`,
      `家庭人均年收入 ${yuan(yearlyPerHead)}，低于上年度当地居民人均可支配收入 ${yuan(disposable.value)}${basisNote(disposable)}`,
      '尚未纳入低保、特困或刚性支出困难',
    ], [
      { text: `近12个月必需支出 ${yuan(spending)}；家庭年收入 ${yuan(ctx.yearlyIncome)}，${ctx.memberCount} 人，人均年收入 ${yuan(yearlyPerHead)}` },
      { text: `${POLICY_KEY_LABELS.rigid_expense_ratio.zh} ${ratio.value} 倍（${ratioText}）`, parameter: citeParameter(ratio) },
      { text: `${POLICY_KEY_LABELS.disposable_income_per_head_yearly.zh} ${yuan(disposable.value)}`, parameter: citeParameter(disposable) },
    ])],
  };
}

/** What makes a member eligible to be enrolled alone: 一级/二级 disability or serious illness. */
function singleMemberConditions(m: MemberFacts): string[] {
  const out: string[] = [];
  if (m.disabilityGrade !== null && m.disabilityGrade <= 2) {
    out.push(`${DISABILITY_GRADE_LABELS[m.disabilityGrade]}${m.disabilityType ? DISABILITY_TYPE.labels[m.disabilityType] : '残疾'}`);
  }
  if (m.health === 'serious' || m.tags.includes('serious_illness')) out.push('重病');
  return out;
}

function singleMemberDibao(ctx: Context): Outcome {
  if (ctx.covered) return { hits: [] };
  const candidates = ctx.living.filter((m) => singleMemberConditions(m).length > 0);
  if (candidates.length === 0) return { hits: [] };
  let householdReason: string;
  let trail: TrailItem[];
  if (ctx.categories.includes('marginal')) {
    householdReason = '家庭为在册低保边缘家庭';
    trail = [{ text: `家庭在册类别：${CATEGORY_KIND.labels.marginal}` }];
  } else {
    const band = marginalBand(ctx);
    if ('missing' in band) return band;
    if (!band.inBand) return { hits: [] };
    householdReason = `家庭疑似低保边缘家庭：${band.reason}`;
    trail = band.trail;
  }
  return {
    hits: candidates.map((m) => hit(ctx, 'single_member_dibao', m.memberId, [
      `${m.name}：${singleMemberConditions(m).join('、')}`,
      householdReason,
      '家庭尚未纳入低保或特困，可参照单人户申请低保',
    ], trail)),
  };
}

function elderlySpecial(ctx: Context): Outcome {
  const asOf = ctx.facts.asOf;
  const threshold = withDefault(ctx, 'elderly_age_threshold');
  const hits: RuleHit[] = [];
  for (const m of ctx.living) {
    const age = ageOn(m.birthDate, asOf);
    if (age < ELDERLY_AGE) continue;
    const conditions: string[] = [];
    const trail: TrailItem[] = [{ text: `${m.name} 出生日期 ${m.birthDate}，截至 ${asOf} 年满 ${age} 周岁` }];
    if (age >= threshold.value) {
      conditions.push(`已达高龄老人年龄 ${threshold.value} 周岁${threshold.note}`);
      trail.push(threshold.trail);
    }
    if (m.tags.includes('living_alone') || ctx.living.length === 1) {
      conditions.push(m.tags.includes('living_alone') ? '独居' : '独居（家中无其他在世成员）');
    }
    if (m.selfCare === 'dependent') {
      // A carer is another living adult below the 高龄 age who can look after themselves.
      const carer = ctx.living.some((o) => {
        if (o.memberId === m.memberId || o.selfCare === 'dependent') return false;
        const a = ageOn(o.birthDate, asOf);
        return a >= ADULT_AGE && a < threshold.value;
      });
      if (!carer) {
        conditions.push(`失能，家中无其他 ${ADULT_AGE} 至 ${threshold.value - 1} 周岁、未失能的成年人`);
        if (!trail.includes(threshold.trail)) trail.push(threshold.trail);
      }
    }
    if (conditions.length) hits.push(hit(ctx, 'elderly_special', m.memberId, [`${m.name}，${age} 周岁`, ...conditions], trail));
  }
  return { hits };
}

function childGuardianship(ctx: Context): Outcome {
  const hits: RuleHit[] = [];
  for (const m of ctx.living) {
    const age = ageOn(m.birthDate, ctx.facts.asOf);
    if (age >= ADULT_AGE || m.guardianRecorded) continue;
    const kinds = [
      ...(m.tags.includes('orphan') ? ['孤儿'] : []),
      ...(m.tags.includes('de_facto_unsupported') ? ['事实无人抚养儿童'] : []),
    ];
    if (!kinds.length) continue;
    hits.push(hit(ctx, 'child_guardianship', m.memberId,
      [`${m.name}：${age} 周岁，${kinds.join('、')}，尚未登记监护人`],
      [{ text: `${m.name} 出生日期 ${m.birthDate}，截至 ${ctx.facts.asOf} 为 ${age} 周岁（未满 ${ADULT_AGE} 周岁）` }]));
  }
  return { hits };
}

function dibaoReview(ctx: Context): Outcome {
  if (!ctx.categories.includes('dibao')) return { hits: [] };
  if (ctx.monthlyPerHead === null) return NO_MEMBERS;
  const std = standard(ctx);
  if ('missing' in std) return std;
  if (ctx.monthlyPerHead < std.p.value) return { hits: [] };
  return {
    hits: [hit(ctx, 'dibao_review', null, [
      `在保低保家庭人均月收入 ${yuan(ctx.monthlyPerHead)}，已达到或超过${std.text}`,
      '请复核家庭经济状况；符合条件的按规定给予渐退期后退出',
    ], [incomeTrail(ctx), std.trail])],
  };
}

function deathPaymentCheck(ctx: Context): Outcome {
  const held = ctx.categories.filter((c) => COVERED.includes(c));
  if (!held.length) return { hits: [] };
  const asOf = ctx.facts.asOf;
  const what = held.map((c) => CATEGORY_KIND.labels[c]).join('、');
  return {
    hits: ctx.facts.members
      .filter((m) => m.deathDate !== null && m.deathDate <= asOf)
      .map((m) => hit(ctx, 'death_payment_check', m.memberId, [
        `${m.name} 死亡日期 ${m.deathDate}（来源：${m.deathSource ?? '未注明'}），家庭仍在享受${what}`,
        '请核实后及时停发或调整救助金，并办理成员减少',
      ], [{ text: `家庭在册类别：${what}` }])),
  };
}

const RULES: Record<RuleKind, (ctx: Context) => Outcome> = {
  suspected_dibao: suspectedDibao,
  suspected_marginal: suspectedMarginal,
  suspected_rigid_expense: suspectedRigidExpense,
  single_member_dibao: singleMemberDibao,
  elderly_special: elderlySpecial,
  child_guardianship: childGuardianship,
  dibao_review: dibaoReview,
  death_payment_check: deathPaymentCheck,
};

/** Whether a member is alive on the date as far as the data know (a death date after it is not yet in effect). */
export function isLiving(m: Pick<MemberFacts, 'deathDate'>, asOf: string): boolean {
  return m.deathDate === null || m.deathDate > asOf;
}

const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** `date` moved by whole years as the calendar does it: 29 February moves to 1 March in a common year, which is the
 * first day `ageOn` and the 12-month window count as the anniversary. (String arithmetic: the sweep calls it for
 * every member and rule age.) */
function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const monthDay = date.slice(5) === '02-29' && !isLeapYear(y) ? '03-01' : date.slice(5);
  return `${String(y).padStart(4, '0')}-${monthDay}`;
}

/**
 * The first day after `asOf` on which `evaluateHousehold` may answer differently although nothing about the household
 * was written: a living member reaching one of `ageThresholds` (the adult, elderly and 高龄 ages the rules use), a
 * recorded death date arriving, a medical or education spending fact (`spendingDates`) entering or leaving the
 * 12-month window, a category period starting or ending. Null when nothing lies ahead. Parameters are not covered:
 * a parameter coming into force is a county-wide change, which the sweep handles by evaluating the whole county.
 */
export function nextRecheckDate(
  facts: Pick<HouseholdFacts, 'members' | 'categories' | 'asOf'>, spendingDates: readonly string[], ageThresholds: readonly number[],
): string | null {
  const { asOf } = facts;
  let next: string | null = null;
  const consider = (d: string | null) => {
    if (d !== null && d > asOf && (next === null || d < next)) next = d;
  };
  for (const m of facts.members) {
    consider(m.deathDate);
    if (!isLiving(m, asOf)) continue;
    for (const t of ageThresholds) consider(addYears(m.birthDate, t));
  }
  for (const d of spendingDates) {
    consider(d);
    consider(addYears(d, 1));
  }
  for (const c of facts.categories) {
    consider(c.startDate);
    if (c.endDate !== null) consider(shiftDate(c.endDate, 1));
  }
  return next;
}

/**
 * Runs the enabled rules over one household. Rules run in the order of `RULE_KIND`; each returns its hits or, when a
 * parameter it needs is not in force for the household's region on `facts.asOf`, one `skipped` entry naming it.
 * A rule that does not apply to the household (e.g. the review rule for a household without 低保) is neither hit nor
 * skipped, so a missing parameter is only reported where it mattered.
 */
export function evaluateHousehold(
  facts: HouseholdFacts,
  params: readonly PolicyParameter[],
  enabledRules: ReadonlySet<RuleKind>,
): HouseholdEvaluation {
  const categories = activeCategories(facts.categories, facts.asOf);
  const memberCount = facts.members.length;
  const yearlyIncome = householdYearlyIncome(facts.members.map((m) => ({ yearlyIncome: m.yearlyIncomeFen, pension: m.pensionFen })));
  const ctx: Context = {
    facts, params, categories,
    covered: categories.some((c) => COVERED.includes(c)),
    living: facts.members.filter((m) => isLiving(m, facts.asOf)),
    memberCount, yearlyIncome,
    monthlyPerHead: memberCount > 0 ? monthlyIncomePerHead(yearlyIncome, memberCount) : null,
  };
  const hits: RuleHit[] = [];
  const skipped: SkippedRule[] = [];
  for (const rule of RuleKind.options) {
    if (!enabledRules.has(rule)) continue;
    const out = RULES[rule](ctx);
    if ('hits' in out) {
      hits.push(...out.hits);
    } else {
      skipped.push({
        rule, missing: out.missing,
        reason: out.reason ?? `缺少参数：${out.missing.map((k) => POLICY_KEY_LABELS[k].zh).join('、')}`,
      });
    }
  }
  return { hits, skipped, figures: { memberCount, yearlyIncome, monthlyIncomePerHead: ctx.monthlyPerHead, categories } };
}
