/** Tags and small helpers shared by the care pages. */
import { Tag } from 'antd';
import {
  CHILD_CATEGORY, ELDERLY_TIER, GUARDIANSHIP_STATUS, HELP_STATUS, RISK_LEVEL, RISK_STATUS,
  type ChildCategory, type ElderlyTier, type GuardianshipStatus, type HelpStatus, type RiskLevel, type RiskStatus,
} from '@doudi/domain';
import dayjs from 'dayjs';
import { DISPLAY_TIME_ZONE } from '../../format';

const TIER_COLOR: Record<ElderlyTier, string> = { high: 'red', key: 'orange', general: 'blue' };
export function TierTag({ tier }: { tier: ElderlyTier | null }) {
  if (!tier) return null;
  return <Tag color={TIER_COLOR[tier]} data-testid="tier-tag">{ELDERLY_TIER.labels[tier]}</Tag>;
}

const CATEGORY_COLOR: Record<ChildCategory, string> = { orphan: 'magenta', de_facto_unsupported: 'volcano', left_behind: 'gold', difficulty: 'geekblue' };
export function CategoryTags({ categories }: { categories: ChildCategory[] }) {
  return <>{categories.map((c) => <Tag key={c} color={CATEGORY_COLOR[c]}>{CHILD_CATEGORY.labels[c]}</Tag>)}</>;
}

const GUARD_COLOR: Record<GuardianshipStatus, string> = { normal: 'green', entrusted: 'blue', missing: 'red', improper: 'volcano' };
export function GuardianshipTag({ value }: { value: GuardianshipStatus | null }) {
  if (!value) return null;
  return <Tag color={GUARD_COLOR[value]}>{GUARDIANSHIP_STATUS.labels[value]}</Tag>;
}

const HELP_COLOR: Record<HelpStatus, string> = { pending: 'red', responded: 'orange', closed: 'green' };
export function HelpStatusTag({ status }: { status: HelpStatus }) {
  return <Tag color={HELP_COLOR[status]}>{HELP_STATUS.labels[status]}</Tag>;
}

const RISK_STATUS_COLOR: Record<RiskStatus, string> = { reported: 'red', township_received: 'orange', county_reported: 'purple', resolved: 'green' };
export function RiskStatusTag({ status }: { status: RiskStatus }) {
  return <Tag color={RISK_STATUS_COLOR[status]}>{RISK_STATUS.labels[status]}</Tag>;
}
const RISK_LEVEL_COLOR: Record<RiskLevel, string> = { low: 'blue', medium: 'orange', high: 'red' };
export function RiskLevelTag({ level }: { level: RiskLevel }) {
  return <Tag color={RISK_LEVEL_COLOR[level]}>{RISK_LEVEL.labels[level]}</Tag>;
}

export function formatTime(iso: string | null): string {
  return iso ? dayjs(iso).tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD HH:mm') : '—';
}
export function formatDay(iso: string | null): string {
  return iso ? dayjs(iso).tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD') : '—';
}
export function todayInChina(): string {
  return dayjs().tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD');
}
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}
