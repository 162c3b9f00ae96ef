/** 走访计划详情: progress per child region (planned / done / overdue / coverage), overdue list, tasks with reassign/cancel. */
import { useState } from 'react';
import { Alert, Breadcrumb, Descriptions, Spin, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { ASSIGN_MODE, CATEGORY_KIND, LEADER_FALLBACK, MEMBER_TAG, PLAN_STATUS, VISIT_KIND, coverageRate } from '@doudi/domain';
import type { PlanProgressRow, VisitTaskItem } from '@doudi/domain';
import { useI18n } from '../../i18n';
import { hasPermission, useMe } from '../../session';
import { CancelModal, ReassignModal, taskColumns } from './TasksPage';
import { visitKeys, visitsApi } from './visitsApi';
import { CoverageBar, Num, tasksLink } from './visitsFormat';
import './visits.css';
import { ResponsiveTable } from '../../components/ResponsiveTable';

export default function PlanDetailPage() {
  const me = useMe();
  const { t } = useI18n();
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const detail = useQuery({ queryKey: visitKeys.plan(id), queryFn: () => visitsApi.plan(id), enabled: id > 0 });
  const regionCode = params.get('regionCode') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const taskQuery = { planId: id, regionCode, page, pageSize: 20 };
  const tasks = useQuery({ queryKey: visitKeys.tasks(taskQuery), queryFn: () => visitsApi.tasks(taskQuery), enabled: detail.isSuccess, placeholderData: keepPreviousData });
  const [reassign, setReassign] = useState<VisitTaskItem | null>(null);
  const [cancel, setCancel] = useState<VisitTaskItem | null>(null);
  const canManage = hasPermission(me, 'visits.manage');

  if (detail.isPending) return <Spin className="visit-spin" />;
  if (detail.isError) return <Alert type="error" showIcon title={detail.error.message} />;
  const p = detail.data;
  const filterText = [...p.filter.categories.map((c) => CATEGORY_KIND.labels[c]), ...p.filter.tags.map((tag) => MEMBER_TAG.labels[tag])].join(t('visits.plans.detail.listSep'));
  const total: PlanProgressRow = { regionCode: p.regionCode, regionName: t('visits.plans.detail.total'), planned: p.planned, done: p.done, overdue: p.overdue };

  return (
    <div className="page">
      <Breadcrumb items={[{ title: <Link to="/visits/plans">{t('visits.plans.title')}</Link> }, { title: p.name }]} />
      <Typography.Title level={3} className="page-title" data-testid="plan-title">
        {p.name} <Tag>{VISIT_KIND.labels[p.kind]}</Tag>
      </Typography.Title>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 3 }}>
        <Descriptions.Item label={t('visits.plans.region')}>{p.regionName}</Descriptions.Item>
        <Descriptions.Item label={t('visits.plans.dueOn')}>{p.dueOn}</Descriptions.Item>
        <Descriptions.Item label={t('visits.plans.status')}>{PLAN_STATUS.labels[p.status]}</Descriptions.Item>
        <Descriptions.Item label={t('visits.plans.detail.campaign')}>{p.campaignId ? <Link to={`/visits/campaigns/${p.campaignId}`}>{p.campaignName}</Link> : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('visits.plans.detail.filter')}>
          {filterText || '—'}
          {p.filter.villageCodes.length ? t('visits.plans.detail.villages', { n: p.filter.villageCodes.length }) : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('visits.plans.form.mode')}>
          {ASSIGN_MODE.labels[p.assignment.mode]}
          {p.assignment.mode === 'leader' ? t('visits.plans.detail.fallback', { fallback: LEADER_FALLBACK.labels[p.assignment.fallback] }) : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('visits.plans.due')}>
          <Num value={p.planned} to={tasksLink({ planId: p.id })} />
        </Descriptions.Item>
        <Descriptions.Item label={t('visits.plans.done')}>
          <Num value={p.done} to={tasksLink({ planId: p.id, status: 'done' })} testId="plan-done" />
          <span className="muted"> {t('visits.plans.detail.rate', { rate: coverageRate(p.done, p.planned) ?? '—' })}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('visits.plans.detail.overdueUnassignedCancelled')}>
          <Num value={p.overdue} to={tasksLink({ planId: p.id, status: 'open', overdue: true })} /> / <Num value={p.unassigned} to={tasksLink({ planId: p.id, assignee: 'unassigned' })} /> /{' '}
          <Num value={p.cancelled} to={tasksLink({ planId: p.id, status: 'cancelled' })} />
        </Descriptions.Item>
      </Descriptions>

      <Typography.Title level={4} className="visit-subtitle">
        {t('visits.plans.detail.progress')}
      </Typography.Title>
      <Table<PlanProgressRow>
        size="small"
        rowKey="regionCode"
        pagination={false}
        scroll={{ x: 600 }}
        data-testid="plan-progress"
        dataSource={[...p.progress, total]}
        columns={[
          {
            title: t('visits.plans.region'),
            key: 'r',
            render: (_, r) =>
              r === total ? (
                <strong>{t('visits.plans.detail.total')}</strong>
              ) : (
                <a onClick={() => setParams({ regionCode: r.regionCode })} className={regionCode === r.regionCode ? 'visit-num' : undefined}>
                  {r.regionName}
                </a>
              ),
          },
          { title: t('visits.plans.due'), key: 'p', align: 'right', render: (_, r) => <Num value={r.planned} to={tasksLink({ planId: p.id, regionCode: r === total ? undefined : r.regionCode })} /> },
          { title: t('visits.plans.done'), key: 'd', align: 'right', render: (_, r) => <Num value={r.done} to={tasksLink({ planId: p.id, regionCode: r === total ? undefined : r.regionCode, status: 'done' })} /> },
          { title: t('visits.plans.overdue'), key: 'o', align: 'right', render: (_, r) => <Num value={r.overdue} to={tasksLink({ planId: p.id, regionCode: r === total ? undefined : r.regionCode, status: 'open', overdue: true })} /> },
          { title: t('visits.plans.rate'), key: 'c', render: (_, r) => <CoverageBar done={r.done} due={r.planned} /> },
        ]}
      />

      {p.overdueTasks.length > 0 && (
        <>
          <Typography.Title level={4} className="visit-subtitle">
            {t('visits.plans.detail.overdueTitle', { n: p.overdue })}
          </Typography.Title>
          <ResponsiveTable<VisitTaskItem> size="small" rowKey="id" pagination={false} scroll={{ x: 900 }} dataSource={p.overdueTasks} columns={taskColumns(canManage, setReassign, setCancel, t)} data-testid="plan-overdue" />
        </>
      )}

      <Typography.Title level={4} className="visit-subtitle">
        {regionCode ? t('visits.plans.detail.tasksIn', { region: p.progress.find((r) => r.regionCode === regionCode)?.regionName ?? '' }) : t('visits.plans.detail.tasks')}
        {regionCode && (
          <a className="muted" style={{ marginLeft: 8, fontSize: 13 }} onClick={() => setParams({})}>
            {t('visits.plans.detail.showAll')}
          </a>
        )}
      </Typography.Title>
      <ResponsiveTable<VisitTaskItem>
        size="small"
        rowKey="id"
        scroll={{ x: 900 }}
        loading={tasks.isFetching}
        dataSource={tasks.data?.items ?? []}
        columns={taskColumns(canManage, setReassign, setCancel, t)}
        data-testid="plan-tasks"
        pagination={{
          current: page,
          pageSize: 20,
          total: tasks.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('visits.plans.detail.totalHouseholds', { n }),
          onChange: (pg) => setParams(regionCode ? { regionCode, page: String(pg) } : { page: String(pg) }),
        }}
      />
      <ReassignModal task={reassign} onClose={() => setReassign(null)} />
      <CancelModal task={cancel} onClose={() => setCancel(null)} />
    </div>
  );
}
