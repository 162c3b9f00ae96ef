import { Alert, Button, Card, Dropdown, Empty, Progress, Space, Switch, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { POLICY_KEY_LABELS, RULE_DESCRIPTIONS, RULE_KIND, RULE_PARAMETERS, SWEEP_MODE, SWEEP_STATUS, SWEEP_TRIGGER, regionLevel } from '@doudi/domain';
import type { RuleKind, RuleSettingView, SweepMode, SweepStatus, SweepView } from '@doudi/domain';
import { api } from '../../api';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { showSuccess } from '../../feedback';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';
import { useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';
import { MonitoringGuard } from './MonitoringGuard';
import { RULE_COLORS, pickRegion } from './monitoringFormat';
import './monitoring.css';

const SWEEP_STATUS_COLORS: Record<SweepStatus, string> = { queued: 'default', running: 'processing', done: 'green', failed: 'red' };

/** The parameters a rule reads: as the server lists them, else from the shared rule table. */
function parameterLabels(rule: RuleKind, setting: RuleSettingView | undefined): string[] {
  return setting?.parameters ?? RULE_PARAMETERS[rule].map((k) => POLICY_KEY_LABELS[k].zh);
}

function RuleSwitches({ regionCode }: { regionCode: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: queryKeys.ruleSettings(regionCode),
    queryFn: async () => (await api.ruleSettings(regionCode)).items,
  });
  const set = useMutation({
    mutationFn: (v: { rule: RuleKind; enabled: boolean }) => api.setRule({ regionCode, ...v }),
    onSuccess: (result, v) => {
      // The answer is this region's switches; other regions below it may have changed too.
      queryClient.setQueryData(queryKeys.ruleSettings(regionCode), result.items);
      void queryClient.invalidateQueries({ queryKey: ['monitoring', 'rules'], predicate: (q) => q.queryKey[2] !== regionCode });
      showSuccess(t(v.enabled ? 'monitoring.rules.enabled' : 'monitoring.rules.disabled', { rule: RULE_KIND.labels[v.rule] }));
    },
  });

  const byRule = new Map((settings.data ?? []).map((s) => [s.rule, s]));
  const rows = RULE_KIND.options.map((o) => ({ rule: o.value as RuleKind, setting: byRule.get(o.value as RuleKind) }));

  const fromText = (s: RuleSettingView | undefined) => {
    if (!s || s.setAt === 'default') return <Typography.Text type="secondary">{t('monitoring.rules.fromDefault')}</Typography.Text>;
    if (s.setAt.regionCode === regionCode) return <Tag color="blue">{t('monitoring.rules.fromHere')}</Tag>;
    return <span>{t('monitoring.rules.fromAbove', { region: s.setAt.regionName })}</span>;
  };

  const columns: TableColumnsType<(typeof rows)[number]> = [
    {
      title: t('monitoring.rules.rule'),
      key: 'rule',
      width: 160,
      render: (_, r) => (
        <span className="rule-name">
          <span className="rule-dot" style={{ background: RULE_COLORS[r.rule] }} />
          {RULE_KIND.labels[r.rule]}
        </span>
      ),
    },
    {
      title: t('monitoring.rules.description'),
      key: 'description',
      render: (_, r) => (
        <div>
          <div>{r.setting?.description ?? RULE_DESCRIPTIONS[r.rule]}</div>
          {parameterLabels(r.rule, r.setting).length > 0 ? (
            <div className="muted">
              {t('monitoring.rules.parameters')}
              {parameterLabels(r.rule, r.setting).join('、')}
            </div>
          ) : null}
        </div>
      ),
    },
    { title: t('monitoring.rules.from'), key: 'from', width: 170, render: (_, r) => fromText(r.setting) },
    {
      title: t('monitoring.rules.switch'),
      key: 'switch',
      width: 90,
      render: (_, r) => (
        <Switch
          checked={r.setting?.enabled ?? true}
          loading={set.isPending && set.variables?.rule === r.rule}
          disabled={!r.setting}
          checkedChildren={t('monitoring.rules.on')}
          unCheckedChildren={t('monitoring.rules.off')}
          onChange={(enabled) => set.mutate({ rule: r.rule, enabled })}
          data-testid={`rule-switch-${r.rule}`}
        />
      ),
    },
  ];

  return (
    <Card size="small" title={t('monitoring.rules.tableTitle')} styles={{ body: { padding: 0 } }}>
      <ResponsiveTable
        data-testid="rule-table"
        cardTestId="rule-card"
        rowKey="rule"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={settings.isFetching}
        pagination={false}
        scroll={{ x: 720 }}
      />
    </Card>
  );
}

function SweepRow({ sweep }: { sweep: SweepView }) {
  const { t } = useI18n();
  const skipped = Object.entries(sweep.skipped);
  const percent = sweep.householdsTotal > 0 ? Math.floor((sweep.householdsDone / sweep.householdsTotal) * 100) : sweep.status === 'done' ? 100 : 0;
  return (
    <div className="sweep-row" data-testid="sweep-row">
      <div className="sweep-head">
        <Space size={6} wrap>
          <strong>{sweep.regionName}</strong>
          <Tag>{SWEEP_MODE.labels[sweep.mode]}</Tag>
          <Tag color={SWEEP_STATUS_COLORS[sweep.status]}>{SWEEP_STATUS.labels[sweep.status]}</Tag>
          <span className="muted">
            {SWEEP_TRIGGER.labels[sweep.trigger]}
            {sweep.startedBy ? ` · ${sweep.startedBy}` : ''}
          </span>
        </Space>
        <span className="muted mono">{formatDateTime(sweep.startedAt).slice(0, 16)}</span>
      </div>
      <Progress
        percent={percent}
        size="small"
        status={sweep.status === 'failed' ? 'exception' : sweep.status === 'running' ? 'active' : sweep.status === 'done' ? 'success' : 'normal'}
      />
      <div className="muted">
        {t('monitoring.sweep.counts', {
          done: sweep.householdsDone,
          total: sweep.householdsTotal,
          raised: sweep.raised,
          closed: sweep.closed,
          leads: sweep.leadsCreated,
        })}
      </div>
      {skipped.length > 0 ? (
        <ul className="sweep-skipped">
          {skipped.map(([rule, s]) => (
            <li key={rule}>
              {t('monitoring.sweep.skipped', {
                rule: (RULE_KIND.labels as Record<string, string>)[rule] ?? rule,
                count: s.count,
                reason: s.reason,
              })}
            </li>
          ))}
        </ul>
      ) : null}
      {sweep.error ? <Typography.Text type="danger">{sweep.error}</Typography.Text> : null}
    </div>
  );
}

function Sweeps({ regionCode }: { regionCode: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const sweeps = useQuery({
    queryKey: queryKeys.sweeps(regionCode),
    queryFn: async () => (await api.sweeps(regionCode)).items,
    staleTime: 0,
    // While one is queued or running, follow its progress.
    refetchInterval: (query) => ((query.state.data ?? []).some((s) => s.status === 'queued' || s.status === 'running') ? 2000 : false),
  });
  const start = useMutation({
    mutationFn: (mode: SweepMode) => api.startSweep({ regionCode, mode }),
    onSuccess: () => {
      showSuccess(t('monitoring.sweep.started'));
      // Re-read the list rather than using the answer: it also brings the older runs.
      void queryClient.invalidateQueries({ queryKey: queryKeys.sweeps(regionCode) });
    },
  });
  const running = (sweeps.data ?? []).some((s) => s.status === 'queued' || s.status === 'running');
  // Sweeps run county by county: a township or village is swept with its county.
  const canRun = regionLevel(regionCode) <= 3;
  const items = (sweeps.data ?? []).slice(0, 10);

  return (
    <Card
      size="small"
      title={t('monitoring.sweep.title')}
      extra={
        <Space.Compact>
          <Button
            type="primary"
            icon={<PlayCircleOutlined />}
            loading={start.isPending}
            disabled={running || !canRun}
            onClick={() => start.mutate('incremental')}
            data-testid="sweep-run"
          >
            {t('monitoring.sweep.run')}
          </Button>
          <Dropdown
            disabled={running || !canRun || start.isPending}
            trigger={['click']}
            menu={{
              items: [
                { key: 'incremental', label: t('monitoring.sweep.runIncremental') },
                { key: 'full', label: t('monitoring.sweep.runFull') },
              ],
              onClick: ({ key }) => start.mutate(key as SweepMode),
            }}
          >
            <Button type="primary" icon={<DownOutlined />} aria-label={t('monitoring.sweep.chooseMode')} data-testid="sweep-run-mode" />
          </Dropdown>
        </Space.Compact>
      }
    >
      <Typography.Paragraph type="secondary">{t('monitoring.sweep.help')}</Typography.Paragraph>
      {canRun ? null : <Alert type="info" showIcon title={t('monitoring.sweep.countyOnly')} className="modal-help" />}
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('monitoring.sweep.empty')} />
      ) : (
        <div className="sweep-list" data-testid="sweep-list">
          {items.map((s) => (
            <SweepRow key={s.id} sweep={s} />
          ))}
        </div>
      )}
    </Card>
  );
}

/** 监测规则: which warning rules run in a region (county and above decide) and the sweeps that apply them. */
function Rules() {
  const me = useMe();
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const regionCode = pickRegion(me.region.code, params.get('regionCode')) ?? me.region.code;
  return (
    <div className="page monitoring-page">
      <div className="page-head">
        <Typography.Title level={3} className="page-title">
          {t('monitoring.rules.title')}
        </Typography.Title>
        <RegionPicker
          root={me.region}
          value={regionCode}
          allowClear={false}
          style={{ minWidth: 260 }}
          onChange={(code) => setParams(code && code !== me.region.code ? { regionCode: code } : {}, { replace: true })}
          data-testid="rules-region"
        />
      </div>
      <Typography.Paragraph type="secondary">{t('monitoring.rules.help')}</Typography.Paragraph>
      <RuleSwitches regionCode={regionCode} />
      <Sweeps regionCode={regionCode} />
    </div>
  );
}

export default function RulesPage() {
  return (
    <MonitoringGuard permission="monitoring.manage">
      <Rules />
    </MonitoringGuard>
  );
}
