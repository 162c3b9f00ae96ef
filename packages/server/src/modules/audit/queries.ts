import type { AuditAction, AuditEntry, AuditQuery } from '@doudi/domain';
import type { Kysely, Transaction } from 'kysely';
import { inJurisdiction } from '../../auth/jurisdiction.js';
import type { DB } from '../../db/schema.js';

export interface AuditRecord {
  actor: { id: number; username: string; role: string } | null;
  action: AuditAction;
  entity: string;
  entityId?: string | number | null;
  regionCode: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  clientAddress?: string | null;
}

export async function insertAudit(db: Kysely<DB> | Transaction<DB>, r: AuditRecord): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: r.actor?.id ?? null,
      username: r.actor?.username ?? null,
      role: r.actor?.role ?? null,
      action: r.action,
      entity: r.entity,
      entity_id: r.entityId == null ? null : String(r.entityId),
      region_code: r.regionCode,
      before: r.before === undefined ? null : JSON.stringify(r.before),
      after: r.after === undefined ? null : JSON.stringify(r.after),
      reason: r.reason ?? null,
      client_address: r.clientAddress ?? null,
    })
    .execute();
}

/** Audit entries about records inside the viewer's jurisdiction, newest first. */
export async function listAudit(
  db: Kysely<DB>,
  viewer: { regionCode: string },
  q: AuditQuery,
): Promise<{ items: AuditEntry[]; total: number }> {
  let base = db.selectFrom('audit_log').where(inJurisdiction(viewer, 'audit_log.region_code'));
  if (q.username) base = base.where('username', '=', q.username);
  if (q.entity) base = base.where('entity', '=', q.entity);
  if (q.action) base = base.where('action', '=', q.action);
  // Dates are calendar days in Asia/Shanghai.
  if (q.from) base = base.where('at', '>=', new Date(`${q.from}T00:00:00+08:00`));
  if (q.to) base = base.where('at', '<', new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000));
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      userId: r.user_id,
      username: r.username,
      action: r.action as AuditAction,
      entity: r.entity,
      entityId: r.entity_id,
      regionCode: r.region_code,
      before: r.before ?? null,
      after: r.after ?? null,
      reason: r.reason,
      clientAddress: r.client_address,
    })),
  };
}
