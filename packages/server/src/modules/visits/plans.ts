import {
  Assignment, canAccessRegion, hasPermission, HouseholdFilter, regionLevel, Role,
  type CancelTaskRequest, type CreatePairingRequest, type CreatePlanRequest, type EndPairingRequest, type PairingPage, type PairingQuery,
  type PairingView, type PlanDetail, type PlanListItem, type PlanPage, type PlanQuery, type PlanStatus, type ReassignTaskRequest,
  type TaskPage, type TaskQuery, type TaskStatus, type VisitKind, type VisitTaskItem,
} from '@doudi/domain';
import { sql } from 'kysely';
import type { AppContext, RequestUser } from '../../auth/context.js';
import { assertInJurisdiction, assertLaunchedAboveOrWithin, inJurisdiction, inRegion, launchedAboveOrWithin } from '../../auth/jurisdiction.js';
import { AppError, conflict, invalid, notFound } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import { childPrefixLength, childRegions, regionName, today, type Db } from './queries.js';

/**
 * Visit plans, their tasks, and leader pairings. A plan's tasks are created in one INSERT … SELECT over the
 * registry (households of the plan's region with a current member, any of the chosen categories, any of the chosen
 * member tags, in the chosen villages), assigned in the same statement:
 * - village_workers: the enabled village_staff users of the household's village, in turn (round-robin by household
 *   id); none → unassigned;
 * - user: one chosen user, whose jurisdiction must include every chosen household;
 * - leader: the household's current leader pairing (its leader's account if any); without a pairing, the fallback
 *   (village workers, or unassigned).
 */

type Ctx = Pick<AppContext, 'database'>;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const VISITORS = Role.options.filter((r) => hasPermission(r, 'visits.write'));

// ---------------------------------------------------------------------------------------------------------------
// Tasks

function taskRows(db: Db) {
  return db.selectFrom('visit_tasks as t')
    .leftJoin('visit_plans as p', 'p.id', 't.plan_id')
    .leftJoin('regions as r', 'r.code', 't.region_code')
    .leftJoin('households as h', 'h.id', 't.household_id')
    .leftJoin('members as m', 'm.id', 't.member_id')
    .leftJoin('users as u', 'u.id', 't.assignee_id')
    .leftJoin('leader_pairings as lp', 'lp.id', 't.pairing_id')
    .select([
      't.id', 't.plan_id', 'p.name as plan_name', 't.kind', 't.region_code', 'r.name as region_name', 't.household_id', 'h.head_name',
      'h.residence_address', 't.member_id', 'm.name as member_name', 't.assignee_id', 'u.display_name as assignee_name',
      'lp.leader_name', 't.due_on', 't.period', 't.reason', 't.status', 't.visit_id', 't.done_at',
    ]);
}
type TaskRow = NonNullable<Awaited<ReturnType<ReturnType<typeof taskRows>['executeTakeFirst']>>>;

export function toTaskItem(r: TaskRow, asOf: string): VisitTaskItem {
  return {
    id: r.id, planId: r.plan_id, planName: r.plan_name ?? null, kind: r.kind as VisitKind, regionCode: r.region_code,
    regionName: r.region_name ?? r.region_code, householdId: r.household_id, headName: r.head_name ?? null, address: r.residence_address ?? null,
    memberId: r.member_id, memberName: r.member_name ?? null, assigneeId: r.assignee_id, assigneeName: r.assignee_name ?? null,
    leaderName: r.leader_name ?? null, dueOn: r.due_on, period: r.period, reason: r.reason, status: r.status as TaskStatus,
    overdue: r.status === 'open' && r.due_on < asOf, visitId: r.visit_id, doneAt: iso(r.done_at),
  };
}

