import { z } from 'zod';

// Default validation messages in Chinese for every schema built with this package (client, server and CLI alike).
z.config(z.locales.zhCN());

/** Chinese labels of request fields, so that an error can name the field a user sees. */
export const FIELD_LABELS: Record<string, string> = {
  username: '用户名',
  password: '密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
  displayName: '姓名',
  role: '角色',
  regionCode: '所属区域',
  code: '区划代码',
  phone: '联系电话',
  disabled: '停用',
  field: '字段',
  reason: '查看原因',
  q: '关键词',
  limit: '数量',
  page: '页码',
  pageSize: '每页条数',
  from: '开始日期',
  to: '结束日期',
  entity: '对象类型',
  action: '操作',
  id: '编号',
  key: '参数',
  value: '数值',
  validFrom: '生效日期',
  validTo: '失效日期',
  source: '依据',
};

export function fieldLabel(path: string): string {
  const last = path.split(/[./]/).filter(Boolean).pop() ?? path;
  return FIELD_LABELS[last] ?? last;
}
