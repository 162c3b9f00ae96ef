import { Result } from 'antd';
import { LinkButton } from '../../components/LinkButton';
import { useI18n } from '../../i18n';

/** Unknown address, a missing record, or a record outside the user's jurisdiction (the API answers 404 for both). */
export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Result
      data-testid="not-found"
      className="result-page"
      status="404"
      title={t('notFound.title')}
      subTitle={t('notFound.subTitle')}
      extra={
        <LinkButton type="primary" to="/">
          {t('common.backHome')}
        </LinkButton>
      }
    />
  );
}

export function ForbiddenPage() {
  const { t } = useI18n();
  return (
    <Result
      data-testid="forbidden"
      className="result-page"
      status="403"
      title={t('forbidden.title')}
      subTitle={t('forbidden.subTitle')}
      extra={
        <LinkButton type="primary" to="/">
          {t('common.backHome')}
        </LinkButton>
      }
    />
  );
}
