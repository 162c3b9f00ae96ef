/** How policy parameters are labelled and written on screen. */
import dayjs from 'dayjs';
import { POLICY_KEY_LABELS, formatYuan } from '@doudi/domain';
import type { PolicyKey, PolicyParameterView } from '@doudi/domain';
import { DISPLAY_TIME_ZONE } from '../../format';
import type { Lang, Translate } from '../../i18n';

const POLICY_KEY_LABELS_EN: Record<PolicyKey, string> = {
  dibao_standard_urban_monthly: 'Urban dibao standard (monthly)',
  dibao_standard_rural_monthly: 'Rural dibao standard (monthly)',
  marginal_multiplier: 'Marginal-household multiplier',
  rigid_expense_ratio: 'Essential spending to household income ratio',
  disposable_income_per_head_yearly: "Last year's local disposable income per head",
  lead_contact_days: 'Lead contact time limit',
  lead_handle_days: 'Lead handling time limit',
  elderly_age_threshold: 'Age of the oldest old',
  elderly_visit_days_high: 'Visit interval, high-risk elderly',
  elderly_visit_days_key: 'Visit interval, key elderly',
  elderly_visit_days_general: 'Visit interval, other elderly',
  child_visit_days: 'Visit interval, children in difficulty',
};

export function policyKeyLabel(key: PolicyKey, lang: Lang): string {
  return lang === 'zh' ? POLICY_KEY_LABELS[key].zh : POLICY_KEY_LABELS_EN[key];
}

/** Money parameters are stored in fen and entered in yuan; the others (multipliers, days, ages) are plain numbers. */
export function isMoneyKey(key: PolicyKey): boolean {
  return POLICY_KEY_LABELS[key].kind === 'money';
}

const UNITS_EN: Record<string, string> = {
  '元/人·月': 'per person per month', '元/人·年': 'per person per year', '倍': '×', '个工作日': 'working days', '岁': 'years', '天': 'days',
};

/** 68000 fen → "680.00 元/人·月", 1.5 → "1.5 倍", 3 → "3 个工作日" */
export function formatPolicyValue(key: PolicyKey, value: number, t: Translate): string {
  const { unit } = POLICY_KEY_LABELS[key];
  const shown = isMoneyKey(key) ? formatYuan(value) : String(value);
  return t('policy.valueShown', { value: shown, unit, unitEn: UNITS_EN[unit] ?? unit });
}

/** Today in Beijing, as YYYY-MM-DD. */
export function todayDate(): string {
  return dayjs().tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD');
}

export type PolicyStatus = 'current' | 'ended' | 'future';

export function policyStatus(param: Pick<PolicyParameterView, 'validFrom' | 'validTo'>, today = todayDate()): PolicyStatus {
  if (param.validFrom > today) return 'future';
  if (param.validTo !== null && param.validTo < today) return 'ended';
  return 'current';
}
