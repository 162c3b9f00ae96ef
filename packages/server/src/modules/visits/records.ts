import {
  centsToYuan, CHECKLIST, Checklist, hasPermission, MAX_PHOTO_BYTES, OUTCOME_DETAIL, parseYuanToCents, Phone, sniffImageType, VISIT_OUTCOME, VisitOutcome,
  type OfflinePack, type UpdateVisitRequest, type VisitKind, type VisitListItem, type VisitPage, type VisitQuery,
  type VisitSummary, type VisitSyncRequest, type VisitView,
} from '@doudi/domain';
import { sql } from 'kysely';
import type { AppContext, RequestUser } from '../../auth/context.js';
import { assertInJurisdiction, inJurisdiction, inRegion } from '../../auth/jurisdiction.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import { openCarePlanFromVisit } from '../hazards/carePlans.js';
import { openHazardFromVisit } from '../hazards/service.js';
import { createLeadIn } from '../monitoring/leads.js';
import { today, type Db } from './queries.js';

/**
 * Visits recorded on a phone (online, or offline and synced later). The rules:
 * - idempotent by `clientId`: the same clientId again answers 200 with the stored visit and writes nothing;
 * - the task is marked done in the visit's transaction; a task already done by another visit is never overwritten:
 *   409 `VISIT_TASK_DONE` with that visit's summary (who, when); the phone may resend with `asExtraVisit: true`;
 * - an edit names the version it was based on: 409 `VISIT_VERSION` with the server's current copy otherwise;
 * - the outcome's follow-up is created in the same transaction: 需要救助 → a lead (source 走访发现), 存在安全隐患 →
 *   a hazard rectification, 情况复杂 → a 一人一策 care plan.
 */

type Ctx = Pick<AppContext, 'database' | 'crypto'>;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
/** A phone's clock may run a little ahead of the server's. */
const CLOCK_SKEW_MS = 10 * 60_000;

function visitRows(db: Db) {
  return db.selectFrom('visits as v')
    .leftJoin('regions as r', 'r.code', 'v.region_code')
    .leftJoin('households as h', 'h.id', 'v.household_id')
    .leftJoin('members as m', 'm.id', 'v.member_id')
    .leftJoin('users as u', 'u.id', 'v.visitor_id')
    .selectAll('v')
    .select(['r.name as region_name', 'h.head_name', 'h.residence_address', 'm.name as member_name', 'm.phone_masked as member_phone', 'u.display_name as visitor_name'])
    .select((eb) => [
      eb.selectFrom('visit_photos as ph').select(sql<string>`count(*)`.as('n')).whereRef('ph.visit_id', '=', 'v.id').as('photo_count'),
      eb.selectFrom('members as hm').select('hm.phone_masked').whereRef('hm.household_id', '=', 'v.household_id')
        .where('hm.relation', '=', 'head').where('hm.removed_at', 'is', null).limit(1).as('head_phone'),
    ]);
}
type VisitRow = NonNullable<Awaited<ReturnType<ReturnType<typeof visitRows>['executeTakeFirst']>>>;

function summary(r: VisitRow): VisitSummary {
  return {
    id: r.id, visitorId: r.visitor_id, visitorName: r.visitor_name ?? '', visitedAt: iso(r.visited_at)!, outcome: r.outcome as VisitOutcome,
    recordedOffline: r.recorded_offline,
  };
}

function toView(r: VisitRow): VisitView {
  const cents = Number(r.cash_cents);
  return {
    ...summary(r),
    clientId: r.client_id, taskId: r.task_id, kind: r.kind as VisitKind, regionCode: r.region_code, regionName: r.region_name ?? r.region_code,
    householdId: r.household_id, headName: r.head_name ?? null, address: r.residence_address ?? null, memberId: r.member_id,
    memberName: r.member_name ?? null, phoneMasked: r.member_phone ?? r.head_phone ?? null,
    checklist: Checklist.parse(r.checklist), cashCents: cents, cashYuan: centsToYuan(cents), goods: r.goods, companions: r.companions,
    position: r.latitude !== null && r.longitude !== null ? { latitude: Number(r.latitude), longitude: Number(r.longitude) } : null,
    outcomeDetail: r.outcome_detail, note: r.note, leadId: r.lead_id, hazardId: r.hazard_id, carePlanId: r.care_plan_id,
    photoCount: Number(r.photo_count ?? 0), createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!, version: r.version,
  };
}

