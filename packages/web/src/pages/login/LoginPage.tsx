import { Alert, Button, Card, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useLocation, useNavigate } from 'react-router';
import type { LoginRequest } from '@doudi/domain';
import { Logo } from '../../components/BrandMark';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { PageSpin } from '../../components/PageSpin';
import { errorMessage } from '../../feedback';
import { useI18n } from '../../i18n';
import { useLogin, useSessionQuery } from '../../session';

/** Where to go after signing in: back to the page that sent the user here, never off-site. */
function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && from !== '/login' ? from : '/';
}

export function LoginPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const session = useSessionQuery();
  const login = useLogin();

  if (session.isPending) return <PageSpin fullScreen />;
  if (session.data) return <Navigate to={returnPath(location.state)} replace />;

  const onFinish = (values: LoginRequest) => {
    login.mutate(
      { username: values.username.trim(), password: values.password },
      { onSuccess: () => void navigate(returnPath(location.state), { replace: true }) },
    );
  };

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <div className="login-panel">
        <div className="login-brand">
          <Logo size={48} />
          <div>
            <h1 className="login-title">
              {t('app.name')} <span className="login-title-sub">· {t('app.fullName')}</span>
            </h1>
          </div>
        </div>
        <p className="login-tagline">{t('app.tagline')}</p>
        <Card className="login-card" title={t('login.title')}>
          {login.isError ? (
            <Alert
              type="error"
              showIcon
              title={errorMessage(login.error)}
              className="login-error"
              data-testid="login-error"
            />
          ) : null}
          <Form<LoginRequest>
            layout="vertical"
            requiredMark={false}
            onFinish={onFinish}
            onValuesChange={() => {
              if (login.isError) login.reset();
            }}
            autoComplete="on"
          >
            <Form.Item
              label={t('login.username')}
              name="username"
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input
                size="large"
                prefix={<UserOutlined />}
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                data-testid="login-username"
              />
            </Form.Item>
            <Form.Item
              label={t('login.password')}
              name="password"
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password
                size="large"
                prefix={<LockOutlined />}
                autoComplete="current-password"
                data-testid="login-password"
              />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              size="large"
              block
              loading={login.isPending}
              data-testid="login-submit"
            >
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
        <p className="login-footer">{t('login.footer')}</p>
      </div>
    </div>
  );
}
