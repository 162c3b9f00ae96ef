import { z } from 'zod';
import { RegionCode, RegionPathItem } from './region.js';
import { ModuleKey, Permission, Role } from './roles.js';

export const Username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9._-]{3,32}$/, '用户名应为3至32位字母、数字、点、下划线或短横线');

/** At least 8 characters with letters and digits. */
export const Password = z
  .string()
  .min(8, '密码至少8位')
  .max(128, '密码不能超过128位')
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), '密码须同时包含字母和数字');

export const Phone = z.string().trim().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, '联系电话格式不正确');

export const LoginRequest = z.object({
  username: z.string().trim().min(1, '请输入用户名'),
  password: z.string().min(1, '请输入密码'),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1, '请输入当前密码'),
  newPassword: Password,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const Me = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  region: RegionPathItem,
  regionPath: z.array(RegionPathItem),
  permissions: z.array(Permission),
  modules: z.array(ModuleKey),
});
export type Me = z.infer<typeof Me>;

export const Session = z.object({ user: Me, csrfToken: z.string() });
export type Session = z.infer<typeof Session>;

export const UserSummary = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  regionCode: RegionCode,
  regionName: z.string(),
  phone: z.string().nullable().describe('masked, e.g. 138****5678'),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const CreateUserRequest = z.object({
  username: Username,
  displayName: z.string().trim().min(1, '请输入姓名').max(50, '姓名不能超过50字'),
  role: Role,
  regionCode: RegionCode,
  password: Password,
  phone: Phone.optional(),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const UpdateUserRequest = z.object({
  displayName: z.string().trim().min(1, '请输入姓名').max(50, '姓名不能超过50字').optional(),
  role: Role.optional(),
  regionCode: RegionCode.optional(),
  phone: Phone.nullable().optional(),
  disabled: z.boolean().optional(),
  password: Password.optional().describe('reset the password'),
});
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const RevealRequest = z.object({
  field: z.enum(['phone']),
  reason: z.string().trim().min(2, '请填写查看原因'),
});
export type RevealRequest = z.infer<typeof RevealRequest>;
