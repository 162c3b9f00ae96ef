import { useState } from 'react';
import { Alert, Empty, Form, Input, Modal, Select, Spin } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { CreateLeadRequest, LEAD_SOURCE, regionLevel } from '@doudi/domain';
import type { LeadSource, RegionPathItem } from '@doudi/domain';
import { api } from '../../api';
import { showFormError, showSuccess } from '../../feedback';
import { blankToUndefined, schemaRule } from '../../forms';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';
import { useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';

interface FormValues {
  source: LeadSource;
  regionCode?: string;
  householdId?: number;
  personName: string;
  phone?: string;
  description: string;
}

const FIELDS = ['source', 'regionCode', 'householdId', 'personName', 'phone', 'description'];

/** Sources a person can register by hand: 系统预警 leads come only from the warning rules. */
const MANUAL_SOURCES = LEAD_SOURCE.options.filter((o) => o.value !== 'warning') as { value: LeadSource; label: string }[];

/** A household prefilled from the household page. */
export interface LeadHousehold {
  id: number;
  regionCode: string;
  headName: string;
}

function HouseholdSearch({
  value,
  onChange,
  onPicked,
  initial,
}: {
  value?: number;
  onChange?: (id: number | undefined) => void;
  onPicked: (h: LeadHousehold | null) => void;
  initial?: LeadHousehold;
}) {
  const { t } = useI18n();
  const [input, setInput] = useState('');
  const q = useDebouncedValue(input.trim(), 300);
  const search = useQuery({
    queryKey: [...queryKeys.households, 'lead-search', q],
    queryFn: async () => (await api.households({ q, page: 1, pageSize: 10 })).items,
    enabled: q.length > 0,
  });
  const hits = search.data ?? [];
  const options = hits.map((h) => ({
    value: h.id,
    label: `${h.headName} · ${h.regionName}`,
    household: { id: h.id, regionCode: h.regionCode, headName: h.headName },
  }));
  if (initial && value === initial.id && !options.some((o) => o.value === initial.id)) {
    options.unshift({ value: initial.id, label: initial.headName, household: initial });
  }
  return (
    <Select<number>
      allowClear
      value={value}
      placeholder={t('monitoring.create.householdPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setInput, searchValue: input }}
      onChange={(id) => {
        onChange?.(id);
        onPicked(options.find((o) => o.value === id)?.household ?? null);
      }}
      onBlur={() => setInput('')}
      options={options.map(({ value: v, label }) => ({ value: v, label }))}
      notFoundContent={
        q.length === 0 ? null : search.isFetching || input.trim() !== q ? (
          <Spin size="small" />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('monitoring.create.householdNone')} />
        )
      }
      data-testid="lead-create-household"
    />
  );
}

/** 新建线索: a need for help reported by a person (hotline, visit, village, the public, a department). */
export function LeadCreateModal({ household, onClose }: { household?: LeadHousehold; onClose: () => void }) {
  const me = useMe();
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();

  const create = useMutation({
    mutationFn: (body: CreateLeadRequest) => api.createLead(body),
    meta: { form: true },
    onSuccess: (lead) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.monitoring });
      showSuccess(t('monitoring.create.done'));
      onClose();
      void navigate(`/monitoring/leads/${lead.id}`);
    },
    onError: (error) => showFormError(form, error, FIELDS),
  });

  const submit = (v: FormValues) => {
    create.mutate({
      source: v.source,
      regionCode: v.regionCode ?? '',
      householdId: v.householdId,
      personName: v.personName.trim(),
      phone: blankToUndefined(v.phone),
      description: v.description.trim(),
    });
  };

  const root: RegionPathItem = me.region;
  const lowestLevel = regionLevel(me.region.code) >= 4;

  return (
    <Modal
      open
      title={t('monitoring.create.title')}
      onCancel={onClose}
      mask={{ closable: false }}
      okText={t('monitoring.create.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: create.isPending, ...({ 'data-testid': 'lead-create-submit' } as Record<string, string>) }}
    >
      <Alert type="info" showIcon title={t('monitoring.create.help')} className="modal-help" />
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          source: 'village',
          regionCode: household?.regionCode ?? (lowestLevel ? me.region.code : undefined),
          householdId: household?.id,
          personName: household?.headName,
        }}
      >
        <Form.Item name="source" label={t('monitoring.lead.source')} rules={[{ required: true, message: t('monitoring.create.sourceRequired') }]}>
          <Select options={MANUAL_SOURCES} data-testid="lead-create-source" />
        </Form.Item>
        <Form.Item name="householdId" label={t('monitoring.create.household')} extra={t('monitoring.create.householdHelp')}>
          <HouseholdSearch
            initial={household}
            onPicked={(h) => {
              if (!h) return;
              form.setFieldsValue({ regionCode: h.regionCode, personName: form.getFieldValue('personName') || h.headName });
            }}
          />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('monitoring.create.region')}
          rules={[{ required: true, message: t('monitoring.create.regionRequired') }, schemaRule(CreateLeadRequest.shape.regionCode)]}
        >
          <RegionPicker root={root} minLevel={4} placeholder={t('monitoring.create.regionPlaceholder')} data-testid="lead-create-region" />
        </Form.Item>
        <Form.Item
          name="personName"
          label={t('monitoring.lead.person')}
          rules={[{ required: true, whitespace: true, message: t('monitoring.create.nameRequired') }, schemaRule(CreateLeadRequest.shape.personName)]}
        >
          <Input maxLength={50} data-testid="lead-create-name" />
        </Form.Item>
        <Form.Item name="phone" label={t('monitoring.lead.phone')} rules={[schemaRule(CreateLeadRequest.shape.phone)]}>
          <Input inputMode="tel" maxLength={20} data-testid="lead-create-phone" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('monitoring.lead.description')}
          rules={[{ required: true, whitespace: true, message: t('monitoring.create.descriptionRequired') }, schemaRule(CreateLeadRequest.shape.description)]}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount placeholder={t('monitoring.create.descriptionPlaceholder')} data-testid="lead-create-description" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
