/** Form helpers: run the shared zod schemas of `@doudi/domain` as antd form rules, so client and server agree. */
import type { FormRule } from 'antd';

interface SafeParser {
  safeParse(value: unknown): { success: boolean; error?: { issues: readonly { message: string }[] } };
}

/** An antd rule that checks a non-empty value against a domain schema and shows the schema's Chinese message. */
export function schemaRule(schema: SafeParser): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(result.error?.issues[0]?.message ?? '');
    },
  };
}

/** Empty strings from cleared inputs become undefined so optional fields are left out of the request. */
export function blankToUndefined(value: string | undefined | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
