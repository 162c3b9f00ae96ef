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
import { CampaignFormModal, seqLabel } from './CampaignFormModal';
import { visitKeys, visitsApi } from './visitsApi';
import { CampaignStatusTag, CoverageBar, Num, ReportTag, tasksLink } from './visitsFormat';
import './visits.css';

function ReportModal({ campaignId, task, onClose }: { campaignId: number; task: CampaignTaskView | null; onClose: () => void }) {
  const [form] = Form.useForm<{ status: ReportStatus; note: string }>();
  const queryClient = useQueryClient();
  const save = useMutation({
    meta: { form: true },
    mutationFn: (v: { status: ReportStatus; note: string }) => visitsApi.reportTask(campaignId, task!.id, { ...v, version: task!.own.version }),
    onSuccess: (detail) => {
      queryClient.setQueryData(visitKeys.campaign(campaignId), detail);
      void queryClient.invalidateQueries({ queryKey: ['visits', 'campaigns'] });
      showSuccess('落实情况已更新');
      onClose();
    },
    onError: (error) => {
      if (isApiError(error, 409)) {
        Modal.warning({ title: '落实情况已被他人更新', content: `${error.message}。已为您载入最新内容，请核对后重新填报。` });
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
      title={task ? `填报落实情况：${seqLabel(task.seq)}、${task.title}` : ''}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => save.mutate(v))}
      confirmLoading={save.isPending}
      okText="保存"
      cancelText="取消"
      destroyOnHidden
      afterOpenChange={(open) => {
        if (open && task) form.setFieldsValue({ status: task.own.status, note: task.own.note });
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="status" label="落实情况" rules={[{ required: true, message: '请选择落实情况' }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={REPORT_STATUS.options} data-testid="report-status" />
        </Form.Item>
        <Form.Item name="note" label="情况说明">
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={1000} placeholder="如：已完成全部分散供养特困人员走访，发放棉被32床" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Pick = { taskId: number; status: ReportStatus } | null;

function TaskCard({ task, canReport, onReport, pick, setPick }: { task: CampaignTaskView; canReport: boolean; onReport: () => void; pick: Pick; setPick: (p: Pick) => void }) {
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
          {seqLabel(task.seq)}、{task.title}
        </span>
      }
      extra={task.dueOn ? <Tag color={task.dueOn < new Date().toISOString().slice(0, 10) && task.own.status !== 'done' ? 'red' : 'default'}>时限 {task.dueOn}</Tag> : null}
    >
      {task.description && <Typography.Paragraph className="pre-line">{task.description}</Typography.Paragraph>}
      <div className="visit-own-report">
        <span className="visit-label-inline">本级落实：</span>
        <ReportTag status={task.own.status} />
        {task.own.note && <span>{task.own.note}</span>}
        {task.own.updatedBy && (
          <span className="muted">
            （{task.own.updatedBy} {formatDateTime(task.own.updatedAt).slice(0, 16)}）
          </span>
        )}
        {canReport && (
          <Button size="small" onClick={onReport} data-testid="report-edit">
            填报
          </Button>
        )}
      </div>
      {task.children.length > 0 && (
        <div className="visit-rollup">
          <span className="visit-label-inline">下级 {task.children.length} 个区域：</span>
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
          locale={{ emptyText: '没有处于该状态的区域' }}
          columns={[
            { title: '区域', dataIndex: 'regionName', key: 'r' },
            { title: '落实情况', key: 's', render: (_, r) => <ReportTag status={r.status} /> },
            { title: '说明', dataIndex: 'note', key: 'n' },
            { title: '填报', key: 'u', render: (_, r) => (r.updatedBy ? `${r.updatedBy} ${formatDateTime(r.updatedAt).slice(0, 16)}` : '—') },
          ]}
        />
      )}
    </Card>
  );
}

export default function CampaignDetailPage() {
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
      showSuccess('专项行动已结束');
    },
  });

  if (detail.isPending) return <Spin className="visit-spin" />;
  if (detail.isError) return <Alert type="error" showIcon title={detail.error.message} />;
  const c = detail.data;
  const targets = [...c.targetGroups.categories.map((k) => CATEGORY_KIND.labels[k]), ...c.targetGroups.tags.map((k) => MEMBER_TAG.labels[k])];

  return (
    <div className="page">
      <Breadcrumb items={[{ title: <Link to="/visits/campaigns">专项行动</Link> }, { title: c.name }]} />
      <div className="visit-page-head">
        <Typography.Title level={3} className="page-title" data-testid="campaign-title">
          {c.name} <CampaignStatusTag status={c.status} />
        </Typography.Title>
        <Space>
          {c.canEdit && c.status === 'active' && <Button onClick={() => setEditing(true)}>修改</Button>}
          {c.canEdit && c.status === 'active' && (
            <Button
              danger
              loading={close.isPending}
              onClick={() => Modal.confirm({ title: '结束这项专项行动？', content: '结束后各级不能再填报落实情况。', okText: '结束', cancelText: '取消', onOk: () => close.mutateAsync() })}
            >
              结束行动
            </Button>
          )}
        </Space>
      </div>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered>
        <Descriptions.Item label="文号">{c.docNumber ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="发起单位">{c.regionName}</Descriptions.Item>
        <Descriptions.Item label="期限">
          {c.startsOn} 至 {c.endsOn}
        </Descriptions.Item>
        <Descriptions.Item label="对象范围" span={2}>
          {targets.length ? targets.join('、') : '全部低收入人口'}
          {c.targetGroups.note ? `；${c.targetGroups.note}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="发起人">{c.createdBy ?? '—'}</Descriptions.Item>
        {c.description && (
          <Descriptions.Item label="行动说明" span={3}>
            <span className="pre-line">{c.description}</span>
          </Descriptions.Item>
        )}
      </Descriptions>

      <Typography.Title level={4} className="visit-subtitle">
        走访覆盖（{c.viewerRegionName}范围内）
      </Typography.Title>
      <div className="visit-kpis" data-testid="campaign-coverage">
        <Card size="small" className="visit-kpi">
          <Statistic title="应走访" value={c.coverage.due} />
          <Link to={`/visits/plans?campaignId=${c.id}`} className="muted">
            查看走访计划
          </Link>
        </Card>
        <Card size="small" className="visit-kpi">
          <Statistic title="已走访" value={c.coverage.done} />
        </Card>
        <Card size="small" className="visit-kpi">
          <Statistic title="逾期未走访" value={c.coverage.overdue} valueStyle={c.coverage.overdue ? { color: '#cf1322' } : undefined} />
        </Card>
        <Card size="small" className="visit-kpi">
          <Statistic title="覆盖率" value={c.coverage.rate ?? '—'} suffix={c.coverage.rate === null ? '' : '%'} />
          <Link to={`/visits/dashboard?campaignId=${c.id}`} className="muted" data-testid="campaign-coverage-by-region">
            按区域查看
          </Link>
        </Card>
      </div>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        loading={plans.isPending}
        dataSource={plans.data?.items ?? []}
        locale={{ emptyText: '本行动还没有走访计划' }}
        scroll={{ x: 700 }}
        columns={[
          { title: '走访计划', key: 'n', render: (_, r) => <Link to={`/visits/plans/${r.id}`}>{r.name}</Link> },
          { title: '区域', dataIndex: 'regionName', key: 'r' },
          { title: '应走访', key: 'p', align: 'right', render: (_, r) => <Num value={r.planned} to={tasksLink({ planId: r.id })} /> },
          { title: '已走访', key: 'd', align: 'right', render: (_, r) => <Num value={r.done} to={tasksLink({ planId: r.id, status: 'done' })} /> },
          { title: '逾期', key: 'o', align: 'right', render: (_, r) => <Num value={r.overdue} to={tasksLink({ planId: r.id, status: 'open', overdue: true })} /> },
          { title: '覆盖率', key: 'c', render: (_, r) => <CoverageBar done={r.done} due={r.planned} /> },
        ]}
      />

      <Typography.Title level={4} className="visit-subtitle">
        任务及落实情况（{c.viewerRegionName}）
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