export async function listTasks(ctx: Ctx, actor: RequestUser, q: TaskQuery): Promise<TaskPage> {
  const { db } = ctx.database;
  if (q.regionCode) assertInJurisdiction(actor, q.regionCode, '区域');
  const asOf = today();
  let base = taskRows(db).where(inJurisdiction(actor, 't.region_code'));
  if (q.regionCode) base = base.where(inRegion(q.regionCode, 't.region_code'));
  if (q.planId !== undefined) base = base.where('t.plan_id', '=', q.planId);
  if (q.kind) base = base.where('t.kind', '=', q.kind);
  if (q.status) base = base.where('t.status', '=', q.status);
  if (q.householdId !== undefined) base = base.where('t.household_id', '=', q.householdId);
  if (q.dueFrom) base = base.where('t.due_on', '>=', q.dueFrom);
  if (q.dueTo) base = base.where('t.due_on', '<=', q.dueTo);
  if (q.overdue === true) base = base.where('t.status', '=', 'open').where('t.due_on', '<', asOf);
  if (q.overdue === false) base = base.where((eb) => eb.or([eb('t.status', '<>', 'open'), eb('t.due_on', '>=', asOf)]));
  if (q.assignee === 'me') base = base.where('t.assignee_id', '=', actor.id);
  if (q.assignee === 'unassigned') base = base.where('t.assignee_id', 'is', null);
  const [{ n }, rows] = await Promise.all([
    base.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    base.orderBy(sql`CASE t.status WHEN 'open' THEN 0 ELSE 1 END`).orderBy('t.due_on').orderBy('t.id')
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
  ]);
  return { items: rows.map((r) => toTaskItem(r, asOf)), total: Number(n) };
}

async function findTask(db: Db, actor: RequestUser, id: number): Promise<TaskRow> {
  const row = await taskRows(db).where('t.id', '=', id).where(inJurisdiction(actor, 't.region_code')).executeTakeFirst();
  if (!row) throw notFound('走访任务');
  return row;
}

/** An enabled user who records visits and whose jurisdiction covers `regionCode` and lies inside the actor's. */
async function visitorFor(db: Db, actor: RequestUser, userId: number, regionCode: string, field: string) {
  const u = await db.selectFrom('users').select(['id', 'display_name', 'role', 'region_code', 'disabled']).where('id', '=', userId).executeTakeFirst();
  if (!u || u.disabled || !VISITORS.includes(u.role as Role) || !canAccessRegion(actor, u.region_code) || !canAccessRegion({ regionCode: u.region_code }, regionCode)) {
    throw invalid(field, '走访人应为启用的、可以登记走访且管辖范围包括该家庭的工作人员');
  }
  return u;
}

export async function reassignTask(ctx: Ctx, actor: RequestUser, id: number, input: ReassignTaskRequest, clientAddress: string): Promise<VisitTaskItem> {
  const { db } = ctx.database;
  const task = await findTask(db, actor, id);
  if (task.status !== 'open') throw conflict(`该任务${task.status === 'done' ? '已走访' : '已取消'}，不能改派`);
  if (input.assigneeId !== null) await visitorFor(db, actor, input.assigneeId, task.region_code, 'assigneeId');
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('visit_tasks').set({ assignee_id: input.assigneeId })
      .where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict('该任务已被他人处理，请刷新后重试');
    await insertAudit(trx, {
      actor, action: 'update', entity: 'visit_task', entityId: id, regionCode: task.region_code,
      before: { assigneeId: task.assignee_id }, after: { assigneeId: input.assigneeId }, clientAddress,
    });
    return toTaskItem(await findTask(trx, actor, id), today());
  });
}

