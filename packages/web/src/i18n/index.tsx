import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { ConfigProvider } from 'antd';
import type { ThemeConfig } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import {
  AUDIT_ACTION_LABELS,
  MODULE_LABELS,
  REGION_LEVEL_LABELS,
  ROLES,
} from '@doudi/domain';
import type { AuditAction, ModuleKey, RegionLevel, Role } from '@doudi/domain';
import { messages } from './messages';
import { usePrefersReducedMotion } from '../hooks/usePrefersReducedMotion';
import type { MessageKey } from './messages';

export type Lang = 'zh' | 'en';
export type { MessageKey };
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const STORAGE_KEY = 'doudi.lang';

function readStoredLang(): Lang {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/** The current language outside React (the API client uses it for fallback error messages). */
let currentLang: Lang = readStoredLang();

export function getLang(): Lang {
  return currentLang;
}

export function translate(key: MessageKey, params?: Record<string, string | number>, lang: Lang = currentLang): string {
  const text: string = messages[key][lang];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const AUDIT_ACTION_LABELS_EN: Record<AuditAction, string> = {
  create: 'Create', update: 'Update', delete: 'Delete', login: 'Sign in', login_failed: 'Failed sign-in',
  logout: 'Sign out', password_change: 'Password change', reveal: 'View personal data', export: 'Export', import: 'Import',
};

export function roleLabel(role: Role, lang: Lang): string {
  return ROLES[role].label[lang];
}
export function moduleLabel(module: ModuleKey, lang: Lang): string {
  return MODULE_LABELS[module][lang];
}
export function levelLabel(level: RegionLevel, lang: Lang): string {
  return REGION_LEVEL_LABELS[level][lang];
}
export function auditActionLabel(action: AuditAction, lang: Lang): string {
  return lang === 'zh' ? AUDIT_ACTION_LABELS[action] : AUDIT_ACTION_LABELS_EN[action];
}

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

function applyLang(lang: Lang): void {
  currentLang = lang;
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = lang === 'zh' ? '兜底 · 困难群众兜底保障系统' : 'Doudi · Safety-net support system';
}

applyLang(currentLang);

const baseTheme: ThemeConfig = {
  token: {
    colorPrimary: '#1f5fb4',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
};

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(currentLang);
  const reducedMotion = usePrefersReducedMotion();
  // With "reduce motion" set, menus, drop-downs and dialogs open and close at once instead of sliding.
  const theme = useMemo<ThemeConfig>(
    () => ({ ...baseTheme, token: { ...baseTheme.token, motion: !reducedMotion } }),
    [reducedMotion],
  );

  useEffect(() => {
    applyLang(lang);
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
    applyLang(next);
    setLangState(next);
  }, []);

  const value = useMemo<I18nValue>(
    () => ({ lang, setLang, t: (key, params) => translate(key, params, lang) }),
    [lang, setLang],
  );

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={theme}>
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
