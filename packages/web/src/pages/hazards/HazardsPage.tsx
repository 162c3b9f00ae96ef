import { useState } from 'react';
import { Button, Card, Checkbox, Empty, Pagination, Select, Spin, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { HAZARD_CATEGORY, HAZARD_SEVERITY, HAZARD_SOURCE, HAZARD_STATUS, HazardSeverity, HazardSource, HazardStatus, regionContains } from '@doudi/domain';
import type { HazardItem } from '@doudi/domain';
import { useI18n } from '../../i18n';
import { hasPermission, useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';
import { HazardCreateModal } from './HazardCreateModal';
import { hazardKeys, hazardsApi, type HazardFilters } from './hazardsApi';
import { DueDate, HazardStatusTag, SeverityTag } from './hazardsFormat';
import { usePhone } from '../../hooks/usePhone';
import './hazards.css';

const PAGE_SIZES = [20, 50, 100];

function pick<T extends string>(options: readonly T[], v: string | null): T | undefined {
  return v !== null && (options as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** Filters live in the address, so the visits dashboard can link here (?regionCode=…&status=open&overdue=true). */
function useHazardParams() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const region = params.get('regionCode');
  const filters: HazardFilters = {
    regionCode: region && region !== me.region.code && regionContains(me.region.code, region) ? region : undefined,
    status: pick([...HazardStatus.options, 'open'] as const, params.get('status')),
    severity: pick(HazardSeverity.options, params.get('severity')),
    source: pick(HazardSource.options, params.get('source')),
    overdue: params.get('overdue') === 'true' || undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : 20,
  };
  const update = (next: Partial<HazardFilters>) => {
    const merged = { ...filters, page: 1, ...next };
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
    if (merged.page === 1) search.delete('page');
    if (merged.pageSize === 20) search.delete('pageSize');
    setParams(search, { replace: true });
  };
  return { filters, update };
}

function HazardCards({ items }: { items: HazardItem[] }) {
  return (
    <div className="hazard-cards" data-testid="hazard-cards">
      {items.map((h) => (
        <Link key={h.id} to={`/hazards/list/${h.id}`} className={h.overdue ? 'hazard-card hazard-card-overdue' : 'hazard-card'} data-testid="hazard-card">
          <div className="hazard-card-top">
            <span className="hazard-card-title">{h.institutionName ?? h.householdHead ?? h.regionName}</span>
            <span><SeverityTag severity={h.severity} /><HazardStatusTag status={h.status} /></span>
          </div>
          <div className="hazard-card-meta">{h.regionName} · {HAZARD_CATEGORY.labels[h.category]} · {HAZARD_SOURCE.labels[h.source]}</div>
          <div className="hazard-card-desc">{h.description}</div>
          <div className="hazard-card-meta">{h.ownerName} · <DueDate date={h.deadline} overdue={h.overdue} /></div>
        </Link>
      ))}
    </div>
  );
}

/** 隐患整改: every hazard in the jurisdiction, open and overdue first, with who rectifies it by when. */
export default function HazardsPage() {
  const me = useMe();
  const { t } = useI18n();
  const isMobile = usePhone();
  const { filters, update } = useHazardParams();
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: [...hazardKeys.all, 'list', filters],
    queryFn: () => hazardsApi.list(filters),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<HazardItem> = [
    {
      title: t('hazards.field.place'), key: 'place', width: 150,
      render: (_, h) => <Link to={`/hazards/list/${h.id}`} data-testid="hazard-link">{h.institutionName ?? h.householdHead ?? h.regionName}</Link>,
    },
    { title: t('hazards.field.region'), dataIndex: 'regionName', width: 110 },
    { title: t('hazards.field.category'), dataIndex: 'category', width: 70, render: (c: HazardItem['category']) => HAZARD_CATEGORY.labels[c] },
    { title: t('hazards.field.severity'), dataIndex: 'severity', width: 70, render: (s: HazardItem['severity']) => <SeverityTag severity={s} /> },
    { title: t('hazards.field.description'), dataIndex: 'description', ellipsis: { showTitle: true } },
    { title: t('hazards.field.source'), dataIndex: 'source', width: 90, render: (s: HazardItem['source']) => HAZARD_SOURCE.labels[s] },
    { title: t('hazards.field.owner'), dataIndex: 'ownerName', width: 100 },
    { title: t('hazards.field.deadline'), key: 'deadline', width: 150, render: (_, h) => <DueDate date={h.deadline} overdue={h.overdue} /> },
    { title: t('hazards.field.status'), dataIndex: 'status', width: 100, render: (s: HazardItem['status']) => <HazardStatusTag status={s} /> },
  ];

  const statusOptions = [{ value: 'open', label: t('hazards.filter.open') }, ...HAZARD_STATUS.options];
  return (
    <Card
      title={t('hazards.list.title')}
      extra={hasPermission(me, 'hazards.write') ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="hazard-new">{t('hazards.list.new')}</Button>
      ) : null}
    >
      <div className="hazard-filters">
        <RegionPicker root={me.region} value={filters.regionCode} onChange={(regionCode) => update({ regionCode })} placeholder={t('hazards.field.region')} data-testid="hazard-filter-region" />
        <Select allowClear placeholder={t('hazards.field.status')} value={filters.status} options={statusOptions} onChange={(status) => update({ status })} data-testid="hazard-filter-status" />
        <Select allowClear placeholder={t('hazards.field.severity')} value={filters.severity} options={HAZARD_SEVERITY.options} onChange={(severity) => update({ severity })} />
        <Select allowClear placeholder={t('hazards.field.source')} value={filters.source} options={HAZARD_SOURCE.options} onChange={(source) => update({ source })} />
        <Checkbox checked={filters.overdue === true} onChange={(e) => update({ overdue: e.target.checked || undefined })} data-testid="hazard-filter-overdue">
          {t('hazards.filter.overdueOnly')}
        </Checkbox>
      </div>
      {list.isLoading ? <Spin /> : !list.data?.items.length ? <Empty description={t('hazards.list.empty')} /> : isMobile ? (
        <>
          <HazardCards items={list.data.items} />
          <Pagination simple current={filters.page} pageSize={filters.pageSize} total={list.data.total} onChange={(page) => update({ page })} style={{ marginTop: 12 }} />
        </>
      ) : (
        <Table
          rowKey="id" size="middle" columns={columns} dataSource={list.data.items} data-testid="hazard-table" scroll={{ x: 'max-content' }}
          rowClassName={(h) => (h.overdue ? 'row-overdue' : '')}
          pagination={{
            current: filters.page, pageSize: filters.pageSize, total: list.data.total, pageSizeOptions: PAGE_SIZES, showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }), onChange: (page, pageSize) => update({ page, pageSize }),
          }}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('hazards.list.hint')}</Typography.Paragraph>
      <HazardCreateModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
