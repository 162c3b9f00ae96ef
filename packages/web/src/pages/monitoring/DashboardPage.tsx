import { lazy, Suspense } from 'react';
import { Alert, Breadcrumb, Card, Skeleton, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { LEAD_STATUS, RULE_KIND, regionAncestry, regionLevel } from '@doudi/domain';
import type { DashboardFigures, LeadStatus, RuleKind } from '@doudi/domain';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';
import { useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';
import { MonitoringGuard } from './MonitoringGuard';
import { dashboardLinks } from './dashboardLinks';
import { RULE_COLORS, pickRegion } from './monitoringFormat';
import './monitoring.css';

const DashboardCharts = lazy(() => import('./DashboardCharts'));

type Row = DashboardFigures & { isTotal?: boolean };

function Num({ value, to }: { value: number; to: string }) {
  return (
    <Link to={to} className={value > 0 ? 'dash-num' : 'dash-num dash-zero'}>
      {value}
    </Link>
  );
}

/** 监测看板: open warnings, leads, overdue leads and the coverage gap per child region, and twelve weeks of trend. */
function Dashboard() {
  const me = useMe();
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const regionCode = pickRegion(me.region.code, params.get('regionCode')) ?? me.region.code;
  const dashboard = useQuery({
    queryKey: queryKeys.monitoringDashboard(regionCode),
    queryFn: () => api.monitoringDashboard(regionCode),
  });
  const view = dashboard.data;
  const setRegion = (code: string | undefined) =>
    setParams(code && code !== me.region.code ? { regionCode: code } : {}, { replace: false });

  const rules = RULE_KIND.options.map((o) => o.value as RuleKind);
  const statuses = LEAD_STATUS.options.map((o) => o.value as LeadStatus);
  const links = view ? dashboardLinks(view) : null;

  const columns: TableColumnsType<Row> = links
    ? [
        {
          title: t('monitoring.dashboard.region'),
          key: 'region',
          fixed: 'left',
          width: 130,
          render: (_, r) =>
            r.isTotal ? (
              <strong>{t('monitoring.dashboard.total')}</strong>
            ) : regionLevel(r.regionCode) < 5 ? (
              <Link to={`/monitoring/dashboard?regionCode=${r.regionCode}`} data-testid="dash-drill">
                {r.regionName}
              </Link>
            ) : (
              r.regionName
            ),
        },
        {
          title: t('monitoring.dashboard.openWarnings'),
          children: [
            ...rules.map((rule) => ({
              title: (
                <span className="dash-head">
                  <span className="rule-dot" style={{ background: RULE_COLORS[rule] }} />
                  {RULE_KIND.labels[rule]}
                </span>
              ),
              key: `w-${rule}`,
              width: 86,
              align: 'right' as const,
              render: (_: unknown, r: Row) => <Num value={r.openWarnings[rule] ?? 0} to={links.warnings(r.regionCode, rule)} />,
            })),
            {
              title: t('monitoring.dashboard.subtotal'),
              key: 'w-total',
              width: 70,
              align: 'right' as const,
              render: (_: unknown, r: Row) => <Num value={r.openWarningsTotal} to={links.warnings(r.regionCode)} />,
            },
          ],
        },
        {
          title: t('monitoring.dashboard.leads'),
          children: statuses.map((status) => ({
            title: LEAD_STATUS.labels[status],
            key: `l-${status}`,
            width: 80,
            align: 'right' as const,
            render: (_: unknown, r: Row) => <Num value={r.leadsByStatus[status] ?? 0} to={links.leads(r.regionCode, status)} />,
          })),
        },
        {
          title: t('monitoring.dashboard.overdue'),
          key: 'overdue',
          width: 80,
          align: 'right',
          render: (_, r) => <Num value={r.overdueLeads} to={links.overdue(r.regionCode)} />,
        },
        {
          title: t('monitoring.dashboard.gap'),
          key: 'gap',
          width: 90,
          align: 'right',
          render: (_, r) => <Num value={r.coverageGap} to={links.gap(r.regionCode)} />,
        },
      ]
    : [];

  const rows: Row[] = view ? [...view.children, { ...view.region, isTotal: true }] : [];
  // One level up, while still inside the user's own region.
  const chain = regionAncestry(regionCode);
  const parent = chain.length >= 2 && regionCode !== me.region.code ? chain[chain.length - 2] : undefined;

  return (
    <div className="page monitoring-page">
      <div className="page-head">
        <Typography.Title level={3} className="page-title">
          {t('monitoring.dashboard.title')}
        </Typography.Title>
        <RegionPicker
          root={me.region}
          value={regionCode}
          allowClear={false}
          style={{ minWidth: 260 }}
          onChange={setRegion}
          data-testid="dashboard-region"
        />
      </div>
      {parent && view ? (
        <Breadcrumb
          className="region-breadcrumb"
          items={[
            {
              key: 'up',
              title: (
                <Link to={parent === me.region.code ? '/monitoring/dashboard' : `/monitoring/dashboard?regionCode=${parent}`} data-testid="dash-up">
                  {t('monitoring.dashboard.up')}
                </Link>
              ),
            },
            { key: 'here', title: view.region.regionName },
          ]}
        />
      ) : null}
      <Typography.Paragraph type="secondary">
        {t('monitoring.dashboard.help')}
        {view ? ` ${t('monitoring.dashboard.asOf', { at: view.asOf })}` : ''}
      </Typography.Paragraph>
      {dashboard.error ? (
        <Alert type="error" showIcon title={dashboard.error.message} />
      ) : !view ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
            <DashboardCharts view={view} />
          </Suspense>
          <Card size="small" title={t('monitoring.dashboard.table')} styles={{ body: { padding: 0 } }}>
            <Table<Row>
              data-testid="dashboard-table"
              rowKey={(r) => (r.isTotal ? 'total' : r.regionCode)}
              size="small"
              bordered
              columns={columns}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 'max-content' }}
              rowClassName={(r) => (r.isTotal ? 'dash-total-row' : '')}
            />
          </Card>
        </>
      )}
    </div>
  );
}

export default function DashboardPage() {
  return (
    <MonitoringGuard permission="monitoring.read">
      <Dashboard />
    </MonitoringGuard>
  );
}
