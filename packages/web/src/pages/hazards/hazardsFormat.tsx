/** How hazards, plans and warnings are written on screen: status, severity and level tags, deadlines. */
import { Tag, Typography } from 'antd';
import { CARE_PLAN_STATUS, HAZARD_SEVERITY, HAZARD_STATUS, WEATHER_LEVEL } from '@doudi/domain';
import type { CarePlanStatus, HazardSeverity, HazardStatus, WeatherLevel } from '@doudi/domain';
import { useI18n } from '../../i18n';

const STATUS_COLORS: Record<HazardStatus, string> = { pending: 'orange', rectifying: 'blue', awaiting_verification: 'purple', closed: 'green' };
const SEVERITY_COLORS: Record<HazardSeverity, string> = { general: 'default', major: 'orange', serious: 'red' };
const PLAN_COLORS: Record<CarePlanStatus, string> = { drafting: 'default', active: 'blue', review: 'purple', closed: 'green' };
export const LEVEL_COLORS: Record<WeatherLevel, string> = { blue: '#1677ff', yellow: '#d4b106', orange: '#fa8c16', red: '#f5222d' };

export function HazardStatusTag({ status }: { status: HazardStatus }) {
  return <Tag color={STATUS_COLORS[status]} data-testid="hazard-status">{HAZARD_STATUS.labels[status]}</Tag>;
}

export function SeverityTag({ severity }: { severity: HazardSeverity }) {
  return <Tag color={SEVERITY_COLORS[severity]}>{HAZARD_SEVERITY.labels[severity]}</Tag>;
}

export function PlanStatusTag({ status }: { status: CarePlanStatus }) {
  return <Tag color={PLAN_COLORS[status]} data-testid="plan-status">{CARE_PLAN_STATUS.labels[status]}</Tag>;
}

export function LevelTag({ level }: { level: WeatherLevel }) {
  return <Tag color={LEVEL_COLORS[level]}>{WEATHER_LEVEL.labels[level]}</Tag>;
}

/** A date with a red 逾期 tag when the server says it has passed. */
export function DueDate({ date, overdue }: { date: string | null; overdue: boolean }) {
  const { t } = useI18n();
  if (!date) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span className="nowrap">
      {overdue ? <Typography.Text type="danger">{date}</Typography.Text> : date}
      {overdue ? <Tag color="red" className="hazard-overdue-tag">{t('hazards.overdue')}</Tag> : null}
    </span>
  );
}

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const china = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${china.slice(0, 10)} ${china.slice(11, 16)}`;
}

/** Today as a China calendar date. */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}
