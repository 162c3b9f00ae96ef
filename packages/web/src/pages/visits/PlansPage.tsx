/** 走访计划 list (with progress) and 领导干部结对 (leader pairings) on a second tab. */
import { useState } from 'react';
import { Button, DatePicker, Form, Input, Modal, Segmented, Select, Tag, Typography } from 'antd';
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
import { useSearchParamPatch } from '../../hooks/useSearchParamPatch';
import { useI18n } from '../../i18n';
import { hasPermission, useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';
import { PlanFormModal } from './PlanFormModal';
import { visitKeys, visitsApi } from './visitsApi';
import { CoverageBar, Num, tasksLink } from './visitsFormat';
import './visits.css';
import { ResponsiveTable } from '../../components/ResponsiveTable';

type Tab = 'plans' | 'pairings';

function PlansTab() {
  const me = useMe();
  const { t } = useI18n();
  const [params, set] = useSearchParamPatch();
  const regionCode = params.get('regionCode') ?? undefined;
  const campaignId = Number(params.get('campaignId')) || undefined;
  const status = (params.get('status') as PlanStatus | null) ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = { regionCode, campaignId, status, page, pageSize: 20 };
  const list = useQuery({ queryKey: visitKeys.plans(query), queryFn: () => visitsApi.plans(query), placeholderData: keepPreviousData });
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<PlanListItem> = [
    {
      title: t('visits.plans.name'),
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
    { title: t('visits.plans.kind'), key: 'kind', width: 110, render: (_, r) => <Tag>{VISIT_KIND.labels[r.kind]}</Tag> },
    { title: t('visits.plans.region'), dataIndex: 'regionName', key: 'region', width: 120 },
    { title: t('visits.plans.dueOn'), dataIndex: 'dueOn', key: 'due', width: 110 },
    { title: t('visits.plans.due'), key: 'planned', width: 80, align: 'right', render: (_, r) => <Num value={r.planned} to={tasksLink({ planId: r.id })} /> },
    { title: t('visits.plans.done'), key: 'done', width: 80, align: 'right', render: (_, r) => <Num value={r.done} to={tasksLink({ planId: r.id, status: 'done' })} /> },
    { title: t('visits.plans.overdue'), key: 'overdue', width: 70, align: 'right', render: (_, r) => <Num value={r.overdue} to={tasksLink({ planId: r.id, status: 'open', overdue: true })} /> },
    { title: t('visits.plans.rate'), key: 'rate', width: 150, render: (_, r) => <CoverageBar done={r.done} due={r.planned} /> },
    { title: t('visits.plans.status'), key: 'status', width: 80, render: (_, r) => PLAN_STATUS.labels[r.status] },
  ];
  return (
    <>
      <div className="visit-toolbar">
        <RegionPicker root={me.region} value={regionCode ?? me.region.code} onChange={(code) => set({ regionCode: code && code !== me.region.code ? code : undefined })} style={{ minWidth: 240 }} />
        <Select allowClear placeholder={t('visits.plans.status')} style={{ width: 110 }} value={status} onChange={(v?: string) => set({ status: v })} options={PLAN_STATUS.options} />
        {campaignId && (
          <Tag closable onClose={() => set({ campaignId: undefined })}>
            {t('visits.plans.campaignTag', { id: campaignId })}
          </Tag>
        )}
        <span className="grow" />
        {hasPermission(me, 'visits.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="plan-create">
            {t('visits.plans.create')}
          </Button>
        )}
      </div>
      <ResponsiveTable<PlanListItem>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 960 }}
        data-testid="plans-table"
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (n) => t('visits.plans.total', { n }), onChange: (p) => set({ page: String(p) }), showSizeChanger: false }}
      />
      <PlanFormModal open={creating} onClose={() => setCreating(false)} campaignId={campaignId} />
    </>
  );
}

function PairingModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
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
      showSuccess(t('visits.plans.pairing.saved'));
      void queryClient.invalidateQueries({ queryKey: ['visits', 'pairings'] });
      onClose();
    },
  });
  return (
    <Modal open={open} title={t('visits.plans.pairing.title')} onCancel={onClose} onOk={() => void form.validateFields().then((v) => save.mutate(v))} confirmLoading={save.isPending} okText={t('visits.plans.pairing.ok')} cancelText={t('common.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ startedOn: dayjs() }}>
        <Form.Item name="householdId" label={t('visits.plans.pairing.household')} rules={[{ required: true, message: t('visits.plans.pairing.householdRequired') }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            placeholder={t('visits.plans.pairing.householdPlaceholder')}
            loading={households.isFetching}
            options={(households.data?.items ?? []).map((h) => ({ value: h.id, label: `${h.headName} · ${h.regionName}` }))}
          />
        </Form.Item>
        <Form.Item name="leaderName" label={t('visits.plans.pairing.leaderName')} rules={[{ required: true, message: t('visits.plans.pairing.leaderNameRequired') }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="leaderTitle" label={t('visits.plans.pairing.leaderTitle')}>
          <Input maxLength={100} placeholder={t('visits.plans.pairing.leaderTitlePlaceholder')} />
        </Form.Item>
        <Form.Item name="startedOn" label={t('visits.plans.pairing.startedOn')} rules={[{ required: true }]}>
          <DatePicker className="visit-full" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PairingsTab() {
  const me = useMe();
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [active, setActive] = useState(true);
  const query = { active, page, pageSize: 20 };
  const list = useQuery({ queryKey: visitKeys.pairings(query), queryFn: () => visitsApi.pairings(query), placeholderData: keepPreviousData });
  const [adding, setAdding] = useState(false);
  const queryClient = useQueryClient();
  const end = useMutation({
    mutationFn: (id: number) => visitsApi.endPairing(id, { endedOn: dayjs().format('YYYY-MM-DD') }),
    onSuccess: () => {
      showSuccess(t('visits.plans.pairing.ended'));
      void queryClient.invalidateQueries({ queryKey: ['visits', 'pairings'] });
    },
  });
  const canManage = hasPermission(me, 'visits.manage');
  return (
    <>
      <div className="visit-toolbar">
        <Segmented<string> value={active ? 'active' : 'all'} onChange={(v) => setActive(v === 'active')} options={[{ value: 'active', label: t('visits.plans.pairing.active') }, { value: 'all', label: t('common.all') }]} />
        <span className="grow" />
        {canManage && (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('visits.plans.pairing.add')}
          </Button>
        )}
      </div>
      <ResponsiveTable<PairingView>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 760 }}
        columns={[
          { title: t('visits.plans.pairing.colHousehold'), key: 'h', render: (_, r) => <Link to={`/registry/households/${r.householdId}`}>{r.headName}</Link> },
          { title: t('visits.plans.pairing.colVillage'), dataIndex: 'regionName', key: 'r' },
          { title: t('visits.plans.pairing.colLeader'), key: 'l', render: (_, r) => (r.leaderTitle ? t('visits.plans.pairing.leaderWithTitle', { name: r.leaderName, title: r.leaderTitle }) : r.leaderName) },
          { title: t('visits.plans.pairing.colPeriod'), key: 't', render: (_, r) => t('visits.plans.pairing.period', { from: r.startedOn, to: r.endedOn ?? t('visits.plans.pairing.now') }) },
          ...(canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'a',
                  render: (_: unknown, r: PairingView) =>
                    r.endedOn ? null : (
                      <Button size="small" type="link" onClick={() => Modal.confirm({ title: t('visits.plans.pairing.endConfirm', { leader: r.leaderName, head: r.headName }), okText: t('visits.plans.pairing.end'), cancelText: t('common.cancel'), onOk: () => end.mutateAsync(r.id) })}>
                        {t('visits.plans.pairing.end')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('visits.plans.pairing.total', { n }) }}
      />
      <PairingModal open={adding} onClose={() => setAdding(false)} />
    </>
  );
}

export default function PlansPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'pairings' ? 'pairings' : 'plans';
  return (
    <div className="page">
      <Typography.Title level={3} className="page-title">
        {t('visits.plans.title')}
      </Typography.Title>
      <Segmented<Tab>
        className="visit-tabs"
        value={tab}
        onChange={(v) => setParams(v === 'plans' ? {} : { tab: v })}
        options={[
          { value: 'plans', label: t('visits.plans.title') },
          { value: 'pairings', label: t('visits.plans.tabPairings') },
        ]}
      />
      {tab === 'plans' ? <PlansTab /> : <PairingsTab />}
    </div>
  );
}
