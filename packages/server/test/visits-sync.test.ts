import crypto from 'node:crypto';
import type { CreateHouseholdRequest, HouseholdView, OfflinePack, PlanDetail, TaskPage, VisitPage, VisitSyncInput, VisitView } from '@doudi/domain';
import { chinaDate } from '@doudi/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeId } from './factories.js';
import { startTestApp, type TestApp, type TestUser } from './harness.js';

const COUNTY = '510131000000';
const DATANG = '510131101000';
const DONGYUE = '510131101200';
const CHAOYANGHU = '510131103000';
const addDays = (n: number) => chinaDate(new Date(Date.now() + n * 86_400_000));

const ok = { status: 'ok', note: '' } as const;
const CHECKLIST = { clothing: ok, heating: ok, food: ok, electricity: ok, gas: { status: 'na', note: '' } as const, fire: ok, health: ok, needs: ok };
// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('visits: the sync endpoint, conflicts, outcomes, photos, offline pack', () => {
  let t: TestApp;
  let county: TestUser;
  let township: TestUser;
  let village: TestUser;
  let village2: TestUser;
  let neighbour: TestUser;
  let h: HouseholdView;
  let h2: HouseholdView;
  let tasks: TaskPage['items'];

  const get = (u: TestUser, url: string) => t.app.inject({ method: 'GET', url, headers: u.headers });
  const send = (u: TestUser, method: 'POST' | 'PUT', url: string, payload: unknown) =>
    t.app.inject({ method, url, headers: u.headers, payload: payload as object });
  const db = () => t.ctx.database.db;
  const visit = (over: Partial<VisitSyncInput> = {}): VisitSyncInput => ({
    clientId: crypto.randomUUID(), visitedAt: new Date(Date.now() - 3600_000).toISOString(), checklist: CHECKLIST, outcome: 'normal',
    cashYuan: '200.50', goods: '米一袋、油一桶', ...over,
  } as VisitSyncInput);

  beforeAll(async () => {
    t = await startTestApp();
    county = await t.user({ role: 'county_staff', regionCode: COUNTY });
    township = await t.user({ role: 'township_staff', regionCode: DATANG });
    village = await t.user({ role: 'village_staff', regionCode: DONGYUE });
    village2 = await t.user({ role: 'village_staff', regionCode: DONGYUE });
    neighbour = await t.user({ role: 'township_staff', regionCode: CHAOYANGHU });
    const mk = async (name: string) => {
      const res = await send(county, 'POST', '/api/registry/households', {
        regionCode: DONGYUE, urbanRural: 'rural', hukouAddress: '东岳村', residenceAddress: '东岳村3组', povertyReasons: ['illness'],
        categories: [{ kind: 'dibao', startDate: '2024-01-01' }], assistance: [], personCategories: [],
        members: [{ name, relation: 'head', idNumber: makeId('19480303'), phone: '13912345678', tags: ['living_alone'] }],
      } as unknown as CreateHouseholdRequest);
      expect(res.statusCode, res.body).toBe(201);
      return res.json<HouseholdView>();
    };
    h = await mk('张大爷');
    h2 = await mk('李大娘');
    await db().insertInto('policy_parameters').values([
      { region_code: COUNTY, key: 'lead_contact_days', value: 3, valid_from: '2020-01-01', valid_to: null, source: '测试参数', demo: true },
      { region_code: COUNTY, key: 'lead_handle_days', value: 10, valid_from: '2020-01-01', valid_to: null, source: '测试参数', demo: true },
    ]).execute();
    const plan = await send(township, 'POST', '/api/visits/plans', {
      regionCode: DATANG, name: '春节前走访', kind: 'concentrated', dueOn: addDays(10), filter: { categories: ['dibao'] },
      assignment: { mode: 'user', userId: village.id },
    });
    expect(plan.statusCode, plan.body).toBe(201);
    tasks = (await get(township, `/api/visits/tasks?planId=${plan.json<PlanDetail>().id}`)).json<TaskPage>().items;
  }, 300_000);
  afterAll(async () => t?.close());

  test('idempotent by clientId; the task is done in the same transaction; money in cents; phones masked', async () => {
    const task = tasks.find((x) => x.householdId === h.id)!;
    const body = visit({ taskId: task.id, recordedOffline: true, photos: [{ contentType: 'image/png', data: PNG }] });
    const first = await send(village, 'POST', '/api/visits', body);
    expect(first.statusCode, first.body).toBe(201);
    const v = first.json<VisitView>();
    expect(v).toMatchObject({ taskId: task.id, householdId: h.id, cashCents: 20050, cashYuan: '200.50', photoCount: 1, recordedOffline: true, kind: 'concentrated' });
    expect(v.phoneMasked).toBe('139****5678');
    expect(first.body).not.toContain('13912345678');
    const again = await send(village, 'POST', '/api/visits', body);
    expect(again.statusCode).toBe(200);
    expect(again.json<VisitView>().id).toBe(v.id);
    expect((await db().selectFrom('visits').select('id').where('client_id', '=', body.clientId).execute())).toHaveLength(1);
    expect((await db().selectFrom('visit_photos').select('seq').where('visit_id', '=', v.id).execute())).toHaveLength(1);
    const after = (await get(village, `/api/visits/tasks?planId=${task.planId}`)).json<TaskPage>().items.find((x) => x.id === task.id)!;
    expect(after).toMatchObject({ status: 'done', visitId: v.id });

    const photo = await get(township, `/api/visits/${v.id}/photos/1`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.rawPayload.equals(Buffer.from(PNG, 'base64'))).toBe(true);
    expect((await get(neighbour, `/api/visits/${v.id}/photos/1`)).statusCode).toBe(404);
    expect((await get(neighbour, `/api/visits/${v.id}`)).statusCode).toBe(404);
    expect((await get(neighbour, `/api/visits?householdId=${h.id}`)).json<VisitPage>().total).toBe(0);
    expect((await get(township, `/api/visits?householdId=${h.id}`)).json<VisitPage>().items.map((x) => x.id)).toEqual([v.id]);
    expect((await get(county, `/api/visits/${v.id}`)).json<VisitView>().checklist.gas.status).toBe('na');
  });

  test('a task done by another visit: 409 VISIT_TASK_DONE with who and when; resending as an extra visit stores it unlinked', async () => {
    const task = tasks.find((x) => x.householdId === h.id)!;
    const body = visit({ taskId: task.id });
    const res = await send(village2, 'POST', '/api/visits', body);
    expect(res.statusCode).toBe(409);
    const err = res.json();
    expect(err.code).toBe('VISIT_TASK_DONE');
    expect(err.message).toContain('已由');
    expect(err.details.visit.visitorId).toBe(village.id);
    expect(err.details.visit.visitedAt).toBeTruthy();
    expect((await db().selectFrom('visits').select('id').where('client_id', '=', body.clientId).execute())).toHaveLength(0);
    const extra = await send(village2, 'POST', '/api/visits', { ...body, asExtraVisit: true });
    expect(extra.statusCode, extra.body).toBe(201);
    expect(extra.json<VisitView>()).toMatchObject({ taskId: null, householdId: h.id, kind: 'concentrated' });
    const still = (await get(township, `/api/visits/tasks?planId=${task.planId}`)).json<TaskPage>().items.find((x) => x.id === task.id)!;
    expect(still.visitId).not.toBe(extra.json<VisitView>().id);
  });

  test('editing needs the current version: 409 VISIT_VERSION with the server copy; another region cannot edit', async () => {
    const v = (await send(village, 'POST', '/api/visits', visit({ householdId: h2.id, kind: 'adhoc' }))).json<VisitView>();
    const edit = { visitedAt: v.visitedAt, checklist: { ...CHECKLIST, food: { status: 'short', note: '缺少食用油' } }, cashYuan: '300', goods: '', companions: '村医', note: '' };
    const first = await send(village, 'PUT', `/api/visits/${v.id}`, { ...edit, version: v.version });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<VisitView>()).toMatchObject({ version: v.version + 1, cashCents: 30000 });
    const stale = await send(village, 'PUT', `/api/visits/${v.id}`, { ...edit, note: '另一处修改', version: v.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VISIT_VERSION');
    expect(stale.json().details.current).toMatchObject({ id: v.id, version: v.version + 1, companions: '村医' });
    expect((await send(neighbour, 'PUT', `/api/visits/${v.id}`, { ...edit, version: v.version + 1 })).statusCode).toBe(404);
    expect((await send(village2, 'PUT', `/api/visits/${v.id}`, { ...edit, version: v.version + 1 })).statusCode).toBe(403);
  });

  test('outcomes create a lead, a hazard and a care plan in the same transaction', async () => {
    const help = await send(village, 'POST', '/api/visits', visit({ householdId: h2.id, outcome: 'needs_help', outcomeDetail: '老人冬季取暖费用困难，需要临时救助' }));
    expect(help.statusCode, help.body).toBe(201);
    const hv = help.json<VisitView>();
    expect(hv.leadId).not.toBeNull();
    const lead = await db().selectFrom('leads').select(['source', 'household_id', 'person_name', 'phone_masked', 'description']).where('id', '=', hv.leadId!).executeTakeFirstOrThrow();
    expect(lead).toMatchObject({ source: 'visit', household_id: h2.id, person_name: '李大娘', phone_masked: '139****5678' });
    expect(lead.description).toContain('取暖费用');

    const hazard = await send(village, 'POST', '/api/visits', visit({
      householdId: h2.id, outcome: 'hazard', outcomeDetail: '电线老化裸露', checklist: { ...CHECKLIST, electricity: { status: 'problem', note: '电线老化裸露' } },
    }));
    expect(hazard.statusCode, hazard.body).toBe(201);
    const hz = hazard.json<VisitView>();
    expect(hz.hazardId).not.toBeNull();
    const hrow = await db().selectFrom('hazards').selectAll().where('id', '=', hz.hazardId!).executeTakeFirstOrThrow();
    expect(hrow).toMatchObject({ household_id: h2.id, region_code: DONGYUE });

    const complex = await send(village, 'POST', '/api/visits', visit({ householdId: h2.id, outcome: 'complex', outcomeDetail: '独居高龄，子女在外，房屋漏雨' }));
    expect(complex.statusCode, complex.body).toBe(201);
    const cx = complex.json<VisitView>();
    expect(cx.carePlanId).not.toBeNull();
    expect(await db().selectFrom('care_plans').select('id').where('id', '=', cx.carePlanId!).executeTakeFirst()).toBeTruthy();

    // An outcome without its detail, a bad checklist answer and bad money: 400 naming the field; nothing stored.
    const missing = await send(village, 'POST', '/api/visits', visit({ householdId: h2.id, outcome: 'hazard' }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain('安全隐患描述');
    const badCheck = await send(village, 'POST', '/api/visits', visit({ householdId: h2.id, checklist: { ...CHECKLIST, gas: { status: 'problem', note: '' } } }));
    expect(badCheck.statusCode).toBe(400);
    expect(badCheck.json().message).toContain('用气安全');
    expect((await send(village, 'POST', '/api/visits', visit({ householdId: h2.id, cashYuan: '12.345' }))).statusCode).toBe(400);
    const badPhoto = await send(village, 'POST', '/api/visits', visit({ householdId: h2.id, photos: [{ contentType: 'image/jpeg', data: PNG }] }));
    expect(badPhoto.statusCode).toBe(400);
    expect(badPhoto.json().field).toBe('photos.0');
  });

  test('another region: no visit into it, no task of it; the offline pack holds own tasks with masked people', async () => {
    expect((await send(neighbour, 'POST', '/api/visits', visit({ householdId: h2.id }))).statusCode).toBe(404);
    const open = tasks.find((x) => x.householdId === h2.id)!;
    expect((await send(neighbour, 'POST', '/api/visits', visit({ taskId: open.id }))).statusCode).toBe(404);

    const pack = (await get(village, '/api/visits/offline-pack')).json<OfflinePack>();
    expect(pack.tasks.map((x) => x.id)).toEqual([open.id]);
    expect(pack.tasks[0]!.mine).toBe(true);
    const ph = pack.households.find((x) => x.id === h2.id)!;
    expect(ph.headName).toBe('李大娘');
    expect(ph.members[0]!.phoneMasked).toBe('139****5678');
    expect(ph.members[0]!.idNumberMasked).toContain('*');
    expect(ph.members[0]!.age).toBeGreaterThan(70);
    expect(JSON.stringify(pack)).not.toContain('13912345678');
    expect(pack.checklist.map((c) => c.label)).toContain('米面油肉菜储备');
    // An unassigned task of the village shows for every village worker.
    await db().updateTable('visit_tasks').set({ assignee_id: null }).where('id', '=', open.id).execute();
    const pack2 = (await get(village2, '/api/visits/offline-pack')).json<OfflinePack>();
    expect(pack2.tasks.map((x) => ({ id: x.id, mine: x.mine }))).toEqual([{ id: open.id, mine: false }]);
    expect((await get(neighbour, '/api/visits/offline-pack')).json<OfflinePack>().tasks).toEqual([]);
  });
});
