import type { Role, UserSummary } from '@doudi/domain';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { inJurisdiction } from '../../auth/jurisdiction.js';
import type { DB, UsersTable } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;
export type UserRow = Selectable<UsersTable> & { region_name: string | null };

function selectUsers(db: Db) {
  return db
    .selectFrom('users')
    .leftJoin('regions', 'regions.code', 'users.region_code')
    .selectAll('users')
    .select('regions.name as region_name');
}

/** One user, only when inside the viewer's jurisdiction. */
export function findUser(db: Db, viewer: { regionCode: string }, id: number): Promise<UserRow | undefined> {
  return selectUsers(db).where('users.id', '=', id).where(inJurisdiction(viewer, 'users.region_code')).executeTakeFirst();
}

export async function listUsers(
  db: Db,
  viewer: { regionCode: string },
  q: { q?: string | undefined; role?: Role | undefined; page: number; pageSize: number },
): Promise<{ rows: UserRow[]; total: number }> {
  let base = db.selectFrom('users').where(inJurisdiction(viewer, 'users.region_code'));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb('users.username', 'ilike', like), eb('users.display_name', 'ilike', like)]));
  }
  if (q.role) base = base.where('users.role', '=', q.role);
  const [ids, count] = await Promise.all([
    base.select('users.id').orderBy('users.region_code').orderBy('users.id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const rows = ids.length
    ? await selectUsers(db).where('users.id', 'in', ids.map((r) => r.id)).orderBy('users.region_code').orderBy('users.id').execute()
    : [];
  return { rows, total: Number(count.n) };
}

export async function usernameTaken(db: Db, username: string): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());
}

export function toSummary(row: UserRow, mask: (phone: string) => string): UserSummary {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    regionCode: row.region_code,
    regionName: row.region_name ?? row.region_code,
    phone: row.phone ? mask(row.phone) : null,
    disabled: row.disabled,
    lockedUntil: row.locked_until && row.locked_until.getTime() > Date.now() ? row.locked_until.toISOString() : null,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
