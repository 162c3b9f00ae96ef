/** How monitoring facts are written on screen: status and rule tags, the trail of a warning, URL filters. */
import { Tag, Typography } from 'antd';
import { LEAD_SOURCE, LEAD_STATUS, RULE_KIND, RegionCode, WARNING_STATUS, regionContains } from '@doudi/domain';
import type { LeadSource, LeadStatus, RuleKind, TrailItem, WarningStatus } from '@doudi/domain';
import { useI18n } from '../../i18n';

export const LEAD_STATUS_COLORS: Record<LeadStatus, string> = {
  pending: 'orange',
  assigned: 'blue',
  contacted: 'cyan',
  helped_apply: 'green',
  ineligible: 'default',
  refused: 'volcano',
  referred: 'purple',
  closed: 'default',
};

/** One colour per rule, used by the tags and by the dashboard's stacked bars so the two read alike. */
export const RULE_COLORS: Record<RuleKind, string> = {
  suspected_dibao: '#d4380d',
  suspected_marginal: '#fa8c16',
  suspected_rigid_expense: '#722ed1',
  single_member_dibao: '#c41d7f',
  elderly_special: '#1f5fb4',
  child_guardianship: '#13a8a8',
  dibao_review: '#7cb305',
  death_payment_check: '#595959',
};

export function LeadStatusTag({ status }: { status: LeadStatus }) {
  return (
    <Tag color={LEAD_STATUS_COLORS[status]} data-testid="lead-status">
      {LEAD_STATUS.labels[status]}
    </Tag>
  );
}

export function RuleTag({ rule }: { rule: RuleKind | null }) {
  if (!rule) return null;
  return (
    <Tag color={RULE_COLORS[rule]} variant="outlined" className="rule-tag">
      {RULE_KIND.labels[rule]}
    </Tag>
  );
}

export function WarningStatusTag({ status }: { status: WarningStatus }) {
  return <Tag color={status === 'open' ? 'red' : 'default'}>{WARNING_STATUS.labels[status]}</Tag>;
}

export function sourceLabel(source: LeadSource): string {
  return LEAD_SOURCE.labels[source];
}

/** The deadline with a red 逾期 tag when it has passed (the server decides what is overdue). */
export function Deadline({ deadline, overdue }: { deadline: string | null; overdue: boolean }) {
  const { t } = useI18n();
  if (!deadline) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span className="nowrap">
      <span className="mono">{deadline.slice(0, 10)}</span>
      {overdue ? (
        <Tag color="red" className="overdue-tag" data-testid="lead-overdue">
          {t('monitoring.lead.overdue')}
        </Tag>
      ) : null}
    </span>
  );
}

/**
 * The first reason of a lead's description, for one line of a list. Leads from warnings read
 * `【疑似符合低保】reason；reason` per rule; the rule is shown as a tag beside it, so its 【…】 is left out here, and so
 * are the cited bases in brackets (`（演示数据；依据：…）`), which the lead's page shows in full.
 */
export function firstReason(description: string): string {
  const line = (description.split('\n').find((part) => part.trim().length > 0) ?? '').trim().replace(/^【[^】]*】\s*/, '');
  let out = '';
  let depth = 0;
  let group = '';
  for (const ch of line) {
    if (ch === '（') {
      depth++;
      group += ch;
    } else if (ch === '）' && depth > 0) {
      depth--;
      group += ch;
      if (depth === 0) {
        if (!group.includes('依据：')) out += group;
        group = '';
      }
    } else if (depth > 0) {
      group += ch;
    } else if (ch === '；' || ch === ';') {
      break;
    } else {
      out += ch;
    }
  }
  return (out + group).trim();
}

/** `依据：民发〔2021〕57号，演示数据` for a trail item that cites a parameter. */
export function trailBasis(item: TrailItem): string | null {
  const p = item.parameter;
  if (!p) return null;
  return `依据：${p.source}${p.demo ? '，演示数据' : ''}`;
}

/** The reasons of a warning, and under them the parameters and clauses they rest on. */
export function ReasonsAndTrail({ reasons, trail, compact = false }: { reasons: readonly string[]; trail: readonly TrailItem[]; compact?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="reasons" data-testid="warning-reasons">
      <ul className="reason-list">
        {reasons.map((reason, i) => (
          <li key={i}>{reason}</li>
        ))}
      </ul>
      {!compact && trail.length > 0 ? (
        <div className="trail" data-testid="warning-trail">
          <div className="trail-title">{t('monitoring.trail.title')}</div>
          <ol className="trail-list">
            {trail.map((item, i) => {
              const basis = trailBasis(item);
              return (
                <li key={i}>
                  <span>{item.text}</span>
                  {basis ? <div className="trail-basis">{basis}</div> : null}
                  {item.parameter?.validFrom ? (
                    <div className="trail-basis">{t('monitoring.trail.validFrom', { date: item.parameter.validFrom })}</div>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </div>
      ) : null}
    </div>
  );
}

/** A value of a label set read from the address (`?rule=…`), or undefined when absent or unknown. */
export function pickParam<T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, value: string | null): T | undefined {
  if (value === null) return undefined;
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** A region code from the address, kept only when it lies inside the user's jurisdiction. */
export function pickRegion(root: string, value: string | null): string | undefined {
  return value && RegionCode.safeParse(value).success && regionContains(root, value) ? value : undefined;
}

/** A YYYY-MM-DD date from the address. */
export function dateParam(value: string | null): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

/** A record id from the address. */
export function idParam(value: string | null): number | undefined {
  const n = Number(value);
  return value && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** `2026-03-02 至 2026-03-08` (either end may be open). */
export function rangeText(from: string | undefined, to: string | undefined): string {
  return `${from ?? '…'} 至 ${to ?? '…'}`;
}

/**
 * Filters that arrive only through links (a household, a week of the dashboard's trend) and have no control of their
 * own: shown as closable tags so the user sees why the list is narrower and can drop them.
 */
export function LinkedFilters({ tags, onClear }: { tags: { key: string; label: string }[]; onClear: (keys: string[]) => void }) {
  const { t } = useI18n();
  if (tags.length === 0) return null;
  return (
    <div className="linked-filters" data-testid="linked-filters">
      <span className="muted">{t('monitoring.filter.linked')}</span>
      {tags.map((tag) => (
        <Tag key={tag.key} closable onClose={() => onClear([tag.key])} color="blue">
          {tag.label}
        </Tag>
      ))}
    </div>
  );
}

export const PAGE_SIZES = [10, 20, 50, 100];

/** Writes a list's filters and page back to the address (defaults left out), so links and "back" keep them. */
export function toSearch(values: Record<string, string | number | boolean | undefined>): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === '' || value === false) continue;
    if (key === 'page' && value === 1) continue;
    if (key === 'pageSize' && value === 20) continue;
    search.set(key, String(value));
  }
  return search;
}
