import { ROLES, Role, type NotificationList, type Permission } from '@doudi/domain';
import { inJurisdiction } from '../../auth/jurisdiction.js';
import { notFound } from '../../http/errors.js';
import type { Db } from '../monitoring/queries.js';

/**
 * In-app notifications (站内通知). Each row belongs to one user; every read and write is scoped to the signed-in
 * user, so nobody can see or mark another user's notifications (a foreign id answers 404).
 */

/**
 * Sends one notification to every enabled user whose region lies inside `regionCode` and whose role holds at least
 * one of `permissionAnyOf`. Runs in the caller's transaction; returns the number of users notified.
 */
export async function notifyUsersInRegion(
  db: Db, opts: { regionCode: string; permissionAnyOf: readonly Permission[]; title: string; body: string; link: string | null },
): Promise<number> {
  const roles = Role.options.filter((r) => opts.permissionAnyOf.some((p) => (ROLES[r].permissions as readonly Permission[]).includes(p)));
  if (!roles.length) return 0;
  const users = await db.selectFrom('users').select('id').where('disabled', '=', false).where('role', 'in', roles)
    .where(inJurisdiction({ regionCode: opts.regionCode }, 'region_code')).execute();
  if (!users.length) return 0;
  await db.insertInto('notifications').values(users.map((u) => ({ user_id: u.id, title: opts.title, body: opts.body, link: opts.link }))).execute();
  return users.length;
}

export async function listNotifications(db: Db, userId: number, limit: number): Promise<NotificationList> {
  const [rows, unread] = await Promise.all([
    db.selectFrom('notifications').select(['id', 'title', 'body', 'link', 'created_at', 'read_at']).where('user_id', '=', userId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute(),
    db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId)
      .where('read_at', 'is', null).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id, title: r.title, body: r.body, link: r.link, createdAt: new Date(r.created_at).toISOString(), read: r.read_at !== null,
    })),
    unread: Number(unread.n),
  };
}

export async function markRead(db: Db, userId: number, id: number): Promise<void> {
  const row = await db.selectFrom('notifications').select(['id', 'read_at']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (!row) throw notFound('通知');
  if (row.read_at === null) await db.updateTable('notifications').set({ read_at: new Date() }).where('id', '=', id).where('user_id', '=', userId).execute();
}

export async function markAllRead(db: Db, userId: number): Promise<number> {
  const r = await db.updateTable('notifications').set({ read_at: new Date() }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
