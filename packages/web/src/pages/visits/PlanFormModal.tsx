/** 新建走访计划: region, kind, campaign, due date, which households (categories / tags / villages), how tasks are assigned. */
import { DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { ASSIGN_MODE, CATEGORY_KIND, LEADER_FALLBACK, MEMBER_TAG, PLANNABLE_KINDS, VISIT_KIND } from '@doudi/domain';
import type { AssignMode, CategoryKind, LeaderFallback, MemberTag } from '@doudi/domain';
import { api, isApiError } from '../../api';
import { showSuccess } from '../../feedback';
import { useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';
import { visitKeys, visitsApi } from './visitsApi';

interface Values {
  regionCode: string;
  name: string;
  kind: (typeof PLANNABLE_KINDS)[number];
  campaignId?: number;
  dueOn: Dayjs;
  categories: CategoryKind[];
  tags: MemberTag[];
  villageCodes: string[];
  mode: AssignMode;
  userId?: number;
  fallback: LeaderFallback;
}

export function PlanFormModal({ open, onClose, campaignId }: { open: boolean; onClose: () => void; campaignId?: number }) {
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const regionCode = Form.useWatch('regionCode', form) ?? me.region.code;
  const mode = Form.useWatch('mode', form);
  const campaigns = useQuery({ queryKey: visitKeys.campaigns({ status: 'active', pageSize: 100 }), queryFn: () => visitsApi.campaigns({ status: 'active', page: 1, pageSize: 100 }), enabled: open });
  const villages = useQuery({ queryKey: ['regions', 'children', regionCode], queryFn: () => api.regionChildren(regionCode), enabled: open && regionCode.endsWith('000') && regionCode.slice(6, 9) !== '000' });
  const people = useQuery({ queryKey: ['monitoring', 'assignees', regionCode], queryFn: () => api.assignees(regionCode), enabled: open && mode === 'user', meta: { silent: true } });

  const save = useMutation({
    meta: { form: true },
    mutationFn: (v: Values) =>
      visitsApi.createPlan({
        regionCode: v.regionCode,
        name: v.name,
        kind: v.kind,
        campaignId: v.campaignId ?? null,
        dueOn: v.dueOn.format('YYYY-MM-DD'),
        filter: { categories: v.categories ?? [], tags: v.tags ?? [], villageCodes: v.villageCodes ?? [] },
        assignment: { mode: v.mode, userId: v.userId, fallback: v.fallback ?? 'village_workers' },
      }),
    onSuccess: (plan) => {
      showSuccess(`走访计划已生成，共 ${plan.planned} 户`);
      void queryClient.invalidateQueries({ queryKey: visitKeys.all });
      onClose();
      navigate(`/visits/plans/${plan.id}`);
    },
    onError: (error) => {
      if (isApiError(error) && error.field) {
        const field = error.field.split('.').pop() ?? error.field;
        const known = ['regionCode', 'name', 'kind', 'campaignId', 'dueOn', 'categories', 'tags', 'villageCodes', 'mode', 'userId', 'fallback'];
        if (known.includes(field)) {
          form.setFields([{ name: field as keyof Values, errors: [error.message] }]);
          return;
        }
      }
      Modal.error({ title: '未能生成走访计划', content: error instanceof Error ? error.message : String(error) });
    },
  });

  return (
    <Modal
      open={open}
      title="新建走访计划"
      width={680}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => save.mutate(v))}
      confirmLoading={save.isPending}
      okText="生成计划"
      cancelText="取消"
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ regionCode: me.region.code, kind: 'concentrated', categories: [], tags: [], villageCodes: [], mode: 'village_workers', fallback: 'village_workers', campaignId }}
        data-testid="plan-form"
      >
        <Form.Item name="regionCode" label="计划区域" rules={[{ required: true, message: '请选择区域' }]}>
          <RegionPicker root={me.region} allowClear={false} />
        </Form.Item>
        <Form.Item name="name" label="计划名称" rules={[{ required: true, min: 2, message: '请填写计划名称' }]}>
          <Input maxLength={100} placeholder="如：2026年春节前集中走访慰问" />
        </Form.Item>
        <Form.Item name="kind" label="走访类型" rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={PLANNABLE_KINDS.map((k) => ({ value: k, label: VISIT_KIND.labels[k] }))} />
        </Form.Item>
        <Form.Item name="campaignId" label="所属专项行动">
          <Select allowClear placeholder="不属于专项行动" loading={campaigns.isPending} options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="dueOn" label="完成时限" rules={[{ required: true, message: '请选择完成时限' }]}>
          <DatePicker className="visit-full" />
        </Form.Item>
        <Form.Item name="categories" label="选户：保障类别（任一）" extra="保障类别和人员标识至少选一项；两者都选时满足其一即纳入。">
          <Select mode="multiple" allowClear options={CATEGORY_KIND.options} placeholder="如：低保、特困（分散供养）" />
        </Form.Item>
        <Form.Item name="tags" label="选户：人员标识（任一）">
          <Select mode="multiple" allowClear options={MEMBER_TAG.options} placeholder="如：独居老人、重度残疾" />
        </Form.Item>
        {villages.data && villages.data.items.length > 0 && (
          <Form.Item name="villageCodes" label="限定村（社区）" extra="不选为全部村（社区）">
            <Select mode="multiple" allowClear options={villages.data.items.map((v) => ({ value: v.code, label: v.name }))} />
          </Form.Item>
        )}
        <Form.Item name="mode" label="分派方式" rules={[{ required: true }]}>
          <Radio.Group options={ASSIGN_MODE.options} />
        </Form.Item>
        {mode === 'user' && (
          <Form.Item name="userId" label="走访人员" rules={[{ required: true, message: '请选择走访人员' }]}>
            <Select showSearch optionFilterProp="label" loading={people.isPending} options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.displayName}（${p.regionName}）` }))} />
          </Form.Item>
        )}
        {mode === 'leader' && (
          <Form.Item name="fallback" label="没有结对领导干部的家庭">
            <Radio.Group options={LEADER_FALLBACK.options} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
