import { Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { POLICY_KEY_LABELS, PolicyKey, yuanToFen } from '@doudi/domain';
import type { CreatePolicyParameterRequest, EndPolicyParameterRequest, PolicyParameterView } from '@doudi/domain';
import { api } from '../../api';
import { RegionCascader } from '../../components/RegionCascader';
import { showFormError, showSuccess } from '../../feedback';
import { formatApiDate } from '../../format';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';
import { useMe } from '../../session';
import { isMoneyKey, policyKeyLabel } from './policyFormat';

interface CreateValues {
  key?: PolicyKey;
  regionCode?: string;
  value?: number;
  validFrom?: Dayjs;
  validTo?: Dayjs | null;
  source?: string;
  demo?: boolean;
}

const CREATE_FIELDS = ['key', 'regionCode', 'value', 'validFrom', 'validTo', 'source'] as const;

/** 新增参数: a dated value for a region inside the user's jurisdiction. Money is entered in yuan, sent in fen. */
export function CreatePolicyModal({ onClose }: { onClose: () => void }) {
  const me = useMe();
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CreateValues>();
  const key = Form.useWatch('key', form);
  const money = key === undefined || isMoneyKey(key);
  const unit = key ? POLICY_KEY_LABELS[key].unit : undefined;

  const create = useMutation({
    mutationFn: (body: CreatePolicyParameterRequest) => api.createPolicyParameter(body),
    meta: { form: true },
    onSuccess: (param) => {
      showSuccess(t('policy.created', { label: policyKeyLabel(param.key, lang) }));
      void queryClient.invalidateQueries({ queryKey: queryKeys.policy });
      onClose();
    },
    onError: (error) => showFormError(form, error, CREATE_FIELDS),
  });

  const onFinish = (values: CreateValues) => {
    if (!values.key || !values.regionCode || values.value === undefined || !values.validFrom || !values.source) return;
    create.mutate({
      key: values.key,
      regionCode: values.regionCode,
      value: isMoneyKey(values.key) ? yuanToFen(values.value) : values.value,
      validFrom: formatApiDate(values.validFrom),
      validTo: values.validTo ? formatApiDate(values.validTo) : null,
      source: values.source.trim(),
      demo: values.demo ?? false,
    });
  };

  return (
    <Modal
      open
      title={t('policy.add')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      mask={{ closable: false }}
      okButtonProps={{ 'data-testid': 'policy-submit' } as Record<string, string>}
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ regionCode: me.region.code, demo: false }}
        data-testid="policy-form"
      >
        <Form.Item name="key" label={t('policy.key')} rules={[{ required: true, message: t('policy.keyRequired') }]}>
          <Select
            data-testid="policy-form-key"
            placeholder={t('policy.keyRequired')}
            options={PolicyKey.options.map((k) => ({ value: k, label: policyKeyLabel(k, lang) }))}
          />
        </Form.Item>
        <Form.Item name="regionCode" label={t('policy.region')} rules={[{ required: true, message: t('policy.regionRequired') }]}>
          <RegionCascader
            root={me.region}
            placeholder={t('regions.cascaderPlaceholder')}
            style={{ width: '100%' }}
            data-testid="policy-form-region"
          />
        </Form.Item>
        <Form.Item
          name="value"
          label={unit ? t('policy.valueWithUnit', { unit }) : t('policy.value')}
          rules={[{ required: true, message: t('policy.valueRequired') }]}
        >
          <InputNumber
            data-testid="policy-form-value"
            min={0}
            precision={money ? 2 : undefined}
            step={money ? 10 : 0.1}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item name="validFrom" label={t('policy.validFrom')} rules={[{ required: true, message: t('policy.validFromRequired') }]}>
          <DatePicker data-testid="policy-form-valid-from" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="validTo"
          label={t('policy.validTo')}
          extra={t('policy.validToHelp')}
          dependencies={['validFrom']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_rule, value: Dayjs | null | undefined) => {
                const from = getFieldValue('validFrom') as Dayjs | undefined;
                if (value && from && value.isBefore(from, 'day')) throw new Error(t('policy.validToBeforeFrom'));
              },
            }),
          ]}
        >
          <DatePicker data-testid="policy-form-valid-to" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="source"
          label={t('policy.source')}
          rules={[{ required: true, whitespace: true, message: t('policy.sourceRequired') }]}
        >
          <Input data-testid="policy-form-source" placeholder={t('policy.sourcePlaceholder')} maxLength={200} />
        </Form.Item>
        <Form.Item name="demo" valuePropName="checked" extra={t('policy.demoHelp')}>
          <Checkbox data-testid="policy-form-demo">{t('policy.demo')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EndValues {
  validTo?: Dayjs;
}

/** 设置失效: the last day a parameter applies. */
export function EndPolicyModal({ param, onClose }: { param: PolicyParameterView; onClose: () => void }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EndValues>();

  const end = useMutation({
    mutationFn: (body: EndPolicyParameterRequest) => api.endPolicyParameter(param.id, body),
    meta: { form: true },
    onSuccess: () => {
      showSuccess(t('policy.ended'));
      void queryClient.invalidateQueries({ queryKey: queryKeys.policy });
      onClose();
    },
    onError: (error) => showFormError(form, error, ['validTo']),
  });

  return (
    <Modal
      open
      width={420}
      title={t('policy.endTitle', { label: policyKeyLabel(param.key, lang), region: param.regionName })}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={end.isPending}
      mask={{ closable: false }}
    >
      <Form<EndValues>
        form={form}
        layout="vertical"
        initialValues={{ validTo: dayjs() }}
        onFinish={(values) => {
          if (values.validTo) end.mutate({ validTo: formatApiDate(values.validTo) });
        }}
      >
        <Form.Item
          name="validTo"
          label={t('policy.validTo')}
          extra={t('policy.endHelp')}
          rules={[
            { required: true, message: t('policy.validToRequired') },
            {
              validator: async (_rule, value: Dayjs | undefined) => {
                if (value && formatApiDate(value) < param.validFrom) throw new Error(t('policy.validToBeforeFrom'));
              },
            },
          ]}
        >
          <DatePicker data-testid="policy-end-date" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
