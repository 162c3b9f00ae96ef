/** 走访任务 list with the filters in the address (the dashboard, plans and campaigns link here); reassign or cancel. */
import { useState } from 'react';
import { Button, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { TASK_STATUS, TaskStatus, VISIT_KIND, VisitKind } from '@doudi/domain';
import type { TaskQuery, VisitTaskItem } from '@doudi/domain';
import { api } from '../../api';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { showSuccess } from '../../feedback';
import { useI18n } from '../../i18n';
import type { Translate } from '../../i18n';
import { useSearchParamPatch } from '../../hooks/useSearchParamPatch';
import { useHousehold } from '../../queries';
import { hasPermission, useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';
import { visitKeys, visitsApi } from './visitsApi';
import { TaskStatusTag } from './visitsFormat';
import './visits.css';

function pick<T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, v: string | null): T | undefined {
  if (v === null) return undefined;
  const r = schema.safeParse(v);
  return r.success ? r.data : undefined;
}

export function ReassignModal({ task, onClose }: { task: VisitTaskItem | null; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [assigneeId, setAssigneeId] = useState<number | null>(null);
  const people = useQuery({
    queryKey: ['monitoring', 'assignees', task?.regionCode ?? ''],
    queryFn: () => api.assignees(task!.regionCode),
    enabled: task !== null,
    meta: { silent: true },
  });
  const save = useMutation({
    mutationFn: () => visitsApi.reassignTask(task!.id, { assigneeId }),
    onSuccess: () => {
      showSuccess(t('visits.tasks.reassigned'));
      void queryClient.invalidateQueries({ queryKey: visitKeys.all });
      onClose();
    },
  });
  return (
    <Modal open={task !== null} title={t('visits.tasks.reassignTitle')} onCancel={onClose} onOk={() => save.mutate()} confirmLoading={save.isPending} okText={t('visits.tasks.reassign')} destroyOnHidden>
      <p>
        {task?.headName ?? task?.memberName} · {task?.regionName}
      </p>
      <Select
        className="visit-full"
        allowClear
        placeholder={t('visits.tasks.reassignPlaceholder')}
        loading={people.isPending}
        value={assigneeId ?? undefined}
        onChange={(v: number | undefined) => setAssigneeId(v ?? null)}
        options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: t('visits.tasks.person', { name: p.displayName, region: p.regionName }) }))}
        data-testid="reassign-select"
      />
    </Modal>
  );
}

