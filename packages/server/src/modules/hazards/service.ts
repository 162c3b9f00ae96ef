import {
  applyHazardAction, availableHazardActions, chinaDate, defaultHazardDeadline, hasPermission, HAZARD_EVENT_ACTION, isHazardOverdue,
  PREFIX_LENGTH, regionLevel, type CreateHazardRequest, type HazardCategory, type HazardDetail, type HazardEventAction,
  type HazardItem, type HazardPage, type HazardQuery, type HazardSeverity, type HazardSource, type HazardState, type HazardStats,
  type HazardStatus, type UpdateHazardRequest,
} from '@doudi/domain';
import { sql } from 'kysely';
import type { RequestUser } from '../../auth/context.js';
import { assertInJurisdiction, inJurisdiction } from '../../auth/jurisdiction.js';
import { conflict, invalid, notFound } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import type { Db } from '../monitoring/queries.js';

/**
 * Safety hazards (安全隐患): registration (from a visit, an inspection or a report), the rectification workflow of
 * packages/domain/src/hazards.ts (待整改 → 整改中 → 待验收 → 已销号, or back to 整改中 when verification fails),
 * each step logged in hazard_events and audited in the same transaction, with an optimistic version.
 */

export type Staff = RequestUser;

export const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
export const today = () => chinaDate(new Date());
const STALE = '隐患已被他人处理或修改，请刷新后重试';

function hazardBase(db: Db) {
  return db.selectFrom('hazards as h')
    .leftJoin('regions as r', 'r.code', 'h.region_code')
    .leftJoin('households as hh', 'hh.id', 'h.household_id')
    .leftJoin('institutions as i', 'i.id', 'h.institution_id')
    .leftJoin('users as rb', 'rb.id', 'h.rectified_by')
    .leftJoin('users as vb', 'vb.id', 'h.verified_by')
    .leftJoin('users as cb', 'cb.id', 'h.created_by')
    .selectAll('h')
    .select([
      'r.name as region_name', 'hh.head_name as household_head', 'i.name as institution_name', 'rb.display_name as rectified_by_name',
      'vb.display_name as verified_by_name', 'cb.display_name as created_by_name',
    ]);
}
type HazardRow = Awaited<ReturnType<ReturnType<typeof hazardBase>['executeTakeFirstOrThrow']>>;

export function toHazardItem(r: HazardRow, asOf: string): HazardItem {
  const status = r.status as HazardStatus;
  return {
    id: r.id, regionCode: r.region_code, regionName: r.region_name ?? r.region_code, source: r.source as HazardSource, visitId: r.visit_id,
    householdId: r.household_id, householdHead: r.household_head ?? null, institutionId: r.institution_id,
    institutionName: r.institution_name ?? null, inspectionId: r.inspection_id, category: r.category as HazardCategory,
    severity: r.severity as HazardSeverity, description: r.description, ownerName: r.owner_name, ownerUserId: r.owner_user_id,
    deadline: r.deadline, status, overdue: isHazardOverdue({ status, deadline: r.deadline }, asOf), createdAt: iso(r.created_at)!,
    version: r.version,
  };
}

