import { z } from 'zod';

export const AuditAction = z.enum([
  'create', 'update', 'delete', 'login', 'login_failed', 'logout', 'password_change', 'reveal', 'export', 'import',
]);
export type AuditAction = z.infer<typeof AuditAction>;

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  create: '新增', update: '修改', delete: '删除', login: '登录', login_failed: '登录失败', logout: '退出',
  password_change: '修改密码', reveal: '查看敏感信息', export: '导出', import: '导入',
};

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  action: AuditAction,
  entity: z.string(),
  entityId: z.string().nullable(),
  regionCode: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  reason: z.string().nullable(),
  clientAddress: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  username: z.string().trim().optional(),
  entity: z.string().trim().optional(),
  action: AuditAction.optional(),
  from: z.string().date('开始日期格式应为YYYY-MM-DD').optional(),
  to: z.string().date('结束日期格式应为YYYY-MM-DD').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