export function CancelModal({ task, onClose }: { task: VisitTaskItem | null; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const save = useMutation({
    mutationFn: (reason: string) => visitsApi.cancelTask(task!.id, { reason }),
    onSuccess: () => {
      showSuccess(t('visits.tasks.cancelled'));
      void queryClient.invalidateQueries({ queryKey: visitKeys.all });
      onClose();
    },
  });
  return (
    <Modal
      open={task !== null}
      title={t('visits.tasks.cancelTitle')}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => save.mutate(v.reason))}
      confirmLoading={save.isPending}
      okText={t('visits.tasks.cancelOk')}
      okButtonProps={{ danger: true }}
      cancelText={t('visits.tasks.cancelBack')}
      destroyOnHidden
    >
      <p>
        {task?.headName ?? task?.memberName} · {task?.regionName}
      </p>
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('visits.tasks.cancelReason')} rules={[{ required: true, min: 2, message: t('visits.tasks.cancelReasonRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={200} placeholder={t('visits.tasks.cancelReasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function taskColumns(
  canManage: boolean,
  onReassign: (task: VisitTaskItem) => void,
  onCancel: (task: VisitTaskItem) => void,
  t: Translate,
): TableColumnsType<VisitTaskItem> {
  return [
    {
      title: t('visits.tasks.who'),
      key: 'who',
      render: (_, r) => (
        <>
          {r.householdId ? <Link to={`/registry/households/${r.householdId}`}>{r.memberName ?? r.headName}</Link> : (r.memberName ?? r.headName)}
          {r.memberName && r.headName ? <span className="muted">{t('visits.tasks.householdOf', { head: r.headName })}</span> : null}
          <div className="muted">{r.address}</div>
        </>
      ),
    },
    { title: t('visits.tasks.village'), dataIndex: 'regionName', key: 'region' },
    { title: t('visits.tasks.kind'), key: 'kind', render: (_, r) => <Tag>{VISIT_KIND.labels[r.kind]}</Tag> },
    { title: t('visits.tasks.plan'), key: 'plan', render: (_, r) => (r.planId ? <Link to={`/visits/plans/${r.planId}`}>{r.planName}</Link> : (r.reason || '—')) },
    { title: t('visits.tasks.assignee'), key: 'assignee', render: (_, r) => r.leaderName ?? r.assigneeName ?? <span className="muted">{t('visits.tasks.unassigned')}</span> },
    { title: t('visits.tasks.dueOn'), dataIndex: 'dueOn', key: 'dueOn' },
    { title: t('visits.tasks.status'), key: 'status', render: (_, r) => <TaskStatusTag status={r.status} overdue={r.overdue} /> },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r: VisitTaskItem) =>
              r.status === 'open' ? (
                <Space size={4}>
                  <Button size="small" type="link" onClick={() => onReassign(r)} data-testid="task-reassign">
                    {t('visits.tasks.reassign')}
                  </Button>
                  <Button size="small" type="link" danger onClick={() => onCancel(r)} data-testid="task-cancel">
                    {t('visits.tasks.cancel')}
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];
}

export default function TasksPage() {
  const me = useMe();
  const { t } = useI18n();
  const [params, update] = useSearchParamPatch();
  const canManage = hasPermission(me, 'visits.manage');
  const filters: Partial<TaskQuery> = {
    regionCode: params.get('regionCode') ?? undefined,
    planId: Number(params.get('planId')) || undefined,
    householdId: Number(params.get('householdId')) || undefined,
    kind: pick(VisitKind, params.get('kind')),
    status: pick(TaskStatus, params.get('status')),
    overdue: params.get('overdue') === 'true' ? true : undefined,
    assignee: params.get('assignee') === 'unassigned' ? 'unassigned' : params.get('assignee') === 'me' ? 'me' : undefined,
    dueFrom: params.get('dueFrom') ?? undefined,
    dueTo: params.get('dueTo') ?? undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: 20,
  };
  const tasks = useQuery({ queryKey: visitKeys.tasks(filters), queryFn: () => visitsApi.tasks(filters), placeholderData: keepPreviousData });
  // The household filter reads as its head and village, not as a number.
  const household = useHousehold(filters.householdId ?? 0, filters.householdId !== undefined);
  const [reassign, setReassign] = useState<VisitTaskItem | null>(null);
  const [cancel, setCancel] = useState<VisitTaskItem | null>(null);

  return (
    <div className="page">
      <Typography.Title level={3} className="page-title">
        {t('visits.tasks.title')}
      </Typography.Title>
      <div className="visit-toolbar">
        <RegionPicker root={me.region} value={filters.regionCode ?? me.region.code} onChange={(code) => update({ regionCode: code && code !== me.region.code ? code : undefined })} style={{ minWidth: 240 }} />
        <Select
          allowClear
          placeholder={t('visits.tasks.kind')}
          style={{ width: 140 }}
          value={filters.kind}
          onChange={(v?: string) => update({ kind: v })}
          options={VISIT_KIND.options}
        />
        <Select
          allowClear
          placeholder={t('visits.tasks.status')}
          style={{ width: 120 }}
          value={filters.overdue ? 'overdue' : filters.status}
          onChange={(v?: string) => (v === 'overdue' ? update({ status: 'open', overdue: 'true' }) : update({ status: v, overdue: undefined }))}
          options={[...TASK_STATUS.options, { value: 'overdue', label: t('visits.tasks.overdue') }]}
          data-testid="tasks-status"
        />
        {filters.planId && <Tag closable onClose={() => update({ planId: undefined })}>{t('visits.tasks.planTag', { id: filters.planId })}</Tag>}
        {filters.householdId && (
          <Tag closable onClose={() => update({ householdId: undefined })} data-testid="tasks-household-tag">
            {household.data
              ? t('visits.tasks.householdNamed', { name: household.data.headName, region: household.data.regionName })
              : t('visits.tasks.householdTag', { id: filters.householdId })}
          </Tag>
        )}
        {filters.assignee === 'unassigned' && <Tag closable onClose={() => update({ assignee: undefined })}>{t('visits.tasks.unassigned')}</Tag>}
        {(filters.dueFrom || filters.dueTo) && (
          <Tag closable onClose={() => update({ dueFrom: undefined, dueTo: undefined })}>
            {t('visits.tasks.dueRange', { from: filters.dueFrom ?? '', to: filters.dueTo ?? '' })}
          </Tag>
        )}
      </div>
      <ResponsiveTable<VisitTaskItem>
        rowKey="id"
        size="middle"
        scroll={{ x: 900 }}
        cardTestId="task-card"
        loading={tasks.isFetching}
        dataSource={tasks.data?.items ?? []}
        columns={taskColumns(canManage, setReassign, setCancel, t)}
        data-testid="tasks-table"
        pagination={{
          current: filters.page,
          pageSize: 20,
          total: tasks.data?.total ?? 0,
          showTotal: (n) => t('visits.tasks.total', { n }),
          onChange: (page) => update({ page: String(page) }),
          showSizeChanger: false,
        }}
      />
      <ReassignModal task={reassign} onClose={() => setReassign(null)} />
      <CancelModal task={cancel} onClose={() => setCancel(null)} />
    </div>
  );
}
