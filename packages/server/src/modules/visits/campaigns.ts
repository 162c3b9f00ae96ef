import {
  canAccessRegion, coverageRate, hasPermission, rollupReports, TargetGroups,
  type CampaignDetail, type CampaignListItem, type CampaignPage, type CampaignQuery, type CampaignStatus, type CampaignTaskInput,
  type CloseCampaignRequest, type CreateCampaignRequest, type ReportCampaignTaskRequest, type ReportStatus, type TaskReportView,
  type UpdateCampaignRequest,
} from '@doudi/domain';
import { sql } from 'kysely';
import type { AppContext, RequestUser } from '../../auth/context.js';
import { assertInJurisdiction, assertLaunchedAboveOrWithin, launchedAboveOrWithin } from '../../auth/jurisdiction.js';
import { conflict, forbidden, invalid, notFound } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import { coverageSum, regionName, type Db } from './queries.js';

/**
 * Campaigns (专项行动). A campaign launched by region C is visible to every user whose region is C, above C (the
 * launcher's superiors) or below C (`launchedAboveOrWithin`). Each viewer sees it for their own region: their own
 * region's report on each task, and the reports of their direct child regions that lie inside the campaign's scope —
 * never a sibling's (a neighbouring township does not see this township's reports).
 */

type Ctx = Pick<AppContext, 'database'>;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const EVER = { from: '0001-01-01', to: '9999-12-31' };

function campaignRows(db: Db) {
  return db.selectFrom('campaigns as c')
    .leftJoin('regions as r', 'r.code', 'c.region_code')
    .leftJoin('users as u', 'u.id', 'c.created_by')
    .selectAll('c')
    .select(['r.name as region_name', 'u.display_name as created_by_name'])
    .select((eb) => [
      eb.selectFrom('campaign_tasks as t').select(sql<string>`count(*)`.as('n')).whereRef('t.campaign_id', '=', 'c.id').as('task_count'),
    ]);
}
type CampaignRow = NonNullable<Awaited<ReturnType<ReturnType<typeof campaignRows>['executeTakeFirst']>>>;

async function ownDone(db: Db, campaignIds: number[], regionCode: string): Promise<Map<number, number>> {
  if (!campaignIds.length) return new Map();
  const rows = await db.selectFrom('campaign_task_reports as p').innerJoin('campaign_tasks as t', 't.id', 'p.task_id')
    .select(['t.campaign_id', sql<string>`count(*)`.as('n')])
    .where('t.campaign_id', 'in', campaignIds).where('p.region_code', '=', regionCode).where('p.status', '=', 'done')
    .groupBy('t.campaign_id').execute();
  return new Map(rows.map((r) => [Number(r.campaign_id), Number(r.n)]));
}

function toItem(r: CampaignRow, viewer: RequestUser, done: number): CampaignListItem {
  return {
    id: r.id, name: r.name, docNumber: r.doc_number, regionCode: r.region_code, regionName: r.region_name ?? r.region_code,
    startsOn: r.starts_on, endsOn: r.ends_on, status: r.status as CampaignStatus, taskCount: Number(r.task_count ?? 0), ownDone: done,
    launchedHere: r.region_code === viewer.regionCode, version: r.version,
  };
}

