import { useState } from 'react';
import { Button, Card, Checkbox, Empty, Form, Input, InputNumber, List, Modal, Select, Spin, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CARE_PLAN_STATUS, CarePlanStatus, regionContains } from '@doudi/domain';
import type { CarePlanItem } from '@doudi/domain';
import { showFormError } from '../../feedback';
import { useI18n } from '../../i18n';
import { hasPermission, useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';
import { hazardKeys, hazardsApi, type CarePlanFilters } from './hazardsApi';
import { DueDate, PlanStatusTag } from './hazardsFormat';
import { usePhone } from '../../hooks/usePhone';
import './hazards.css';

function NewPlanModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ householdId: number; problems: string }>();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { householdId: number; problems: string }) => hazardsApi.createCarePlan({ ...v, measures: [], responsibleName: '' }),
    meta: { form: true },
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: hazardKeys.carePlans });
      onClose();
      void navigate(`/visits/care-plans/${p.id}`);
    },
    onError: (e) => showFormError(form, e, ['householdId', 'problems']),
  });
  return (
    <Modal open={open} title={t('hazards.plan.new')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending}
      okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="householdId" label={t('hazards.field.householdId')} rules={[{ required: true, message: t('hazards.plan.householdRequired') }]}>
          <InputNumber min={1} style={{ width: '100%' }} data-testid="plan-household" />
        </Form.Item>
        <Form.Item name="problems" label={t('hazards.plan.problems')} rules={[{ required: true, message: t('hazards.plan.problemsRequired') }]}>
          <Input.TextArea rows={4} maxLength={2000} data-testid="plan-problems" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 一人一策: the plans for complex cases in the jurisdiction, reviews due first. */
export default function CarePlansPage() {
  const me = useMe();
  const { t } = useI18n();
  const isMobile = usePhone();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const region = params.get('regionCode');
  const status = params.get('status');
  const filters: CarePlanFilters = {
    regionCode: region && regionContains(me.region.code, region) && region !== me.region.code ? region : undefined,
    status: status && (CarePlanStatus.options as readonly string[]).includes(status) ? (status as CarePlanFilters['status']) : undefined,
    reviewOverdue: params.get('reviewOverdue') === 'true' || undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: 20,
  };
  const update = (next: Partial<CarePlanFilters>) => {
    const merged = { ...filters, page: 1, ...next };
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(merged)) if (v !== undefined && k !== 'pageSize' && !(k === 'page' && v === 1)) search.set(k, String(v));
    setParams(search, { replace: true });
  };
  const list = useQuery({ queryKey: [...hazardKeys.carePlans, filters], queryFn: () => hazardsApi.carePlans(filters), placeholderData: keepPreviousData });
  const columns: TableColumnsType<CarePlanItem> = [
    { title: t('hazards.field.household'), key: 'hh', width: 140, render: (_, p) => <Link to={`/visits/care-plans/${p.id}`} data-testid="plan-link">{p.householdHead ?? `#${p.householdId}`}</Link> },
    { title: t('hazards.field.region'), dataIndex: 'regionName', width: 120 },
    { title: t('hazards.plan.problems'), dataIndex: 'problems', ellipsis: true },
    { title: t('hazards.plan.measures'), key: 'm', width: 100, render: (_, p) => `${p.measures.filter((m) => m.done).length}/${p.measures.length}` },
    { title: t('hazards.plan.responsible'), dataIndex: 'responsibleName', width: 140 },
    { title: t('hazards.plan.reviewOn'), key: 'r', width: 150, render: (_, p) => <DueDate date={p.reviewOn} overdue={p.reviewOverdue} /> },
    { title: t('hazards.field.status'), dataIndex: 'status', width: 100, render: (s: CarePlanItem['status']) => <PlanStatusTag status={s} /> },
  ];
  return (
    <Card
      title={t('hazards.plan.title')}
      extra={hasPermission(me, 'care.write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="plan-new">{t('hazards.plan.new')}</Button> : null}
    >
      <div className="hazard-filters">
        <RegionPicker root={me.region} value={filters.regionCode} onChange={(regionCode) => update({ regionCode })} placeholder={t('hazards.field.region')} />
        <Select allowClear placeholder={t('hazards.field.status')} value={filters.status} options={CARE_PLAN_STATUS.options} onChange={(s) => update({ status: s })} />
        <Checkbox checked={filters.reviewOverdue === true} onChange={(e) => update({ reviewOverdue: e.target.checked || undefined })} data-testid="plan-filter-overdue">
          {t('hazards.plan.reviewOverdueOnly')}
        </Checkbox>
      </div>
      {list.isLoading ? <Spin /> : !list.data?.items.length ? <Empty description={t('hazards.plan.empty')} /> : isMobile ? (
        <List
          dataSource={list.data.items}
          pagination={{ current: filters.page, pageSize: 20, total: list.data.total, simple: true, onChange: (page) => update({ page }) }}
          renderItem={(p) => (
            <List.Item>
              <Link to={`/visits/care-plans/${p.id}`} className={p.reviewOverdue ? 'hazard-card hazard-card-overdue' : 'hazard-card'} style={{ width: '100%' }} data-testid="plan-card">
                <div className="hazard-card-top"><span className="hazard-card-title">{p.householdHead ?? `#${p.householdId}`}</span><PlanStatusTag status={p.status} /></div>
                <div className="hazard-card-meta">{p.regionName} · {p.responsibleName || '—'}</div>
                <div className="hazard-card-desc">{p.problems}</div>
                <div className="hazard-card-meta">{t('hazards.plan.reviewOn')}{t('hazards.punct.colon')}<DueDate date={p.reviewOn} overdue={p.reviewOverdue} /></div>
              </Link>
            </List.Item>
          )}
        />
      ) : (
        <Table rowKey="id" columns={columns} dataSource={list.data.items} size="middle"
          pagination={{ current: filters.page, pageSize: 20, total: list.data.total, showTotal: (total) => t('common.total', { total }), onChange: (page) => update({ page }) }} />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('hazards.plan.hint')}</Typography.Paragraph>
      <NewPlanModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
