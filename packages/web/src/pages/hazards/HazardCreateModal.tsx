import { Form, Input, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { HAZARD_CATEGORY, HAZARD_DEADLINE_DAYS, HAZARD_SEVERITY, HAZARD_SOURCE } from '@doudi/domain';
import type { CreateHazardRequest, HazardSeverity } from '@doudi/domain';
import { showFormError } from '../../feedback';
import { useI18n } from '../../i18n';
import { useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';
import { hazardKeys, hazardsApi } from './hazardsApi';

interface Values {
  source: 'visit' | 'other';
  regionCode?: string;
  householdId?: number;
  category: CreateHazardRequest['category'];
  severity: HazardSeverity;
  description: string;
  ownerName: string;
  deadline?: string;
}
const FIELDS = ['source', 'regionCode', 'householdId', 'category', 'severity', 'description', 'ownerName', 'deadline'];

/** 登记隐患: where (a household by its number, or a village), what, how serious, who rectifies it and by when. */
export function HazardCreateModal({ open, onClose, householdId }: { open: boolean; onClose: () => void; householdId?: number }) {
  const me = useMe();
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const severity = Form.useWatch('severity', form);
  const create = useMutation({
    mutationFn: (v: Values) => hazardsApi.create({
      source: v.source, category: v.category, severity: v.severity, description: v.description, ownerName: v.ownerName,
      ...(v.householdId ? { householdId: v.householdId } : { regionCode: v.regionCode }),
      ...(v.deadline ? { deadline: v.deadline } : {}),
    } as CreateHazardRequest),
    meta: { form: true },
    onSuccess: (h) => {
      void queryClient.invalidateQueries({ queryKey: hazardKeys.all });
      form.resetFields();
      onClose();
      void navigate(`/hazards/list/${h.id}`);
    },
    onError: (e) => showFormError(form, e, FIELDS),
  });
  return (
    <Modal
      open={open} title={t('hazards.create.title')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending}
      okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ source: 'other', severity: 'general', category: 'electricity', householdId }} onFinish={(v) => create.mutate(v)}>
        <Form.Item name="source" label={t('hazards.field.source')}>
          <Radio.Group options={HAZARD_SOURCE.options.filter((o) => o.value !== 'inspection')} />
        </Form.Item>
        <Form.Item name="householdId" label={t('hazards.field.householdId')} extra={t('hazards.create.householdHint')}>
          <InputNumber min={1} style={{ width: '100%' }} data-testid="hazard-household" />
        </Form.Item>
        <Form.Item name="regionCode" label={t('hazards.field.region')}>
          <RegionPicker root={me.region} minLevel={4} />
        </Form.Item>
        <Form.Item name="category" label={t('hazards.field.category')} rules={[{ required: true }]}>
          <Select options={HAZARD_CATEGORY.options} />
        </Form.Item>
        <Form.Item name="severity" label={t('hazards.field.severity')} rules={[{ required: true }]}>
          <Radio.Group options={HAZARD_SEVERITY.options} optionType="button" />
        </Form.Item>
        <Form.Item name="description" label={t('hazards.field.description')} rules={[{ required: true, message: t('hazards.create.descriptionRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="hazard-description" />
        </Form.Item>
        <Form.Item name="ownerName" label={t('hazards.field.owner')} rules={[{ required: true, message: t('hazards.create.ownerRequired') }]}>
          <Input maxLength={50} data-testid="hazard-owner" />
        </Form.Item>
        <Form.Item name="deadline" label={t('hazards.field.deadline')}>
          <Input type="date" />
        </Form.Item>
        <Typography.Text type="secondary">
          {t('hazards.create.deadlineHint', { days: HAZARD_DEADLINE_DAYS[severity ?? 'general'] })}
        </Typography.Text>
      </Form>
    </Modal>
  );
}