async function findVisit(db: Db, actor: RequestUser, id: number): Promise<VisitRow> {
  const row = await visitRows(db).where('v.id', '=', id).where(inJurisdiction(actor, 'v.region_code')).executeTakeFirst();
  if (!row) throw notFound('走访记录');
  return row;
}

export async function getVisit(ctx: Ctx, actor: RequestUser, id: number): Promise<VisitView> {
  return toView(await findVisit(ctx.database.db, actor, id));
}

export async function visitPhoto(ctx: Ctx, actor: RequestUser, id: number, seq: number): Promise<{ contentType: string; bytes: Buffer }> {
  const { db } = ctx.database;
  await findVisit(db, actor, id);
  const p = await db.selectFrom('visit_photos').select(['content_type', 'bytes']).where('visit_id', '=', id).where('seq', '=', seq).executeTakeFirst();
  if (!p) throw notFound('照片');
  return { contentType: p.content_type, bytes: Buffer.from(p.bytes) };
}

export async function listVisits(ctx: Ctx, actor: RequestUser, q: VisitQuery): Promise<VisitPage> {
  const { db } = ctx.database;
  if (q.regionCode) assertInJurisdiction(actor, q.regionCode, '区域');
  let base = visitRows(db).where(inJurisdiction(actor, 'v.region_code'));
  if (q.regionCode) base = base.where(inRegion(q.regionCode, 'v.region_code'));
  if (q.householdId !== undefined) base = base.where('v.household_id', '=', q.householdId);
  if (q.memberId !== undefined) base = base.where('v.member_id', '=', q.memberId);
  if (q.outcome) base = base.where('v.outcome', '=', q.outcome);
  if (q.kind) base = base.where('v.kind', '=', q.kind);
  if (q.visitorId !== undefined) base = base.where('v.visitor_id', '=', q.visitorId);
  if (q.from) base = base.where('v.visited_at', '>=', new Date(`${q.from}T00:00:00+08:00`));
  if (q.to) base = base.where('v.visited_at', '<', new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000));
  const [{ n }, rows] = await Promise.all([
    base.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    base.orderBy('v.visited_at', 'desc').orderBy('v.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
  ]);
  return {
    items: rows.map((r): VisitListItem => ({
      ...summary(r), kind: r.kind as VisitKind, taskId: r.task_id, regionCode: r.region_code, regionName: r.region_name ?? r.region_code,
      householdId: r.household_id, headName: r.head_name ?? null, memberId: r.member_id, memberName: r.member_name ?? null,
      cashCents: Number(r.cash_cents), outcomeDetail: r.outcome_detail, photoCount: Number(r.photo_count ?? 0),
    })),
    total: Number(n),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Sync

function taskDoneError(taskId: number, other: VisitRow): AppError {
  const s = summary(other);
  return new AppError('VISIT_TASK_DONE', `该任务已由${s.visitorName}于${iso(other.visited_at)!.slice(0, 10)}走访完成，本次记录未保存；可作为另一次走访保存，或放弃本次记录`, {
    field: 'taskId', details: { taskId, visit: s },
  });
}

function decodePhotos(photos: VisitSyncRequest['photos']): { contentType: string; bytes: Buffer }[] {
  return photos.map((p, i) => {
    const bytes = Buffer.from(p.data, 'base64');
    if (bytes.length > MAX_PHOTO_BYTES) throw invalid(`photos.${i}`, `第${i + 1}张照片超过2MB，请压缩后重试`);
    const sniffed = sniffImageType(bytes);
    if (sniffed !== p.contentType) throw invalid(`photos.${i}`, `第${i + 1}张照片不是有效的 JPEG、PNG 或 WebP 图片`);
    return { contentType: p.contentType, bytes };
  });
}

/** Records a visit; `created` false when the clientId was already stored (nothing written). */
export async function syncVisit(
  ctx: Ctx, actor: RequestUser, input: VisitSyncRequest, clientAddress: string,
): Promise<{ created: boolean; visit: VisitView }> {
  const { db } = ctx.database;
  const existing = await visitRows(db).where('v.client_id', '=', input.clientId).executeTakeFirst();
  if (existing) {
    if (existing.visitor_id !== actor.id) throw conflict('该客户端记录编号已被其他记录使用', { field: 'clientId' });
    return { created: false, visit: toView(existing) };
  }
  if (new Date(input.visitedAt).getTime() > Date.now() + CLOCK_SKEW_MS) throw invalid('visitedAt', '走访时间不能晚于当前时间');

  // The task (linked unless the visit is recorded as an extra one).
  let task: { id: number; kind: string; region_code: string; household_id: number | null; member_id: number | null; status: string; visit_id: number | null } | undefined;
  if (input.taskId !== undefined) {
    task = await db.selectFrom('visit_tasks').select(['id', 'kind', 'region_code', 'household_id', 'member_id', 'status', 'visit_id'])
      .where('id', '=', input.taskId).where(inJurisdiction(actor, 'region_code')).executeTakeFirst();
    if (!task) throw notFound('走访任务');
    if (input.householdId !== undefined && task.household_id !== null && input.householdId !== task.household_id) {
      throw invalid('householdId', '所选家庭与走访任务不一致');
    }
    if (input.memberId !== undefined && task.member_id !== null && input.memberId !== task.member_id) throw invalid('memberId', '所选人员与走访任务不一致');
  }
  const linkTask = task !== undefined && !input.asExtraVisit;
  if (linkTask && task!.status === 'cancelled') {
    throw conflict('该走访任务已取消，本次记录未保存；可作为计划外走访保存', { field: 'taskId', details: { taskId: task!.id } });
  }
  if (linkTask && task!.status === 'done' && task!.visit_id !== null) {
    throw taskDoneError(task!.id, await visitRows(db).where('v.id', '=', task!.visit_id).executeTakeFirstOrThrow());
  }

  // The household and member visited.
  const memberId = input.memberId ?? task?.member_id ?? undefined;
  let householdId = input.householdId ?? task?.household_id ?? undefined;
  let member: { id: number; household_id: number; name: string; phone_enc: Uint8Array | null } | undefined;
  if (memberId !== undefined) {
    member = await db.selectFrom('members').select(['id', 'household_id', 'name', 'phone_enc', 'removed_at', 'region_code'])
      .where('id', '=', memberId).where(inJurisdiction(actor, 'region_code')).executeTakeFirst();
    if (!member) throw notFound('人员');
    if (householdId !== undefined && member.household_id !== householdId) throw invalid('memberId', '所选人员不是该家庭的成员');
    householdId = member.household_id;
  }
  const household = await db.selectFrom('households').select(['id', 'region_code', 'head_name'])
    .where('id', '=', householdId!).where(inJurisdiction(actor, 'region_code')).executeTakeFirst();
  if (!household) throw notFound('家庭');
  const kind = (linkTask || task ? task!.kind : input.kind ?? 'adhoc') as VisitKind;
  const cashCents = parseYuanToCents(input.cashYuan);
  const photos = decodePhotos(input.photos);
  const regionCode = household.region_code;

  const result = await db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('visits').values({
      client_id: input.clientId, task_id: linkTask ? task!.id : null, kind, region_code: regionCode, household_id: household.id,
      member_id: member?.id ?? null, visitor_id: actor.id, visited_at: new Date(input.visitedAt), checklist: JSON.stringify(input.checklist),
      cash_cents: cashCents, goods: input.goods, companions: input.companions, latitude: input.position?.latitude ?? null,
      longitude: input.position?.longitude ?? null, outcome: input.outcome, outcome_detail: input.outcomeDetail, note: input.note,
      recorded_offline: input.recordedOffline,
    }).onConflict((oc) => oc.column('client_id').doNothing()).returning('id').executeTakeFirst();
    if (!inserted) return null; // the same clientId arrived twice at once: the other request stored it
    const id = inserted.id;
    if (linkTask) {
      const done = await trx.updateTable('visit_tasks').set({ status: 'done', visit_id: id, done_at: new Date() })
        .where('id', '=', task!.id).where('status', '=', 'open').executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) {
        const now = await trx.selectFrom('visit_tasks').select(['status', 'visit_id']).where('id', '=', task!.id).executeTakeFirstOrThrow();
        if (now.visit_id === null) throw conflict('该走访任务已取消，本次记录未保存；可作为计划外走访保存', { field: 'taskId' });
        throw taskDoneError(task!.id, await visitRows(trx).where('v.id', '=', now.visit_id).executeTakeFirstOrThrow());
      }
    }
    if (photos.length) {
      await trx.insertInto('visit_photos').values(photos.map((p, i) => ({ visit_id: id, seq: i + 1, content_type: p.contentType, bytes: p.bytes }))).execute();
    }
    const follow: { lead_id?: number; hazard_id?: number; care_plan_id?: number } = {};
    const detail = input.outcomeDetail.trim();
    if (input.outcome === 'needs_help') {
      // The person of the lead: the member visited, else the household head.
      const person = member ?? await trx.selectFrom('members').select(['name', 'phone_enc']).where('household_id', '=', household.id)
        .where('relation', '=', 'head').where('removed_at', 'is', null).executeTakeFirst();
      const phone = person?.phone_enc ? ctx.crypto.decrypt(Buffer.from(person.phone_enc)) : null;
      follow.lead_id = await createLeadIn(trx, ctx.crypto, actor, {
        source: 'visit', regionCode, householdId: household.id, personName: (person?.name ?? household.head_name) || '走访对象',
        ...(phone && Phone.safeParse(phone).success ? { phone } : {}),
        description: `走访发现：${detail}`.slice(0, 1000),
      }, clientAddress);
    } else if (input.outcome === 'hazard') {
      follow.hazard_id = await openHazardFromVisit(trx, actor, { visitId: id, regionCode, householdId: household.id, description: detail });
    } else if (input.outcome === 'complex') {
      follow.care_plan_id = await openCarePlanFromVisit(trx, actor, { visitId: id, regionCode, householdId: household.id, problems: detail });
    }
    if (Object.keys(follow).length) await trx.updateTable('visits').set(follow).where('id', '=', id).execute();
    const view = toView(await visitRows(trx).where('v.id', '=', id).executeTakeFirstOrThrow());
    await insertAudit(trx, {
      actor, action: 'create', entity: 'visit', entityId: id, regionCode,
      after: { ...view, checklist: input.checklist, photos: photos.length }, clientAddress,
    });
    return view;
  });
  if (result === null) return syncVisit(ctx, actor, input, clientAddress);
  return { created: true, visit: result };
}

