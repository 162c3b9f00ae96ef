/**
 * 专项行动详情: the header, each task with its deadline, my region's report (editable with visits.write), the roll-up
 * of my child regions per task (click a number → which regions), and the visit coverage of the campaign's plans.
 */
import { useState } from 'react';
import { Alert, Breadcrumb, Button, Card, Descriptions, Form, Input, Modal, Radio, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { CATEGORY_KIND, MEMBER_TAG, REPORT_STATUS } from '@doudi/domain';
import type { CampaignTaskView, ReportStatus, TaskReportView } from '@doudi/domain';
import { isApiError } from '../../api';
import { showSuccess } from '../../feedback';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { CampaignFormModal, seqLabel } from './CampaignFormModal';
import { visitKeys, visitsApi } from './visitsApi';
import { CampaignStatusTag, CoverageBar, Num, ReportTag, tasksLink } from './visitsFormat';
import './visits.css';
import { ResponsiveTable } from '../../components/ResponsiveTable';

function ReportModal({ campaignId, task, onClose }: { campaignId: number; task: CampaignTaskView | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<{ status: ReportStatus; note: string }>();
  const queryClient = useQueryClient();
  const save = useMutation({
    meta: { form: true },
    mutationFn: (v: { status: ReportStatus; note: string }) => visitsApi.reportTask(campaignId, task!.id, { ...v, version: task!.own.version }),
    onSuccess: (detail) => {
      queryClient.setQueryData(visitKeys.campaign(campaignId), detail);
      void queryClient.invalidateQueries({ queryKey: ['visits', 'campaigns'] });
      showSuccess(t('visits.campaigns.report.saved'));
      onClose();
    },
    onError: (error) => {
      if (isApiError(error, 409)) {
        Modal.warning({ title: t('visits.campaigns.report.conflictTitle'), content: t('visits.campaigns.report.conflictContent', { message: error.message }) });
        void queryClient.invalidateQueries({ queryKey: visitKeys.campaign(campaignId) });
        onClose();
      } else if (error instanceof Error) {
        form.setFields([{ name: 'note', errors: [error.message] }]);
      }
    },
  });
  return (
    <Modal
      open={task !== null}
      title={task ? t('visits.campaigns.report.title', { task: t('visits.campaigns.taskHeading', { seq: seqLabel(task.seq, lang), title: task.title }) }) : ''}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => save.mutate(v))}
      confirmLoading={save.isPending}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (open && task) form.setFieldsValue({ status: task.own.status, note: task.own.note });
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="status" label={t('visits.campaigns.report.status')} rules={[{ required: true, message: t('visits.campaigns.report.statusRequired') }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={REPORT_STATUS.options} data-testid="report-status" />
        </Form.Item>
        <Form.Item name="note" label={t('visits.campaigns.report.note')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={1000} placeholder={t('visits.campaigns.report.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Pick = { taskId: number; status: ReportStatus } | null;

function TaskCard({ task, canReport, onReport, pick, setPick }: { task: CampaignTaskView; canReport: boolean; onReport: () => void; pick: Pick; setPick: (p: Pick) => void }) {
  const { t, lang } = useI18n();
  const shown = pick?.taskId === task.id ? task.children.filter((c) => c.status === pick.status) : null;
  const numberLink = (status: ReportStatus, value: number) => (
    <Button
      type="link"
      size="small"
      className={value > 0 ? 'visit-num' : 'visit-num zero'}
      onClick={() => setPick(pick?.taskId === task.id && pick.status === status ? null : { taskId: task.id, status })}
      data-testid={`rollup-${status}`}
    >
      {REPORT_STATUS.labels[status]} {value}
    </Button>
  );
  return (
    <Card
      size="small"
      className="visit-campaign-task"
      data-testid="campaign-task"
      title={
        <span>
          {t('visits.campaigns.taskHeading', { seq: seqLabel(task.seq, lang), title: task.title })}
        </span>
      }
      extra={task.dueOn ? <Tag color={task.dueOn < new Date().toISOString().slice(0, 10) && task.own.status !== 'done' ? 'red' : 'default'}>{t('visits.campaigns.task.due', { date: task.dueOn })}</Tag> : null}
    >
      {task.description && <Typography.Paragraph className="pre-line">{task.description}</Typography.Paragraph>}
      <div className="visit-own-report">
        <span className="visit-label-inline">{t('visits.campaigns.task.own')}</span>
        <ReportTag status={task.own.status} />
        {task.own.note && <span>{task.own.note}</span>}
        {task.own.updatedBy && (
          <span className="muted">
            {t('visits.campaigns.task.updatedBy', { who: task.own.updatedBy, time: formatDateTime(task.own.updatedAt).slice(0, 16) })}
          </span>
        )}
        {canReport && (
          <Button size="small" onClick={onReport} data-testid="report-edit">
            {t('visits.campaigns.task.report')}
          </Button>
        )}
      </div>
      {task.children.length > 0 && (
        <div className="visit-rollup">
          <span className="visit-label-inline">{t('visits.campaigns.task.children', { n: task.children.length })}</span>
          {numberLink('done', task.rollup.done)}
          {numberLink('in_progress', task.rollup.inProgress)}
          {numberLink('not_started', task.rollup.notStarted)}
        </div>
      )}
      {shown && (
        <Table<TaskReportView>
          size="small"
          rowKey="regionCode"
          pagination={false}
          dataSource={shown}
          data-testid="rollup-regions"
          locale={{ emptyText: t('visits.campaigns.task.noRegions') }}
          columns={[
            { title: t('visits.campaigns.task.region'), dataIndex: 'regionName', key: 'r' },
            { title: t('visits.campaigns.report.status'), key: 's', render: (_, r) => <ReportTag status={r.status} /> },
            { title: t('visits.campaigns.task.note'), dataIndex: 'note', key: 'n' },
            { title: t('visits.campaigns.task.reported'), key: 'u', render: (_, r) => (r.updatedBy ? `${r.updatedBy} ${formatDateTime(r.updatedAt).slice(0, 16)}` : '—') },
          ]}
        />
      )}
    </Card>
  );
}

export default function CampaignDetailPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const detail = useQuery({ queryKey: visitKeys.campaign(id), queryFn: () => visitsApi.campaign(id), enabled: Number.isInteger(id) && id > 0 });
  const coverageQuery = { campaignId: id, pageSize: 200, page: 1 };
  const plans = useQuery({ queryKey: visitKeys.plans(coverageQuery), queryFn: () => visitsApi.plans(coverageQuery), enabled: detail.isSuccess });
  const [reporting, setReporting] = useState<CampaignTaskView | null>(null);
  const [editing, setEditing] = useState(false);
  const [pick, setPick] = useState<Pick>(null);
  const queryClient = useQueryClient();
  const close = useMutation({
    mutationFn: () => visitsApi.closeCampaign(id, { version: detail.data!.version }),
    onSuccess: (d) => {
      queryClient.setQueryData(visitKeys.campaign(id), d);
      void queryClient.invalidateQueries({ queryKey: ['visits', 'campaigns'] });
      showSuccess(t('visits.campaigns.closedToast'));
    },
  });

  if (detail.isPending) return <Spin className="visit-spin" />;
  if (detail.isError) return <Alert type="error" showIcon title={detail.error.message} />;
  const c = detail.data;
  const targets = [...c.targetGroups.categories.map((k) => CATEGORY_KIND.labels[k]), ...c.targetGroups.tags.map((k) => MEMBER_TAG.labels[k])];

  return (
    <div className="page">
      <Breadcrumb items={[{ title: <Link to="/visits/campaigns">{t('visits.campaigns.title')}</Link> }, { title: c.name }]} />
      <div className="visit-page-head">
        <Typography.Title level={3} className="page-title" data-testid="campaign-title">
          {c.name} <CampaignStatusTag status={c.status} />
        </Typography.Title>
        <Space>
          {c.canEdit && c.status === 'active' && <Button onClick={() => setEditing(true)}>{t('visits.campaigns.edit')}</Button>}
          {c.canEdit && c.status === 'active' && (
            <Button
              danger
              loading={close.isPending}
              onClick={() => Modal.confirm({ title: t('visits.campaigns.closeConfirm'), content: t('visits.campaigns.closeConfirmHelp'), okText: t('visits.campaigns.closeOk'), cancelText: t('common.cancel'), onOk: () => close.mutateAsync() })}
            >
              {t('visits.campaigns.close')}
            </Button>
          )}
        </Space>
      </div>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered>
        <Descriptions.Item label={t('visits.campaigns.form.docNumber')}>{c.docNumber ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('visits.campaigns.region')}>{c.regionName}</Descriptions.Item>
        <Descriptions.Item label={t('visits.campaigns.period')}>
          {t('visits.campaigns.dateRange', { from: c.startsOn, to: c.endsOn })}
        </Descriptions.Item>
        <Descriptions.Item label={t('visits.campaigns.targets')} span={2}>
          {targets.length ? targets.join(t('visits.campaigns.listSep')) : t('visits.campaigns.allLowIncome')}
          {c.targetGroups.note ? t('visits.campaigns.targetNote', { note: c.targetGroups.note }) : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('visits.campaigns.createdBy')}>{c.createdBy ?? '—'}</Descriptions.Item>
        {c.description && (
          <Descriptions.Item label={t('visits.campaigns.form.description')} span={3}>
            <span className="pre-line">{c.description}</span>
          </Descriptions.Item>
        )}
      </Descriptions>

      <Typography.Title level={4} className="visit-subtitle">
        {t('visits.campaigns.coverage', { region: c.viewerRegionName })}
      </Typography.Title>
      <div className="visit-kpis" data-testid="campaign-coverage">
        <Card size="small" className="visit-kpi">
          <Statistic title={t('visits.campaigns.due')} value={c.coverage.due} />
          <Link to={`/visits/plans?campaignId=${c.id}`} className="muted">
            {t('visits.campaigns.viewPlans')}
          </Link>
        </Card>
        <Card size="small" className="visit-kpi">
          <Statistic title={t('visits.campaigns.done')} value={c.coverage.done} />
        </Card>
        <Card size="small" className="visit-kpi">
          <Statistic title={t('visits.campaigns.overdueVisits')} value={c.coverage.overdue} valueStyle={c.coverage.overdue ? { color: '#cf1322' } : undefined} />
        </Card>
        <Card size="small" className="visit-kpi">
          <Statistic title={t('visits.campaigns.rate')} value={c.coverage.rate ?? '—'} suffix={c.coverage.rate === null ? '' : '%'} />
          <Link to={`/visits/dashboard?campaignId=${c.id}`} className="muted" data-testid="campaign-coverage-by-region">
            {t('visits.campaigns.byRegion')}
          </Link>
        </Card>
      </div>
      <ResponsiveTable
        size="small"
        rowKey="id"
        pagination={false}
        loading={plans.isPending}
        dataSource={plans.data?.items ?? []}
        locale={{ emptyText: t('visits.campaigns.noPlans') }}
        scroll={{ x: 700 }}
        columns={[
          { title: t('visits.campaigns.plan'), key: 'n', render: (_, r) => <Link to={`/visits/plans/${r.id}`}>{r.name}</Link> },
          { title: t('visits.campaigns.task.region'), dataIndex: 'regionName', key: 'r' },
          { title: t('visits.campaigns.due'), key: 'p', align: 'right', render: (_, r) => <Num value={r.planned} to={tasksLink({ planId: r.id })} /> },
          { title: t('visits.campaigns.done'), key: 'd', align: 'right', render: (_, r) => <Num value={r.done} to={tasksLink({ planId: r.id, status: 'done' })} /> },
          { title: t('visits.campaigns.overdue'), key: 'o', align: 'right', render: (_, r) => <Num value={r.overdue} to={tasksLink({ planId: r.id, status: 'open', overdue: true })} /> },
          { title: t('visits.campaigns.rate'), key: 'c', render: (_, r) => <CoverageBar done={r.done} due={r.planned} /> },
        ]}
      />

      <Typography.Title level={4} className="visit-subtitle">
        {t('visits.campaigns.tasksTitle', { region: c.viewerRegionName })}
      </Typography.Title>
      <div className="visit-cards">
        {c.tasks.map((task) => (
          <TaskCard key={task.id} task={task} canReport={c.canReport && c.status === 'active'} onReport={() => setReporting(task)} pick={pick} setPick={setPick} />
        ))}
      </div>
      <ReportModal campaignId={id} task={reporting} onClose={() => setReporting(null)} />
      <CampaignFormModal open={editing} campaign={c} onClose={() => setEditing(false)} />
    </div>
  );
}
