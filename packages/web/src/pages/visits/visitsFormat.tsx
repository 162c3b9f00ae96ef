/** Small pieces shared by the desk screens of the visits module. */
import { Progress, Tag } from 'antd';
import { Link } from 'react-router';
import { CAMPAIGN_STATUS, REPORT_STATUS, TASK_STATUS, coverageRate } from '@doudi/domain';
import type { CampaignStatus, ReportStatus, TaskStatus } from '@doudi/domain';
import { useI18n } from '../../i18n';

export const REPORT_COLORS: Record<ReportStatus, string> = { not_started: 'default', in_progress: 'processing', done: 'success' };
export const TASK_COLORS: Record<TaskStatus, string> = { open: 'orange', done: 'green', cancelled: 'default' };

export function ReportTag({ status }: { status: ReportStatus }) {
  return <Tag color={REPORT_COLORS[status]}>{REPORT_STATUS.labels[status]}</Tag>;
}
export function TaskStatusTag({ status, overdue }: { status: TaskStatus; overdue?: boolean }) {
  const { t } = useI18n();
  if (status === 'open' && overdue) return <Tag color="red">{t('visits.tasks.overdue')}</Tag>;
  return <Tag color={TASK_COLORS[status]}>{TASK_STATUS.labels[status]}</Tag>;
}
export function CampaignStatusTag({ status }: { status: CampaignStatus }) {
  return <Tag color={status === 'active' ? 'processing' : 'default'}>{CAMPAIGN_STATUS.labels[status]}</Tag>;
}

/** A number that opens the list behind it (grey and still a link when 0). */
export function Num({ value, to, testId }: { value: number; to: string; testId?: string }) {
  return (
    <Link to={to} className={value > 0 ? 'visit-num' : 'visit-num zero'} data-testid={testId}>
      {value}
    </Link>
  );
}

export function CoverageBar({ done, due }: { done: number; due: number }) {
  const rate = coverageRate(done, due);
  if (rate === null) return <span className="muted">—</span>;
  return <Progress percent={rate} size="small" format={(p) => `${p}%`} className="visit-progress-cell" status={rate >= 100 ? 'success' : 'normal'} />;
}

/** /visits/tasks with filters; empty values are left out. */
export function tasksLink(filters: Record<string, string | number | boolean | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `/visits/tasks?${qs}` : '/visits/tasks';
}
