/**
 * The dashboard's charts. Only the parts of ECharts they use are imported (`echarts/core`), and this file is loaded
 * on its own (React.lazy) so the rest of the app never downloads the charting library. Every bar segment and line
 * point opens the list behind its number.
 */
import { Card, Col, Row } from 'antd';
import { useNavigate } from 'react-router';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { axesOf, barAxes, shortRegionName } from '../../components/chartAxes';
import { EChart } from '../../components/EChart';
import { LEAD_STATUS, RULE_KIND } from '@doudi/domain';
import type { DashboardFigures, DashboardView, LeadStatus, RuleKind } from '@doudi/domain';
import { useI18n } from '../../i18n';
import { RULE_COLORS } from './monitoringFormat';
import { dashboardLinks } from './dashboardLinks';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

const STATUS_COLORS: Record<LeadStatus, string> = {
  pending: '#fa8c16',
  assigned: '#1f5fb4',
  contacted: '#13a8a8',
  helped_apply: '#52c41a',
  ineligible: '#bfbfbf',
  refused: '#d4380d',
  referred: '#722ed1',
  closed: '#8c8c8c',
};


/** Room above a chart's plot for its legend. */
const LEGEND_ROOM = 56;
const grid: GridComponentOption = { left: 8, right: 16, top: LEGEND_ROOM, bottom: 8, containLabel: true };

export default function DashboardCharts({ view }: { view: DashboardView }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const links = dashboardLinks(view);
  // A village has no child regions: its own figures make the one bar.
  const rows: DashboardFigures[] = view.children.length > 0 ? view.children : [view.region];
  const names = rows.map((r) => shortRegionName(r.regionName));
  const rules = RULE_KIND.options.map((o) => o.value as RuleKind);
  const statuses = LEAD_STATUS.options.map((o) => o.value as LeadStatus);
  const go = (to: string) => void navigate(to);
  const tooltip: TooltipComponentOption = { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true };
  const legend: LegendComponentOption = { type: 'scroll', top: 0 };
  // The two stacked charts side by side, and the two single ones, share their axes and so their heights.
  const stacked = barAxes(names, 300, LEGEND_ROOM);
  const singles = barAxes(names, 260, 16);

  const warnings: Option = {
    tooltip,
    legend,
    grid,
    ...axesOf(stacked),
    series: rules.map((rule) => ({
      type: 'bar',
      name: RULE_KIND.labels[rule],
      stack: 'warnings',
      itemStyle: { color: RULE_COLORS[rule] },
      emphasis: { focus: 'series' },
      data: rows.map((r) => r.openWarnings[rule] ?? 0),
      cursor: 'pointer',
    })),
  };

  const leads: Option = {
    tooltip,
    legend,
    grid,
    ...axesOf(stacked),
    series: statuses.map((status) => ({
      type: 'bar',
      name: LEAD_STATUS.labels[status],
      stack: 'leads',
      itemStyle: { color: STATUS_COLORS[status] },
      emphasis: { focus: 'series' },
      data: rows.map((r) => r.leadsByStatus[status] ?? 0),
      cursor: 'pointer',
    })),
  };

  const single = (name: string, color: string, pick: (r: DashboardFigures) => number): Option => ({
    tooltip,
    grid: { ...grid, top: 16 },
    ...axesOf(singles),
    series: [{ type: 'bar', name, itemStyle: { color }, data: rows.map(pick), barMaxWidth: 36, label: { show: true, position: singles.labelPosition }, cursor: 'pointer' }],
  });

  const trend: Option = {
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (items) => {
        const list = [items].flat();
        const week = view.trend[list[0]?.dataIndex ?? -1];
        const head = week ? t('monitoring.dashboard.week', { from: week.weekStart, to: week.weekEnd }) : '';
        return [head, ...list.map((i) => `${String(i.marker ?? '')}${i.seriesName ?? ''}：${String(i.value ?? 0)}`)].join('<br/>');
      },
    },
    legend,
    grid,
    // Each week by its Monday (11-16), the ISO week number in the tooltip.
    xAxis: { type: 'category', data: view.trend.map((w) => w.weekStart.slice(5)), boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'line', name: t('monitoring.dashboard.trendRaised'), data: view.trend.map((w) => w.raised), symbolSize: 8, itemStyle: { color: '#d4380d' } },
      { type: 'line', name: t('monitoring.dashboard.trendCreated'), data: view.trend.map((w) => w.leadsCreated), symbolSize: 8, itemStyle: { color: '#1f5fb4' } },
      { type: 'line', name: t('monitoring.dashboard.trendClosed'), data: view.trend.map((w) => w.leadsClosed), symbolSize: 8, itemStyle: { color: '#52c41a' } },
    ],
  };

  const regionAt = (i: number) => rows[i]?.regionCode;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('monitoring.dashboard.warningsByRule')}>
          <EChart
            testId="chart-warnings"
            height={stacked.height}
            option={warnings}
            onPick={(s, i) => {
              const code = regionAt(i);
              const rule = rules[s];
              if (code && rule) go(links.warnings(code, rule));
            }}
          />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('monitoring.dashboard.leadsByStatus')}>
          <EChart
            testId="chart-leads"
            height={stacked.height}
            option={leads}
            onPick={(s, i) => {
              const code = regionAt(i);
              const status = statuses[s];
              if (code && status) go(links.leads(code, status));
            }}
          />
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t('monitoring.dashboard.overdue')}>
          <EChart
            testId="chart-overdue"
            height={singles.height}
            option={single(t('monitoring.dashboard.overdue'), '#cf1322', (r) => r.overdueLeads)}
            onPick={(_s, i) => {
              const code = regionAt(i);
              if (code) go(links.overdue(code));
            }}
          />
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t('monitoring.dashboard.gap')}>
          <EChart
            testId="chart-gap"
            height={singles.height}
            option={single(t('monitoring.dashboard.gap'), '#fa8c16', (r) => r.coverageGap)}
            onPick={(_s, i) => {
              const code = regionAt(i);
              if (code) go(links.gap(code));
            }}
          />
        </Card>
      </Col>
      <Col xs={24}>
        <Card size="small" title={t('monitoring.dashboard.trend')}>
          <EChart
            testId="chart-trend"
            option={trend}
            onPick={(s, i) => {
              const week = view.trend[i];
              if (!week) return;
              if (s === 0) go(links.weekRaised(week));
              else if (s === 1) go(links.weekCreated(week));
              else go(links.weekClosed(week));
            }}
          />
        </Card>
      </Col>
    </Row>
  );
}
