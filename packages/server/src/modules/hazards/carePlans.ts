import {
  CARE_PLAN_ACTIONS_BY_STATUS, CARE_PLAN_EVENT_LABELS, hasPermission, isReviewOverdue, nextCarePlanStatus, type CarePlanAction,
  type CarePlanDetail, type CarePlanItem, type CarePlanMeasure, type CarePlanPage, type CarePlanQuery, type CarePlanStatus,
  type CreateCarePlanRequest, type UpdateCarePlanRequest,
} from '@doudi/domain';
import { sql } from 'kysely';
import { assertInJurisdiction, inJurisdiction } from '../../auth/jurisdiction.js';
import { conflict, invalid, notFound } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import type { Db } from '../monitoring/queries.js';
import { iso, today, type Staff } from './service.js';

/**
 * 一人一策 plans for complex cases: problems, measures (what, who, by when), a responsible person and a review date;
 * 制定中 → 实施中 → 待复核 → 已结案 (or back to 实施中 when the review finds more to do). Every change is logged in
 * care_plan_events and audited in the same transaction, with an optimistic version.
 */

const STALE = '方案已被他人修改，请刷新后重试';

function planBase(db: Db) {
  return db.selectFrom('care_plans as p')
    .leftJoin('regions as r', 'r.code', 'p.region_code')
    .leftJoin('households as hh', 'hh.id', 'p.household_id')
    .leftJoin('users as cb', 'cb.id', 'p.created_by')
    .selectAll('p')
    .select(['r.name as region_name', 'hh.head_name as household_head', 'cb.display_name as created_by_name']);
}
type PlanRow = Awaited<ReturnType<ReturnType<typeof planBase>['executeTakeFirstOrThrow']>>;

function toItem(r: PlanRow, asOf: string): CarePlanItem {
  const status = r.status as CarePlanStatus;
  return {
    id: r.id, regionCode: r.region_code, regionName: r.region_name ?? r.region_code, householdId: r.household_id,
    householdHead: r.household_head ?? null, visitId: r.visit_id, problems: r.problems, measures: (r.measures ?? []) as CarePlanMeasure[],
    responsibleName: r.responsible_name, responsibleUserId: r.responsible_user_id, reviewOn: r.review_on, status,
    reviewOverdue: isReviewOverdue({ status, reviewOn: r.review_on }, asOf), updatedAt: iso(r.updated_at)!, version: r.version,
  };
}

export async function listCarePlans(db: Db, actor: Staff, q: CarePlanQuery): Promise<CarePlanPage> {
  if (q.regionCode) assertInJurisdiction(actor, q.regionCode, '区域');
  const asOf = today();
  let base = planBase(db).where(inJurisdiction(actor, 'p.region_code'));
  if (q.regionCode) base = base.where(inJurisdiction({ regionCode: q.regionCode }, 'p.region_code'));
  if (q.status) base = base.where('p.status', '=', q.status);
  if (q.householdId) base = base.where('p.household_id', '=', q.householdId);
  if (q.reviewOverdue === true) base = base.where('p.status', '<>', 'closed').where('p.review_on', '<', asOf);
  const [rows, count] = await Promise.all([
    base.orderBy(sql`CASE WHEN p.status = 'closed' THEN 1 ELSE 0 END`).orderBy('p.review_on').orderBy('p.id', 'desc')
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => toItem(r, asOf)), total: Number(count.n) };
}

export async function carePlanDetail(db: Db, actor: Staff, id: number): Promise<CarePlanDetail> {
  const row = await planBase(db).where('p.id', '=', id).where(inJurisdiction(actor, 'p.region_code')).executeTakeFirst();
  if (!row) throw notFound('方案');
  const events = await db.selectFrom('care_plan_events as e').leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.action', 'e.from_status', 'e.to_status', 'e.at', 'e.detail', 'u.display_name as actor_name'])
    .where('e.plan_id', '=', id).orderBy('e.at').orderBy('e.id').execute();
  const status = row.status as CarePlanStatus;
  return {
    ...toItem(row, today()), closeSummary: row.close_summary, createdBy: row.created_by_name ?? null, createdAt: iso(row.created_at)!,
    availableActions: hasPermission(actor.role, 'care.write') ? [...CARE_PLAN_ACTIONS_BY_STATUS[status]] : [],
    events: events.map((e) => ({
      id: e.id, action: e.action, actionLabel: CARE_PLAN_EVENT_LABELS[e.action as CarePlanAction | 'create'] ?? e.action,
      fromStatus: e.from_status, toStatus: e.to_status, actorName: e.actor_name ?? null, at: iso(e.at)!,
      detail: (e.detail ?? {}) as Record<string, unknown>,
    })),
  };
}

interface NewPlan {
  regionCode: string;
  householdId: number;
  visitId?: number | null;
  problems: string;
  measures?: CarePlanMeasure[];
  responsibleName?: string;
  responsibleUserId?: number | null;
  reviewOn?: string | null;
  demo?: boolean;
}

