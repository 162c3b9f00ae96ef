import { Alert, Descriptions, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CreateTransferRequest, RELATION } from '@doudi/domain';
import type { PersonCheckResult, Relation } from '@doudi/domain';
import { api } from '../../api';
import { showFormError, showSuccess } from '../../feedback';
import { schemaRule } from '../../forms';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';

interface Values {
  relation?: Relation;
  reason?: string;
}

/**
 * 申请迁入: asks the place where a person is registered to release them into this household. The person moves only
 * when the other side approves (迁转申请 page).
 */
export function TransferRequestModal({
  idNumber,
  check,
  household,
  relation,
  onDone,
  onClose,
}: {
  idNumber: string;
  check: PersonCheckResult;
  household: { id: number; headName: string; regionName: string };
  relation?: Relation;
  onDone: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();

  const create = useMutation({
    mutationFn: (body: CreateTransferRequest) => api.createTransfer(body),
    meta: { form: true },
    onSuccess: () => {
      showSuccess(t('registry.transfer.requested'));
      void queryClient.invalidateQueries({ queryKey: queryKeys.transfers });
      onDone();
    },
    onError: (error) => showFormError(form, error, ['relation', 'reason']),
  });

  const from = check.member ? `${check.member.regionName} · ${t('registry.household.headOf', { name: check.member.headName })}` : check.message;

  return (
    <Modal
      open
      title={t('registry.transfer.request')}
      okText={t('registry.transfer.submit')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      mask={{ closable: false }}
      okButtonProps={{ 'data-testid': 'transfer-submit' } as Record<string, string>}
    >
      <Alert type="info" showIcon title={t('registry.transfer.help')} style={{ marginBottom: 16 }} />
      <Descriptions
        size="small"
        column={1}
        bordered
        style={{ marginBottom: 16 }}
        items={[
          { key: 'who', label: t('registry.member.idNumber'), children: <span className="mono">{check.idNumberMasked}</span> },
          ...(check.member ? [{ key: 'name', label: t('registry.member.name'), children: check.member.name }] : []),
          { key: 'from', label: t('registry.transfer.from'), children: from },
          {
            key: 'to',
            label: t('registry.transfer.to'),
            children: `${household.regionName} · ${t('registry.household.headOf', { name: household.headName })}`,
          },
        ]}
      />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ relation }}
        onFinish={(values) => {
          if (!values.relation || !values.reason) return;
          create.mutate({ idNumber, toHouseholdId: household.id, relation: values.relation, reason: values.reason.trim() });
        }}
      >
        <Form.Item
          name="relation"
          label={t('registry.member.relation')}
          rules={[{ required: true, message: t('registry.member.relationRequired') }]}
        >
          <Select options={RELATION.options.filter((o) => o.value !== 'head')} data-testid="transfer-relation" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('registry.transfer.reason')}
          rules={[
            { required: true, whitespace: true, message: t('registry.transfer.reasonRequired') },
            schemaRule(CreateTransferRequest.shape.reason),
          ]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount placeholder={t('registry.transfer.reasonPlaceholder')} data-testid="transfer-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