export async function listHazards(db: Db, actor: Staff, q: HazardQuery): Promise<HazardPage> {
  if (q.regionCode) assertInJurisdiction(actor, q.regionCode, '区域');
  const asOf = today();
  let base = db.selectFrom('hazards as h').where(inJurisdiction(actor, 'h.region_code'));
  if (q.regionCode) base = base.where(inJurisdiction({ regionCode: q.regionCode }, 'h.region_code'));
  if (q.status === 'open') base = base.where('h.status', '<>', 'closed');
  else if (q.status) base = base.where('h.status', '=', q.status);
  if (q.severity) base = base.where('h.severity', '=', q.severity);
  if (q.source) base = base.where('h.source', '=', q.source);
  if (q.category) base = base.where('h.category', '=', q.category);
  if (q.householdId) base = base.where('h.household_id', '=', q.householdId);
  if (q.inspectionId) base = base.where('h.inspection_id', '=', q.inspectionId);
  if (q.overdue === true) base = base.where('h.status', '<>', 'closed').where('h.deadline', '<', asOf);
  if (q.overdue === false) base = base.where((eb) => eb.or([eb('h.status', '=', 'closed'), eb('h.deadline', '>=', asOf)]));
  const [ids, count] = await Promise.all([
    base.select('h.id').orderBy(sql`CASE WHEN h.status = 'closed' THEN 1 ELSE 0 END`).orderBy('h.deadline').orderBy('h.id', 'desc')
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  if (!ids.length) return { items: [], total: Number(count.n) };
  const rows = await hazardBase(db).where('h.id', 'in', ids.map((r) => r.id)).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { items: ids.map((r) => toHazardItem(byId.get(r.id)!, asOf)), total: Number(count.n) };
}

async function findHazard(db: Db, actor: Staff, id: number): Promise<HazardRow | undefined> {
  return hazardBase(db).where('h.id', '=', id).where(inJurisdiction(actor, 'h.region_code')).executeTakeFirst();
}

export async function hazardDetail(db: Db, actor: Staff, id: number): Promise<HazardDetail> {
  const row = await findHazard(db, actor, id);
  if (!row) throw notFound('隐患');
  const [events, photos] = await Promise.all([
    db.selectFrom('hazard_events as e').leftJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.id', 'e.action', 'e.from_status', 'e.to_status', 'e.at', 'e.detail', 'u.display_name as actor_name'])
      .where('e.hazard_id', '=', id).orderBy('e.at').orderBy('e.id').execute(),
    db.selectFrom('hazard_photos').select('id').where('hazard_id', '=', id).orderBy('id').execute(),
  ]);
  const status = row.status as HazardStatus;
  return {
    ...toHazardItem(row, today()),
    rectification: row.rectification, rectifiedBy: row.rectified_by_name ?? null, rectifiedById: row.rectified_by,
    rectifiedAt: iso(row.rectified_at), verifiedBy: row.verified_by_name ?? null, verifiedAt: iso(row.verified_at),
    verificationNote: row.verification_note, closedAt: iso(row.closed_at), photoIds: photos.map((p) => p.id),
    createdBy: row.created_by_name ?? null,
    canEdit: status !== 'closed' && hasPermission(actor.role, 'hazards.write'),
    availableActions: availableHazardActions({ status, rectifiedBy: row.rectified_by }, {
      id: actor.id, canVerify: hasPermission(actor.role, 'hazards.verify'), canWrite: hasPermission(actor.role, 'hazards.write'),
    }),
    events: events.map((e) => ({
      id: e.id, action: e.action, actionLabel: HAZARD_EVENT_ACTION.labels[e.action as HazardEventAction] ?? e.action,
      fromStatus: e.from_status, toStatus: e.to_status, actorName: e.actor_name ?? null, at: iso(e.at)!,
      detail: (e.detail ?? {}) as Record<string, unknown>,
    })),
  };
}

export interface NewHazard {
  regionCode: string;
  source: HazardSource;
  visitId?: number | null;
  householdId?: number | null;
  institutionId?: number | null;
  inspectionId?: number | null;
  category: HazardCategory;
  severity: HazardSeverity;
  description: string;
  ownerName: string;
  ownerUserId?: number | null;
  deadline?: string | null;
  demo?: boolean;
}

/** Inserts a hazard, its 'create' event and its audit row in the caller's transaction; returns the new id. */
export async function insertHazard(db: Db, actor: Staff, h: NewHazard, clientAddress: string | null = null): Promise<number> {
  const deadline = h.deadline ?? defaultHazardDeadline(h.severity, today());
  const { id } = await db.insertInto('hazards').values({
    region_code: h.regionCode, source: h.source, visit_id: h.visitId ?? null, household_id: h.householdId ?? null,
    institution_id: h.institutionId ?? null, inspection_id: h.inspectionId ?? null, category: h.category, severity: h.severity,
    description: h.description, owner_name: h.ownerName, owner_user_id: h.ownerUserId ?? null, deadline, demo: h.demo ?? false,
    rectification: null, rectified_by: null, verified_by: null, verification_note: null, created_by: actor.id,
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('hazard_events').values({
    hazard_id: id, region_code: h.regionCode, action: 'create', from_status: null, to_status: 'pending', actor_id: actor.id,
    detail: JSON.stringify({ source: h.source, severity: h.severity, category: h.category, deadline, ownerName: h.ownerName }),
  }).execute();
  await insertAudit(db, {
    actor, action: 'create', entity: 'hazard', entityId: id, regionCode: h.regionCode,
    after: { ...h, deadline }, clientAddress,
  });
  return id;
}

/**
 * A hazard found during a visit (走访结果“存在安全隐患”), inside the caller's transaction: source 走访发现, linked to the
 * visit and the household, category 其他 and severity 一般 until someone refines it, owner the visitor. Audited.
 */
export async function openHazardFromVisit(
  db: Db, actor: Staff, input: { visitId: number; regionCode: string; householdId: number | null; description: string },
): Promise<number> {
  assertInJurisdiction(actor, input.regionCode, '区域');
  return insertHazard(db, actor, {
    regionCode: input.regionCode, source: 'visit', visitId: input.visitId, householdId: input.householdId, category: 'other',
    severity: 'general', description: input.description.trim() || '走访发现安全隐患', ownerName: actor.displayName, ownerUserId: actor.id,
  });
}

/** Checks the users named as owners: enabled and inside the actor's jurisdiction. */
async function checkOwner(db: Db, actor: Staff, ownerUserId: number | undefined | null): Promise<void> {
  if (!ownerUserId) return;
  const u = await db.selectFrom('users').select('id').where('id', '=', ownerUserId).where('disabled', '=', false)
    .where(inJurisdiction(actor, 'region_code')).executeTakeFirst();
  if (!u) throw invalid('ownerUserId', '责任人账号不存在或不在您的管辖范围内');
}

/** A hazard reported by a person (走访发现 without a recorded visit, or 其他报告). */
export async function createHazard(db: Db, actor: Staff, input: CreateHazardRequest, clientAddress: string): Promise<HazardDetail> {
  let regionCode: string | null = null;
  if (input.householdId) {
    const h = await db.selectFrom('households').select('region_code').where('id', '=', input.householdId)
      .where(inJurisdiction(actor, 'region_code')).executeTakeFirst();
    if (!h) throw notFound('家庭');
    regionCode = h.region_code;
  } else if (input.institutionId) {
    const i = await db.selectFrom('institutions').select('region_code').where('id', '=', input.institutionId)
      .where(inJurisdiction(actor, 'region_code')).executeTakeFirst();
    if (!i) throw notFound('机构');
    regionCode = i.region_code;
  } else if (input.regionCode) {
    assertInJurisdiction(actor, input.regionCode, '区域');
    const r = await db.selectFrom('regions').select('code').where('code', '=', input.regionCode).executeTakeFirst();
    if (!r) throw invalid('regionCode', `区划代码 ${input.regionCode} 不存在`);
    regionCode = input.regionCode;
  } else {
    throw invalid('householdId', '请选择隐患所在的家庭、机构或区域');
  }
  if (input.visitId) {
    const v = await db.selectFrom('visits').select(['id', 'household_id']).where('id', '=', input.visitId)
      .where(inJurisdiction(actor, 'region_code')).executeTakeFirst();
    if (!v) throw notFound('走访记录');
  }
  if (input.deadline && input.deadline < today()) throw invalid('deadline', '整改期限不能早于今天');
  await checkOwner(db, actor, input.ownerUserId);
  return db.transaction().execute(async (trx) => {
    const id = await insertHazard(trx, actor, {
      regionCode: regionCode, source: input.source, visitId: input.visitId ?? null, householdId: input.householdId ?? null,
      institutionId: input.institutionId ?? null, category: input.category, severity: input.severity, description: input.description,
      ownerName: input.ownerName, ownerUserId: input.ownerUserId ?? null, deadline: input.deadline ?? null,
    }, clientAddress);
    return hazardDetail(trx, actor, id);
  });
}

/** Refines an open hazard (category, severity, description, owner, deadline), logged and audited with a version. */
export async function updateHazard(db: Db, actor: Staff, id: number, input: UpdateHazardRequest, clientAddress: string): Promise<HazardDetail> {
  const row = await findHazard(db, actor, id);
  if (!row) throw notFound('隐患');
  if (row.version !== input.version) throw conflict(STALE, { details: { version: row.version } });
  if (row.status === 'closed') throw conflict('隐患已销号，不能再修改');
  if (input.deadline !== row.deadline && input.deadline < today()) throw invalid('deadline', '整改期限不能早于今天');
  await checkOwner(db, actor, input.ownerUserId);
  const before = {
    category: row.category, severity: row.severity, description: row.description, ownerName: row.owner_name, ownerUserId: row.owner_user_id,
    deadline: row.deadline,
  };
  const after = {
    category: input.category, severity: input.severity, description: input.description, ownerName: input.ownerName,
    ownerUserId: input.ownerUserId === undefined ? row.owner_user_id : input.ownerUserId, deadline: input.deadline,
  };
  return db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('hazards').set({
      category: after.category, severity: after.severity, description: after.description, owner_name: after.ownerName,
      owner_user_id: after.ownerUserId, deadline: after.deadline, version: row.version + 1, updated_at: new Date(),
    }).where('id', '=', id).where('version', '=', input.version).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw conflict(STALE);
    await trx.insertInto('hazard_events').values({
      hazard_id: id, region_code: row.region_code, action: 'edit', from_status: row.status, to_status: row.status, actor_id: actor.id,
      detail: JSON.stringify({ before, after }),
    }).execute();
    await insertAudit(trx, {
      actor, action: 'update', entity: 'hazard', entityId: id, regionCode: row.region_code,
      before: { ...before, version: row.version }, after: { ...after, version: row.version + 1 }, clientAddress,
    });
    return hazardDetail(trx, actor, id);
  });
}

function stateOf(r: HazardRow): HazardState {
  return {
    status: r.status as HazardStatus, rectification: r.rectification, rectifiedBy: r.rectified_by, rectifiedAt: iso(r.rectified_at),
    verifiedBy: r.verified_by, verifiedAt: iso(r.verified_at), verificationNote: r.verification_note, closedAt: iso(r.closed_at),
  };
}

const PHOTO = /^data:(image\/(?:jpeg|png|webp));base64,([A-Za-z0-9+/=\s]+)$/;

function parsePhoto(photo: string): { contentType: string; bytes: Buffer } {
  const m = PHOTO.exec(photo);
  if (!m) throw invalid('photo', '照片应为 JPEG、PNG 或 WebP 图片');
  const bytes = Buffer.from(m[2]!, 'base64');
  if (bytes.length === 0) throw invalid('photo', '照片内容为空');
  if (bytes.length > 2 * 1024 * 1024) throw invalid('photo', '照片不能超过 2 MB');
  return { contentType: m[1]!, bytes };
}

export type HazardActBody =
  | { type: 'start'; version: number }
  | { type: 'rectify'; version: number; text: string; photo?: string | undefined }
  | { type: 'verify'; version: number; passed: boolean; note: string };

/** One workflow step on a hazard. */
export async function actOnHazard(db: Db, actor: Staff, id: number, body: HazardActBody, clientAddress: string): Promise<HazardDetail> {
  const row = await findHazard(db, actor, id);
  if (!row) throw notFound('隐患');
  if (row.version !== body.version) throw conflict(STALE, { details: { version: row.version } });
  const at = new Date();
  const before = stateOf(row);
  const next = applyHazardAction(before, body.type === 'start' ? { type: 'start', at: at.toISOString() }
    : body.type === 'rectify' ? { type: 'rectify', text: body.text, actorId: actor.id, at: at.toISOString() }
      : { type: 'verify', passed: body.passed, note: body.note, actorId: actor.id, canVerify: hasPermission(actor.role, 'hazards.verify'), at: at.toISOString() });
  const photo = body.type === 'rectify' && body.photo ? parsePhoto(body.photo) : null;
  const eventAction = body.type === 'verify' ? (body.passed ? 'verify_pass' : 'verify_fail') : body.type;
  return db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('hazards').set({
      status: next.status, rectification: next.rectification, rectified_by: next.rectifiedBy,
      rectified_at: next.rectifiedAt ? new Date(next.rectifiedAt) : null, verified_by: next.verifiedBy,
      verified_at: next.verifiedAt ? new Date(next.verifiedAt) : null, verification_note: next.verificationNote,
      closed_at: next.closedAt ? new Date(next.closedAt) : null, version: row.version + 1, updated_at: at,
    }).where('id', '=', id).where('version', '=', body.version).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw conflict(STALE);
    let photoId: number | null = null;
    if (photo) {
      ({ id: photoId } = await trx.insertInto('hazard_photos').values({
        hazard_id: id, content_type: photo.contentType, bytes: photo.bytes, uploaded_by: actor.id,
      }).returning('id').executeTakeFirstOrThrow());
    }
    const detail = body.type === 'rectify' ? { text: next.rectification, photoId }
      : body.type === 'verify' ? { passed: body.passed, note: next.verificationNote } : {};
    await trx.insertInto('hazard_events').values({
      hazard_id: id, region_code: row.region_code, action: eventAction, from_status: before.status, to_status: next.status,
      actor_id: actor.id, detail: JSON.stringify(detail),
    }).execute();
    await insertAudit(trx, {
      actor, action: 'update', entity: 'hazard', entityId: id, regionCode: row.region_code,
      before: { status: before.status, version: row.version }, after: { action: eventAction, status: next.status, ...detail, version: row.version + 1 },
      clientAddress,
    });
    return hazardDetail(trx, actor, id);
  });
}

