/**
 * 走访看板: campaign progress, visit coverage and overdue visits by region and kind, hazards open/closed by region.
 * Every number opens its list (走访任务 with filters, or 隐患 list).
 */
import { lazy, Suspense } from 'react';
import { Alert, Breadcrumb, Card, DatePicker, Select, Skeleton, Statistic, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { regionAncestry, regionLevel } from '@doudi/domain';
import type { DashboardCoverageRow } from '@doudi/domain';
import { useI18n } from '../../i18n';
import { useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';
import { visitKeys, visitsApi } from './visitsApi';
import { CoverageBar, Num, tasksLink } from './visitsFormat';
import './visits.css';

const DashboardCharts = lazy(() => import('./DashboardCharts'));

type Row = DashboardCoverageRow & { isTotal?: boolean; hazardsOpen?: number; hazardsOverdue?: number; hazardsClosed?: number };

export default function DashboardPage() {
  const me = useMe();
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const requested = params.get('regionCode');
  const regionCode = requested && requested.startsWith(me.region.code.replace(/0+$/, '')) ? requested : me.region.code;
  const campaignId = Number(params.get('campaignId')) || undefined;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const query = { regionCode, campaignId, from, to };
  const view = useQuery({ queryKey: visitKeys.dashboard(query), queryFn: () => visitsApi.dashboard(query) });
  const hazards = useQuery({ queryKey: visitKeys.hazardStats(regionCode), queryFn: () => visitsApi.hazardStats(regionCode), meta: { silent: true }, retry: false });
  const campaigns = useQuery({ queryKey: visitKeys.campaigns({ status: 'active', pageSize: 100 }), queryFn: () => visitsApi.campaigns({ status: 'active', page: 1, pageSize: 100 }) });
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };

  const v = view.data;
  const byRegion = new Map((hazards.data?.items ?? []).map((h) => [h.regionCode, h]));
  const period = v ? { dueFrom: v.from, dueTo: v.to } : {};
  const rows: Row[] = v
    ? [
        ...v.children.map((r) => ({ ...r, hazardsOpen: byRegion.get(r.regionCode)?.open, hazardsOverdue: byRegion.get(r.regionCode)?.overdue, hazardsClosed: byRegion.get(r.regionCode)?.closed })),
        {
          ...v.region,
          isTotal: true,
          hazardsOpen: hazards.data?.items.reduce((n, h) => n + h.open, 0),
          hazardsOverdue: hazards.data?.items.reduce((n, h) => n + h.overdue, 0),
          hazardsClosed: hazards.data?.items.reduce((n, h) => n + h.closed, 0),
        },
      ]
    : [];
  const hz = (value: number | undefined, r: Row, q: string) =>
    value === undefined ? <span className="muted">—</span> : <Num value={value} to={`/hazards/list?regionCode=${r.regionCode}&${q}`} />;

  const columns: TableColumnsType<Row> = [
    {
      title: t('visits.dashboard.region'),
      key: 'region',
      fixed: 'left',
      width: 120,
      render: (_, r) =>
        r.isTotal ? <strong>{t('visits.dashboard.total')}</strong> : regionLevel(r.regionCode) < 5 ? <a onClick={() => set({ regionCode: r.regionCode })} data-testid="dash-drill">{r.regionName}</a> : r.regionName,
    },
    { title: t('visits.dashboard.due'), key: 'due', width: 80, align: 'right', render: (_, r) => <Num value={r.due} to={tasksLink({ regionCode: r.regionCode, ...period })} /> },
    { title: t('visits.dashboard.done'), key: 'done', width: 80, align: 'right', render: (_, r) => <Num value={r.done} to={tasksLink({ regionCode: r.regionCode, status: 'done', ...period })} /> },
    { title: t('visits.dashboard.overdue'), key: 'overdue', width: 70, align: 'right', render: (_, r) => <Num value={r.overdue} to={tasksLink({ regionCode: r.regionCode, status: 'open', overdue: true, ...period })} /> },
    { title: t('visits.dashboard.rate'), key: 'rate', width: 150, render: (_, r) => <CoverageBar done={r.done} due={r.due} /> },
    {
      title: t('visits.dashboard.hazards'),
      children: [
        { title: t('visits.dashboard.hazardsOpen'), key: 'ho', width: 80, align: 'right', render: (_: unknown, r: Row) => hz(r.hazardsOpen, r, 'status=open') },
        { title: t('visits.dashboard.overdue'), key: 'hv', width: 70, align: 'right', render: (_: unknown, r: Row) => hz(r.hazardsOverdue, r, 'overdue=true') },
        { title: t('visits.dashboard.hazardsClosed'), key: 'hc', width: 80, align: 'right', render: (_: unknown, r: Row) => hz(r.hazardsClosed, r, 'status=closed') },
      ],
    },
  ];
  const chain = regionAncestry(regionCode);
  const parent = chain.length >= 2 && regionCode !== me.region.code ? chain[chain.length - 2] : undefined;

  return (
    <div className="page">
      <div className="visit-page-head">
        <Typography.Title level={3} className="page-title">
          {t('visits.dashboard.title')}
        </Typography.Title>
      </div>
      <div className="visit-toolbar">
        <RegionPicker root={me.region} value={regionCode} allowClear={false} style={{ minWidth: 240 }} onChange={(code) => set({ regionCode: code && code !== me.region.code ? code : undefined })} />
        <Select
          allowClear
          placeholder={t('visits.dashboard.campaignPlaceholder')}
          style={{ minWidth: 240 }}
          value={campaignId}
          onChange={(id?: number) => set({ campaignId: id ? String(id) : undefined, from: undefined, to: undefined })}
          options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          data-testid="dash-campaign"
        />
        <DatePicker.RangePicker
          value={v ? [dayjs(v.from), dayjs(v.to)] : null}
          allowClear={false}
          onChange={(range) => set({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
        />
      </div>
      {parent && (
        <Breadcrumb
          items={chain
            .filter((code) => code.startsWith(me.region.code.replace(/0+$/, '')))
            .map((code) => ({ title: code === regionCode ? (v?.region.regionName ?? code) : <a onClick={() => set({ regionCode: code === me.region.code ? undefined : code })}>{code === me.region.code ? me.region.name : code}</a> }))}
        />
      )}
      {view.isError && <Alert type="error" showIcon title={view.error.message} />}
      {hazards.isError && <Alert type="info" showIcon className="visit-sync-alert" title={t('visits.dashboard.hazardsUnavailable')} />}
      {!v ? (
        <Skeleton active />
      ) : (
        <>
          <div className="muted">
            {t('visits.dashboard.period', { from: v.from, to: v.to, asOf: v.asOf })}
          </div>
          <div className="visit-kpis" data-testid="dash-kpis">
            <Card size="small" className="visit-kpi">
              <Statistic title={t('visits.dashboard.due')} valueRender={() => <Num value={v.region.due} to={tasksLink({ regionCode, ...period })} />} />
            </Card>
            <Card size="small" className="visit-kpi">
              <Statistic title={t('visits.dashboard.done')} valueRender={() => <Num value={v.region.done} to={tasksLink({ regionCode, status: 'done', ...period })} />} />
            </Card>
            <Card size="small" className="visit-kpi">
              <Statistic title={t('visits.dashboard.overdueVisits')} valueRender={() => <Num value={v.region.overdue} to={tasksLink({ regionCode, status: 'open', overdue: true, ...period })} />} />
            </Card>
            <Card size="small" className="visit-kpi">
              <Statistic title={t('visits.dashboard.rate')} value={v.region.rate ?? '—'} suffix={v.region.rate === null ? '' : '%'} />
            </Card>
          </div>
          <Table<Row>
            size="small"
            rowKey={(r) => (r.isTotal ? 'total' : r.regionCode)}
            pagination={false}
            bordered
            scroll={{ x: 760 }}
            dataSource={rows}
            columns={columns}
            data-testid="dash-table"
          />
          <div style={{ marginTop: 16 }}>
            <Suspense fallback={<Skeleton active />}>
              <DashboardCharts view={v} hazards={hazards.data} />
            </Suspense>
          </div>
          {campaignId && v.campaign && (
            <div className="muted" style={{ marginTop: 8 }}>
              <Link to={`/visits/campaigns/${campaignId}`}>{t('visits.dashboard.campaignLink')}</Link>
            </div>
          )}
        </>
      )}
    </div>
  );
}
