import crypto from 'node:crypto';
import {
  chinaDate, type CarePlanDetail, type CarePlanPage, type HazardDetail, type HazardPage, type HazardStats, type InspectionDetail,
  type InstitutionView, type NotificationList, type WeatherWarningPage, type WeatherWarningView,
} from '@doudi/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RequestUser } from '../src/auth/context.js';
import { openCarePlanFromVisit } from '../src/modules/hazards/carePlans.js';
import { openHazardFromVisit } from '../src/modules/hazards/service.js';
import { startTestApp, type TestApp, type TestUser } from './harness.js';

const COUNTY = '510131000000';
const DATANG = '510131101000';
const DONGYUE = '510131101200';
const CHAOYANGHU = '510131103000';
const today = chinaDate(new Date());
const plusDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('hazards, inspections, weather warnings, notifications and 一人一策 through HTTP', () => {
  let t: TestApp;
  let county: TestUser;
  let township: TestUser;
  let township2: TestUser;
  let neighbour: TestUser;
  let village: TestUser;
  let rescue: TestUser;
  let householdId: number;
  let neighbourHouseholdId: number;

  const get = (u: TestUser, url: string) => t.app.inject({ method: 'GET', url, headers: u.headers });
  const post = (u: TestUser, url: string, payload: unknown = {}) => t.app.inject({ method: 'POST', url, headers: u.headers, payload: payload as object });
  const put = (u: TestUser, url: string, payload: unknown) => t.app.inject({ method: 'PUT', url, headers: u.headers, payload: payload as object });

  async function household(regionCode: string, head: string): Promise<number> {
    const { id } = await t.ctx.database.db.insertInto('households').values({
      region_code: regionCode, urban_rural: 'rural', hukou_address: '测试地址', residence_address: '测试地址', head_name: head,
    } as never).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async function member(hid: number, regionCode: string, name: string): Promise<number> {
    const { id } = await t.ctx.database.db.insertInto('members').values({
      household_id: hid, region_code: regionCode, name, relation: 'head', id_number_enc: crypto.randomBytes(16),
      id_number_hash: crypto.randomBytes(32), id_number_masked: '510131********0011', gender: 'male', birth_date: '1940-01-01',
    } as never).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  const staff = (u: TestUser): RequestUser => ({
    id: u.id, role: u.role, regionCode: u.regionCode, username: u.username, displayName: '测试', sessionId: 's', csrfToken: 'c',
  });

  beforeAll(async () => {
    t = await startTestApp();
    county = await t.user({ role: 'county_staff', regionCode: COUNTY });
    township = await t.user({ role: 'township_staff', regionCode: DATANG });
    township2 = await t.user({ role: 'township_staff', regionCode: DATANG });
    neighbour = await t.user({ role: 'township_staff', regionCode: CHAOYANGHU });
    village = await t.user({ role: 'village_staff', regionCode: DONGYUE });
    rescue = await t.user({ role: 'rescue_station_staff', regionCode: COUNTY });
    householdId = await household(DONGYUE, '王大爷');
    neighbourHouseholdId = await household('510131103200', '李奶奶');
  }, 180_000);
  afterAll(async () => t?.close());

  async function newHazard(u: TestUser, over: Record<string, unknown> = {}): Promise<HazardDetail> {
    const res = await post(u, '/api/hazards', {
      source: 'other', householdId, category: 'electricity', severity: 'serious', description: '电线老化裸露，取暖器私拉乱接', ownerName: '王大爷',
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<HazardDetail>();
  }

  test('hazard life cycle: deadline by severity, no skipped step, verifier ≠ rectifier, failed verification back to 整改中', async () => {
    const h = await newHazard(village);
    expect(h.status).toBe('pending');
    expect(h.deadline).toBe(plusDays(3));
    expect(h.regionCode).toBe(DONGYUE);
    expect(h.householdHead).toBe('王大爷');
    expect(h.availableActions).toEqual(['start', 'rectify']);
    expect((await newHazard(village, { severity: 'major' })).deadline).toBe(plusDays(7));
    expect((await newHazard(village, { severity: 'general' })).deadline).toBe(plusDays(30));

    const early = await post(township, `/api/hazards/${h.id}/verify`, { version: h.version, passed: true });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain('待整改');

    const started = await post(village, `/api/hazards/${h.id}/start`, { version: h.version });
    expect(started.statusCode, started.body).toBe(200);
    const s = started.json<HazardDetail>();
    expect(s.status).toBe('rectifying');

    const stale = await post(village, `/api/hazards/${h.id}/rectify`, { version: h.version, text: '已更换电线' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toContain('刷新');

    const noText = await post(village, `/api/hazards/${h.id}/rectify`, { version: s.version, text: '' });
    expect(noText.statusCode).toBe(400);

    const photo = `data:image/png;base64,${Buffer.from('fake-png-bytes').toString('base64')}`;
    const rect = await post(village, `/api/hazards/${h.id}/rectify`, { version: s.version, text: '已更换电线，拆除私拉线路', photo });
    expect(rect.statusCode, rect.body).toBe(200);
    const r = rect.json<HazardDetail>();
    expect(r.status).toBe('awaiting_verification');
    expect(r.photoIds).toHaveLength(1);
    const img = await get(township, `/api/hazards/${h.id}/photos/${r.photoIds[0]}`);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect((await get(neighbour, `/api/hazards/${h.id}/photos/${r.photoIds[0]}`)).statusCode).toBe(404);

    // The village worker has no hazards.verify.
    expect((await post(village, `/api/hazards/${h.id}/verify`, { version: r.version, passed: true })).statusCode).toBe(403);
    // A failed verification needs a reason, then goes back to 整改中.
    expect((await post(township, `/api/hazards/${h.id}/verify`, { version: r.version, passed: false })).statusCode).toBe(400);
    const failed = await post(township, `/api/hazards/${h.id}/verify`, { version: r.version, passed: false, note: '配电箱仍未加装漏电保护' });
    expect(failed.statusCode, failed.body).toBe(200);
    const f = failed.json<HazardDetail>();
    expect(f.status).toBe('rectifying');
    expect(f.verificationNote).toBe('配电箱仍未加装漏电保护');

    // The township worker now rectifies themself: they cannot verify their own rectification, a colleague can.
    const again = (await post(township, `/api/hazards/${h.id}/rectify`, { version: f.version, text: '已加装漏电保护器' })).json<HazardDetail>();
    expect(again.availableActions).toEqual([]);
    const own = await post(township, `/api/hazards/${h.id}/verify`, { version: again.version, passed: true });
    expect(own.statusCode).toBe(403);
    expect(own.json().message).toContain('整改人不能验收');
    const view2 = (await get(township2, `/api/hazards/${h.id}`)).json<HazardDetail>();
    expect(view2.availableActions).toEqual(['verify']);
    const closed = await post(township2, `/api/hazards/${h.id}/verify`, { version: again.version, passed: true, note: '复查合格' });
    expect(closed.statusCode, closed.body).toBe(200);
    const c = closed.json<HazardDetail>();
    expect(c.status).toBe('closed');
    expect(c.closedAt).not.toBeNull();
    expect(c.events.map((e) => e.action)).toEqual(['create', 'start', 'rectify', 'verify_fail', 'rectify', 'verify_pass']);
    expect((await post(township, `/api/hazards/${h.id}/start`, { version: c.version })).statusCode).toBe(409);
    expect(c.canEdit).toBe(false);
    expect((await put(township, `/api/hazards/${h.id}`, { version: c.version, category: 'gas', severity: 'general', description: '销号后修改', ownerName: '某', deadline: plusDays(3) })).statusCode).toBe(409);

    const audit = await t.ctx.database.db.selectFrom('audit_log').select('action').where('entity', '=', 'hazard').where('entity_id', '=', String(h.id)).execute();
    expect(audit).toHaveLength(6);
  });

  test('hazards: jurisdiction on every endpoint; filters; overdue; stats per child region', async () => {
    const h = await newHazard(township, { severity: 'general', deadline: today });
    // Another township's user: 404 on read and on every write, and not in their list.
    expect((await get(neighbour, `/api/hazards/${h.id}`)).statusCode).toBe(404);
    for (const [path, body] of [['start', {}], ['rectify', { text: '已整改完毕' }], ['verify', { passed: true }]] as const) {
      const res = await post(neighbour, `/api/hazards/${h.id}/${path}`, { version: h.version, ...body });
      expect(res.statusCode, path).toBe(404);
    }
    const refine = { version: h.version, category: 'gas', severity: 'major', description: '燃气软管老化', ownerName: '某某', deadline: plusDays(5) };
    expect((await put(neighbour, `/api/hazards/${h.id}`, refine)).statusCode).toBe(404);
    expect((await get(township, `/api/hazards/${h.id}`)).json<HazardDetail>().version).toBe(h.version);
    expect((await get(neighbour, '/api/hazards')).json<HazardPage>().items.map((i) => i.id)).not.toContain(h.id);
    expect((await get(neighbour, `/api/hazards?regionCode=${DATANG}`)).statusCode).toBe(404);
    expect((await get(neighbour, `/api/hazards/stats?regionCode=${DATANG}`)).statusCode).toBe(404);
    // Creating in another region: the household is not found.
    expect((await post(neighbour, '/api/hazards', {
      source: 'other', householdId, category: 'gas', severity: 'general', description: '燃气软管老化', ownerName: '某某',
    })).statusCode).toBe(404);
    expect((await post(township, '/api/hazards', {
      source: 'other', householdId: neighbourHouseholdId, category: 'gas', severity: 'general', description: '燃气软管老化', ownerName: '某某',
    })).statusCode).toBe(404);
    // Bad input names the field in Chinese.
    const bad = await post(township, '/api/hazards', { source: 'other', householdId, category: 'x', severity: 'general', description: '描述', ownerName: '某' });
    expect(bad.statusCode).toBe(400);

    // Overdue: a hazard whose deadline has passed (set directly: the API refuses a past deadline).
    await t.ctx.database.db.updateTable('hazards').set({ deadline: plusDays(-2) }).where('id', '=', h.id).execute();
    const overdue = (await get(township, '/api/hazards?overdue=true')).json<HazardPage>();
    expect(overdue.items.map((i) => i.id)).toContain(h.id);
    expect(overdue.items.every((i) => i.overdue)).toBe(true);
    expect((await get(township, `/api/hazards?status=open&regionCode=${DONGYUE}&severity=general`)).json<HazardPage>().items.map((i) => i.id)).toContain(h.id);
    expect((await get(township, '/api/hazards?status=closed')).json<HazardPage>().items.every((i) => i.status === 'closed')).toBe(true);

    const stats = (await get(county, `/api/hazards/stats?regionCode=${COUNTY}`)).json<HazardStats>();
    const datang = stats.items.find((i) => i.regionCode === DATANG)!;
    expect(datang.regionName).toBe('大塘镇');
    expect(datang.overdue).toBeGreaterThanOrEqual(1);
    expect(datang.closed).toBeGreaterThanOrEqual(1);
    expect(stats.items.find((i) => i.regionCode === CHAOYANGHU)).toMatchObject({ open: 0, overdue: 0, closed: 0 });
    expect(stats.total.open).toBe(stats.items.reduce((n, i) => n + i.open, 0));
    const townStats = (await get(township, '/api/hazards/stats')).json<HazardStats>();
    expect(townStats.items.find((i) => i.regionCode === DONGYUE)!.overdue).toBeGreaterThanOrEqual(1);
  });

  test('openHazardFromVisit and openCarePlanFromVisit run in the caller transaction and are audited', async () => {
    const db = t.ctx.database.db;
    const { id: visitId } = await db.insertInto('visits').values({
      client_id: crypto.randomUUID(), kind: 'concentrated', region_code: DONGYUE, household_id: householdId, visitor_id: village.id,
      visited_at: new Date(), outcome: 'hazard',
    } as never).returning('id').executeTakeFirstOrThrow();
    const ids = await db.transaction().execute(async (trx) => ({
      hazard: await openHazardFromVisit(trx, staff(village), { visitId, regionCode: DONGYUE, householdId, description: '灶台旁堆放柴草' }),
      plan: await openCarePlanFromVisit(trx, staff(village), { visitId, regionCode: DONGYUE, householdId, problems: '独居、失能，子女在外' }),
    }));
    const h = (await get(township, `/api/hazards/${ids.hazard}`)).json<HazardDetail>();
    expect(h).toMatchObject({ source: 'visit', visitId, householdId, status: 'pending', description: '灶台旁堆放柴草' });
    expect(h.canEdit).toBe(true);
    // The township refines what the visitor reported: category, severity, owner and deadline; logged and versioned.
    const refined = await put(township, `/api/hazards/${ids.hazard}`, {
      version: h.version, category: 'fire_use', severity: 'serious', description: '灶台旁堆放柴草，紧邻电线', ownerName: '户主本人', deadline: plusDays(2),
    });
    expect(refined.statusCode, refined.body).toBe(200);
    expect(refined.json<HazardDetail>()).toMatchObject({ category: 'fire_use', severity: 'serious', ownerName: '户主本人', deadline: plusDays(2), version: h.version + 1 });
    expect(refined.json<HazardDetail>().events.map((e) => e.action)).toEqual(['create', 'edit']);
    expect((await put(township, `/api/hazards/${ids.hazard}`, { version: h.version, category: 'gas', severity: 'general', description: '旧版本', ownerName: '某', deadline: plusDays(2) })).statusCode).toBe(409);
    expect((await put(township, `/api/hazards/${ids.hazard}`, { version: h.version + 1, category: 'gas', severity: 'general', description: '过去期限', ownerName: '某', deadline: plusDays(-1) })).statusCode).toBe(400);
    const p = (await get(township, `/api/care-plans/${ids.plan}`)).json<CarePlanDetail>();
    expect(p).toMatchObject({ visitId, householdId, status: 'drafting', problems: '独居、失能，子女在外' });
    const audits = await db.selectFrom('audit_log').select(['entity', 'action', 'username']).where('action', '=', 'create')
      .where((eb) => eb.or([
        eb.and([eb('entity', '=', 'hazard'), eb('entity_id', '=', String(ids.hazard))]),
        eb.and([eb('entity', '=', 'care_plan'), eb('entity_id', '=', String(ids.plan))]),
      ])).execute();
    expect(audits.map((a) => `${a.entity}:${a.action}:${a.username}`).sort())
      .toEqual([`care_plan:create:${village.username}`, `hazard:create:${village.username}`]);
    // A rolled-back caller transaction leaves nothing.
    const before = (await db.selectFrom('hazards').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    await expect(db.transaction().execute(async (trx) => {
      await openHazardFromVisit(trx, staff(village), { visitId, regionCode: DONGYUE, householdId, description: '回滚' });
      throw new Error('rollback');
    })).rejects.toThrow('rollback');
    expect((await db.selectFrom('hazards').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(before);
    // Outside the actor's region: refused.
    await expect(openHazardFromVisit(db, staff(neighbour), { visitId, regionCode: DONGYUE, householdId, description: 'x' })).rejects.toThrow();
  });

  test('inspection with the 五个清单: failed items open hazards in the same transaction; rescue-station staff record their station', async () => {
    const inst = await post(rescue, '/api/hazards/institutions', { regionCode: COUNTY, type: 'rescue_station', name: '蒲江县救助管理站' });
    expect(inst.statusCode, inst.body).toBe(201);
    const station = inst.json<InstitutionView>();
    expect((await post(rescue, '/api/hazards/institutions', { regionCode: COUNTY, type: 'rescue_station', name: '蒲江县救助管理站' })).statusCode).toBe(409);
    const checklist = (await get(rescue, '/api/hazards/checklist?type=rescue_station')).json<{ items: { key: string; list: string; label: string }[] }>();
    expect(new Set(checklist.items.map((i) => i.list))).toEqual(new Set(['responsibility', 'inspection', 'risk', 'rectification', 'standard']));
    expect(checklist.items.map((i) => i.key)).toEqual(expect.arrayContaining(['fire_facilities', 'heating', 'wiring', 'food', 'duty_watch', 'emergency_plan', 'night_patrol']));

    const items = checklist.items.map((i) => ({
      key: i.key, list: i.list, label: i.label, passed: !['fire_facilities', 'heating'].includes(i.key),
      note: i.key === 'fire_facilities' ? '2楼灭火器过期' : i.key === 'heating' ? '宿舍使用电热毯无人看管' : '',
    }));
    const noNote = await post(rescue, '/api/hazards/inspections', {
      institutionId: station.id, inspectedOn: today, inspectors: '张三、李四', ownerName: '站长王某',
      items: [{ key: 'heating', list: 'inspection', label: '取暖设备', passed: false }],
    });
    expect(noNote.statusCode).toBe(400);
    const res = await post(rescue, '/api/hazards/inspections', { institutionId: station.id, inspectedOn: today, inspectors: '张三、李四', ownerName: '站长王某', items });
    expect(res.statusCode, res.body).toBe(201);
    const insp = res.json<InspectionDetail>();
    expect(insp.itemsTotal).toBe(items.length);
    expect(insp.itemsFailed).toBe(2);
    const failed = insp.items.filter((i) => !i.passed);
    expect(failed.every((i) => i.hazardId !== null && i.hazardStatus === 'pending')).toBe(true);
    const hz = (await get(rescue, `/api/hazards?inspectionId=${insp.id}`)).json<HazardPage>();
    expect(hz.total).toBe(2);
    const fire = hz.items.find((i) => i.category === 'fire_safety')!;
    expect(fire).toMatchObject({ source: 'inspection', severity: 'serious', institutionName: '蒲江县救助管理站', regionCode: COUNTY, ownerName: '站长王某' });
    expect(fire.deadline).toBe(plusDays(3));

    // Jurisdiction: the neighbour township sees neither the station nor its inspection.
    expect((await get(neighbour, `/api/hazards/inspections/${insp.id}`)).statusCode).toBe(404);
    expect((await get(neighbour, '/api/hazards/inspections')).json<{ total: number }>().total).toBe(0);
    expect((await get(neighbour, '/api/hazards/institutions')).json<{ items: unknown[] }>().items).toHaveLength(0);
    expect((await post(neighbour, '/api/hazards/inspections', { institutionId: station.id, inspectedOn: today, inspectors: '某某', ownerName: '某', items })).statusCode).toBe(404);
    expect((await post(neighbour, '/api/hazards/institutions', { regionCode: DATANG, type: 'elderly_care', name: '大塘镇敬老院' })).statusCode).toBe(404);
    // The auditor-like read-only role cannot record.
    const auditor = await t.user({ role: 'auditor', regionCode: COUNTY });
    expect((await post(auditor, '/api/hazards/inspections', { institutionId: station.id, inspectedOn: today, inspectors: '某某', ownerName: '某', items })).statusCode).toBe(403);
    expect((await get(auditor, `/api/hazards/inspections/${insp.id}`)).statusCode).toBe(200);
  });

  test('weather warning: extra visits for high-risk elderly and notifications to the region, once', async () => {
    const db = t.ctx.database.db;
    for (const [name, tier] of [['赵爷爷', 'high'], ['钱奶奶', 'high'], ['孙爷爷', 'general']] as const) {
      const hid = await household(DONGYUE, name);
      const mid = await member(hid, DONGYUE, name);
      await db.insertInto('care_subjects').values({ kind: 'elderly', member_id: mid, household_id: hid, region_code: DONGYUE, tier, computed_tier: tier } as never).execute();
    }
    const farHid = await household('510131103200', '周奶奶');
    const farMid = await member(farHid, '510131103200', '周奶奶');
    await db.insertInto('care_subjects').values({ kind: 'elderly', member_id: farMid, household_id: farHid, region_code: '510131103200', tier: 'high', computed_tier: 'high' } as never).execute();

    const body = { regionCode: DATANG, kind: 'cold_wave', level: 'orange', startsOn: today, endsOn: plusDays(3), source: '蒲江县气象台', text: '受强冷空气影响，气温将下降8～10℃' };
    expect((await post(village, '/api/hazards/weather-warnings', { ...body, regionCode: DONGYUE })).statusCode).toBe(403);
    expect((await post(neighbour, '/api/hazards/weather-warnings', body)).statusCode).toBe(404);
    expect((await post(township, '/api/hazards/weather-warnings', { ...body, endsOn: plusDays(-1) })).statusCode).toBe(400);
    const res = await post(township, '/api/hazards/weather-warnings', body);
    expect(res.statusCode, res.body).toBe(201);
    const w = res.json<WeatherWarningView>();
    expect(w).toMatchObject({ title: '寒潮橙色预警', visitsCreated: 2, visitsDue: 2, visitsDone: 0, active: true });
    const tasks = await db.selectFrom('visit_tasks').select(['member_id', 'region_code', 'due_on']).where('period', '=', `weather-${w.id}`).execute();
    expect(tasks).toHaveLength(2);
    expect(tasks.every((x) => x.region_code === DONGYUE)).toBe(true);
    // The village worker and the township workers (visits.write / care.write) are notified; the neighbour and the rescue station are not.
    const vn = (await get(village, '/api/notifications')).json<NotificationList>();
    expect(vn.unread).toBe(1);
    expect(vn.items[0]!.title).toContain('寒潮橙色预警');
    expect(vn.items[0]!.body).toContain('2 个加密探访任务');
    expect((await get(township2, '/api/notifications')).json<NotificationList>().unread).toBe(1);
    expect((await get(neighbour, '/api/notifications')).json<NotificationList>().unread).toBe(0);
    expect((await get(rescue, '/api/notifications')).json<NotificationList>().unread).toBe(0);
    expect(w.notified).toBeGreaterThanOrEqual(3);

    // Once: the same warning again is refused and creates nothing.
    const twice = await post(township, '/api/hazards/weather-warnings', body);
    expect(twice.statusCode).toBe(409);
    expect(await db.selectFrom('visit_tasks').select('id').where('period', '=', `weather-${w.id}`).execute()).toHaveLength(2);
    expect((await get(village, '/api/notifications')).json<NotificationList>().unread).toBe(1);

    // Listing: the county sees it; the neighbour does not; a task done shows in the count.
    await db.updateTable('visit_tasks').set({ status: 'done', done_at: new Date() }).where('period', '=', `weather-${w.id}`)
      .where('member_id', '=', tasks[0]!.member_id!).execute();
    const list = (await get(county, '/api/hazards/weather-warnings')).json<WeatherWarningPage>();
    expect(list.items.find((i) => i.id === w.id)).toMatchObject({ visitsDue: 2, visitsDone: 1 });
    expect((await get(village, '/api/hazards/weather-warnings')).json<WeatherWarningPage>().items.map((i) => i.id)).toContain(w.id);
    expect((await get(neighbour, '/api/hazards/weather-warnings')).json<WeatherWarningPage>().items.map((i) => i.id)).not.toContain(w.id);
    expect((await get(neighbour, `/api/hazards/weather-warnings/${w.id}`)).statusCode).toBe(404);

    // Notifications are private: another user's id answers 404 and changes nothing.
    const nid = vn.items[0]!.id;
    expect((await post(township2, `/api/notifications/${nid}/read`)).statusCode).toBe(404);
    expect((await get(village, '/api/notifications')).json<NotificationList>().unread).toBe(1);
    expect((await post(village, `/api/notifications/${nid}/read`)).statusCode).toBe(204);
    expect((await get(village, '/api/notifications')).json<NotificationList>()).toMatchObject({ unread: 0 });
    expect((await post(township2, '/api/notifications/read-all')).json()).toEqual({ updated: 1 });
    expect((await get(township2, '/api/notifications')).json<NotificationList>().unread).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
  });

  test('一人一策: state machine, edits with version, review overdue, jurisdiction', async () => {
    const res = await post(township, '/api/care-plans', { householdId, problems: '老人独居，房屋漏雨，慢性病用药负担重' });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json<CarePlanDetail>();
    expect(p).toMatchObject({ status: 'drafting', availableActions: ['edit', 'start'] });
    const early = await post(township, `/api/care-plans/${p.id}/start`, { version: p.version });
    expect(early.statusCode).toBe(400);
    expect(early.json().message).toContain('措施');
    expect((await post(township, `/api/care-plans/${p.id}/close`, { version: p.version, note: '结案' })).statusCode).toBe(409);

    const edit = {
      version: p.version, problems: p.problems, responsibleName: '大塘镇民政办 刘某', reviewOn: plusDays(-1),
      measures: [{ what: '申请危房改造', responsible: '村委会', due: plusDays(30) }, { what: '纳入临时救助', responsible: '镇民政办', due: null }],
    };
    const edited = await put(township, `/api/care-plans/${p.id}`, edit);
    expect(edited.statusCode, edited.body).toBe(200);
    const e = edited.json<CarePlanDetail>();
    expect(e.measures).toHaveLength(2);
    expect(e.reviewOverdue).toBe(true);
    expect((await put(township, `/api/care-plans/${p.id}`, edit)).statusCode).toBe(409);

    const started = (await post(township, `/api/care-plans/${p.id}/start`, { version: e.version })).json<CarePlanDetail>();
    expect(started.status).toBe('active');
    const review = (await post(township, `/api/care-plans/${p.id}/submit-review`, { version: started.version })).json<CarePlanDetail>();
    expect(review.status).toBe('review');
    expect((await post(township, `/api/care-plans/${p.id}/reopen`, { version: review.version })).statusCode).toBe(400);
    const reopened = (await post(township, `/api/care-plans/${p.id}/reopen`, { version: review.version, note: '危房改造尚未完成' })).json<CarePlanDetail>();
    expect(reopened.status).toBe('active');
    const overdue = (await get(township, '/api/care-plans?reviewOverdue=true')).json<CarePlanPage>();
    expect(overdue.items.map((i) => i.id)).toContain(p.id);

    // Jurisdiction: the neighbour can neither read nor change it, and cannot plan for this household.
    expect((await get(neighbour, `/api/care-plans/${p.id}`)).statusCode).toBe(404);
    expect((await put(neighbour, `/api/care-plans/${p.id}`, { ...edit, version: reopened.version })).statusCode).toBe(404);
    for (const path of ['start', 'submit-review', 'reopen', 'close']) {
      expect((await post(neighbour, `/api/care-plans/${p.id}/${path}`, { version: reopened.version, note: '越权操作' })).statusCode, path).toBe(404);
    }
    expect((await get(neighbour, '/api/care-plans')).json<CarePlanPage>().items.map((i) => i.id)).not.toContain(p.id);
    expect((await post(neighbour, '/api/care-plans', { householdId, problems: '越权制定' })).statusCode).toBe(404);

    const r2 = (await post(township, `/api/care-plans/${p.id}/submit-review`, { version: reopened.version })).json<CarePlanDetail>();
    const closed = await post(township, `/api/care-plans/${p.id}/close`, { version: r2.version, note: '危房改造完成，纳入低保' });
    expect(closed.statusCode, closed.body).toBe(200);
    const c = closed.json<CarePlanDetail>();
    expect(c).toMatchObject({ status: 'closed', reviewOverdue: false, closeSummary: '危房改造完成，纳入低保', availableActions: [] });
    expect(c.events.map((x) => x.action)).toEqual(['create', 'edit', 'start', 'submit_review', 'reopen', 'submit_review', 'close']);
    expect((await put(township, `/api/care-plans/${p.id}`, { ...edit, version: c.version })).statusCode).toBe(409);
    // A read-only user cannot write.
    const auditor = await t.user({ role: 'auditor', regionCode: COUNTY });
    expect((await get(auditor, `/api/care-plans/${p.id}`)).json<CarePlanDetail>().availableActions).toEqual([]);
    expect((await post(auditor, '/api/care-plans', { householdId, problems: '审计不应制定' })).statusCode).toBe(403);
  });
});