/** A photo of a hazard's rectification (inside the jurisdiction). */
export async function hazardPhoto(db: Db, actor: Staff, id: number, photoId: number): Promise<{ contentType: string; bytes: Buffer }> {
  const row = await db.selectFrom('hazard_photos as p').innerJoin('hazards as h', 'h.id', 'p.hazard_id')
    .select(['p.content_type', 'p.bytes']).where('p.id', '=', photoId).where('p.hazard_id', '=', id)
    .where(inJurisdiction(actor, 'h.region_code')).executeTakeFirst();
  if (!row) throw notFound('照片');
  return { contentType: row.content_type, bytes: Buffer.from(row.bytes) };
}

/** Open, overdue and closed hazards per direct child region of `regionCode` (default: the actor's region). */
export async function hazardStats(db: Db, actor: Staff, regionCode?: string): Promise<HazardStats> {
  const region = regionCode ?? actor.regionCode;
  assertInJurisdiction(actor, region, '区域');
  const level = regionLevel(region);
  const asOf = today();
  const children = level >= 5 ? [] : await db.selectFrom('regions').select(['code', 'name']).where('parent_code', '=', region).orderBy('code').execute();
  const prefixLen = level >= 5 ? 12 : PREFIX_LENGTH[(level + 1) as 2 | 3 | 4 | 5];
  const rows = await db.selectFrom('hazards')
    .select([
      sql<string>`substr(region_code, 1, ${sql.lit(prefixLen)})`.as('prefix'),
      sql<number>`count(*) FILTER (WHERE status <> 'closed')`.as('open'),
      sql<number>`count(*) FILTER (WHERE status <> 'closed' AND deadline < ${asOf})`.as('overdue'),
      sql<number>`count(*) FILTER (WHERE status = 'closed')`.as('closed'),
    ])
    .where(inJurisdiction({ regionCode: region }, 'region_code'))
    .groupBy(sql`substr(region_code, 1, ${sql.lit(prefixLen)})`).execute();
  const byPrefix = new Map(rows.map((r) => [r.prefix, r]));
  const items = children.map((c) => {
    const r = byPrefix.get(c.code.slice(0, prefixLen));
    return { regionCode: c.code, regionName: c.name, open: Number(r?.open ?? 0), overdue: Number(r?.overdue ?? 0), closed: Number(r?.closed ?? 0) };
  });
  // Hazards registered at the region itself (e.g. a county-level institution) form a row of their own.
  const childPrefixes = new Set(children.map((c) => c.code.slice(0, prefixLen)));
  const own = rows.filter((r) => !childPrefixes.has(r.prefix));
  if (own.length) {
    const name = (await db.selectFrom('regions').select('name').where('code', '=', region).executeTakeFirst())?.name ?? region;
    items.unshift({
      regionCode: region, regionName: `${name}（本级）`, open: own.reduce((n, r) => n + Number(r.open), 0),
      overdue: own.reduce((n, r) => n + Number(r.overdue), 0), closed: own.reduce((n, r) => n + Number(r.closed), 0),
    });
  }
  const total = rows.reduce((t, r) => ({ open: t.open + Number(r.open), overdue: t.overdue + Number(r.overdue), closed: t.closed + Number(r.closed) }),
    { open: 0, overdue: 0, closed: 0 });
  return { items, total };
}