export async function insertCarePlan(db: Db, actor: Staff, p: NewPlan, clientAddress: string | null = null): Promise<number> {
  const { id } = await db.insertInto('care_plans').values({
    region_code: p.regionCode, household_id: p.householdId, visit_id: p.visitId ?? null, problems: p.problems,
    measures: JSON.stringify(p.measures ?? []), responsible_name: p.responsibleName ?? '', responsible_user_id: p.responsibleUserId ?? null,
    review_on: p.reviewOn ?? null, demo: p.demo ?? false, close_summary: null, created_by: actor.id,
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('care_plan_events').values({
    plan_id: id, region_code: p.regionCode, action: 'create', from_status: null, to_status: 'drafting', actor_id: actor.id,
    detail: JSON.stringify({ problems: p.problems, visitId: p.visitId ?? null }),
  }).execute();
  await insertAudit(db, { actor, action: 'create', entity: 'care_plan', entityId: id, regionCode: p.regionCode, after: p, clientAddress });
  return id;
}

/**
 * A 一人一策 plan opened from a visit whose outcome is 情况复杂, inside the caller's transaction: status 制定中, the
 * problems from the visit, the visitor as the responsible person until the plan is worked out. Audited.
 */
export async function openCarePlanFromVisit(
  db: Db, actor: Staff, input: { visitId: number; regionCode: string; householdId: number; problems: string },
): Promise<number> {
  assertInJurisdiction(actor, input.regionCode, '区域');
  return insertCarePlan(db, actor, {
    regionCode: input.regionCode, householdId: input.householdId, visitId: input.visitId,
    problems: input.problems.trim() || '走访发现情况复杂，需制定一人一策帮扶方案', responsibleName: actor.displayName, responsibleUserId: actor.id,
  });
}

async function checkResponsible(db: Db, actor: Staff, userId: number | null | undefined): Promise<void> {
  if (!userId) return;
  const u = await db.selectFrom('users').select('id').where('id', '=', userId).where('disabled', '=', false)
    .where(inJurisdiction(actor, 'region_code')).executeTakeFirst();
  if (!u) throw invalid('responsibleUserId', '责任人账号不存在或不在您的管辖范围内');
}

export async function createCarePlan(db: Db, actor: Staff, input: CreateCarePlanRequest, clientAddress: string): Promise<CarePlanDetail> {
  const h = await db.selectFrom('households').select('region_code').where('id', '=', input.householdId)
    .where(inJurisdiction(actor, 'region_code')).executeTakeFirst();
  if (!h) throw notFound('家庭');
  if (input.visitId) {
    const v = await db.selectFrom('visits').select('household_id').where('id', '=', input.visitId)
      .where(inJurisdiction(actor, 'region_code')).executeTakeFirst();
    if (!v) throw notFound('走访记录');
    if (v.household_id !== null && v.household_id !== input.householdId) throw invalid('visitId', '所选走访记录不是该家庭的');
  }
  await checkResponsible(db, actor, input.responsibleUserId);
  return db.transaction().execute(async (trx) => {
    const id = await insertCarePlan(trx, actor, {
      regionCode: h.region_code, householdId: input.householdId, visitId: input.visitId ?? null, problems: input.problems,
      measures: input.measures, responsibleName: input.responsibleName, responsibleUserId: input.responsibleUserId ?? null,
      reviewOn: input.reviewOn ?? null,
    }, clientAddress);
    return carePlanDetail(trx, actor, id);
  });
}

export type CarePlanActBody =
  | ({ type: 'edit' } & UpdateCarePlanRequest)
  | { type: Exclude<CarePlanAction, 'edit'>; version: number; note: string };

/** An edit or a status step on a plan. */
export async function actOnCarePlan(db: Db, actor: Staff, id: number, body: CarePlanActBody, clientAddress: string): Promise<CarePlanDetail> {
  const row = await planBase(db).where('p.id', '=', id).where(inJurisdiction(actor, 'p.region_code')).executeTakeFirst();
  if (!row) throw notFound('方案');
  if (row.version !== body.version) throw conflict(STALE, { details: { version: row.version } });
  if (body.type === 'edit') await checkResponsible(db, actor, body.responsibleUserId);
  const before = {
    status: row.status as CarePlanStatus, measures: (row.measures ?? []) as CarePlanMeasure[], responsibleName: row.responsible_name,
    reviewOn: row.review_on, problems: row.problems, responsibleUserId: row.responsible_user_id,
  };
  const after = body.type === 'edit'
    ? { ...before, problems: body.problems, measures: body.measures, responsibleName: body.responsibleName, reviewOn: body.reviewOn,
      responsibleUserId: body.responsibleUserId === undefined ? before.responsibleUserId : body.responsibleUserId }
    : before;
  const status = nextCarePlanStatus(after, body.type, body.type === 'edit' ? '' : body.note);
  const note = body.type === 'edit' ? null : body.note.trim();
  const at = new Date();
  return db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('care_plans').set({
      status, problems: after.problems, measures: JSON.stringify(after.measures), responsible_name: after.responsibleName,
      responsible_user_id: after.responsibleUserId, review_on: after.reviewOn,
      ...(status === 'closed' ? { close_summary: note, closed_at: at } : {}),
      version: row.version + 1, updated_at: at,
    }).where('id', '=', id).where('version', '=', body.version).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw conflict(STALE);
    const detail = body.type === 'edit'
      ? { before: { problems: before.problems, measures: before.measures, responsibleName: before.responsibleName, reviewOn: before.reviewOn },
        after: { problems: after.problems, measures: after.measures, responsibleName: after.responsibleName, reviewOn: after.reviewOn } }
      : { note };
    await trx.insertInto('care_plan_events').values({
      plan_id: id, region_code: row.region_code, action: body.type, from_status: before.status, to_status: status, actor_id: actor.id,
      detail: JSON.stringify(detail),
    }).execute();
    await insertAudit(trx, {
      actor, action: 'update', entity: 'care_plan', entityId: id, regionCode: row.region_code,
      before: { status: before.status, version: row.version }, after: { action: body.type, status, version: row.version + 1, ...detail },
      clientAddress,
    });
    return carePlanDetail(trx, actor, id);
  });
}