export async function listCampaigns(ctx: Ctx, actor: RequestUser, q: CampaignQuery): Promise<CampaignPage> {
  const { db } = ctx.database;
  let base = db.selectFrom('campaigns as c').where(launchedAboveOrWithin(actor, 'c.region_code'));
  if (q.status) base = base.where('c.status', '=', q.status);
  if (q.q) base = base.where((eb) => eb.or([eb('c.name', 'like', `%${q.q}%`), eb('c.doc_number', 'like', `%${q.q}%`)]));
  const [{ n }, ids] = await Promise.all([
    base.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    base.select('c.id').orderBy('c.status', 'asc').orderBy('c.starts_on', 'desc').orderBy('c.id', 'desc')
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
  ]);
  const idList = ids.map((r) => r.id);
  if (!idList.length) return { items: [], total: Number(n) };
  const [rows, done] = await Promise.all([campaignRows(db).where('c.id', 'in', idList).execute(), ownDone(db, idList, actor.regionCode)]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { items: idList.map((id) => toItem(byId.get(id)!, actor, done.get(id) ?? 0)), total: Number(n) };
}

async function findCampaign(db: Db, actor: RequestUser, id: number): Promise<CampaignRow> {
  const row = await campaignRows(db).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('专项行动');
  assertLaunchedAboveOrWithin(actor, row.region_code, '专项行动');
  return row;
}

/** Direct children of the viewer's region that lie inside the campaign's scope (or contain its launching region). */
export async function scopedChildren(db: Db, viewerRegion: string, campaignRegion: string): Promise<{ code: string; name: string }[]> {
  const rows = await db.selectFrom('regions').select(['code', 'name']).where('parent_code', '=', viewerRegion).orderBy('code').execute();
  return rows.filter((c) => canAccessRegion({ regionCode: campaignRegion }, c.code) || canAccessRegion({ regionCode: c.code }, campaignRegion));
}

function reportView(code: string, name: string, r: ReportRow | undefined): TaskReportView {
  return {
    regionCode: code, regionName: name, status: (r?.status ?? 'not_started') as ReportStatus, note: r?.note ?? '',
    updatedBy: r?.updated_by_name ?? null, updatedAt: iso(r?.updated_at ?? null), version: r?.version ?? 0,
  };
}
interface ReportRow { task_id: number; region_code: string; status: string; note: string; updated_at: Date; updated_by_name: string | null; version: number }

export async function campaignDetail(ctx: Ctx, actor: RequestUser, id: number, db: Db = ctx.database.db): Promise<CampaignDetail> {
  const c = await findCampaign(db, actor, id);
  const viewer = actor.regionCode;
  const [tasks, children, viewerName, done] = await Promise.all([
    db.selectFrom('campaign_tasks').selectAll().where('campaign_id', '=', id).orderBy('seq').execute(),
    scopedChildren(db, viewer, c.region_code),
    regionName(db, viewer),
    ownDone(db, [id], viewer),
  ]);
  const regions = [viewer, ...children.map((ch) => ch.code)];
  const reports: ReportRow[] = tasks.length
    ? await db.selectFrom('campaign_task_reports as p').leftJoin('users as u', 'u.id', 'p.updated_by')
      .select(['p.task_id', 'p.region_code', 'p.status', 'p.note', 'p.updated_at', 'p.version', 'u.display_name as updated_by_name'])
      .where('p.task_id', 'in', tasks.map((t) => t.id)).where('p.region_code', 'in', regions).execute()
    : [];
  const key = (taskId: number, region: string) => `${taskId}:${region}`;
  const byKey = new Map(reports.map((r) => [key(Number(r.task_id), r.region_code), r]));
  const cov = await coverageSum(db, viewer, EVER.from, EVER.to, { campaignId: id });
  const active = c.status === 'active';
  return {
    ...toItem(c, actor, done.get(id) ?? 0),
    description: c.description, targetGroups: TargetGroups.parse(c.target_groups ?? {}), createdBy: c.created_by_name ?? null,
    viewerRegionCode: viewer, viewerRegionName: viewerName ?? viewer,
    tasks: tasks.map((t) => {
      const childViews = children.map((ch) => reportView(ch.code, ch.name, byKey.get(key(t.id, ch.code))));
      return {
        id: t.id, seq: t.seq, title: t.title, description: t.description, dueOn: t.due_on,
        own: reportView(viewer, viewerName ?? viewer, byKey.get(key(t.id, viewer))),
        rollup: rollupReports(childViews.map((v) => v.status)),
        children: childViews,
      };
    }),
    coverage: { ...cov, rate: coverageRate(cov.done, cov.due) },
    canEdit: active && c.region_code === viewer && hasPermission(actor.role, 'visits.manage'),
    canReport: active && hasPermission(actor.role, 'visits.write'),
  };
}

async function upsertTasks(db: Db, campaignId: number, tasks: CampaignTaskInput[]): Promise<void> {
  await db.insertInto('campaign_tasks')
    .values(tasks.map((t) => ({ campaign_id: campaignId, seq: t.seq, title: t.title, description: t.description, due_on: t.dueOn })))
    .onConflict((oc) => oc.columns(['campaign_id', 'seq']).doUpdateSet((eb) => ({
      title: eb.ref('excluded.title'), description: eb.ref('excluded.description'), due_on: eb.ref('excluded.due_on'),
    })))
    .execute();
}

function checkTaskDates(tasks: CampaignTaskInput[], startsOn: string): void {
  tasks.forEach((t, i) => {
    if (t.dueOn !== null && t.dueOn < startsOn) throw invalid(`tasks.${i}.dueOn`, `第${i + 1}项任务的完成时限不能早于行动开始日期`);
  });
}

export async function createCampaign(ctx: Ctx, actor: RequestUser, input: CreateCampaignRequest, clientAddress: string): Promise<CampaignDetail> {
  const regionCode = input.regionCode ?? actor.regionCode;
  assertInJurisdiction(actor, regionCode, '区域');
  checkTaskDates(input.tasks, input.startsOn);
  const { db } = ctx.database;
  if (!(await regionName(db, regionCode))) throw invalid('regionCode', `区划代码 ${regionCode} 不存在`);
  return db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('campaigns').values({
      region_code: regionCode, name: input.name, doc_number: input.docNumber, starts_on: input.startsOn, ends_on: input.endsOn,
      description: input.description, target_groups: JSON.stringify(input.targetGroups), created_by: actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    await upsertTasks(trx, id, input.tasks);
    await insertAudit(trx, { actor, action: 'create', entity: 'campaign', entityId: id, regionCode, after: input, clientAddress });
    return campaignDetail(ctx, actor, id, trx);
  });
}

/** Only users of the launching region with visits.manage change or close a campaign. */
function assertLauncher(actor: RequestUser, c: CampaignRow): void {
  if (c.region_code !== actor.regionCode) throw forbidden('只有发起单位可以修改或结束专项行动');
}

export async function updateCampaign(
  ctx: Ctx, actor: RequestUser, id: number, input: UpdateCampaignRequest, clientAddress: string,
): Promise<CampaignDetail> {
  const { db } = ctx.database;
  const c = await findCampaign(db, actor, id);
  assertLauncher(actor, c);
  if (c.status !== 'active') throw conflict('专项行动已结束，不能修改');
  if (c.version !== input.version) throw conflict('专项行动已被他人修改，请刷新后重试', { details: { version: c.version } });
  checkTaskDates(input.tasks, input.startsOn);
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('campaigns').set({
      name: input.name, doc_number: input.docNumber, starts_on: input.startsOn, ends_on: input.endsOn, description: input.description,
      target_groups: JSON.stringify(input.targetGroups), version: c.version + 1, updated_at: new Date(),
    }).where('id', '=', id).where('version', '=', input.version).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict('专项行动已被他人修改，请刷新后重试');
    await upsertTasks(trx, id, input.tasks);
    await insertAudit(trx, {
      actor, action: 'update', entity: 'campaign', entityId: id, regionCode: c.region_code,
      before: { name: c.name, startsOn: c.starts_on, endsOn: c.ends_on, version: c.version }, after: input, clientAddress,
    });
    return campaignDetail(ctx, actor, id, trx);
  });
}

