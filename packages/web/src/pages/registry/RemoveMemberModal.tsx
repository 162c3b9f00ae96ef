import { Alert, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { REMOVAL_REASON } from '@doudi/domain';
import type { MemberView, RemovalReason, RemoveMemberRequest } from '@doudi/domain';
import { api, isApiError } from '../../api';
import { showFormError, showSuccess, showWarning } from '../../feedback';
import { useI18n } from '../../i18n';
import { householdChanged, queryKeys } from '../../queries';

interface Values {
  reason?: RemovalReason;
  note?: string;
}

/** 移出: a member leaves the household (death, moved out, split, entered by mistake); the history keeps them. */
export function RemoveMemberModal({ member, onClose }: { member: MemberView; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();

  const remove = useMutation({
    mutationFn: (body: RemoveMemberRequest) => api.removeMember(member.id, body),
    meta: { form: true },
    onSuccess: (household) => {
      householdChanged(queryClient, household);
      showSuccess(t('registry.member.removed', { name: member.name }));
      onClose();
    },
    onError: (error) => {
      if (isApiError(error, 409) && (!error.field || error.field === 'version')) {
        showWarning(error.message || t('registry.stale'));
        void queryClient.invalidateQueries({ queryKey: queryKeys.household(member.householdId) });
        onClose();
        return;
      }
      showFormError(form, error, ['reason', 'note']);
    },
  });

  return (
    <Modal
      open
      title={t('registry.member.removeTitle', { name: member.name })}
      okText={t('registry.member.remove')}
      okButtonProps={{ danger: true, ...({ 'data-testid': 'member-remove-submit' } as Record<string, string>) }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={remove.isPending}
      mask={{ closable: false }}
    >
      {member.relation === 'head' ? (
        <Alert type="warning" showIcon title={t('registry.member.removeHead')} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(values) => {
          if (!values.reason) return;
          remove.mutate({ reason: values.reason, note: values.note?.trim() ?? '', version: member.version });
        }}
      >
        <Form.Item
          name="reason"
          label={t('registry.member.removeReason')}
          rules={[{ required: true, message: t('registry.member.removeReasonRequired') }]}
        >
          <Select options={REMOVAL_REASON.options} data-testid="member-remove-reason" />
        </Form.Item>
        <Form.Item name="note" label={t('registry.member.removeNote')}>
          <Input.TextArea rows={2} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
