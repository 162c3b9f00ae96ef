import { ROLES, type Me, type Role, type Session } from '@doudi/domain';
import type { AppContext, RequestUser } from '../../auth/context.js';
import { dummyHash, hashPassword, verifyPassword } from '../../auth/password.js';
import { forgetSessions, newToken, sessionKey } from '../../auth/session.js';
import { AppError, invalid } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import { pathOf } from '../regions/queries.js';

/** Consecutive failures before an account is locked, and for how long. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;

const shanghaiTime = (d: Date) =>
  d.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });

export async function login(
  ctx: AppContext,
  input: { username: string; password: string; clientAddress: string; userAgent: string | undefined },
): Promise<{ token: string; session: Session }> {
  const { db } = ctx.database;
  const user = await db.selectFrom('users').selectAll().where('username', '=', input.username).executeTakeFirst();
  if (!user) {
    await verifyPassword(await dummyHash(), input.password);
    await insertAudit(db, {
      actor: null, action: 'login_failed', entity: 'session', regionCode: null,
      after: { username: input.username, reason: 'unknown_user' }, clientAddress: input.clientAddress,
    });
    throw new AppError('AUTH_INVALID', '用户名或密码错误');
  }
  const actor = { id: user.id, username: user.username, role: user.role };
  if (user.locked_until && user.locked_until.getTime() > Date.now()) {
    throw new AppError('AUTH_LOCKED', `连续登录失败次数过多，账号已锁定，请于 ${shanghaiTime(user.locked_until)} 后再试或联系管理员解锁`);
  }
  const ok = await verifyPassword(user.password_hash, input.password);
  if (!ok || user.disabled) {
    const failures = user.failed_logins + 1;
    const lock = failures >= LOCKOUT_THRESHOLD ? new Date(Date.now() + LOCKOUT_MINUTES * 60_000) : null;
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users')
        .set({ failed_logins: lock ? 0 : failures, locked_until: lock, updated_at: new Date() })
        .where('id', '=', user.id).execute();
      await insertAudit(trx, {
        actor, action: 'login_failed', entity: 'session', entityId: user.id, regionCode: user.region_code,
        after: { reason: user.disabled ? 'disabled' : 'bad_password', failures, lockedUntil: lock?.toISOString() ?? null },
        clientAddress: input.clientAddress,
      });
    });
    if (ok && user.disabled) throw new AppError('AUTH_INVALID', '该账号已停用，请联系管理员');
    if (lock) throw new AppError('AUTH_LOCKED', `连续 ${LOCKOUT_THRESHOLD} 次登录失败，账号已锁定 ${LOCKOUT_MINUTES} 分钟`);
    throw new AppError('AUTH_INVALID', '用户名或密码错误');
  }
  const token = newToken();
  const csrfToken = newToken();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('sessions').values({
      id: sessionKey(token),
      user_id: user.id,
      csrf_token: csrfToken,
      expires_at: new Date(Date.now() + ctx.config.sessionTtlHours * 3600_000),
      client_address: input.clientAddress,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    }).execute();
    await trx.updateTable('users')
      .set({ failed_logins: 0, locked_until: null, last_login_at: new Date() })
      .where('id', '=', user.id).execute();
    await insertAudit(trx, {
      actor, action: 'login', entity: 'session', entityId: user.id, regionCode: user.region_code, clientAddress: input.clientAddress,
    });
  });
  const me = await describeUser(ctx, { id: user.id, username: user.username, displayName: user.display_name, role: user.role as Role, regionCode: user.region_code });
  return { token, session: { user: me, csrfToken } };
}

export async function describeUser(
  ctx: AppContext,
  u: { id: number; username: string; displayName: string; role: Role; regionCode: string },
): Promise<Me> {
  const path = await pathOf(ctx.database.db, u.regionCode);
  const region = path[path.length - 1];
  if (!region) throw new Error(`region ${u.regionCode} of user ${u.username} is not loaded`);
  const def = ROLES[u.role];
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    region,
    regionPath: path,
    permissions: [...def.permissions],
    modules: [...def.modules],
  };
}

export async function logout(ctx: AppContext, user: RequestUser, clientAddress: string): Promise<void> {
  await ctx.database.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', user.sessionId).execute();
    await insertAudit(trx, {
      actor: user, action: 'logout', entity: 'session', entityId: user.id, regionCode: user.regionCode, clientAddress,
    });
  });
  forgetSessions(ctx, user.id);
}

export async function changePassword(
  ctx: AppContext,
  user: RequestUser,
  input: { currentPassword: string; newPassword: string },
  clientAddress: string,
): Promise<void> {
  const { db } = ctx.database;
  const row = await db.selectFrom('users').select(['password_hash']).where('id', '=', user.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, input.currentPassword))) throw invalid('currentPassword', '当前密码不正确');
  if (input.currentPassword === input.newPassword) throw invalid('newPassword', '新密码不能与当前密码相同');
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users')
      .set({ password_hash: hash, password_changed_at: new Date(), updated_at: new Date() })
      .where('id', '=', user.id).execute();
    // Other sessions of this user end; the current one stays signed in.
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('id', '!=', user.sessionId).execute();
    await insertAudit(trx, {
      actor: user, action: 'password_change', entity: 'user', entityId: user.id, regionCode: user.regionCode, clientAddress,
    });
  });
  forgetSessions(ctx, user.id);
}
