import { useMemo, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Card, Col, Row, Segmented, Select, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { RULE_KIND, RULES_WITHOUT_LEADS, RuleKind } from '@doudi/domain';
import type { WarningQuery, WarningStatus, WarningView } from '@doudi/domain';
import { api } from '../../api';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';
import { useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';
import { MonitoringGuard } from './MonitoringGuard';
import {
  LinkedFilters,
  PAGE_SIZES,
  ReasonsAndTrail,
  RuleTag,
  WarningStatusTag,
  dateParam,
  idParam,
  pickParam,
  pickRegion,
  rangeText,
  toSearch,
} from './monitoringFormat';
import './monitoring.css';
import { CardsOrTable, FiltersToggle } from '../../components/CardsOrTable';
import { leastTableWidth } from '../../components/tableWidth';
import { usePhone } from '../../hooks/usePhone';

type Filters = Omit<WarningQuery, 'page' | 'pageSize'>;
type StatusChoice = WarningStatus | 'all';

function useWarningParams() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const filters: Filters = {
    regionCode: pickRegion(me.region.code, params.get('regionCode')),
    rule: pickParam(RuleKind, params.get('rule')),
    // Open warnings unless the address asks otherwise (status=closed, or status=all for both).
    status: statusParam === 'closed' ? 'closed' : statusParam === 'all' ? undefined : 'open',
    householdId: idParam(params.get('householdId')),
    // Only through links (the dashboard): the coverage gap and a week of the trend.
    gap: params.get('gap') === 'true' || undefined,
    raisedFrom: dateParam(params.get('raisedFrom')),
    raisedTo: dateParam(params.get('raisedTo')),
  };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const sizeParam = Number(params.get('pageSize'));
  const pageSize = PAGE_SIZES.includes(sizeParam) ? sizeParam : 20;
  const current: StatusChoice = filters.status ?? 'all';
  const update = (next: Partial<Omit<Filters, 'status'> & { status: StatusChoice; page: number; pageSize: number }>) => {
    const { status = current, ...rest } = next;
    // 'open' is the default and stays out of the address.
    setParams(toSearch({ ...filters, page, pageSize, ...rest, status: status === 'open' ? undefined : status }), { replace: true });
  };
  return { filters, page, pageSize, update };
}

function WhoCell({ w }: { w: WarningView }) {
  const { t } = useI18n();
  return (
    <div className="lead-person">
      <Link to={`/registry/households/${w.householdId}`} className="lead-person-name" data-testid="warning-household-link">
        {w.memberName ?? w.headName}
      </Link>
      {w.memberName && w.memberName !== w.headName ? <div className="muted">{t('monitoring.warning.household', { name: w.headName })}</div> : null}
    </div>
  );
}

function LeadLink({ w }: { w: WarningView }) {
  const { t } = useI18n();
  if (!w.leadId) {
    // The elderly people a rule finds are visited rather than asked to apply: their warnings have no lead.
    const byVisits = RULES_WITHOUT_LEADS.includes(w.rule);
    return <Typography.Text type="secondary">{t(byVisits ? 'monitoring.warning.byVisits' : 'monitoring.warning.noLead')}</Typography.Text>;
  }
  return (
    <Link to={`/monitoring/leads/${w.leadId}`} data-testid="warning-lead-link">
      {t('monitoring.warning.openLead')}
    </Link>
  );
}

function WarningCards({ items }: { items: WarningView[] }) {
  const { t } = useI18n();
  return (
    <div className="lead-cards" data-testid="warning-cards">
      {items.map((w) => (
        <div key={w.id} className="lead-card" data-testid="warning-card">
          <div className="lead-card-top">
            <Link to={`/registry/households/${w.householdId}`} className="lead-card-name">
              {w.memberName ?? w.headName}
            </Link>
            <WarningStatusTag status={w.status} />
          </div>
          <div className="lead-card-region">
            {w.regionName} · {formatDateTime(w.raisedAt).slice(0, 10)}
          </div>
          <RuleTag rule={w.rule} />
          <ReasonsAndTrail reasons={w.reasons} trail={w.trail} compact />
          <Space size={16} className="lead-card-links">
            <Link to={`/registry/households/${w.householdId}`}>{t('monitoring.warning.openHousehold')}</Link>
            <LeadLink w={w} />
          </Space>
        </div>
      ))}
    </div>
  );
}

/** 预警: what the rules found, with the reasons in plain words, the household and the lead that follows it up. */
function WarningsList() {
  const me = useMe();
  const { t } = useI18n();
  const isMobile = usePhone();
  const { filters, page, pageSize, update } = useWarningParams();
  const [showFilters, setShowFilters] = useState(false);
  const activeFilters = [filters.regionCode, filters.rule].filter((v) => v !== undefined).length;
  const linked: { key: string; label: string }[] = [];
  if (filters.householdId) linked.push({ key: 'householdId', label: t('monitoring.filter.household', { id: filters.householdId }) });
  if (filters.gap) linked.push({ key: 'gap', label: t('monitoring.filter.gap') });
  if (filters.raisedFrom || filters.raisedTo)
    linked.push({ key: 'raised', label: t('monitoring.filter.raised', { range: rangeText(filters.raisedFrom, filters.raisedTo) }) });
  const clearLinked = (keys: string[]) => {
    const next: Partial<Omit<Filters, 'status'>> = {};
    for (const key of keys) {
      if (key === 'householdId') next.householdId = undefined;
      if (key === 'gap') next.gap = undefined;
      if (key === 'raised') Object.assign(next, { raisedFrom: undefined, raisedTo: undefined });
    }
    update({ ...next, page: 1 });
  };

  const warnings = useQuery({
    queryKey: [...queryKeys.warnings, 'list', filters, page, pageSize],
    queryFn: () => api.warnings({ ...filters, page, pageSize }),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<WarningView> = useMemo(
    () => [
      { title: t('monitoring.lead.person'), key: 'who', width: 130, render: (_, w) => <WhoCell w={w} /> },
      { title: t('monitoring.lead.village'), dataIndex: 'regionName', width: 130 },
      { title: t('monitoring.lead.rule'), dataIndex: 'rule', width: 140, render: (r: RuleKind) => <RuleTag rule={r} /> },
      {
        title: t('monitoring.warning.reasons'),
        key: 'reasons',
        render: (_, w) => <ReasonsAndTrail reasons={w.reasons} trail={w.trail} compact />,
      },
      {
        title: t('monitoring.warning.raised'),
        dataIndex: 'raisedAt',
        width: 110,
        render: (at: string) => <span className="mono nowrap">{formatDateTime(at).slice(0, 10)}</span>,
      },
      {
        title: t('monitoring.warning.status'),
        key: 'status',
        width: 120,
        render: (_, w) => (
          <div>
            <WarningStatusTag status={w.status} />
            {w.closeReason ? <div className="muted">{w.closeReason}</div> : null}
          </div>
        ),
      },
      { title: t('monitoring.warning.lead'), key: 'lead', width: 90, render: (_, w) => <LeadLink w={w} /> },
    ],
    [t],
  );

  const total = warnings.data?.total ?? 0;
  const items = warnings.data?.items ?? [];
  const pagination = {
    current: page,
    pageSize,
    total,
    showSizeChanger: !isMobile,
    pageSizeOptions: PAGE_SIZES,
    showTotal: (n: number) => t('common.total', { total: n }),
    onChange: (nextPage: number, nextSize: number) => update({ page: nextSize === pageSize ? nextPage : 1, pageSize: nextSize }),
  };
  const statusChoice: StatusChoice = filters.status ?? 'all';

  return (
    <div className="page monitoring-page">
      <div className="page-head">
        <Typography.Title level={3} className="page-title">
          {t('monitoring.warnings.title')}
        </Typography.Title>
      </div>
      <Card size="small" className="filter-card">
        <Row gutter={[12, 12]}>
          <Col xs={isMobile ? 18 : 24} lg={8}>
            <Segmented<StatusChoice>
              block={isMobile}
              value={statusChoice}
              onChange={(status) => update({ status, page: 1 })}
              options={[
                { value: 'open', label: t('monitoring.warning.open') },
                { value: 'closed', label: t('monitoring.warning.closed') },
                { value: 'all', label: t('common.all') },
              ]}
              data-testid="warning-status"
            />
          </Col>
          {isMobile ? (
            <Col xs={6}>
              <FiltersToggle count={activeFilters} onToggle={() => setShowFilters((v) => !v)} testId="warning-filters-toggle" />
            </Col>
          ) : null}
          {isMobile && !showFilters ? null : (
            <>
              <Col xs={24} sm={12} lg={10}>
                <RegionPicker
                  root={me.region}
                  value={filters.regionCode}
                  placeholder={t('monitoring.filter.region')}
                  style={{ width: '100%' }}
                  onChange={(code) => update({ regionCode: code === me.region.code ? undefined : code, page: 1 })}
                  data-testid="warning-filter-region"
                />
              </Col>
              <Col xs={24} sm={12} lg={6}>
                <Select
                  allowClear
                  value={filters.rule}
                  placeholder={t('monitoring.lead.rule')}
                  style={{ width: '100%' }}
                  options={RULE_KIND.options}
                  popupMatchSelectWidth={false}
                  onChange={(rule: RuleKind | undefined) => update({ rule, page: 1 })}
                  data-testid="warning-filter-rule"
                />
              </Col>
            </>
          )}
        </Row>
        <LinkedFilters tags={linked} onClear={clearLinked} />
      </Card>
      <CardsOrTable<WarningView>
        phone={isMobile} items={items} total={total} fetching={warnings.isFetching} pending={warnings.isPending}
        empty={t('monitoring.warnings.empty')} pagination={pagination} cards={<WarningCards items={items} />}
        // 240 px of reasons beside the other columns: 960 px, so that a 1280 px screen's list (1,006 px) fits whole.
        minWidth={leastTableWidth(columns, 240)}
        table={{
          'data-testid': 'warning-table', columns,
          onRow: (w) => ({ 'data-testid': 'warning-row', 'data-warning-id': w.id }) as HTMLAttributes<HTMLElement>,
        }}
      />
    </div>
  );
}

export default function WarningsPage() {
  return (
    <MonitoringGuard permission="monitoring.read">
      <WarningsList />
    </MonitoringGuard>
  );
}
