import { useMemo, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Button, Card, Col, Row, Segmented, Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { HomeOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { LEAD_SOURCE, LEAD_STATUS, LeadSource, LeadStatus, RULE_KIND, RuleKind } from '@doudi/domain';
import type { LeadListItem, LeadListQuery } from '@doudi/domain';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';
import { hasPermission, useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';
import { LeadCreateModal } from './LeadCreateModal';
import { MonitoringGuard } from './MonitoringGuard';
import {
  Deadline,
  LeadStatusTag,
  LinkedFilters,
  PAGE_SIZES,
  RuleTag,
  dateParam,
  firstReason,
  idParam,
  pickParam,
  pickRegion,
  rangeText,
  sourceLabel,
  toSearch,
} from './monitoringFormat';
import './monitoring.css';
import { CardsOrTable, FiltersToggle } from '../../components/CardsOrTable';
import { leastTableWidth } from '../../components/tableWidth';
import { usePhone } from '../../hooks/usePhone';

type Filters = Omit<LeadListQuery, 'page' | 'pageSize'>;
type View = 'pending' | 'mine' | 'overdue' | 'all';

/** Filters and page live in the address: the dashboard links here with them, and "back" returns to the same list. */
function useLeadParams() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    regionCode: pickRegion(me.region.code, params.get('regionCode')),
    status: pickParam(LeadStatus, params.get('status')),
    source: pickParam(LeadSource, params.get('source')),
    rule: pickParam(RuleKind, params.get('rule')),
    assignedToMe: params.get('assignedToMe') === 'true' || undefined,
    overdue: params.get('overdue') === 'true' || undefined,
    // Only through links (household page, dashboard): no control of their own, shown as closable tags.
    householdId: idParam(params.get('householdId')),
    escalated: params.get('escalated') === 'true' || undefined,
    createdFrom: dateParam(params.get('createdFrom')),
    createdTo: dateParam(params.get('createdTo')),
    closedFrom: dateParam(params.get('closedFrom')),
    closedTo: dateParam(params.get('closedTo')),
    asOf: dateParam(params.get('asOf')),
  };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const sizeParam = Number(params.get('pageSize'));
  const pageSize = PAGE_SIZES.includes(sizeParam) ? sizeParam : 20;
  const update = (next: Partial<Filters & { page: number; pageSize: number }>) =>
    setParams(toSearch({ ...filters, page, pageSize, ...next }), { replace: true });
  return { filters, page, pageSize, update };
}

function viewOf(f: Filters): View {
  if (f.assignedToMe) return 'mine';
  if (f.overdue) return 'overdue';
  if (f.status === 'pending') return 'pending';
  return 'all';
}

function PersonCell({ lead }: { lead: LeadListItem }) {
  const { t } = useI18n();
  return (
    <div className="lead-person">
      <Link to={`/monitoring/leads/${lead.id}`} className="lead-person-name" data-testid="lead-link">
        {lead.personName}
      </Link>
      {lead.householdId ? (
        <Link to={`/registry/households/${lead.householdId}`} className="lead-household-link" title={t('monitoring.lead.household')}>
          <HomeOutlined />
        </Link>
      ) : null}
    </div>
  );
}

/** On a phone each lead is a card: who, where, why, and by when. */
function LeadCards({ items }: { items: LeadListItem[] }) {
  const { t } = useI18n();
  return (
    <div className="lead-cards" data-testid="lead-cards">
      {items.map((lead) => (
        <Link key={lead.id} to={`/monitoring/leads/${lead.id}`} className={lead.overdue ? 'lead-card lead-card-overdue' : 'lead-card'} data-testid="lead-card">
          <div className="lead-card-top">
            <span className="lead-card-name">{lead.personName}</span>
            <span>
              {lead.escalatedAt ? <Tag color="volcano">{t('monitoring.lead.escalated')}</Tag> : null}
              <LeadStatusTag status={lead.status} />
            </span>
          </div>
          <div className="lead-card-region">
            {lead.regionName} · {sourceLabel(lead.source)}
            {lead.assigneeName ? ` · ${t('monitoring.lead.assigneeShort', { name: lead.assigneeName })}` : ''}
          </div>
          {lead.rule ? (
            <div>
              <RuleTag rule={lead.rule} />
            </div>
          ) : null}
          <div className="lead-card-reason">{firstReason(lead.description)}</div>
          <div className="lead-card-deadline">
            {t('monitoring.lead.deadline')}：<Deadline deadline={lead.deadline} overdue={lead.overdue} />
          </div>
        </Link>
      ))}
    </div>
  );
}

/** 线索工作台: the leads a worker follows up, most urgent first, with what to do about each. */
function LeadsList() {
  const me = useMe();
  const { t } = useI18n();
  const isMobile = usePhone();
  const { filters, page, pageSize, update } = useLeadParams();
  const canWrite = hasPermission(me, 'monitoring.write');
  const [creating, setCreating] = useState(false);
  const [showFilters, setShowFilters] = useState(false);
  const view = viewOf(filters);
  const activeFilters = [filters.regionCode, filters.source, filters.rule, view === 'all' ? filters.status : undefined].filter(
    (v) => v !== undefined,
  ).length;

  const linked: { key: string; label: string }[] = [];
  if (filters.householdId) linked.push({ key: 'householdId', label: t('monitoring.filter.household', { id: filters.householdId }) });
  if (filters.escalated) linked.push({ key: 'escalated', label: t('monitoring.lead.escalated') });
  if (filters.createdFrom || filters.createdTo)
    linked.push({ key: 'created', label: t('monitoring.filter.created', { range: rangeText(filters.createdFrom, filters.createdTo) }) });
  if (filters.closedFrom || filters.closedTo)
    linked.push({ key: 'closed', label: t('monitoring.filter.closed', { range: rangeText(filters.closedFrom, filters.closedTo) }) });
  if (filters.asOf) linked.push({ key: 'asOf', label: t('monitoring.filter.asOf', { date: filters.asOf }) });
  const clearLinked = (keys: string[]) => {
    const next: Partial<Filters> = {};
    for (const key of keys) {
      if (key === 'householdId') next.householdId = undefined;
      if (key === 'escalated') next.escalated = undefined;
      if (key === 'created') Object.assign(next, { createdFrom: undefined, createdTo: undefined });
      if (key === 'closed') Object.assign(next, { closedFrom: undefined, closedTo: undefined });
      if (key === 'asOf') next.asOf = undefined;
    }
    update({ ...next, page: 1 });
  };

  const leads = useQuery({
    queryKey: [...queryKeys.leads, 'list', filters, page, pageSize],
    queryFn: () => api.leads({ ...filters, page, pageSize }),
    placeholderData: keepPreviousData,
  });

  const setView = (next: View) => {
    const base = { ...filters, assignedToMe: undefined, overdue: undefined, page: 1 };
    if (next === 'pending') update({ ...base, status: 'pending' });
    else if (next === 'mine') update({ ...base, status: filters.status === 'pending' ? undefined : filters.status, assignedToMe: true });
    else if (next === 'overdue') update({ ...base, status: filters.status === 'pending' ? undefined : filters.status, overdue: true });
    else update({ ...base, status: filters.status === 'pending' ? undefined : filters.status });
  };

  const columns: TableColumnsType<LeadListItem> = useMemo(
    () => [
      { title: t('monitoring.lead.person'), key: 'person', width: 120, render: (_, lead) => <PersonCell lead={lead} /> },
      { title: t('monitoring.lead.village'), dataIndex: 'regionName', width: 130 },
      { title: t('monitoring.lead.source'), dataIndex: 'source', width: 110, render: (s: LeadSource) => <span className="nowrap">{sourceLabel(s)}</span> },
      { title: t('monitoring.lead.rule'), dataIndex: 'rule', width: 140, render: (r: RuleKind | null) => (r ? <RuleTag rule={r} /> : '—') },
      {
        title: t('monitoring.lead.reason'),
        dataIndex: 'description',
        render: (d: string) => firstReason(d),
      },
      {
        title: t('monitoring.lead.statusAndAssignee'),
        key: 'status',
        width: 130,
        render: (_, lead) => (
          <span className="tag-stack">
            <LeadStatusTag status={lead.status} />
            {lead.escalatedAt ? <Tag color="volcano">{t('monitoring.lead.escalated')}</Tag> : null}
            {lead.assigneeName ? <span className="muted" data-testid="lead-row-assignee">{lead.assigneeName}</span> : null}
          </span>
        ),
      },
      {
        title: t('monitoring.lead.deadline'),
        key: 'deadline',
        width: 150,
        render: (_, lead) => <Deadline deadline={lead.deadline} overdue={lead.overdue} />,
      },
    ],
    [t],
  );

  const total = leads.data?.total ?? 0;
  const items = leads.data?.items ?? [];
  const pagination = {
    current: page,
    pageSize,
    total,
    showSizeChanger: !isMobile,
    pageSizeOptions: PAGE_SIZES,
    showTotal: (n: number) => t('common.total', { total: n }),
    onChange: (nextPage: number, nextSize: number) => update({ page: nextSize === pageSize ? nextPage : 1, pageSize: nextSize }),
  };

  return (
    <div className="page monitoring-page">
      <div className="page-head">
        <Typography.Title level={3} className="page-title">
          {t('monitoring.leads.title')}
        </Typography.Title>
        {canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="lead-create">
            {t('monitoring.leads.create')}
          </Button>
        ) : null}
      </div>
      <Card size="small" className="filter-card">
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={12}>
            <Segmented<View>
              block={isMobile}
              value={view}
              onChange={setView}
              options={[
                { value: 'pending', label: t('monitoring.leads.viewPending') },
                { value: 'mine', label: t('monitoring.leads.viewMine') },
                { value: 'overdue', label: t('monitoring.leads.viewOverdue') },
                { value: 'all', label: t('monitoring.leads.viewAll') },
              ]}
              data-testid="lead-view"
            />
          </Col>
          {isMobile ? (
            <Col xs={24}>
              <FiltersToggle count={activeFilters} onToggle={() => setShowFilters((v) => !v)} testId="lead-filters-toggle" />
            </Col>
          ) : null}
          {isMobile && !showFilters ? null : (
            <>
              <Col xs={24} sm={12} lg={12}>
                <RegionPicker
                  root={me.region}
                  value={filters.regionCode}
                  placeholder={t('monitoring.filter.region')}
                  style={{ width: '100%' }}
                  onChange={(code) => update({ regionCode: code === me.region.code ? undefined : code, page: 1 })}
                  data-testid="lead-filter-region"
                />
              </Col>
              <Col xs={12} sm={12} lg={6}>
                <Select
                  allowClear
                  value={filters.source}
                  placeholder={t('monitoring.lead.source')}
                  style={{ width: '100%' }}
                  options={LEAD_SOURCE.options}
                  onChange={(source: LeadSource | undefined) => update({ source, page: 1 })}
                  data-testid="lead-filter-source"
                />
              </Col>
              <Col xs={12} sm={12} lg={6}>
                <Select
                  allowClear
                  value={filters.rule}
                  placeholder={t('monitoring.lead.rule')}
                  style={{ width: '100%' }}
                  options={RULE_KIND.options}
                  popupMatchSelectWidth={false}
                  onChange={(rule: RuleKind | undefined) => update({ rule, page: 1 })}
                  data-testid="lead-filter-rule"
                />
              </Col>
              <Col xs={12} sm={12} lg={6}>
                <Select
                  allowClear
                  value={filters.status}
                  placeholder={t('monitoring.lead.status')}
                  style={{ width: '100%' }}
                  options={LEAD_STATUS.options}
                  onChange={(status: LeadStatus | undefined) => update({ status, page: 1 })}
                  data-testid="lead-filter-status"
                />
              </Col>
            </>
          )}
        </Row>
        <LinkedFilters tags={linked} onClear={clearLinked} />
      </Card>
      <CardsOrTable<LeadListItem>
        phone={isMobile} items={items} total={total} fetching={leads.isFetching} pending={leads.isPending}
        empty={t('monitoring.leads.empty')} pagination={pagination} cards={<LeadCards items={items} />}
        // 220 px of the reason beside the other columns (the assignee under the status): 1,000 px, so that a 1280 px
        // screen's list (1,006 px) shows the deadline too.
        minWidth={leastTableWidth(columns, 220)}
        table={{
          'data-testid': 'lead-table', columns,
          rowClassName: (lead) => (lead.overdue ? 'lead-row-overdue' : ''),
          onRow: (lead) => ({ 'data-testid': 'lead-row', 'data-lead-id': lead.id }) as HTMLAttributes<HTMLElement>,
        }}
      />
      {creating ? <LeadCreateModal onClose={() => setCreating(false)} /> : null}
    </div>
  );
}

export default function LeadsPage() {
  return (
    <MonitoringGuard permission="monitoring.read">
      <LeadsList />
    </MonitoringGuard>
  );
}
