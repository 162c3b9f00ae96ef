import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { RevealRequest } from '@doudi/domain';
import type { UserSummary } from '@doudi/domain';
import { api } from '../../api';
import { showFormError } from '../../feedback';
import { schemaRule } from '../../forms';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';

/** Shows a user's full phone number after the viewer states why; the server writes the reason to the audit log. */
export function RevealPhoneModal({
  user,
  onRevealed,
  onClose,
}: {
  user: UserSummary;
  onRevealed: (value: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [value, setValue] = useState<string | null>(null);

  const reveal = useMutation({
    mutationFn: (reason: string) => api.revealUserField(user.id, { field: 'phone', reason }),
    meta: { form: true },
    onSuccess: (result) => {
      // null: the number was removed in the meantime.
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
      title={`${t('users.revealTitle')} · ${user.displayName}`}
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
              <Button key="close" type="primary" onClick={onClose}>
                {t('common.close')}
              </Button>,
            ]
      }
    >
      {value === null ? (
        <>
          <Alert type="info" showIcon title={t('users.revealNotice')} className="reveal-notice" />
          <Form form={form} layout="vertical" onFinish={(v) => reveal.mutate(v.reason.trim())}>
            <Form.Item
              name="reason"
              label={t('users.revealReason')}
              rules={[
                { required: true, whitespace: true, message: t('users.revealReasonRequired') },
                schemaRule(RevealRequest.shape.reason),
              ]}
            >
              <Input.TextArea
                rows={3}
                maxLength={200}
                showCount
                placeholder={t('users.revealReasonPlaceholder')}
                data-testid="reveal-reason"
              />
            </Form.Item>
          </Form>
        </>
      ) : (
        <div className="reveal-result">
          <Typography.Text type="secondary">{t('users.revealed')}</Typography.Text>
          <div className="reveal-value mono" data-testid="reveal-value">
            {value}
          </div>
          <Typography.Text type="secondary">{t('users.revealAudited')}</Typography.Text>
        </div>
      )}
    </Modal>
  );
}
