/** 走访计划 list (with progress) and 领导干部结对 (leader pairings) on a second tab. */
import { useState } from 'react';
import { Button, DatePicker, Form, Input, Modal, Segmented, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { PLAN_STATUS, VISIT_KIND } from '@doudi/domain';
import type { PairingView, PlanListItem, PlanStatus } from '@doudi/domain';
import { api } from '../../api';
import { showSuccess } from '../../feedback';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { hasPermission, useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';
import { PlanFormModal } from './PlanFormModal';
import { visitKeys, visitsApi } from './visitsApi';
import { CoverageBar, Num, tasksLink } from './visitsFormat';
import './visits.css';

type Tab = 'plans' | 'pairings';

function PlansTab() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const regionCode = params.get('regionCode') ?? undefined;
  const campaignId = Number(params.get('campaignId')) || undefined;
  const status = (params.get('status') as PlanStatus | null) ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = { regionCode, campaignId, status, page, pageSize: 20 };
  const list = useQuery({ queryKey: visitKeys.plans(query), queryFn: () => visitsApi.plans(query), placeholderData: keepPreviousData });
  const [creating, setCreating] = useState(false);
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  const columns: TableColumnsType<PlanListItem> = [
    {
      title: '计划名称',
      key: 'name',
      render: (_, r) => (
        <>
          <Link to={`/visits/plans/${r.id}`} data-testid="plan-link">
            {r.name}
          </Link>
          {r.campaignName && (
            <div className="muted">
              <Link to={`/visits/campaigns/${r.campaignId}`}>{r.campaignName}</Link>
            </div>
          )}
        </>
      ),
    },
    { title: '类型', key: 'kind', width: 110, render: (_, r) => <Tag>{VISIT_KIND.labels[r.kind]}</Tag> },
    { title: '区域', dataIndex: 'regionName', key: 'region', width: 120 },
    { title: '完成时限', dataIndex: 'dueOn', key: 'due', width: 110 },
    { title: '应走访', key: 'planned', width: 80, align: 'right', render: (_, r) => <Num value={r.planned} to={tasksLink({ planId: r.id })} /> },
    { title: '已走访', key: 'done', width: 80, align: 'right', render: (_, r) => <Num value={r.done} to={tasksLink({ planId: r.id, status: 'done' })} /> },
    { title: '逾期', key: 'overdue', width: 70, align: 'right', render: (_, r) => <Num value={r.overdue} to={tasksLink({ planId: r.id, status: 'open', overdue: true })} /> },
    { title: '覆盖率', key: 'rate', width: 150, render: (_, r) => <CoverageBar done={r.done} due={r.planned} /> },
    { title: '状态', key: 'status', width: 80, render: (_, r) => PLAN_STATUS.labels[r.status] },
  ];
  return (
    <>
      <div className="visit-toolbar">
        <RegionPicker root={me.region} value={regionCode ?? me.region.code} onChange={(code) => set({ regionCode: code && code !== me.region.code ? code : undefined })} style={{ minWidth: 240 }} />
        <Select allowClear placeholder="状态" style={{ width: 110 }} value={status} onChange={(v?: string) => set({ status: v })} options={PLAN_STATUS.options} />
        {campaignId && (
          <Tag closable onClose={() => set({ campaignId: undefined })}>
            专项行动 #{campaignId}
          </Tag>
        )}
        <span className="grow" />
        {hasPermission(me, 'visits.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="plan-create">
            新建走访计划
          </Button>
        )}
      </div>
      <Table<PlanListItem>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 960 }}
        data-testid="plans-table"
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (n) => `共 ${n} 个计划`, onChange: (p) => set({ page: String(p) }), showSizeChanger: false }}
      />
      <PlanFormModal open={creating} onClose={() => setCreating(false)} campaignId={campaignId} />
    </>
  );
}

function PairingModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ householdId: number; leaderName: string; leaderTitle?: string; startedOn: Dayjs }>();
  const [q, setQ] = useState('');
  const debounced = useDebouncedValue(q, 300);
  const queryClient = useQueryClient();
  const households = useQuery({
    queryKey: ['registry', 'households', 'pick', debounced],
    queryFn: () => api.households({ q: debounced, page: 1, pageSize: 20 }),
    enabled: open && debounced.trim().length > 0,
  });
  const save = useMutation({
    mutationFn: (v: { householdId: number; leaderName: string; leaderTitle?: string; startedOn: Dayjs }) =>
      visitsApi.createPairing({ householdId: v.householdId, leaderName: v.leaderName, leaderTitle: v.leaderTitle ?? '', leaderUserId: null, startedOn: v.startedOn.format('YYYY-MM-DD') }),
    onSuccess: () => {
      showSuccess('结对已登记');
      void queryClient.invalidateQueries({ queryKey: ['visits', 'pairings'] });
      onClose();
    },
  });
  return (
    <Modal open={open} title="登记领导干部结对" onCancel={onClose} onOk={() => void form.validateFields().then((v) => save.mutate(v))} confirmLoading={save.isPending} okText="登记" cancelText="取消" destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ startedOn: dayjs() }}>
        <Form.Item name="householdId" label="结对家庭" rules={[{ required: true, message: '请选择家庭' }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            placeholder="输入户主姓名查找"
            loading={households.isFetching}
            options={(households.data?.items ?? []).map((h) => ({ value: h.id, label: `${h.headName} · ${h.regionName}` }))}
          />
        </Form.Item>
        <Form.Item name="leaderName" label="领导干部姓名" rules={[{ required: true, message: '请填写领导干部姓名' }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="leaderTitle" label="单位及职务">
          <Input maxLength={100} placeholder="如：县民政局局长" />
        </Form.Item>
        <Form.Item name="startedOn" label="结对开始日期" rules={[{ required: true }]}>
          <DatePicker className="visit-full" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PairingsTab() {
  const me = useMe();
  const [page, setPage] = useState(1);
  const [active, setActive] = useState(true);
  const query = { active, page, pageSize: 20 };
  const list = useQuery({ queryKey: visitKeys.pairings(query), queryFn: () => visitsApi.pairings(query), placeholderData: keepPreviousData });
  const [adding, setAdding] = useState(false);
  const queryClient = useQueryClient();
  const end = useMutation({
    mutationFn: (id: number) => visitsApi.endPairing(id, { endedOn: dayjs().format('YYYY-MM-DD') }),
    onSuccess: () => {
      showSuccess('结对已结束');
      void queryClient.invalidateQueries({ queryKey: ['visits', 'pairings'] });
    },
  });
  const canManage = hasPermission(me, 'visits.manage');
  return (
    <>
      <div className="visit-toolbar">
        <Segmented<string> value={active ? 'active' : 'all'} onChange={(v) => setActive(v === 'active')} options={[{ value: 'active', label: '结对中' }, { value: 'all', label: '全部' }]} />
        <span className="grow" />
        {canManage && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            登记结对
          </Button>
        )}
      </div>
      <Table<PairingView>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 760 }}
        columns={[
          { title: '家庭', key: 'h', render: (_, r) => <Link to={`/registry/households/${r.householdId}`}>{r.headName}</Link> },
          { title: '村（社区）', dataIndex: 'regionName', key: 'r' },
          { title: '领导干部', key: 'l', render: (_, r) => `${r.leaderName}${r.leaderTitle ? `（${r.leaderTitle}）` : ''}` },
          { title: '结对时间', key: 't', render: (_, r) => `${r.startedOn} 至 ${r.endedOn ?? '今'}` },
          ...(canManage
            ? [
                {
                  title: '操作',
                  key: 'a',
                  render: (_: unknown, r: PairingView) =>
                    r.endedOn ? null : (
                      <Button size="small" type="link" onClick={() => Modal.confirm({ title: `结束 ${r.leaderName} 与 ${r.headName} 户的结对？`, okText: '结束结对', cancelText: '取消', onOk: () => end.mutateAsync(r.id) })}>
                        结束结对
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => `共 ${n} 对` }}
      />
      <PairingModal open={adding} onClose={() => setAdding(false)} />
    </>
  );
}

export default function PlansPage() {
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'pairings' ? 'pairings' : 'plans';
  return (
    <div className="page">
      <Typography.Title level={3} className="page-title">
        走访计划
      </Typography.Title>
      <Segmented<Tab>
        className="visit-tabs"
        value={tab}
        onChange={(v) => setParams(v === 'plans' ? {} : { tab: v })}
        options={[
          { value: 'plans', label: '走访计划' },
          { value: 'pairings', label: '领导干部结对' },
        ]}
      />
      {tab === 'plans' ? <PlansTab /> : <PairingsTab />}
    </div>
  );
}
