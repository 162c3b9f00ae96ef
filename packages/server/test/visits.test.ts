import type {
  CampaignDetail, CampaignPage, CreateHouseholdRequest, HouseholdView, NotificationList, PairingView, PlanDetail, PlanPage, TaskPage, VisitsDashboardView, VisitTaskItem,
} from '@doudi/domain';
import { chinaDate } from '@doudi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { coverageByRegion, coverageTotal } from '../src/modules/visits/queries.js';
import { remindOverdueVisits, TOWNSHIP_REMINDER, VISITOR_REMINDER } from '../src/modules/visits/reminders.js';
import { makeId } from './factories.js';
import { startTestApp, type TestApp, type TestUser } from './harness.js';

const PROVINCE = '510000000000';
const CITY = '510100000000';
const COUNTY = '510131000000';
const DATANG = '510131101000';
const DONGYUE = '510131101200';
const CHAOYANGHU = '510131103000';

const addDays = (n: number) => chinaDate(new Date(Date.now() + n * 86_400_000));

describe('visits: campaigns, plans, tasks, pairings, dashboard', () => {
  let t: TestApp;
  let province: TestUser;
  let county: TestUser;
  let township: TestUser;
  let neighbour: TestUser;
  let village: TestUser;
  let village2: TestUser;
  let otherVillage: string;
  let neighbourVillage: string;
  const hh: HouseholdView[] = [];

  const get = (u: TestUser, url: string) => t.app.inject({ method: 'GET', url, headers: u.headers });
  const send = (u: TestUser, method: 'POST' | 'PUT', url: string, payload: unknown) =>
    t.app.inject({ method, url, headers: u.headers, payload: payload as object });
  const db = () => t.ctx.database.db;

  async function household(regionCode: string, kinds: string[], tags: string[] = []) {
    const body = {
      regionCode, urbanRural: 'rural', hukouAddress: '蒲江县测试地址', residenceAddress: '蒲江县大塘镇测试路1号', povertyReasons: ['illness'],
      categories: kinds.map((kind) => ({ kind, startDate: '2024-01-01' })), assistance: [], personCategories: [],
      members: [{ name: `户主${hh.length}`, relation: 'head', idNumber: makeId('19500101'), phone: '13912345678', tags }],
    } as unknown as CreateHouseholdRequest;
    const res = await send(county, 'POST', '/api/registry/households', body);
    expect(res.statusCode, res.body).toBe(201);
    const h = res.json<HouseholdView>();
    hh.push(h);
    return h;
  }

  const campaignBody = {
    name: '困难群众温暖过冬专项行动', docNumber: '川民发〔2023〕133号', startsOn: addDays(-10), endsOn: addDays(60),
    description: '测试', targetGroups: { categories: ['dibao'], tags: [] },
    tasks: [{ seq: 1, title: '加强低收入人口监测和救助' }, { seq: 2, title: '组织开展困难群众集中慰问' }],
  };

  beforeAll(async () => {
    t = await startTestApp({ regionFilter: ['51'] });
    province = await t.user({ role: 'province_staff', regionCode: PROVINCE });
    county = await t.user({ role: 'county_staff', regionCode: COUNTY });
    township = await t.user({ role: 'township_staff', regionCode: DATANG });
    neighbour = await t.user({ role: 'township_staff', regionCode: CHAOYANGHU });
    village = await t.user({ role: 'village_staff', regionCode: DONGYUE });
    village2 = await t.user({ role: 'village_staff', regionCode: DONGYUE });
    otherVillage = (await db().selectFrom('regions').select('code').where('parent_code', '=', DATANG).where('code', '<>', DONGYUE).orderBy('code').executeTakeFirstOrThrow()).code;
    neighbourVillage = (await db().selectFrom('regions').select('code').where('parent_code', '=', CHAOYANGHU).orderBy('code').executeTakeFirstOrThrow()).code;
    await household(DONGYUE, ['dibao']); // 0
    await household(DONGYUE, ['tekun_dispersed'], ['living_alone']); // 1
    await household(DONGYUE, ['dibao'], ['living_alone']); // 2
    await household(otherVillage, ['marginal']); // 3
    await household(otherVillage, ['monitoring']); // 4: not in the plan's categories
    await household(neighbourVillage, ['dibao']); // 5: another township
  }, 300_000);
  afterAll(async () => t?.close());

  test('campaign cascade: province launches, township sees its own view and reports, neighbour does not see it, county rolls up', async () => {
    const created = await send(province, 'POST', '/api/visits/campaigns', campaignBody);
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json<CampaignDetail>();
    expect(c.tasks).toHaveLength(2);
    expect(c.canEdit).toBe(true);

    // Everyone below sees it; a township may not launch above itself, a township user cannot edit it.
    for (const u of [county, township, neighbour, village]) {
      const list = (await get(u, '/api/visits/campaigns')).json<CampaignPage>();
      expect(list.items.map((i) => i.id)).toContain(c.id);
    }
    const tv = (await get(township, `/api/visits/campaigns/${c.id}`)).json<CampaignDetail>();
    expect(tv.viewerRegionCode).toBe(DATANG);
    expect(tv.canEdit).toBe(false);
    expect(tv.canReport).toBe(true);
    const edit = await send(township, 'PUT', `/api/visits/campaigns/${c.id}`, { ...campaignBody, version: c.version });
    expect(edit.statusCode).toBe(403);

    const task = tv.tasks[0]!;
    const rep = await send(township, 'PUT', `/api/visits/campaigns/${c.id}/tasks/${task.id}/report`, { status: 'done', note: '已完成摸排', version: 0 });
    expect(rep.statusCode, rep.body).toBe(200);
    expect(rep.json<CampaignDetail>().tasks[0]!.own).toMatchObject({ status: 'done', version: 1 });
    const stale = await send(township, 'PUT', `/api/visits/campaigns/${c.id}/tasks/${task.id}/report`, { status: 'in_progress', note: '', version: 0 });
    expect(stale.statusCode).toBe(409);
    const nrep = await send(neighbour, 'PUT', `/api/visits/campaigns/${c.id}/tasks/${task.id}/report`, { status: 'in_progress', note: '推进中', version: 0 });
    expect(nrep.statusCode).toBe(200);

    // The township sees its own report only (no sibling's), the neighbour its own.
    const tv2 = (await get(township, `/api/visits/campaigns/${c.id}`)).json<CampaignDetail>();
    expect(tv2.tasks[0]!.own.status).toBe('done');
    expect(JSON.stringify(tv2)).not.toContain('推进中');
    expect(tv2.tasks[0]!.children.every((ch) => ch.regionCode.startsWith('510131101'))).toBe(true);
    const nv = (await get(neighbour, `/api/visits/campaigns/${c.id}`)).json<CampaignDetail>();
    expect(nv.tasks[0]!.own.status).toBe('in_progress');
    expect(JSON.stringify(nv)).not.toContain('已完成摸排');

    // The county rolls up its townships.
    const cv = (await get(county, `/api/visits/campaigns/${c.id}`)).json<CampaignDetail>();
    const townships = await db().selectFrom('regions').select('code').where('parent_code', '=', COUNTY).execute();
    expect(cv.tasks[0]!.rollup).toEqual({ done: 1, inProgress: 1, notStarted: townships.length - 2 });
    expect(cv.tasks[0]!.children.find((ch) => ch.regionCode === DATANG)?.status).toBe('done');
    expect(cv.tasks[1]!.rollup.notStarted).toBe(townships.length);

    // Dashboard roll-up at the county.
    const dash = (await get(county, `/api/visits/dashboard?campaignId=${c.id}`)).json<VisitsDashboardView>();
    expect(dash.campaign!.tasks[0]).toMatchObject({ done: 1, inProgress: 1 });
  });

  test('a township campaign is not visible to the neighbour township, visible to the county and the village; only the launcher closes it', async () => {
    const res = await send(township, 'POST', '/api/visits/campaigns', { ...campaignBody, name: '大塘镇春节前走访' });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json<CampaignDetail>();
    expect((await get(neighbour, `/api/visits/campaigns/${c.id}`)).statusCode).toBe(404);
    expect((await get(neighbour, '/api/visits/campaigns')).json<CampaignPage>().items.map((i) => i.id)).not.toContain(c.id);
    expect((await send(neighbour, 'PUT', `/api/visits/campaigns/${c.id}/tasks/${c.tasks[0]!.id}/report`, { status: 'done', note: '', version: 0 })).statusCode).toBe(404);
    expect((await send(neighbour, 'POST', `/api/visits/campaigns/${c.id}/close`, { version: c.version })).statusCode).toBe(404);
    expect((await get(village, `/api/visits/campaigns/${c.id}`)).statusCode).toBe(200);
    const cv = (await get(county, `/api/visits/campaigns/${c.id}`)).json<CampaignDetail>();
    expect(cv.tasks[0]!.children.map((ch) => ch.regionCode)).toEqual([DATANG]);
    expect((await send(county, 'POST', `/api/visits/campaigns/${c.id}/close`, { version: c.version })).statusCode).toBe(403);
    const staleEdit = await send(township, 'PUT', `/api/visits/campaigns/${c.id}`, { ...campaignBody, version: c.version + 5 });
    expect(staleEdit.statusCode).toBe(409);
    const closed = await send(township, 'POST', `/api/visits/campaigns/${c.id}/close`, { version: c.version });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json<CampaignDetail>().status).toBe('closed');
    expect((await send(township, 'POST', `/api/visits/campaigns/${c.id}/close`, { version: c.version + 1 })).statusCode).toBe(409);
    // Launching outside the jurisdiction answers 404; a bad period 400.
    expect((await send(township, 'POST', '/api/visits/campaigns', { ...campaignBody, regionCode: CHAOYANGHU })).statusCode).toBe(404);
    const bad = await send(township, 'POST', '/api/visits/campaigns', { ...campaignBody, endsOn: addDays(-20) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('结束日期');
  });

  let plan: PlanDetail;

  test('a plan selects households by category and tag in the jurisdiction, assigns village workers round-robin, counts exactly', async () => {
    const campaignId = (await get(township, '/api/visits/campaigns?status=active')).json<CampaignPage>().items.find((i) => i.regionCode === PROVINCE)!.id;
    const res = await send(township, 'POST', '/api/visits/plans', {
      regionCode: DATANG, name: '春节前集中走访', kind: 'concentrated', campaignId, dueOn: addDays(20),
      filter: { categories: ['dibao', 'tekun_dispersed', 'marginal'] }, assignment: { mode: 'village_workers' },
    });
    expect(res.statusCode, res.body).toBe(201);
    plan = res.json<PlanDetail>();
    expect(plan.planned).toBe(4); // 0,1,2 in 东岳村, 3 in the other village; not 4 (monitoring) nor 5 (neighbour)
    expect(plan.unassigned).toBe(1); // the other village has no worker
    const tasks = (await get(township, `/api/visits/tasks?planId=${plan.id}&pageSize=50`)).json<TaskPage>().items;
    const dongyue = tasks.filter((x) => x.regionCode === DONGYUE).sort((a, b) => a.householdId! - b.householdId!);
    expect(dongyue.map((x) => x.assigneeId)).toEqual([village.id, village2.id, village.id]);
    expect(tasks.find((x) => x.householdId === hh[3]!.id)!.assigneeId).toBeNull();
    expect(tasks.map((x) => x.householdId)).not.toContain(hh[5]!.id);
    expect(plan.progress.find((p) => p.regionCode === DONGYUE)).toMatchObject({ planned: 3, done: 0 });

    // Tag filter with category: living alone AND (dibao or tekun): households 1, 2.
    const tagged = await send(township, 'POST', '/api/visits/plans', {
      regionCode: DATANG, name: '独居老人走访', kind: 'adhoc', dueOn: addDays(5),
      filter: { categories: ['dibao', 'tekun_dispersed'], tags: ['living_alone'] }, assignment: { mode: 'user', userId: village.id },
    });
    expect(tagged.statusCode, tagged.body).toBe(201);
    expect(tagged.json<PlanDetail>().planned).toBe(2);

    // A user whose jurisdiction does not include all households: 400 naming the field.
    const narrow = await send(township, 'POST', '/api/visits/plans', {
      regionCode: DATANG, name: '不合适的分派', kind: 'adhoc', dueOn: addDays(5), filter: { categories: ['dibao', 'marginal'] },
      assignment: { mode: 'user', userId: village.id },
    });
    expect(narrow.statusCode).toBe(400);
    expect(narrow.json().field).toBe('assignment.userId');
    // Nothing matches: 400; outside the jurisdiction: 404.
    expect((await send(township, 'POST', '/api/visits/plans', {
      regionCode: DATANG, name: '无人', kind: 'adhoc', dueOn: addDays(5), filter: { categories: ['rigid_expense'] }, assignment: { mode: 'village_workers' },
    })).statusCode).toBe(400);
    expect((await send(neighbour, 'POST', '/api/visits/plans', {
      regionCode: DATANG, name: '越界', kind: 'adhoc', dueOn: addDays(5), filter: { categories: ['dibao'] }, assignment: { mode: 'village_workers' },
    })).statusCode).toBe(404);
    // Village staff cannot plan.
    expect((await send(village, 'POST', '/api/visits/plans', {
      regionCode: DONGYUE, name: '村计划', kind: 'adhoc', dueOn: addDays(5), filter: { categories: ['dibao'] }, assignment: { mode: 'village_workers' },
    })).statusCode).toBe(403);

    // The neighbour sees neither the plan nor its tasks.
    expect((await get(neighbour, `/api/visits/plans/${plan.id}`)).statusCode).toBe(404);
    expect((await get(neighbour, '/api/visits/plans')).json<PlanPage>().items.map((p) => p.id)).not.toContain(plan.id);
    expect((await get(neighbour, `/api/visits/tasks?planId=${plan.id}`)).json<TaskPage>().total).toBe(0);
    expect((await send(neighbour, 'POST', `/api/visits/tasks/${tasks[0]!.id}/reassign`, { assigneeId: null })).statusCode).toBe(404);
    expect((await send(neighbour, 'POST', `/api/visits/tasks/${tasks[0]!.id}/cancel`, { reason: '越界取消' })).statusCode).toBe(404);
    // The village worker sees the township's plan with only its village.
    const vp = (await get(village, `/api/visits/plans/${plan.id}`)).json<PlanDetail>();
    expect(vp.planned).toBe(3);
    expect(vp.progress.map((p) => p.regionCode)).toEqual([DONGYUE]);
  });

  test('reassign and cancel; overdue tasks and exact coverage', async () => {
    const tasks = (await get(township, `/api/visits/tasks?planId=${plan.id}&pageSize=50`)).json<TaskPage>().items;
    const other = tasks.find((x) => x.householdId === hh[3]!.id)!;
    const wrong = await send(township, 'POST', `/api/visits/tasks/${other.id}/reassign`, { assigneeId: village.id });
    expect(wrong.statusCode).toBe(400);
    const ok = await send(township, 'POST', `/api/visits/tasks/${other.id}/reassign`, { assigneeId: township.id });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<VisitTaskItem>().assigneeId).toBe(township.id);
    const cancelled = await send(township, 'POST', `/api/visits/tasks/${other.id}/cancel`, { reason: '已搬离' });
    expect(cancelled.json<VisitTaskItem>().status).toBe('cancelled');
    expect((await send(township, 'POST', `/api/visits/tasks/${other.id}/cancel`, { reason: '再次取消' })).statusCode).toBe(409);

    // Make two 东岳村 tasks of the plan overdue, one of them done.
    const dongyue = tasks.filter((x) => x.regionCode === DONGYUE);
    await db().updateTable('visit_tasks').set({ due_on: addDays(-3) }).where('id', 'in', dongyue.slice(0, 2).map((x) => x.id)).execute();
    await db().updateTable('visit_tasks').set({ status: 'done', done_at: new Date() }).where('id', '=', dongyue[0]!.id).execute();
    const overdue = (await get(township, '/api/visits/tasks?overdue=true')).json<TaskPage>();
    expect(overdue.items.map((x) => x.id)).toEqual([dongyue[1]!.id]);
    expect(overdue.items[0]!.overdue).toBe(true);
    const detail = (await get(township, `/api/visits/plans/${plan.id}`)).json<PlanDetail>();
    expect(detail.overdueTasks.map((x) => x.id)).toEqual([dongyue[1]!.id]);
    expect(detail).toMatchObject({ planned: 3, done: 1, overdue: 1, cancelled: 1 });
    const mine = (await get(village, '/api/visits/tasks?assignee=me&status=open')).json<TaskPage>();
    expect(mine.items.every((x) => x.assigneeId === village.id)).toBe(true);

    // Coverage over the whole window: every task of every plan in 大塘镇 (3 + 2 tagged), 1 done, 1 overdue, 1 cancelled excluded.
    const from = addDays(-30);
    const to = addDays(30);
    const total = await coverageTotal(db(), DATANG, from, to);
    expect(total).toEqual({ due: 5, done: 1, overdue: 1 });
    const byVillage = await coverageByRegion(db(), DATANG, from, to);
    expect(byVillage.find((r) => r.regionCode === DONGYUE)).toMatchObject({ due: 5, done: 1, overdue: 1 });
    expect(byVillage.find((r) => r.regionCode === otherVillage)).toMatchObject({ due: 0, done: 0, overdue: 0 });
    const byTownship = await coverageByRegion(db(), COUNTY, from, to);
    expect(byTownship.find((r) => r.regionCode === DATANG)).toMatchObject({ due: 5, done: 1, overdue: 1, regionName: '大塘镇' });
    expect(byTownship.find((r) => r.regionCode === CHAOYANGHU)).toMatchObject({ due: 0 });
    // Only the window: tasks due outside it are not counted.
    expect(await coverageTotal(db(), DATANG, addDays(-1), addDays(1))).toEqual({ due: 0, done: 0, overdue: 0 });

    const dash = (await get(county, `/api/visits/dashboard?from=${from}&to=${to}`)).json<VisitsDashboardView>();
    expect(dash.region).toMatchObject({ due: 5, done: 1, overdue: 1, rate: 20 });
    expect(dash.children.find((c) => c.regionCode === DATANG)).toMatchObject({ due: 5, rate: 20 });
    expect(dash.overdueByKind.concentrated).toBe(1);
    const pdash = (await get(province, `/api/visits/dashboard?from=${from}&to=${to}`)).json<VisitsDashboardView>();
    expect(pdash.children.find((c) => c.regionCode === CITY)).toMatchObject({ due: 5, done: 1 });
    expect((await get(neighbour, `/api/visits/dashboard?regionCode=${DATANG}`)).statusCode).toBe(404);
    expect((await get(neighbour, `/api/visits/dashboard?from=${from}&to=${to}`)).json<VisitsDashboardView>().region.due).toBe(0);
  });

  test('the township counts kept by the triggers equal a recount of the tasks after inserts, updates, deletes and a rollback', async () => {
    const recount = async () => (await sql<Record<string, unknown>>`
      SELECT left(region_code, 9) || '000' AS township_code, due_on::text AS due_on, kind, coalesce(plan_id, 0)::bigint AS plan_id,
             count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'done')::int AS done,
             count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled
      FROM visit_tasks GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`.execute(db())).rows;
    const kept = async () => (await sql<Record<string, unknown>>`
      SELECT township_code, due_on::text AS due_on, kind, plan_id, open, done, cancelled FROM visit_task_counts
      WHERE open + done + cancelled > 0 ORDER BY 1, 2, 3, 4`.execute(db())).rows;
    const before = await recount();
    expect(before.length).toBeGreaterThan(0);
    expect(await kept()).toEqual(before);

    // Several rows in one statement, then changes of status, due date and village (to another township), then a delete.
    const added = await db().insertInto('visit_tasks').values([0, 1, 2].map((i) => ({
      kind: 'adhoc', region_code: DONGYUE, household_id: hh[i]!.id, due_on: addDays(i - 1), reason: '计数测试',
    }))).returning('id').execute();
    const ids = added.map((r) => r.id);
    expect(await kept()).toEqual(await recount());
    await db().updateTable('visit_tasks').set({ status: 'done', done_at: new Date() }).where('id', '=', ids[0]!).execute();
    await db().updateTable('visit_tasks').set({ due_on: addDays(5) }).where('id', 'in', ids).execute();
    await db().updateTable('visit_tasks').set({ region_code: otherVillage }).where('id', '=', ids[1]!).execute();
    await db().updateTable('visit_tasks').set({ region_code: neighbourVillage, status: 'cancelled' }).where('id', '=', ids[2]!).execute();
    expect(await kept()).toEqual(await recount());
    // A change rolled back leaves the counts as they were.
    await db().transaction().execute(async (trx) => {
      await trx.updateTable('visit_tasks').set({ status: 'done' }).where('id', '=', ids[1]!).execute();
      await trx.deleteFrom('visit_tasks').where('id', '=', ids[2]!).execute();
      throw new Error('rollback');
    }).catch(() => {});
    expect(await kept()).toEqual(await recount());
    await db().deleteFrom('visit_tasks').where('id', 'in', ids).execute();
    expect(await kept()).toEqual(before);
  });

  test('overdue visit reminders: the visitor and the township planners are told, once a day, and nobody else', async () => {
    const asOf = addDays(0);
    const overdue = await db().selectFrom('visit_tasks').select(['id', 'assignee_id', 'due_on']).where('status', '=', 'open').where('due_on', '<', asOf).execute();
    expect(overdue).toHaveLength(1);
    // Give the overdue task to the second village worker so that exactly one visitor is reminded.
    await db().updateTable('visit_tasks').set({ assignee_id: village2.id }).where('id', '=', overdue[0]!.id).execute();
    const first = await remindOverdueVisits(db(), asOf);
    expect(first).toEqual({ visitors: 1, townships: 1 });
    const mine = (await get(village2, '/api/notifications')).json<NotificationList>();
    expect(mine.items[0]).toMatchObject({ title: VISITOR_REMINDER, link: '/visits/mine', read: false });
    expect(mine.items[0]!.body).toContain(`您有 1 个走访任务已过应走访日期（最早应于 ${overdue[0]!.due_on}）`);
    const ts = (await get(township, '/api/notifications')).json<NotificationList>();
    expect(ts.items[0]).toMatchObject({ title: TOWNSHIP_REMINDER, link: `/visits/tasks?regionCode=${DATANG}&status=open&overdue=true` });
    expect(ts.items[0]!.body).toContain('大塘镇有 1 个走访任务已逾期');
    for (const u of [neighbour, village, county]) {
      expect((await get(u, '/api/notifications')).json<NotificationList>().items.filter((n) => n.title.includes('逾期'))).toHaveLength(0);
    }
    // The same day again: nothing new. The next day: reminded again while the task stays overdue.
    expect(await remindOverdueVisits(db(), asOf)).toEqual({ visitors: 0, townships: 0 });
    await db().updateTable('notifications').set({ created_at: sql<Date>`created_at - interval '1 day'` }).where('user_id', 'in', [village2.id, township.id]).execute();
    expect(await remindOverdueVisits(db(), asOf)).toEqual({ visitors: 1, townships: 1 });
    await db().updateTable('visit_tasks').set({ assignee_id: overdue[0]!.assignee_id }).where('id', '=', overdue[0]!.id).execute();
  });

  test('leader pairings: create, list, end; a paired household goes to its leader', async () => {
    const res = await send(township, 'POST', '/api/visits/pairings', {
      householdId: hh[0]!.id, leaderName: '王书记', leaderTitle: '大塘镇党委书记', leaderUserId: township.id, startedOn: addDays(-100),
    });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json<PairingView>();
    expect(p.regionCode).toBe(DONGYUE);
    expect((await send(neighbour, 'POST', '/api/visits/pairings', { householdId: hh[1]!.id, leaderName: '李某', startedOn: addDays(-1) })).statusCode).toBe(404);
    expect((await get(neighbour, '/api/visits/pairings')).json().total).toBe(0);
    expect((await get(township, '/api/visits/pairings?active=true')).json().items.map((x: PairingView) => x.id)).toContain(p.id);

    const lp = await send(township, 'POST', '/api/visits/plans', {
      regionCode: DONGYUE, name: '领导干部走访', kind: 'concentrated', dueOn: addDays(10), filter: { categories: ['dibao', 'tekun_dispersed'] },
      assignment: { mode: 'leader', fallback: 'unassigned' },
    });
    expect(lp.statusCode, lp.body).toBe(201);
    const tasks = (await get(township, `/api/visits/tasks?planId=${lp.json<PlanDetail>().id}`)).json<TaskPage>().items;
    expect(tasks.find((x) => x.householdId === hh[0]!.id)).toMatchObject({ assigneeId: township.id, leaderName: '王书记' });
    expect(tasks.filter((x) => x.householdId !== hh[0]!.id).every((x) => x.assigneeId === null)).toBe(true);

    expect((await send(neighbour, 'POST', `/api/visits/pairings/${p.id}/end`, { endedOn: addDays(0) })).statusCode).toBe(404);
    const ended = await send(township, 'POST', `/api/visits/pairings/${p.id}/end`, { endedOn: addDays(0) });
    expect(ended.statusCode, ended.body).toBe(200);
    expect((await send(township, 'POST', `/api/visits/pairings/${p.id}/end`, { endedOn: addDays(0) })).statusCode).toBe(409);
  });
});
