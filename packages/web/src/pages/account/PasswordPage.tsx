import { Button, Card, Form, Input, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Password } from '@doudi/domain';
import type { ChangePasswordRequest } from '@doudi/domain';
import { api } from '../../api';
import { showFormError, showSuccess } from '../../feedback';
import { schemaRule } from '../../forms';
import { useI18n } from '../../i18n';
import { sessionKey } from '../../session';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

/** 修改密码: the user stays signed in afterwards. */
export default function PasswordPage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();

  const change = useMutation({
    mutationFn: (body: ChangePasswordRequest) => api.changePassword(body),
    meta: { form: true },
    onSuccess: () => {
      showSuccess(t('password.changed'));
      form.resetFields();
      // The server may have rotated the session; pick up the current CSRF token.
      void queryClient.invalidateQueries({ queryKey: sessionKey });
    },
    onError: (error) => showFormError(form, error, FIELDS, { password: 'newPassword' }),
  });

  return (
    <div className="page">
      <Typography.Title level={3} className="page-title">
        {t('password.title')}
      </Typography.Title>
      <Card className="narrow-card">
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(v) => change.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword })}
          data-testid="password-form"
        >
          <Form.Item
            name="currentPassword"
            label={t('password.current')}
            rules={[{ required: true, message: t('password.currentRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('password.new')}
            extra={t('password.help')}
            dependencies={['currentPassword']}
            rules={[
              { required: true, message: t('password.newRequired') },
              schemaRule(Password),
              ({ getFieldValue }) => ({
                validator: async (_rule, value: string | undefined) => {
                  if (value && value === getFieldValue('currentPassword')) throw new Error(t('password.sameAsCurrent'));
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirmPassword"
            label={t('password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('password.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: async (_rule, value: string | undefined) => {
                  if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="password-submit">
            {t('password.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
