/** How registry facts are written on screen and on the printed survey form. Labels come from `@doudi/domain`. */
import dayjs from 'dayjs';
import { DISABILITY_GRADE_LABELS, DISABILITY_TYPE, INCOME_BAND_LABELS, formatYuan } from '@doudi/domain';
import type { CategoryKind, IncomeBand, MedicalInsurance, MemberView, PensionInsurance } from '@doudi/domain';
import { DISPLAY_TIME_ZONE } from '../../format';

/** Today in Beijing, as YYYY-MM-DD. */
export function todayInBeijing(): string {
  return dayjs().tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD');
}

/** 123456 fen → "1,234.56" */
export const yuan = formatYuan;

/** Fen from the API → 元 for an InputNumber. */
export function fenToYuan(fen: number | null | undefined): number | undefined {
  return fen === null || fen === undefined ? undefined : fen / 100;
}

export const GENDER_LABELS = { male: '男', female: '女' } as const;

export const INCOME_BAND_COLORS: Record<IncomeBand, string> = {
  below_standard: 'red',
  marginal: 'orange',
  above: 'green',
};

export function incomeBandLabel(band: IncomeBand): string {
  return INCOME_BAND_LABELS[band];
}

export const CATEGORY_COLORS: Record<CategoryKind, string> = {
  dibao: 'red',
  tekun_centralised: 'magenta',
  tekun_dispersed: 'magenta',
  marginal: 'orange',
  monitoring: 'gold',
  rigid_expense: 'purple',
  other_low_income: 'blue',
};

/** 肢体残疾二级, or "—" when the member has no recorded disability. */
export function disabilityText(m: Pick<MemberView, 'disabilityType' | 'disabilityGrade'>): string {
  if (!m.disabilityType) return '—';
  const grade = m.disabilityGrade ? (DISABILITY_GRADE_LABELS[m.disabilityGrade] ?? '') : '';
  return `${DISABILITY_TYPE.labels[m.disabilityType]}${grade}`;
}

/** The short insurance names of the paper form's 社保 / 医保 columns. */
export const PENSION_SHORT: Record<PensionInsurance, string> = { employee: '职工养老', resident: '居民养老', none: '未参保' };
export const MEDICAL_SHORT: Record<MedicalInsurance, string> = { employee: '职工医保', resident: '居民医保', none: '未参保' };

/** A YYYY-MM-DD date as officials write it: 2026年3月5日. */
export function chineseDate(date: string | null | undefined): string {
  if (!date) return '';
  const [y, m, d] = date.slice(0, 10).split('-');
  if (!y || !m || !d) return date;
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** A server field path (members.2.idNumber) as an antd form name path (['members', 2, 'idNumber']). */
export function fieldPath(field: string): (string | number)[] {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * A domain label set's options with their values typed as the code union (the domain gives them as plain strings),
 * for Select, Checkbox.Group and the tick-box lists.
 */
export function optionsOf<T extends string>(set: {
  labels: Record<T, string>;
  options: readonly { value: string; label: string }[];
}): { value: T; label: string }[] {
  return set.options as { value: T; label: string }[];
}
