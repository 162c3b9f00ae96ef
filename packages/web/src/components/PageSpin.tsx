import { Spin } from 'antd';
import { useI18n } from '../i18n';

/** Centered spinner while a page or the session loads. */
export function PageSpin({ fullScreen = false }: { fullScreen?: boolean }) {
  const { t } = useI18n();
  return (
    <div className={fullScreen ? 'page-spin page-spin-full' : 'page-spin'} role="status" aria-label={t('common.loading')}>
      <Spin size="large" />
    </div>
  );
}