/** Edits a stored visit (the visitor, or a manager in the jurisdiction); the outcome and its follow-up stay. */
export async function updateVisit(ctx: Ctx, actor: RequestUser, id: number, input: UpdateVisitRequest, clientAddress: string): Promise<VisitView> {
  const { db } = ctx.database;
  const row = await findVisit(db, actor, id);
  if (row.visitor_id !== actor.id && !hasPermission(actor.role, 'visits.manage')) throw forbidden('只有走访人本人或管理人员可以修改走访记录');
  const stale = (current: VisitRow) => new AppError('VISIT_VERSION', '走访记录已被他人修改，请核对服务器上的最新内容后再修改', {
    details: { current: toView(current) },
  });
  if (row.version !== input.version) throw stale(row);
  if (new Date(input.visitedAt).getTime() > Date.now() + CLOCK_SKEW_MS) throw invalid('visitedAt', '走访时间不能晚于当前时间');
  const cashCents = parseYuanToCents(input.cashYuan);
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('visits').set({
      visited_at: new Date(input.visitedAt), checklist: JSON.stringify(input.checklist), cash_cents: cashCents, goods: input.goods,
      companions: input.companions, note: input.note, version: row.version + 1, updated_at: new Date(),
    }).where('id', '=', id).where('version', '=', input.version).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw stale(await visitRows(trx).where('v.id', '=', id).executeTakeFirstOrThrow());
    const view = toView(await visitRows(trx).where('v.id', '=', id).executeTakeFirstOrThrow());
    await insertAudit(trx, {
      actor, action: 'update', entity: 'visit', entityId: id, regionCode: row.region_code,
      before: { checklist: row.checklist, cashCents: Number(row.cash_cents), goods: row.goods, companions: row.companions, note: row.note, version: row.version },
      after: { checklist: input.checklist, cashCents, goods: input.goods, companions: input.companions, note: input.note, version: view.version },
      clientAddress,
    });
    return view;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Offline pack

function ageOn(birth: string, asOf: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const PACK_TASKS = 500;

/** The user's open tasks (and, for village staff, the open unassigned tasks of their village) with what the phone shows. */
export async function offlinePack(ctx: Ctx, actor: RequestUser): Promise<OfflinePack> {
  const { db } = ctx.database;
  const asOf = today();
  const tasks = await db.selectFrom('visit_tasks as t')
    .leftJoin('visit_plans as p', 'p.id', 't.plan_id')
    .leftJoin('members as tm', 'tm.id', 't.member_id')
    .select(['t.id', 't.kind', 'p.name as plan_name', 't.household_id', 'tm.household_id as member_household_id', 't.member_id', 't.due_on', 't.reason', 't.assignee_id'])
    .where(inJurisdiction(actor, 't.region_code')).where('t.status', '=', 'open')
    .where((eb) => actor.role === 'village_staff'
      ? eb.or([eb('t.assignee_id', '=', actor.id), eb.and([eb('t.assignee_id', 'is', null), eb('t.region_code', '=', actor.regionCode)])])
      : eb('t.assignee_id', '=', actor.id))
    .orderBy('t.due_on').orderBy('t.id').limit(PACK_TASKS).execute();
  const householdIds = [...new Set(tasks.map((t) => t.household_id ?? t.member_household_id).filter((x): x is number => x !== null))];
  const [households, members] = householdIds.length ? await Promise.all([
    db.selectFrom('households as h').leftJoin('regions as r', 'r.code', 'h.region_code')
      .select(['h.id', 'h.region_code', 'r.name as region_name', 'h.head_name', 'h.residence_address', 'h.category_kinds'])
      .where('h.id', 'in', householdIds).execute(),
    db.selectFrom('members').select(['id', 'household_id', 'name', 'relation', 'birth_date', 'id_number_masked', 'phone_masked', 'tags'])
      .where('household_id', 'in', householdIds).where('removed_at', 'is', null).orderBy('household_id').orderBy('id').execute(),
  ]) : [[], []];
  return {
    serverTime: new Date().toISOString(), asOf, userId: actor.id,
    tasks: tasks.map((t) => ({
      id: t.id, kind: t.kind as VisitKind, planName: t.plan_name ?? null, householdId: t.household_id ?? t.member_household_id ?? null,
      memberId: t.member_id, dueOn: t.due_on, reason: t.reason, overdue: t.due_on < asOf, mine: t.assignee_id === actor.id,
    })),
    households: households.map((h) => ({
      id: h.id, regionCode: h.region_code, regionName: h.region_name ?? h.region_code, headName: h.head_name, address: h.residence_address,
      categories: h.category_kinds as OfflinePack['households'][number]['categories'],
      members: members.filter((m) => m.household_id === h.id).map((m) => ({
        id: m.id, name: m.name, relation: m.relation as OfflinePack['households'][number]['members'][number]['relation'],
        age: ageOn(m.birth_date, asOf), idNumberMasked: m.id_number_masked, phoneMasked: m.phone_masked,
        tags: m.tags as OfflinePack['households'][number]['members'][number]['tags'],
      })),
    })),
    checklist: CHECKLIST.map((i) => ({ key: i.key, label: i.label, statuses: i.statuses, noteRequired: i.noteRequired })),
    outcomes: VisitOutcome.options.map((o) => ({
      value: o, label: VISIT_OUTCOME.labels[o], detailLabel: OUTCOME_DETAIL[o].label, detailRequired: OUTCOME_DETAIL[o].required,
    })),
  };
}