export async function cancelTask(ctx: Ctx, actor: RequestUser, id: number, input: CancelTaskRequest, clientAddress: string): Promise<VisitTaskItem> {
  const { db } = ctx.database;
  const task = await findTask(db, actor, id);
  if (task.status !== 'open') throw conflict(`该任务${task.status === 'done' ? '已走访' : '已取消'}，不能取消`);
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('visit_tasks').set({ status: 'cancelled' }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict('该任务已被他人处理，请刷新后重试');
    await insertAudit(trx, {
      actor, action: 'update', entity: 'visit_task', entityId: id, regionCode: task.region_code,
      before: { status: 'open' }, after: { status: 'cancelled' }, reason: input.reason, clientAddress,
    });
    return toTaskItem(await findTask(trx, actor, id), today());
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Plans

function planRows(db: Db) {
  return db.selectFrom('visit_plans as p')
    .leftJoin('regions as r', 'r.code', 'p.region_code')
    .leftJoin('campaigns as c', 'c.id', 'p.campaign_id')
    .leftJoin('users as u', 'u.id', 'p.created_by')
    .selectAll('p')
    .select(['r.name as region_name', 'c.name as campaign_name', 'u.display_name as created_by_name']);
}
type PlanRow = NonNullable<Awaited<ReturnType<ReturnType<typeof planRows>['executeTakeFirst']>>>;

interface PlanCounts { planned: number; done: number; overdue: number; unassigned: number; cancelled: number }

/** Counts of the plans' tasks inside the viewer's jurisdiction. */
async function planCounts(db: Db, actor: RequestUser, planIds: number[], asOf: string): Promise<Map<number, PlanCounts>> {
  if (!planIds.length) return new Map();
  const rows = await db.selectFrom('visit_tasks as t')
    .select([
      't.plan_id',
      sql<string>`count(*) FILTER (WHERE t.status <> 'cancelled')`.as('planned'),
      sql<string>`count(*) FILTER (WHERE t.status = 'done')`.as('done'),
      sql<string>`count(*) FILTER (WHERE t.status = 'open' AND t.due_on < ${asOf})`.as('overdue'),
      sql<string>`count(*) FILTER (WHERE t.status = 'open' AND t.assignee_id IS NULL)`.as('unassigned'),
      sql<string>`count(*) FILTER (WHERE t.status = 'cancelled')`.as('cancelled'),
    ])
    .where('t.plan_id', 'in', planIds).where(inJurisdiction(actor, 't.region_code')).groupBy('t.plan_id').execute();
  return new Map(rows.map((r) => [Number(r.plan_id), {
    planned: Number(r.planned), done: Number(r.done), overdue: Number(r.overdue), unassigned: Number(r.unassigned), cancelled: Number(r.cancelled),
  }]));
}

const ZERO: PlanCounts = { planned: 0, done: 0, overdue: 0, unassigned: 0, cancelled: 0 };

function toPlanItem(r: PlanRow, c: PlanCounts): PlanListItem {
  return {
    id: r.id, name: r.name, kind: r.kind as VisitKind, campaignId: r.campaign_id, campaignName: r.campaign_name ?? null, regionCode: r.region_code,
    regionName: r.region_name ?? r.region_code, dueOn: r.due_on, status: r.status as PlanStatus, planned: c.planned, done: c.done,
    overdue: c.overdue, createdBy: r.created_by_name ?? null, createdAt: iso(r.created_at)!,
  };
}

/** Plans made in the viewer's region, above it (their tasks in the viewer's region), or below it. */
export async function listPlans(ctx: Ctx, actor: RequestUser, q: PlanQuery): Promise<PlanPage> {
  const { db } = ctx.database;
  if (q.regionCode) assertInJurisdiction(actor, q.regionCode, '区域');
  let base = db.selectFrom('visit_plans as p').where(launchedAboveOrWithin(actor, 'p.region_code'));
  if (q.regionCode) base = base.where(inRegion(q.regionCode, 'p.region_code'));
  if (q.campaignId !== undefined) base = base.where('p.campaign_id', '=', q.campaignId);
  if (q.status) base = base.where('p.status', '=', q.status);
  const [{ n }, ids] = await Promise.all([
    base.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    base.select('p.id').orderBy('p.status').orderBy('p.due_on', 'desc').orderBy('p.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
  ]);
  const idList = ids.map((r) => r.id);
  if (!idList.length) return { items: [], total: Number(n) };
  const [rows, counts] = await Promise.all([planRows(db).where('p.id', 'in', idList).execute(), planCounts(db, actor, idList, today())]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { items: idList.map((id) => toPlanItem(byId.get(id)!, counts.get(id) ?? ZERO)), total: Number(n) };
}

async function findPlan(db: Db, actor: RequestUser, id: number): Promise<PlanRow> {
  const row = await planRows(db).where('p.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('走访计划');
  assertLaunchedAboveOrWithin(actor, row.region_code, '走访计划');
  return row;
}

export async function planDetail(ctx: Ctx, actor: RequestUser, id: number, db: Db = ctx.database.db): Promise<PlanDetail> {
  const p = await findPlan(db, actor, id);
  const asOf = today();
  // Progress per direct child of the deeper of the plan's region and the viewer's.
  const base = canAccessRegion(actor, p.region_code) ? p.region_code : actor.regionCode;
  const len = childPrefixLength(base);
  const [counts, children, rows, overdueRows] = await Promise.all([
    planCounts(db, actor, [id], asOf),
    regionLevel(base) === 5 ? regionName(db, base).then((name) => [{ code: base, name: name ?? base }]) : childRegions(db, base),
    db.selectFrom('visit_tasks as t')
      .select([
        sql<string>`rpad(substr(t.region_code, 1, ${sql.lit(len)}), 12, '0')`.as('child'),
        sql<string>`count(*) FILTER (WHERE t.status <> 'cancelled')`.as('planned'),
        sql<string>`count(*) FILTER (WHERE t.status = 'done')`.as('done'),
        sql<string>`count(*) FILTER (WHERE t.status = 'open' AND t.due_on < ${asOf})`.as('overdue'),
      ])
      .where('t.plan_id', '=', id).where(inRegion(base, 't.region_code')).groupBy(sql`1`).execute(),
    taskRows(db).where('t.plan_id', '=', id).where(inRegion(base, 't.region_code')).where('t.status', '=', 'open').where('t.due_on', '<', asOf)
      .orderBy('t.region_code').orderBy('t.id').limit(500).execute(),
  ]);
  const byChild = new Map(rows.map((r) => [r.child, r]));
  const c = counts.get(id) ?? ZERO;
  return {
    ...toPlanItem(p, c),
    filter: HouseholdFilter.parse(p.filter), assignment: Assignment.parse(p.assignment ?? { mode: 'village_workers' }),
    unassigned: c.unassigned, cancelled: c.cancelled,
    progress: children.map((ch) => {
      const r = byChild.get(ch.code);
      return { regionCode: ch.code, regionName: ch.name, planned: Number(r?.planned ?? 0), done: Number(r?.done ?? 0), overdue: Number(r?.overdue ?? 0) };
    }).filter((r) => r.planned > 0 || regionLevel(base) >= 4),
    overdueTasks: overdueRows.map((r) => toTaskItem(r, asOf)),
  };
}

/** The tasks of a new plan, in one INSERT … SELECT; returns how many were created. */
export async function insertPlanTasks(
  db: Db, plan: { id: number; kind: string; regionCode: string; dueOn: string; name: string; filter: HouseholdFilter; assignment: Assignment },
  asOf: string,
): Promise<number> {
  const { filter, assignment } = plan;
  const region = inRegion(plan.regionCode, 'h.region_code');
  const cats = filter.categories.length ? sql`AND h.category_kinds && ${sql.val(filter.categories)}::text[]` : sql``;
  const villages = filter.villageCodes.length ? sql`AND h.region_code IN (${sql.join(filter.villageCodes)})` : sql``;
  const tags = filter.tags.length
    ? sql`AND EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.removed_at IS NULL AND m.tags && ${sql.val(filter.tags)}::text[])`
    : sql``;
  const workerRegion = inRegion(plan.regionCode, 'u.region_code');
  const useWorkers = assignment.mode === 'village_workers' || (assignment.mode === 'leader' && assignment.fallback === 'village_workers');
  const assignee = assignment.mode === 'user' ? sql`${assignment.userId ?? null}::integer`
    : assignment.mode === 'leader' ? (useWorkers ? sql`CASE WHEN lp.id IS NOT NULL THEN lp.leader_user_id ELSE w.id END` : sql`lp.leader_user_id`)
      : sql`w.id`;
  const result = await sql<{ n: string }>`
    WITH hh AS (
      SELECT h.id, h.region_code, row_number() OVER (PARTITION BY h.region_code ORDER BY h.id) AS rn
      FROM households h
      WHERE ${region} ${cats} ${villages} ${tags}
        AND EXISTS (SELECT 1 FROM members cm WHERE cm.household_id = h.id AND cm.removed_at IS NULL)
    ), workers AS (
      SELECT u.id, u.region_code, row_number() OVER (PARTITION BY u.region_code ORDER BY u.id) - 1 AS idx,
             count(*) OVER (PARTITION BY u.region_code) AS cnt
      FROM users u
      WHERE u.role = 'village_staff' AND NOT u.disabled AND ${workerRegion} AND ${sql.lit(useWorkers)}
    ), ins AS (
      INSERT INTO visit_tasks (plan_id, kind, region_code, household_id, assignee_id, pairing_id, due_on, reason)
      SELECT ${plan.id}, ${plan.kind}, hh.region_code, hh.id, ${assignee}, ${assignment.mode === 'leader' ? sql`lp.id` : sql`NULL::bigint`},
             ${plan.dueOn}::date, ${plan.name}
      FROM hh
      LEFT JOIN workers w ON w.region_code = hh.region_code AND w.idx = (hh.rn - 1) % w.cnt
      LEFT JOIN LATERAL (
        SELECT p.id, p.leader_user_id FROM leader_pairings p
        WHERE p.household_id = hh.id AND p.started_on <= ${asOf}::date AND (p.ended_on IS NULL OR p.ended_on >= ${asOf}::date)
        ORDER BY p.started_on DESC, p.id DESC LIMIT 1
      ) lp ON ${sql.lit(assignment.mode === 'leader')}
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT count(*) AS n FROM ins`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export async function createPlan(ctx: Ctx, actor: RequestUser, input: CreatePlanRequest, clientAddress: string): Promise<PlanDetail> {
  const { db } = ctx.database;
  assertInJurisdiction(actor, input.regionCode, '区域');
  if (regionLevel(input.regionCode) === 5 && input.filter.villageCodes.some((v) => v !== input.regionCode)) {
    throw invalid('villageCodes', '所选村（社区）不在计划区域内');
  }
  input.filter.villageCodes.forEach((v, i) => {
    if (!canAccessRegion({ regionCode: input.regionCode }, v) || regionLevel(v) !== 5) {
      throw invalid(`filter.villageCodes.${i}`, `村（社区）${v} 不在计划区域内`);
    }
  });
  const asOf = today();
  if (input.dueOn < asOf) throw invalid('dueOn', '完成时限不能早于今天');
  if (!(await regionName(db, input.regionCode))) throw invalid('regionCode', `区划代码 ${input.regionCode} 不存在`);
  if (input.campaignId !== null) {
    const c = await db.selectFrom('campaigns').select(['region_code', 'status']).where('id', '=', input.campaignId).executeTakeFirst();
    if (!c) throw invalid('campaignId', '所选专项行动不存在');
    assertLaunchedAboveOrWithin(actor, c.region_code, '专项行动');
    if (c.status !== 'active') throw invalid('campaignId', '所选专项行动已结束');
  }
  let chosen: { region_code: string; display_name: string } | null = null;
  if (input.assignment.mode === 'user') {
    const u = await db.selectFrom('users').select(['id', 'display_name', 'role', 'region_code', 'disabled']).where('id', '=', input.assignment.userId!).executeTakeFirst();
    if (!u || u.disabled || !VISITORS.includes(u.role as Role) || !canAccessRegion(actor, u.region_code)) {
      throw invalid('assignment.userId', '走访人应为启用的、可以登记走访的本辖区工作人员');
    }
    chosen = u;
  }
  return db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('visit_plans').values({
      campaign_id: input.campaignId, region_code: input.regionCode, name: input.name, kind: input.kind, filter: JSON.stringify(input.filter),
      assignment: JSON.stringify(input.assignment), due_on: input.dueOn, created_by: actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    const n = await insertPlanTasks(trx, { id, kind: input.kind, regionCode: input.regionCode, dueOn: input.dueOn, name: input.name, filter: input.filter, assignment: input.assignment }, asOf);
    if (n === 0) throw invalid('filter', '没有符合条件的家庭，请调整选户条件');
    if (chosen) {
      const userRegion = chosen.region_code;
      const outside = await trx.selectFrom('visit_tasks').select(sql<string>`count(*)`.as('n'))
        .where('plan_id', '=', id).where((eb) => eb.not(inRegion(userRegion, 'region_code'))).executeTakeFirstOrThrow();
      if (Number(outside.n) > 0) {
        throw new AppError('VALIDATION', `所选走访人的管辖范围不包括其中 ${outside.n} 户，请缩小范围或改用其他分派方式`, { field: 'assignment.userId' });
      }
    }
    await insertAudit(trx, { actor, action: 'create', entity: 'visit_plan', entityId: id, regionCode: input.regionCode, after: { ...input, tasks: n }, clientAddress });
    return planDetail(ctx, actor, id, trx);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Leader pairings

function pairingRows(db: Db) {
  return db.selectFrom('leader_pairings as lp')
    .innerJoin('households as h', 'h.id', 'lp.household_id')
    .leftJoin('regions as r', 'r.code', 'lp.region_code')
    .select([
      'lp.id', 'lp.household_id', 'h.head_name', 'lp.region_code', 'r.name as region_name', 'lp.leader_name', 'lp.leader_title',
      'lp.leader_user_id', 'lp.started_on', 'lp.ended_on',
    ]);
}
type PairingRow = NonNullable<Awaited<ReturnType<ReturnType<typeof pairingRows>['executeTakeFirst']>>>;

const toPairing = (r: PairingRow): PairingView => ({
  id: r.id, householdId: r.household_id, headName: r.head_name, regionCode: r.region_code, regionName: r.region_name ?? r.region_code,
  leaderName: r.leader_name, leaderTitle: r.leader_title, leaderUserId: r.leader_user_id, startedOn: r.started_on, endedOn: r.ended_on,
});

export async function listPairings(ctx: Ctx, actor: RequestUser, q: PairingQuery): Promise<PairingPage> {
  const { db } = ctx.database;
  if (q.regionCode) assertInJurisdiction(actor, q.regionCode, '区域');
  let base = pairingRows(db).where(inJurisdiction(actor, 'lp.region_code'));
  if (q.regionCode) base = base.where(inRegion(q.regionCode, 'lp.region_code'));
  if (q.householdId !== undefined) base = base.where('lp.household_id', '=', q.householdId);
  const asOf = today();
  if (q.active === true) base = base.where((eb) => eb.or([eb('lp.ended_on', 'is', null), eb('lp.ended_on', '>=', asOf)]));
  if (q.active === false) base = base.where('lp.ended_on', '<', asOf);
  const [{ n }, rows] = await Promise.all([
    base.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    base.orderBy('lp.region_code').orderBy('lp.id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
  ]);
  return { items: rows.map(toPairing), total: Number(n) };
}

export async function createPairing(ctx: Ctx, actor: RequestUser, input: CreatePairingRequest, clientAddress: string): Promise<PairingView> {
  const { db } = ctx.database;
  const h = await db.selectFrom('households').select(['id', 'region_code']).where('id', '=', input.householdId)
    .where(inJurisdiction(actor, 'region_code')).executeTakeFirst();
  if (!h) throw notFound('家庭');
  if (input.leaderUserId !== null) {
    const u = await db.selectFrom('users').select(['id', 'disabled']).where('id', '=', input.leaderUserId).executeTakeFirst();
    if (!u || u.disabled) throw invalid('leaderUserId', '所选的领导干部账号不存在或已停用');
  }
  return db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('leader_pairings').values({
      household_id: h.id, region_code: h.region_code, leader_name: input.leaderName, leader_title: input.leaderTitle,
      leader_user_id: input.leaderUserId, started_on: input.startedOn, created_by: actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    await insertAudit(trx, { actor, action: 'create', entity: 'leader_pairing', entityId: id, regionCode: h.region_code, after: input, clientAddress });
    return toPairing((await pairingRows(trx).where('lp.id', '=', id).executeTakeFirst())!);
  });
}

export async function endPairing(ctx: Ctx, actor: RequestUser, id: number, input: EndPairingRequest, clientAddress: string): Promise<PairingView> {
  const { db } = ctx.database;
  const p = await pairingRows(db).where('lp.id', '=', id).where(inJurisdiction(actor, 'lp.region_code')).executeTakeFirst();
  if (!p) throw notFound('结对关系');
  if (p.ended_on !== null) throw conflict(`该结对已于 ${p.ended_on} 结束`);
  if (input.endedOn < p.started_on) throw invalid('endedOn', '结束日期不能早于结对开始日期');
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('leader_pairings').set({ ended_on: input.endedOn }).where('id', '=', id).where('ended_on', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict('该结对已被他人结束，请刷新后重试');
    await insertAudit(trx, {
      actor, action: 'update', entity: 'leader_pairing', entityId: id, regionCode: p.region_code,
      before: { endedOn: null }, after: { endedOn: input.endedOn }, clientAddress,
    });
    return toPairing((await pairingRows(trx).where('lp.id', '=', id).executeTakeFirst())!);
  });
}
