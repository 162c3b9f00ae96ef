import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { MemberRevealRequest } from '@doudi/domain';
import { api } from '../../api';
import { showFormError } from '../../feedback';
import { schemaRule } from '../../forms';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';

export type RevealField = 'idNumber' | 'phone';

/**
 * Shows a member's full ID number or phone after the viewer states why; the server writes the reason to the audit
 * log (the same pattern as the users page).
 */
export function RevealMemberModal({
  member,
  field,
  onRevealed,
  onClose,
}: {
  member: { id: number; name: string };
  field: RevealField;
  onRevealed: (value: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [value, setValue] = useState<string | null>(null);
  const title = field === 'idNumber' ? t('registry.reveal.idTitle') : t('registry.reveal.phoneTitle');

  const reveal = useMutation({
    mutationFn: (reason: string) => api.revealMemberField(member.id, { field, reason }),
    meta: { form: true },
    onSuccess: (result) => {
      const shown = result.value ?? t('common.none');
      setValue(shown);
      onRevealed(shown);
      void queryClient.invalidateQueries({ queryKey: queryKeys.audit });
    },
    onError: (error) => showFormError(form, error, ['reason']),
  });

  return (
    <Modal
      open
      title={`${title} · ${member.name}`}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        value === null
          ? [
              <Button key="cancel" onClick={onClose}>
                {t('common.cancel')}
              </Button>,
              <Button key="ok" type="primary" loading={reveal.isPending} onClick={() => form.submit()} data-testid="reveal-submit">
                {t('users.reveal')}
              </Button>,
            ]
          : [
              <Button key="close" type="primary" onClick={onClose} data-testid="reveal-close">
                {t('common.close')}
              </Button>,
            ]
      }
    >
      {value === null ? (
        <>
          <Alert type="info" showIcon title={t('registry.reveal.notice')} className="reveal-notice" />
          <Form form={form} layout="vertical" onFinish={(v) => reveal.mutate(v.reason.trim())}>
            <Form.Item
              name="reason"
              label={t('users.revealReason')}
              rules={[
                { required: true, whitespace: true, message: t('users.revealReasonRequired') },
                schemaRule(MemberRevealRequest.shape.reason),
              ]}
            >
              <Input.TextArea
                rows={3}
                maxLength={200}
                showCount
                placeholder={t('registry.reveal.placeholder')}
                data-testid="reveal-reason"
              />
            </Form.Item>
          </Form>
        </>
      ) : (
        <div className="reveal-result">
          <Typography.Text type="secondary">{title}</Typography.Text>
          <div className="reveal-value mono" data-testid="reveal-value">
            {value}
          </div>
          <Typography.Text type="secondary">{t('users.revealAudited')}</Typography.Text>
        </div>
      )}
    </Modal>
  );
}
