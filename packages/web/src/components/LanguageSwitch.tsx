import { Button, Tooltip } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';

/** Switches between Chinese (default) and English; the choice is remembered in this browser. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { lang, setLang, t } = useI18n();
  const label = t('common.switchLanguage');
  const button = (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
      aria-label={label}
      data-testid="language-switch"
    >
      {compact ? null : label}
    </Button>
  );
  return compact ? <Tooltip title={label}>{button}</Tooltip> : button;
}
