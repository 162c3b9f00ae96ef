import {
  canGrantRole, maskPhone, regionLevel, roleAllowsRegionLevel, ROLES,
  type CreateUserRequest, type Role, type UpdateUserRequest, type UserSummary,
} from '@doudi/domain';
import type { AppContext, RequestUser } from '../../auth/context.js';
import { assertInJurisdiction } from '../../auth/jurisdiction.js';
import { hashPassword } from '../../auth/password.js';
import { forgetSessions } from '../../auth/session.js';
import { conflict, forbidden, invalid, notFound } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import { getRegion } from '../regions/queries.js';
import { findUser, listUsers, toSummary, usernameTaken, type UserRow } from './queries.js';

/** What the audit log keeps of a user: no password hash, phone masked. */
const auditView = (u: UserRow) => ({
  username: u.username, displayName: u.display_name, role: u.role, regionCode: u.region_code,
  phone: u.phone ? maskPhone(u.phone) : null, disabled: u.disabled,
});

export async function list(
  ctx: AppContext, actor: RequestUser, q: { q?: string | undefined; role?: Role | undefined; page: number; pageSize: number },
): Promise<{ items: UserSummary[]; total: number }> {
  const { rows, total } = await listUsers(ctx.database.db, actor, q);
  return { items: rows.map((r) => toSummary(r, maskPhone)), total };
}

async function load(ctx: AppContext, actor: RequestUser, id: number): Promise<UserRow> {
  const row = await findUser(ctx.database.db, actor, id);
  if (!row) throw notFound('用户');
  return row;
}

export async function get(ctx: AppContext, actor: RequestUser, id: number): Promise<UserSummary> {
  return toSummary(await load(ctx, actor, id), maskPhone);
}

/** The region must exist, lie inside the actor's jurisdiction, and suit the role's level. */
async function checkPlacement(ctx: AppContext, actor: RequestUser, role: Role, regionCode: string): Promise<void> {
  assertInJurisdiction(actor, regionCode, '区域');
  if (!(await getRegion(ctx.database.db, regionCode))) throw invalid('regionCode', `区划代码 ${regionCode} 不存在`);
  if (!canGrantRole(actor.role, role)) throw forbidden(`您不能授予"${ROLES[role].label.zh}"角色（高于您的级别）`);
  if (!roleAllowsRegionLevel(role, regionLevel(regionCode))) {
    throw invalid('role', `"${ROLES[role].label.zh}"不能设在该层级的区域，请选择相应层级的区域`);
  }
}

export async function create(ctx: AppContext, actor: RequestUser, input: CreateUserRequest, clientAddress: string): Promise<UserSummary> {
  await checkPlacement(ctx, actor, input.role, input.regionCode);
  const { db } = ctx.database;
  if (await usernameTaken(db, input.username)) throw conflict(`用户名 ${input.username} 已存在`, { field: 'username' });
  const passwordHash = await hashPassword(input.password);
  const row = await db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('users').values({
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      region_code: input.regionCode,
      phone: input.phone ?? null,
      password_hash: passwordHash,
      created_by: actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    const created = (await findUser(trx, actor, id))!;
    await insertAudit(trx, {
      actor, action: 'create', entity: 'user', entityId: id, regionCode: created.region_code, after: auditView(created), clientAddress,
    });
    return created;
  });
  return toSummary(row, maskPhone);
}

export async function update(
  ctx: AppContext, actor: RequestUser, id: number, patch: UpdateUserRequest, clientAddress: string,
): Promise<UserSummary> {
  const before = await load(ctx, actor, id);
  if (!canGrantRole(actor.role, before.role as Role)) throw forbidden('您不能修改级别高于您的用户');
  if (id === actor.id && (patch.disabled || (patch.role && patch.role !== before.role) || patch.regionCode)) {
    throw forbidden('不能停用自己或修改自己的角色、区域');
  }
  const role = patch.role ?? (before.role as Role);
  const regionCode = patch.regionCode ?? before.region_code;
  if (patch.role || patch.regionCode) await checkPlacement(ctx, actor, role, regionCode);
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  const after = await ctx.database.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      ...(passwordHash ? { password_hash: passwordHash, password_changed_at: new Date(), failed_logins: 0, locked_until: null } : {}),
      role,
      region_code: regionCode,
      updated_at: new Date(),
    }).where('id', '=', id).execute();
    // Disabling, a password reset or a move ends the user's sessions.
    if (patch.disabled || passwordHash || patch.role || patch.regionCode) {
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    }
    const updated = (await findUser(trx, actor, id))!;
    await insertAudit(trx, {
      actor, action: 'update', entity: 'user', entityId: id, regionCode: updated.region_code,
      before: auditView(before), after: { ...auditView(updated), ...(passwordHash ? { passwordReset: true } : {}) }, clientAddress,
    });
    return updated;
  });
  // Any change to a user (name, role, region, disabling, password) is seen by their next request.
  forgetSessions(ctx, id);
  return toSummary(after, maskPhone);
}

/** Shows one masked field in full; needs the permission and a reason, and is written to the audit log. */
export async function reveal(
  ctx: AppContext, actor: RequestUser, id: number, input: { field: 'phone'; reason: string }, clientAddress: string,
): Promise<{ value: string | null }> {
  const row = await load(ctx, actor, id);
  await insertAudit(ctx.database.db, {
    actor, action: 'reveal', entity: 'user', entityId: id, regionCode: row.region_code,
    after: { field: input.field }, reason: input.reason, clientAddress,
  });
  return { value: row.phone };
}
