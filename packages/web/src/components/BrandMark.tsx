import { useI18n } from '../i18n';

/** The product mark: an open hand holding a person (兜底 — "catching from below"). */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="14" fill="#b7282e" />
      <path d="M14 30c0 12 8 20 18 20s18-8 18-20" fill="none" stroke="#fff" strokeWidth="6" strokeLinecap="round" />
      <circle cx="32" cy="22" r="7" fill="#fff" />
    </svg>
  );
}

export function BrandMark({ collapsed = false }: { collapsed?: boolean }) {
  const { t } = useI18n();
  return (
    <div className={collapsed ? 'brand brand-collapsed' : 'brand'}>
      <Logo />
      {collapsed ? null : (
        <span className="brand-text">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-sub">{t('app.fullName')}</span>
        </span>
      )}
    </div>
  );
}
