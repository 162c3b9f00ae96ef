import { Card, DatePicker, Progress, Segmented, Space, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { regionLevel, type CareTaskView } from '@doudi/domain';
import { useI18n } from '../../i18n';
import { useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';
import { careApi, careKeys } from './careApi';
import { TierTag, percent, todayInChina } from './careFormat';
import { SubjectDrawer } from './SubjectDrawer';
import { usePhone } from '../../hooks/usePhone';
import './care.css';

/** /elderly/tasks: the monthly visit rate per township against the national 100%, and the overdue queue. */
export default function TasksPage() {
  const { t } = useI18n();
  const me = useMe();
  const isMobile = usePhone();
  const [params, setParams] = useSearchParams();
  const regionCode = params.get('regionCode') ?? (regionLevel(me.region.code) === 5 ? undefined : me.region.code);
  const month = params.get('month') ?? todayInChina().slice(0, 7);
  const kind = (params.get('kind') === 'child' ? 'child' : 'elderly') as 'elderly' | 'child';
  const page = Number(params.get('page')) || 1;
  const opened = Number(params.get('subject')) || null;
  const set = (next: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === '') p.delete(k);
      else p.set(k, String(v));
    }
    setParams(p, { replace: true });
  };
  const rate = useQuery({
    queryKey: careKeys.rate({ regionCode, month, kind }), queryFn: () => careApi.visitRate({ regionCode, month, kind }),
    enabled: regionCode !== undefined, placeholderData: keepPreviousData,
  });
  const overdueQuery = { regionCode: params.get('overdueRegion') ?? regionCode ?? me.region.code, kind, page, pageSize: 20 };
  const overdue = useQuery({ queryKey: careKeys.overdue(overdueQuery), queryFn: () => careApi.overdue(overdueQuery), placeholderData: keepPreviousData });
  const subjectOf = async (task: CareTaskView) => {
    if (!task.memberId) return;
    const r = await careApi.subjects({ kind: task.kind === 'child' ? 'child' : 'elderly', q: task.personName, regionCode: task.regionCode, pageSize: 50, includeInactive: true });
    const s = r.items.find((x) => x.memberId === task.memberId);
    if (s) set({ subject: s.id });
  };

  const bar = (value: number | null) => (
    <Progress className="care-rate-bar" percent={value === null ? 0 : Math.round(value * 1000) / 10} size="small"
      status={value !== null && value >= 1 ? 'success' : 'active'} format={() => percent(value)} />
  );
  return (
    <div className="care-page">
      <Typography.Title level={3} style={{ margin: 0 }}>{t('care.tasks.title')}</Typography.Title>
      <Card size="small">
        <Space wrap>
          <RegionPicker root={me.region} value={regionCode} onChange={(v) => set({ regionCode: v, page: 1 })} placeholder={t('care.filter.region')} style={{ minWidth: 200 }} />
          <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(v) => set({ month: v ? v.format('YYYY-MM') : undefined })} />
          <Segmented value={kind} onChange={(v) => set({ kind: v as string, page: 1 })}
            options={[{ value: 'elderly', label: t('care.tasks.kindElderly') }, { value: 'child', label: t('care.tasks.kindChild') }]} />
        </Space>
      </Card>
      {rate.data ? (
        <Card size="small" title={<Space wrap>{t('care.tasks.rate')}<Tag color="blue">{t('care.tasks.target', { target: percent(rate.data.target) })}</Tag></Space>} data-testid="visit-rate">
          <Typography.Paragraph type="secondary">{t('care.tasks.rateHelp')}</Typography.Paragraph>
          <Table
            rowKey="regionCode"
            size="small"
            pagination={false}
            scroll={isMobile ? { x: 480 } : undefined}
            dataSource={rate.data.rows}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}><b>{t('care.tasks.total')}</b></Table.Summary.Cell>
                <Table.Summary.Cell index={1}>{rate.data.total.due}</Table.Summary.Cell>
                <Table.Summary.Cell index={2}>{rate.data.total.done}</Table.Summary.Cell>
                <Table.Summary.Cell index={3}>{rate.data.total.overdue}</Table.Summary.Cell>
                <Table.Summary.Cell index={4}>{bar(rate.data.total.rate)}</Table.Summary.Cell>
              </Table.Summary.Row>
            )}
            columns={[
              { title: t('care.filter.region'), dataIndex: 'regionName', render: (v: string, r) => <a onClick={() => set({ regionCode: r.regionCode })}>{v}</a> },
              { title: t('care.tasks.due'), dataIndex: 'due' },
              { title: t('care.tasks.done'), dataIndex: 'done' },
              { title: t('care.tasks.overdue'), dataIndex: 'overdue', render: (v: number, r) => v ? <a onClick={() => set({ overdueRegion: r.regionCode, page: 1 })} data-testid="overdue-link">{v}</a> : 0 },
              { title: t('care.tasks.rate'), dataIndex: 'rate', render: (v: number | null) => bar(v) },
            ]}
          />
        </Card>
      ) : null}
      <Card size="small" title={t('care.tasks.overdueQueue')} data-testid="overdue-queue">
        <Table<CareTaskView>
          rowKey="id"
          size="small"
          loading={overdue.isFetching}
          dataSource={overdue.data?.items ?? []}
          scroll={isMobile ? { x: 640 } : undefined}
          onRow={(r) => ({ onClick: () => void subjectOf(r), style: { cursor: 'pointer' } })}
          pagination={{ current: page, pageSize: 20, total: overdue.data?.total ?? 0, showTotal: (total) => t('common.total', { total }), onChange: (p) => set({ page: p }) }}
          columns={[
            { title: t('care.col.name'), dataIndex: 'personName', render: (v: string, r) => <Space size={4}>{v}<TierTag tier={r.tier} /></Space> },
            { title: t('care.col.region'), dataIndex: 'regionName' },
            { title: t('care.tasks.reason'), dataIndex: 'reason' },
            { title: t('care.tasks.dueOn'), dataIndex: 'dueOn', render: (v: string, r) => <>{v} <Tag color="red">{t('care.tasks.overdueDays', { n: r.overdueDays })}</Tag></> },
            { title: t('care.tasks.assignee'), dataIndex: 'assigneeName', render: (v: string | null) => v ?? <Tag color="orange">{t('care.tasks.unassigned')}</Tag> },
          ]}
        />
      </Card>
      <SubjectDrawer id={opened} onClose={() => set({ subject: undefined })} />
    </div>
  );
}
