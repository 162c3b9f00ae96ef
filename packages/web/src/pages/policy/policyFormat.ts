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
};

export function policyKeyLabel(key: PolicyKey, lang: Lang): string {
  return lang === 'zh' ? POLICY_KEY_LABELS[key].zh : POLICY_KEY_LABELS_EN[key];
}

/** Money parameters are stored in fen and entered in yuan; the others (multipliers) are plain numbers. */
export function isMoneyKey(key: PolicyKey): boolean {
  return POLICY_KEY_LABELS[key].unit !== '倍';
}

/** 68000 fen → "680.00 元/人·月", 1.5 → "1.5 倍" */
export function formatPolicyValue(key: PolicyKey, value: number, t: Translate): string {
  return isMoneyKey(key) ? t('policy.yuan', { value: formatYuan(value) }) : t('policy.times', { value });
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
