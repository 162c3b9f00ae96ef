import { z } from 'zod';
import { RegionCode, regionAncestry } from './region.js';

/**
 * Policy numbers are dated data with a region and a source, never constants in code. A parameter set for a region
 * applies to everything below it unless a lower region sets its own.
 */
export const PolicyKey = z.enum([
  'dibao_standard_urban_monthly',
  'dibao_standard_rural_monthly',
  'marginal_multiplier',
  'rigid_expense_ratio',
  'disposable_income_per_head_yearly',
  'lead_contact_days',
  'lead_handle_days',
  'elderly_age_threshold',
  'elderly_visit_days_high',
  'elderly_visit_days_key',
  'elderly_visit_days_general',
  'child_visit_days',
]);
export type PolicyKey = z.infer<typeof PolicyKey>;

/**
 * How a parameter's value is entered and shown: `money` in fen (entered and shown as 元); the others are plain
 * numbers in the unit of the label (a multiple, a number of working days, an age in years).
 */
export type PolicyValueKind = 'money' | 'multiple' | 'working_days' | 'years' | 'days';

export const POLICY_KEY_LABELS: Record<PolicyKey, { zh: string; unit: string; kind: PolicyValueKind }> = {
  dibao_standard_urban_monthly: { zh: '城市低保标准（月）', unit: '元/人·月', kind: 'money' },
  dibao_standard_rural_monthly: { zh: '农村低保标准（月）', unit: '元/人·月', kind: 'money' },
  marginal_multiplier: { zh: '低保边缘家庭认定倍数', unit: '倍', kind: 'multiple' },
  /**
   * Essential spending over 12 months as a multiple of the household's yearly income (Law art. 22 leaves the ratio
   * to the city or province). Stored as a multiple so that it reads like the other multipliers: 0.5 = 50%,
   * 1 = spending equal to income. Spending strictly above ratio × income qualifies.
   */
  rigid_expense_ratio: { zh: '刚性支出占家庭收入比例', unit: '倍', kind: 'multiple' },
  disposable_income_per_head_yearly: { zh: '上年度当地居民人均可支配收入', unit: '元/人·年', kind: 'money' },
  lead_contact_days: { zh: '救助线索联系时限', unit: '个工作日', kind: 'working_days' },
  lead_handle_days: { zh: '救助线索办理时限', unit: '个工作日', kind: 'working_days' },
  elderly_age_threshold: { zh: '高龄老人年龄', unit: '岁', kind: 'years' },
  /** Visit intervals (C5/C6): ≤ 7 days = weekly tasks, ≤ 31 monthly, ≤ 92 quarterly, longer yearly (domain care.ts). */
  elderly_visit_days_high: { zh: '高风险老年人探访间隔', unit: '天', kind: 'days' },
  elderly_visit_days_key: { zh: '重点老年人探访间隔', unit: '天', kind: 'days' },
  elderly_visit_days_general: { zh: '一般老年人探访间隔', unit: '天', kind: 'days' },
  child_visit_days: { zh: '困境儿童探访间隔', unit: '天', kind: 'days' },
};

/**
 * National defaults used only where no region has set the parameter; a decision that used one says so in its trail.
 * The marginal multiplier of 1.5 is the national rule; 80 years is the usual 高龄 age of the elderly-care measures.
 */
/** The national edge multiplier, used where no region sets its own. */
export const DEFAULT_MARGINAL_MULTIPLIER = 1.5;

export const POLICY_DEFAULTS: Partial<Record<PolicyKey, { value: number; source: string }>> = {
  marginal_multiplier: { value: DEFAULT_MARGINAL_MULTIPLIER, source: '民发〔2021〕57号；《中华人民共和国社会救助法》第二十一条' },
  elderly_age_threshold: { value: 80, source: '民政部等10部门《关于开展特殊困难老年人探访关爱服务的指导意见》（2022年10月）' },
  // The guidance sets the monthly visit rate target (月探访率100%) for 特殊困难老年人; the weekly and quarterly
  // intervals of the other tiers are defaults a county can change, not national figures.
  elderly_visit_days_key: { value: 30, source: '民政部等10部门《关于开展特殊困难老年人探访关爱服务的指导意见》（2022年）：月探访率达到100%' },
  elderly_visit_days_high: { value: 7, source: '默认值（高风险每周探访，县级可调整）' },
  elderly_visit_days_general: { value: 90, source: '默认值（一般每季度探访，县级可调整）' },
  child_visit_days: { value: 30, source: '默认值（儿童主任每月探访，县级可调整）' },
};

export const PolicyParameter = z.object({
  regionCode: RegionCode,
  key: PolicyKey,
  /** Money in fen; ratios as plain numbers. */
  value: z.number().nonnegative(),
  validFrom: z.iso.date(),
  /** Inclusive last day; null = open-ended. */
  validTo: z.iso.date().nullable(),
  source: z.string().trim().min(1, '请填写依据（文号或条款）'),
  demo: z.boolean().default(false),
});
export type PolicyParameter = z.infer<typeof PolicyParameter>;

/** The parameter in force for a region on a date: the most specific region first, then the latest start. */
export function resolveParameter(
  params: readonly PolicyParameter[],
  key: PolicyKey,
  regionCode: string,
  date: string,
): PolicyParameter | undefined {
  const ancestry = regionAncestry(regionCode);
  let best: PolicyParameter | undefined;
  let bestDepth = -1;
  for (const p of params) {
    if (p.key !== key || p.validFrom > date || (p.validTo !== null && p.validTo < date)) continue;
    const depth = ancestry.indexOf(p.regionCode);
    if (depth < 0) continue;
    if (depth > bestDepth || (depth === bestDepth && best && p.validFrom > best.validFrom)) {
      best = p;
      bestDepth = depth;
    }
  }
  return best;
}

/** A clause of a decision trail: which parameter (and from where) produced a step. */
export const TrailItem = z.object({
  text: z.string(),
  parameter: PolicyParameter.pick({ key: true, regionCode: true, value: true, validFrom: true, source: true, demo: true })
    .extend({ demo: z.boolean() })
    .optional(),
});
export type TrailItem = z.infer<typeof TrailItem>;

/** The parameter as cited in a trail. */
export function citeParameter(p: PolicyParameter): NonNullable<TrailItem['parameter']> {
  return { key: p.key, regionCode: p.regionCode, value: p.value, validFrom: p.validFrom, source: p.source, demo: p.demo };
}

export const CreatePolicyParameterRequest = PolicyParameter.omit({ demo: true })
  .extend({ demo: z.boolean().optional() })
  .refine((p) => p.validTo === null || p.validTo >= p.validFrom, { message: '失效日期不能早于生效日期', path: ['validTo'] });
export type CreatePolicyParameterRequest = z.infer<typeof CreatePolicyParameterRequest>;

export const EndPolicyParameterRequest = z.object({ validTo: z.iso.date('失效日期格式应为YYYY-MM-DD') });
export type EndPolicyParameterRequest = z.infer<typeof EndPolicyParameterRequest>;

export const PolicyParameterView = z.object({
  id: z.number().int(),
  regionCode: RegionCode,
  regionName: z.string(),
  key: PolicyKey,
  label: z.string(),
  unit: z.string(),
  value: z.number(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  source: z.string(),
  demo: z.boolean(),
});
export type PolicyParameterView = z.infer<typeof PolicyParameterView>;
