/**
 * Error and success messages. Uses antd's <App> context (so messages follow the theme and locale) through a holder
 * that code outside React — the query cache, mutation callbacks — can call.
 */
import { App } from 'antd';
import { fieldLabel } from '@doudi/domain';
import type { FormInstance } from 'antd';
import { useEffect } from 'react';
import { ApiError } from './api';
import { translate } from './i18n';

type MessageApi = ReturnType<typeof App.useApp>['message'];

let messageApi: MessageApi | null = null;

/** Mount once inside antd <App>. */
export function FeedbackBridge() {
  const { message } = App.useApp();
  useEffect(() => {
    messageApi = message;
    return () => {
      messageApi = null;
    };
  }, [message]);
  return null;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return translate('error.unknown');
}

export function showError(error: unknown): void {
  const text = errorMessage(error);
  if (messageApi) void messageApi.error({ content: text, key: text });
  else console.error(text);
}

export function showWarning(text: string): void {
  if (messageApi) void messageApi.warning({ content: text, key: text });
}

export function showSuccess(text: string): void {
  if (messageApi) void messageApi.success(text);
}

/**
 * Puts a server error on the form field it names (when the form has that field), otherwise shows it as a message.
 * `fields` lists the form's field names; `rename` maps a server field name to a form field name.
 */
export function showFormError(
  form: FormInstance,
  error: unknown,
  fields: readonly string[],
  rename: Record<string, string> = {},
): void {
  if (error instanceof ApiError && error.field) {
    const name = rename[error.field] ?? error.field;
    if (fields.includes(name)) {
      // Under the field itself the "用户名：" prefix of the server's message would repeat the label.
      const prefix = `${fieldLabel(error.field)}：`;
      const text = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
      form.setFields([{ name, errors: [text] }]);
      form.scrollToField(name);
      return;
    }
  }
  showError(error);
}
