import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Rule } from 'antd/es/form';
import { showFormError } from '../feedback';
import { useI18n } from '../i18n';
import { queryKeys } from '../queries';

/**
 * Shows one masked personal value in full after the viewer states why; the server writes the reason to the audit
 * log. Used for staff phones (users) and for members' ID numbers and phones (registry).
 */
export function RevealModal({
  title,
  notice,
  placeholder,
  revealedLabel,
  reasonRule,
  reveal: request,
  onRevealed,
  onClose,
}: {
  title: string;
  notice: string;
  placeholder: string;
  revealedLabel: string;
  /** The reason's schema rule from the request schema of the endpoint. */
  reasonRule: Rule;
  reveal: (reason: string) => Promise<{ value: string | null }>;
  onRevealed: (value: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [value, setValue] = useState<string | null>(null);

  const reveal = useMutation({
    mutationFn: request,
    meta: { form: true },
    onSuccess: (result) => {
      // null: the value was removed in the meantime.
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
      title={title}
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
          <Alert type="info" showIcon title={notice} className="reveal-notice" />
          <Form form={form} layout="vertical" onFinish={(v) => reveal.mutate(v.reason.trim())}>
            <Form.Item
              name="reason"
              label={t('users.revealReason')}
              rules={[{ required: true, whitespace: true, message: t('users.revealReasonRequired') }, reasonRule]}
            >
              <Input.TextArea rows={3} maxLength={200} showCount placeholder={placeholder} data-testid="reveal-reason" />
            </Form.Item>
          </Form>
        </>
      ) : (
        <div className="reveal-result">
          <Typography.Text type="secondary">{revealedLabel}</Typography.Text>
          <div className="reveal-value mono" data-testid="reveal-value">
            {value}
          </div>
          <Typography.Text type="secondary">{t('users.revealAudited')}</Typography.Text>
        </div>
      )}
    </Modal>
  );
}
