/** 新建走访计划: region, kind, campaign, due date, which households (categories / tags / villages), how tasks are assigned. */
import { DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { ASSIGN_MODE, CATEGORY_KIND, LEADER_FALLBACK, MEMBER_TAG, PLANNABLE_KINDS, VISIT_KIND } from '@doudi/domain';
import type { AssignMode, CategoryKind, LeaderFallback, MemberTag } from '@doudi/domain';
import { api, isApiError } from '../../api';
import { showSuccess } from '../../feedback';
import { useI18n } from '../../i18n';
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
  const { t } = useI18n();
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
      showSuccess(t('visits.plans.form.created', { n: plan.planned }));
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
      Modal.error({ title: t('visits.plans.form.createFailed'), content: error instanceof Error ? error.message : String(error) });
    },
  });

  return (
    <Modal
      open={open}
      title={t('visits.plans.create')}
      width={680}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => save.mutate(v))}
      confirmLoading={save.isPending}
      okText={t('visits.plans.form.ok')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ regionCode: me.region.code, kind: 'concentrated', categories: [], tags: [], villageCodes: [], mode: 'village_workers', fallback: 'village_workers', campaignId }}
        data-testid="plan-form"
      >
        <Form.Item name="regionCode" label={t('visits.plans.form.region')} rules={[{ required: true, message: t('visits.plans.form.regionRequired') }]}>
          <RegionPicker root={me.region} allowClear={false} />
        </Form.Item>
        <Form.Item name="name" label={t('visits.plans.form.name')} rules={[{ required: true, min: 2, message: t('visits.plans.form.nameRequired') }]}>
          <Input maxLength={100} placeholder={t('visits.plans.form.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="kind" label={t('visits.plans.form.kind')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={PLANNABLE_KINDS.map((k) => ({ value: k, label: VISIT_KIND.labels[k] }))} />
        </Form.Item>
        <Form.Item name="campaignId" label={t('visits.plans.form.campaign')}>
          <Select allowClear placeholder={t('visits.plans.form.campaignPlaceholder')} loading={campaigns.isPending} options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="dueOn" label={t('visits.plans.dueOn')} rules={[{ required: true, message: t('visits.plans.form.dueOnRequired') }]}>
          <DatePicker className="visit-full" />
        </Form.Item>
        <Form.Item name="categories" label={t('visits.plans.form.categories')} extra={t('visits.plans.form.categoriesHelp')}>
          <Select mode="multiple" allowClear options={CATEGORY_KIND.options} placeholder={t('visits.plans.form.categoriesPlaceholder')} />
        </Form.Item>
        <Form.Item name="tags" label={t('visits.plans.form.tags')}>
          <Select mode="multiple" allowClear options={MEMBER_TAG.options} placeholder={t('visits.plans.form.tagsPlaceholder')} />
        </Form.Item>
        {villages.data && villages.data.items.length > 0 && (
          <Form.Item name="villageCodes" label={t('visits.plans.form.villages')} extra={t('visits.plans.form.villagesHelp')}>
            <Select mode="multiple" allowClear options={villages.data.items.map((v) => ({ value: v.code, label: v.name }))} />
          </Form.Item>
        )}
        <Form.Item name="mode" label={t('visits.plans.form.mode')} rules={[{ required: true }]}>
          <Radio.Group options={ASSIGN_MODE.options} />
        </Form.Item>
        {mode === 'user' && (
          <Form.Item name="userId" label={t('visits.plans.form.user')} rules={[{ required: true, message: t('visits.plans.form.userRequired') }]}>
            <Select showSearch optionFilterProp="label" loading={people.isPending} options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: t('visits.plans.form.person', { name: p.displayName, region: p.regionName }) }))} />
          </Form.Item>
        )}
        {mode === 'leader' && (
          <Form.Item name="fallback" label={t('visits.plans.form.fallback')}>
            <Radio.Group options={LEADER_FALLBACK.options} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
