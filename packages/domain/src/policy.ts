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
]);
export type PolicyKey = z.infer<typeof PolicyKey>;

export const POLICY_KEY_LABELS: Record<PolicyKey, { zh: string; unit: string }> = {
  dibao_standard_urban_monthly: { zh: '城市低保标准（月）', unit: '元/人·月' },
  dibao_standard_rural_monthly: { zh: '农村低保标准（月）', unit: '元/人·月' },
  marginal_multiplier: { zh: '低保边缘家庭认定倍数', unit: '倍' },
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
export interface TrailItem {
  text: string;
  parameter?: Pick<PolicyParameter, 'key' | 'regionCode' | 'value' | 'validFrom' | 'source' | 'demo'>;
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
