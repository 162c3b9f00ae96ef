/**
 * The visits dashboard's charts (ECharts, loaded on their own like the monitoring dashboard's). Every bar opens the
 * list behind its number.
 */
import { useMemo } from 'react';
import { Card, Col, Empty, Row } from 'antd';
import { useNavigate } from 'react-router';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import type { BarSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { axesOf, barAxes, shortRegionName } from '../../components/chartAxes';
import { EChart } from '../../components/EChart';
import { VISIT_KIND } from '@doudi/domain';
import type { VisitKind, VisitsDashboardView } from '@doudi/domain';
import { useI18n } from '../../i18n';
import type { HazardStats } from './visitsApi';
import { tasksLink } from './visitsFormat';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;


/** Room above a chart's plot for its legend. */
const LEGEND_ROOM = 48;
const grid: GridComponentOption = { left: 8, right: 16, top: LEGEND_ROOM, bottom: 8, containLabel: true };

export default function DashboardCharts({ view, hazards }: { view: VisitsDashboardView; hazards: HazardStats | undefined }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const period = { dueFrom: view.from, dueTo: view.to };
  const rows = view.children;
  const names = useMemo(() => rows.map((r) => shortRegionName(r.regionName)), [rows]);
  const kinds = useMemo(() => VISIT_KIND.options.map((o) => o.value as VisitKind), []);

  const coverageAxes = useMemo(() => barAxes(names, 300, LEGEND_ROOM), [names]);
  const coverage = useMemo<Option>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid,
      ...axesOf(coverageAxes),
      series: [
        { name: t('visits.dashboard.done'), type: 'bar', stack: 'c', color: '#52c41a', data: rows.map((r) => r.done) },
        { name: t('visits.dashboard.overdueVisits'), type: 'bar', stack: 'c', color: '#cf1322', data: rows.map((r) => r.overdue) },
        { name: t('visits.dashboard.chart.pending'), type: 'bar', stack: 'c', color: '#fa8c16', data: rows.map((r) => Math.max(0, r.due - r.done - r.overdue)) },
      ],
    }),
    [rows, coverageAxes, t],
  );
  const overdueAxes = useMemo(() => barAxes(kinds.map((k) => VISIT_KIND.labels[k]), 300, 16), [kinds]);
  const overdue = useMemo<Option>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { ...grid, top: 16 },
      ...axesOf(overdueAxes),
      series: [{ name: t('visits.dashboard.overdueVisits'), type: 'bar', color: '#cf1322', data: kinds.map((k) => view.overdueByKind[k] ?? 0) }],
    }),
    [kinds, overdueAxes, view.overdueByKind, t],
  );
  const hazardRows = useMemo(() => hazards?.items ?? [], [hazards]);
  const hazardAxes = useMemo(() => barAxes(hazardRows.map((r) => shortRegionName(r.regionName)), 300, LEGEND_ROOM), [hazardRows]);
  const hazardOption = useMemo<Option>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid,
      ...axesOf(hazardAxes),
      series: [
        { name: t('visits.dashboard.chart.hazardsOpen'), type: 'bar', stack: 'h', color: '#fa8c16', data: hazardRows.map((r) => Math.max(0, r.open - r.overdue)) },
        { name: t('visits.dashboard.chart.hazardsOverdue'), type: 'bar', stack: 'h', color: '#cf1322', data: hazardRows.map((r) => r.overdue) },
        { name: t('visits.dashboard.hazardsClosed'), type: 'bar', stack: 'h', color: '#52c41a', data: hazardRows.map((r) => r.closed) },
      ],
    }),
    [hazardRows, hazardAxes, t],
  );
  const campaignTasks = useMemo(() => view.campaign?.tasks ?? [], [view.campaign]);
  const campaignAxes = useMemo(() => barAxes(campaignTasks.map((task) => `${task.seq}. ${task.title}`), 300, LEGEND_ROOM), [campaignTasks]);
  const campaignOption = useMemo<Option>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid,
      ...axesOf(campaignAxes),
      series: [
        { name: t('visits.dashboard.chart.reportDone'), type: 'bar', stack: 'r', color: '#52c41a', data: campaignTasks.map((task) => task.done) },
        { name: t('visits.dashboard.chart.reportInProgress'), type: 'bar', stack: 'r', color: '#1f5fb4', data: campaignTasks.map((task) => task.inProgress) },
        { name: t('visits.dashboard.chart.reportNotStarted'), type: 'bar', stack: 'r', color: '#bfbfbf', data: campaignTasks.map((task) => task.notStarted) },
      ],
    }),
    [campaignTasks, campaignAxes, t],
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('visits.dashboard.chart.coverage')}>
          {rows.length ? (
            <EChart
              option={coverage}
              height={coverageAxes.height}
              testId="chart-coverage"
              onPick={(s, i) => {
                const r = rows[i];
                if (!r) return;
                navigate(tasksLink({ regionCode: r.regionCode, ...period, ...(s === 0 ? { status: 'done' } : s === 1 ? { status: 'open', overdue: true } : { status: 'open' }) }));
              }}
            />
          ) : (
            <Empty />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('visits.dashboard.chart.overdueByKind')}>
          <EChart option={overdue} height={overdueAxes.height} testId="chart-overdue" onPick={(_s, i) => navigate(tasksLink({ regionCode: view.region.regionCode, kind: kinds[i], status: 'open', overdue: true }))} />
        </Card>
      </Col>
      {view.campaign && (
        <Col xs={24} lg={12}>
          <Card size="small" title={t('visits.dashboard.chart.campaign', { name: view.campaign.name })}>
            <EChart option={campaignOption} height={campaignAxes.height} testId="chart-campaign" onPick={() => navigate(`/visits/campaigns/${view.campaign!.id}`)} />
          </Card>
        </Col>
      )}
      <Col xs={24} lg={12}>
        <Card size="small" title={t('visits.dashboard.chart.hazards')}>
          {hazardRows.length ? (
            <EChart
              option={hazardOption}
              height={hazardAxes.height}
              testId="chart-hazards"
              onPick={(s, i) => {
                const r = hazardRows[i];
                if (!r) return;
                const q = s === 0 ? 'status=open' : s === 1 ? 'overdue=true' : 'status=closed';
                navigate(`/hazards/list?regionCode=${r.regionCode}&${q}`);
              }}
            />
          ) : (
            <Empty description={hazards ? t('visits.dashboard.chart.noHazards') : t('visits.dashboard.chart.hazardsUnavailable')} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