export async function closeCampaign(ctx: Ctx, actor: RequestUser, id: number, input: CloseCampaignRequest, clientAddress: string): Promise<CampaignDetail> {
  const { db } = ctx.database;
  const c = await findCampaign(db, actor, id);
  assertLauncher(actor, c);
  if (c.status !== 'active') throw conflict('专项行动已经结束');
  if (c.version !== input.version) throw conflict('专项行动已被他人修改，请刷新后重试', { details: { version: c.version } });
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('campaigns').set({ status: 'closed', version: c.version + 1, updated_at: new Date() })
      .where('id', '=', id).where('version', '=', input.version).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict('专项行动已被他人修改，请刷新后重试');
    await insertAudit(trx, {
      actor, action: 'update', entity: 'campaign', entityId: id, regionCode: c.region_code,
      before: { status: 'active', version: c.version }, after: { status: 'closed', version: c.version + 1 }, clientAddress,
    });
    return campaignDetail(ctx, actor, id, trx);
  });
}

/** The actor's own region reports its progress on one task (version 0 for the first report). */
export async function reportTask(
  ctx: Ctx, actor: RequestUser, id: number, taskId: number, input: ReportCampaignTaskRequest, clientAddress: string,
): Promise<CampaignDetail> {
  const { db } = ctx.database;
  const c = await findCampaign(db, actor, id);
  if (c.status !== 'active') throw conflict('专项行动已结束，不能再填报');
  const task = await db.selectFrom('campaign_tasks').select(['id', 'seq', 'title']).where('id', '=', taskId).where('campaign_id', '=', id).executeTakeFirst();
  if (!task) throw notFound('任务');
  const region = actor.regionCode;
  const stale = () => conflict('本级的落实情况已被他人更新，请刷新后重试');
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('campaign_task_reports').select(['status', 'note', 'version'])
      .where('task_id', '=', taskId).where('region_code', '=', region).executeTakeFirst();
    if ((before?.version ?? 0) !== input.version) throw stale();
    if (!before) {
      const r = await trx.insertInto('campaign_task_reports')
        .values({ task_id: taskId, region_code: region, status: input.status, note: input.note, updated_by: actor.id })
        .onConflict((oc) => oc.columns(['task_id', 'region_code']).doNothing()).returning('task_id').executeTakeFirst();
      if (!r) throw stale();
    } else {
      const r = await trx.updateTable('campaign_task_reports')
        .set({ status: input.status, note: input.note, updated_by: actor.id, updated_at: new Date(), version: before.version + 1 })
        .where('task_id', '=', taskId).where('region_code', '=', region).where('version', '=', input.version).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw stale();
    }
    await insertAudit(trx, {
      actor, action: before ? 'update' : 'create', entity: 'campaign_task_report', entityId: `${taskId}:${region}`, regionCode: region,
      before: before ?? undefined, after: { campaignId: id, seq: task.seq, status: input.status, note: input.note }, clientAddress,
    });
    return campaignDetail(ctx, actor, id, trx);
  });
}
