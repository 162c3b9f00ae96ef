import type {
  CareSubjectDetail, CareSubjectPage, CreateHouseholdRequest, HelpRequestView, HouseholdView, IdentifyResult, RiskReportView, VisitRateView,
} from '@doudi/domain';
import { chinaDate, isoWeek, periodOf, previousPeriod, shiftDate } from '@doudi/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runNightly } from '../src/jobs/scheduler.js';
import { generateCadenceTasks, generateWeatherVisits } from '../src/modules/care/cadence.js';
import { makeId } from './factories.js';
import { startTestApp, type TestApp, type TestUser } from './harness.js';

const COUNTY = '510131000000';
const DATANG = '510131101000';
const DONGYUE = '510131101200';
const CHAOYANGHU = '510131103000';

type MemberSpec = CreateHouseholdRequest['members'][number];
const member = (name: string, birth: string, over: Partial<MemberSpec> = {}): MemberSpec =>
  ({ name, relation: 'other', idNumber: makeId(birth), ...over }) as MemberSpec;

describe('care: elderly and children through HTTP', () => {
  let t: TestApp;
  let county: TestUser;
  let township: TestUser;
  let neighbour: TestUser;
  let village: TestUser;
  let village2: TestUser;
  let director: TestUser;
  let neighbourVillage: string;
  const h: Record<string, HouseholdView> = {};
  const today = chinaDate(new Date());

  const get = (u: TestUser, url: string) => t.app.inject({ method: 'GET', url, headers: u.headers });
  const send = (u: TestUser, method: 'POST' | 'PATCH', url: string, payload: unknown) =>
    t.app.inject({ method, url, headers: u.headers, payload: payload as object });
  const db = () => t.ctx.database.db;

  async function household(key: string, regionCode: string, members: MemberSpec[], over: Partial<CreateHouseholdRequest> = {}) {
    const body = {
      regionCode, urbanRural: 'rural', hukouAddress: '蒲江县测试地址', residenceAddress: '蒲江县测试地址', povertyReasons: ['illness'],
      categories: [], assistance: [], personCategories: [], members: members.map((m, i) => (i === 0 ? { ...m, relation: 'head' } : m)), ...over,
    } as CreateHouseholdRequest;
    const res = await send(county, 'POST', '/api/registry/households', body);
    expect(res.statusCode, res.body).toBe(201);
    h[key] = res.json<HouseholdView>();
    return h[key];
  }
  const subjectOf = async (memberId: number, kind = 'elderly') =>
    db().selectFrom('care_subjects').selectAll().where('member_id', '=', memberId).where('kind', '=', kind).executeTakeFirstOrThrow();
  const memberId = (key: string, i = 0) => h[key]!.members[i]!.id;

  beforeAll(async () => {
    t = await startTestApp();
    county = await t.user({ role: 'county_staff', regionCode: COUNTY });
    township = await t.user({ role: 'township_staff', regionCode: DATANG });
    neighbour = await t.user({ role: 'township_staff', regionCode: CHAOYANGHU });
    village = await t.user({ role: 'village_staff', regionCode: DONGYUE });
    village2 = await t.user({ role: 'village_staff', regionCode: DONGYUE });
    director = await t.user({ role: 'children_director', regionCode: DONGYUE });
    neighbourVillage = (await db().selectFrom('regions').select('code').where('parent_code', '=', CHAOYANGHU).orderBy('code').executeTakeFirstOrThrow()).code;
    const y = Number(today.slice(0, 4));
    await household('alone', DONGYUE, [member('独居甲', `${y - 86}0305`)]);
    await household('couple', DONGYUE, [member('空巢乙', `${y - 76}0101`), member('空巢丙', `${y - 74}0202`, { relation: 'spouse' })]);
    await household('family', DONGYUE, [
      member('失能丁', `${y - 66}0707`, { selfCare: 'dependent' }), member('儿子', `${y - 40}0101`, { relation: 'son' }),
      member('留守戊', `${y - 10}0606`, { relation: 'grandchild', tags: ['left_behind', 'in_school'] }),
    ]);
    await household('young', DONGYUE, [member('青年己', `${y - 35}0101`), member('成年庚', `${y - 30}0101`, { relation: 'spouse' })]);
    await household('other', neighbourVillage, [member('邻镇独居', `${y - 82}0101`)]);
  }, 180_000);
  afterAll(async () => t?.close());

  test('identify now: county and township only, idempotent, tiers and reasons', async () => {
    expect((await send(village, 'POST', '/api/care/identify', {})).statusCode).toBe(403);
    expect((await send(neighbour, 'POST', '/api/care/identify', { regionCode: DATANG })).statusCode).toBe(404);
    const first = await send(township, 'POST', '/api/care/identify', {});
    expect(first.statusCode, first.body).toBe(200);
    const r = first.json<IdentifyResult>();
    expect(r).toMatchObject({ regionCode: DATANG, elderly: 4, children: 1, added: 5, updated: 0, ended: 0 });
    expect(r.tasksCreated).toBe(5);
    const again = (await send(township, 'POST', '/api/care/identify', {})).json<IdentifyResult>();
    expect(again).toMatchObject({ added: 0, updated: 0, ended: 0, tasksCreated: 0 });

    expect(await subjectOf(memberId('alone'))).toMatchObject({ tier: 'high', reasons: ['独居', '高龄（86岁）'] });
    expect(await subjectOf(memberId('couple'))).toMatchObject({ tier: 'general', reasons: ['空巢'] });
    expect(await subjectOf(memberId('family'))).toMatchObject({ tier: 'high', reasons: ['失能'] });
    expect(await subjectOf(memberId('family', 2), 'child')).toMatchObject({ categories: ['left_behind'] });
    const audit = await db().selectFrom('audit_log').select('entity').where('entity', '=', 'care_identification').execute();
    expect(audit.length).toBe(2);
  });

  test('lists: filters, pagination, jurisdiction, masked phones', async () => {
    const all = (await get(township, '/api/care/subjects?kind=elderly')).json<CareSubjectPage>();
    expect(all.total).toBe(4);
    expect(all.items[0]!.tier).toBe('high');
    const high = (await get(county, `/api/care/subjects?kind=elderly&tier=high&regionCode=${DONGYUE}&pageSize=1`)).json<CareSubjectPage>();
    expect(high.total).toBe(2);
    expect(high.items).toHaveLength(1);
    const mine = (await get(neighbour, '/api/care/subjects?kind=elderly')).json<CareSubjectPage>();
    expect(mine.total).toBe(0); // the neighbour township has not identified yet, and never sees 大塘镇
    expect((await get(neighbour, `/api/care/subjects?regionCode=${DATANG}`)).statusCode).toBe(404);
    const kids = (await get(village, '/api/care/subjects?kind=child&category=left_behind')).json<CareSubjectPage>();
    expect(kids.items.map((k) => k.name)).toEqual(['留守戊']);
    const id = all.items[0]!.id;
    expect((await get(neighbour, `/api/care/subjects/${id}`)).statusCode).toBe(404);
    expect((await get(village, `/api/care/subjects/${id}`)).statusCode).toBe(200);
  });

  test('cadence: period keys, due dates, round-robin village workers, idempotent', async () => {
    const tasks = await db().selectFrom('visit_tasks').selectAll().where('period', 'is not', null).where('region_code', '=', DONGYUE).execute();
    const byMember = new Map(tasks.map((x) => [x.member_id, x]));
    const week = isoWeek(today);
    expect(byMember.get(memberId('alone'))).toMatchObject({ kind: 'elderly', period: week.key, due_on: week.end, reason: '高风险老年人每周探访' });
    const quarter = periodOf('quarter', today);
    expect(byMember.get(memberId('couple'))).toMatchObject({ period: quarter.key, due_on: quarter.end });
    const month = periodOf('month', today);
    expect(byMember.get(memberId('family', 2))).toMatchObject({ kind: 'child', period: month.key, due_on: month.end, assignee_id: null });
    const assignees = new Set(tasks.filter((x) => x.kind === 'elderly').map((x) => x.assignee_id));
    expect([...assignees].every((a) => a === village.id || a === village2.id)).toBe(true);
    for (const x of tasks.filter((k) => k.kind === 'elderly')) expect(x.assignee_id).toBe([village.id, village2.id][x.member_id! % 2]);
    expect(await generateCadenceTasks(db(), { regionCode: COUNTY, asOf: today })).toMatchObject({ created: 0 });
    // A county parameter changes the general tier to monthly.
    await db().insertInto('policy_parameters').values({ region_code: COUNTY, key: 'elderly_visit_days_general', value: 30, valid_from: '2020-01-01', valid_to: null, source: '测试参数', demo: true }).execute();
    const g = await generateCadenceTasks(db(), { regionCode: COUNTY, asOf: today });
    expect(g.created).toBe(2);
    const monthly = await db().selectFrom('visit_tasks').select(['period', 'reason']).where('member_id', '=', memberId('couple')).where('period', '=', month.key).executeTakeFirstOrThrow();
    expect(monthly.reason).toBe('一般老年人每月探访');
    await db().deleteFrom('policy_parameters').where('key', '=', 'elderly_visit_days_general').execute();
  });

  test('overdue queue and monthly visit rate per township against 100%', async () => {
    // Last period's tasks: due in the past and open, so overdue.
    const lastMonthDay = previousPeriod(periodOf('month', today)).start;
    const prev = await generateCadenceTasks(db(), { regionCode: DATANG, asOf: lastMonthDay });
    expect(prev.created).toBeGreaterThan(0);
    const od = await get(township, '/api/care/overdue?kind=elderly');
    expect(od.statusCode, od.body).toBe(200);
    const items = od.json<{ items: { personName: string; overdueDays: number; dueOn: string }[]; total: number }>();
    expect(items.total).toBeGreaterThan(0);
    expect(items.items.every((i) => i.dueOn < today && i.overdueDays > 0)).toBe(true);
    expect((await get(neighbour, '/api/care/overdue')).json<{ total: number }>().total).toBe(0);
    expect((await get(neighbour, `/api/care/overdue?regionCode=${DATANG}`)).statusCode).toBe(404);

    const month = periodOf('month', today);
    const due = await db().selectFrom('visit_tasks').select(['id']).where('kind', '=', 'elderly').where('region_code', '=', DONGYUE)
      .where('due_on', '>=', month.start).where('due_on', '<=', month.end).execute();
    await db().updateTable('visit_tasks').set({ status: 'done', done_at: new Date() }).where('id', '=', due[0]!.id).execute();
    const rate = await get(county, `/api/care/visit-rate?month=${month.key}`);
    expect(rate.statusCode, rate.body).toBe(200);
    const v = rate.json<VisitRateView>();
    expect(v.target).toBe(1);
    const datang = v.rows.find((r) => r.regionCode === DATANG)!;
    expect(datang).toMatchObject({ due: due.length, done: 1 });
    expect(datang.rate).toBeCloseTo(1 / due.length);
    expect(v.rows.find((r) => r.regionCode === CHAOYANGHU)).toMatchObject({ due: 0, rate: null });
    expect((await get(neighbour, `/api/care/visit-rate?regionCode=${DATANG}`)).statusCode).toBe(404);
  });

  test('major change: a task due the next day; jurisdiction', async () => {
    const s = await subjectOf(memberId('couple'));
    expect((await send(neighbour, 'POST', `/api/care/subjects/${s.id}/major-changes`, { kind: 'hospitalised', note: '住院' })).statusCode).toBe(404);
    expect((await send(village, 'POST', `/api/care/subjects/${s.id}/major-changes`, { kind: 'hospitalised', note: '' })).statusCode).toBe(400);
    const res = await send(village, 'POST', `/api/care/subjects/${s.id}/major-changes`, { kind: 'widowed', note: '老伴昨日去世，独自生活' });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json<CareSubjectDetail>();
    expect(d.majorChanges[0]).toMatchObject({ kind: 'widowed', kindLabel: '丧偶', taskDueOn: shiftDate(today, 1) });
    const task = d.tasks.find((x) => x.id === d.majorChanges[0]!.taskId)!;
    expect(task).toMatchObject({ period: `change-${d.majorChanges[0]!.id}`, status: 'open', reason: '重大变化（丧偶）24小时内探访' });
    expect([village.id, village2.id]).toContain(task.assigneeId);
  });

  test('tier override: reason required, audited, stale version refused, reversible', async () => {
    const s = await subjectOf(memberId('couple'));
    const url = `/api/care/subjects/${s.id}/tier`;
    expect((await send(township, 'POST', url, { tier: 'high', version: s.version })).statusCode).toBe(400);
    expect((await send(neighbour, 'POST', url, { tier: 'high', reason: '丧偶', version: s.version })).statusCode).toBe(404);
    const ok = await send(township, 'POST', url, { tier: 'high', reason: '丧偶后独自生活，情绪低落', version: s.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<CareSubjectDetail>()).toMatchObject({ tier: 'high', computedTier: 'general', tierOverridden: true });
    expect((await send(township, 'POST', url, { tier: 'key', reason: 'x', version: s.version })).statusCode).toBe(409);
    // Re-identification keeps the override.
    await send(township, 'POST', '/api/care/identify', {});
    expect((await subjectOf(memberId('couple'))).tier).toBe('high');
    const back = await send(township, 'POST', url, { tier: null, version: s.version + 1 });
    expect(back.json<CareSubjectDetail>()).toMatchObject({ tier: 'general', tierOverridden: false });
    const audits = await db().selectFrom('audit_log').select(['reason']).where('entity', '=', 'care_subject').where('entity_id', '=', String(s.id)).execute();
    expect(audits.map((a) => a.reason)).toContain('丧偶后独自生活，情绪低落');
  });

  test('ledger: entries and visits, newest first', async () => {
    const s = await subjectOf(memberId('alone'));
    const url = `/api/care/subjects/${s.id}/ledger`;
    expect((await send(village, 'POST', url, { servedOn: shiftDate(today, 1), type: 'meal', content: '送餐', provider: '长者食堂' })).statusCode).toBe(400);
    expect((await send(neighbour, 'POST', url, { servedOn: today, type: 'meal', content: '送餐', provider: '长者食堂' })).statusCode).toBe(404);
    expect((await send(village, 'POST', url, { servedOn: shiftDate(today, -10), type: 'bath', content: '上门助浴', provider: '大塘镇养老服务中心' })).statusCode).toBe(201);
    await db().insertInto('visits').values({
      client_id: crypto.randomUUID(), kind: 'elderly', region_code: DONGYUE, household_id: s.household_id, member_id: s.member_id, visitor_id: village.id,
      visited_at: new Date(Date.now() - 3 * 86_400_000), outcome: 'normal', note: '身体尚可',
    }).execute();
    const res = await send(village, 'POST', url, { servedOn: today, type: 'care_bed', content: '家庭养老床位建床', provider: '县社会福利中心' });
    const d = res.json<CareSubjectDetail>();
    expect(d.ledger.map((l) => l.typeLabel)).toEqual(['家庭养老床位', '探访（走访记录）', '助浴']);
    expect(d.ledger[1]!.content).toContain('身体尚可');
    expect(d.lastVisitAt).not.toBeNull();
  });

  test('help request life cycle with response time', async () => {
    const s = await subjectOf(memberId('alone'));
    const requestedAt = new Date(Date.now() - 30 * 60_000).toISOString();
    expect((await send(neighbour, 'POST', '/api/care/help-requests', { subjectId: s.id, channel: 'pager', description: '摔倒' })).statusCode).toBe(404);
    const created = await send(village, 'POST', '/api/care/help-requests', { subjectId: s.id, channel: 'pager', description: '呼叫器报警，老人摔倒', requestedAt });
    expect(created.statusCode, created.body).toBe(201);
    const hr = created.json<HelpRequestView>();
    expect(hr).toMatchObject({ status: 'pending', responseMinutes: null, personName: '独居甲' });
    expect((await send(village, 'POST', `/api/care/help-requests/${hr.id}/close`, { version: hr.version })).statusCode).toBe(409);
    expect((await send(neighbour, 'POST', `/api/care/help-requests/${hr.id}/respond`, { response: 'x', responder: 'y', version: hr.version })).statusCode).toBe(404);
    const responded = await send(village, 'POST', `/api/care/help-requests/${hr.id}/respond`, { response: '网格员到场，送医检查', responder: '村网格员', version: hr.version });
    expect(responded.statusCode, responded.body).toBe(200);
    const r = responded.json<HelpRequestView>();
    expect(r.status).toBe('responded');
    expect(r.responseMinutes).toBeGreaterThanOrEqual(29);
    expect((await send(village, 'POST', `/api/care/help-requests/${hr.id}/respond`, { response: 'x', responder: 'y', version: r.version })).statusCode).toBe(409);
    expect((await send(neighbour, 'POST', `/api/care/help-requests/${hr.id}/close`, { version: r.version })).statusCode).toBe(404);
    expect((await get(neighbour, `/api/care/help-requests?subjectId=${s.id}`)).json<{ total: number }>().total).toBe(0);
    const closed = await send(village, 'POST', `/api/care/help-requests/${hr.id}/close`, { version: r.version });
    expect(closed.json<HelpRequestView>().status).toBe('closed');
    expect((await get(township, '/api/care/help-requests')).json<{ total: number }>().total).toBe(1);
    expect((await get(neighbour, '/api/care/help-requests')).json<{ total: number }>().total).toBe(0);
  });

  test('children: guardianship, director, emergency guardianship, masked phone, add from registry', async () => {
    const s = await subjectOf(memberId('family', 2), 'child');
    const url = `/api/care/children/${s.id}`;
    expect((await send(neighbour, 'PATCH', url, { guardianship: 'missing', version: s.version })).statusCode).toBe(404);
    expect((await send(township, 'PATCH', url, { emergencyGuardianship: true, version: s.version })).statusCode).toBe(400);
    expect((await send(township, 'PATCH', url, { directorId: village.id, version: s.version })).statusCode).toBe(400);
    const res = await send(township, 'PATCH', url, {
      guardianName: '王某', guardianRelation: '祖母', guardianPhone: '13712345678', guardianship: 'entrusted', directorId: director.id,
      pairingHelper: '大塘镇团委 李某', version: s.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json<CareSubjectDetail>();
    expect(d).toMatchObject({ guardianPhoneMasked: '137****5678', guardianship: 'entrusted', directorId: director.id, pairingHelper: '大塘镇团委 李某' });
    expect(JSON.stringify(d)).not.toContain('13712345678');
    expect(d.checklist?.['监护']).toContain('监护人是否在家');
    // Open child tasks follow the director.
    expect(d.tasks.filter((x) => x.status === 'open').every((x) => x.assigneeId === director.id)).toBe(true);
    const eg = await send(township, 'PATCH', url, { emergencyGuardianship: true, emergencyGuardianshipOn: today, emergencyGuardianshipReason: '祖母住院，无人照料', version: d.version });
    expect(eg.json<CareSubjectDetail>()).toMatchObject({ emergencyGuardianship: true, emergencyGuardianshipReason: '祖母住院，无人照料' });
    const mine = (await get(director, '/api/care/subjects?kind=child&mine=true')).json<CareSubjectPage>();
    expect(mine.items.map((x) => x.id)).toEqual([s.id]);
    // Adding: an adult is refused, a registry child of another township is 404.
    expect((await send(township, 'POST', '/api/care/children', { memberId: memberId('young'), categories: ['difficulty'] })).statusCode).toBe(400);
    expect((await send(township, 'POST', '/api/care/children', { memberId: memberId('other'), categories: ['difficulty'] })).statusCode).toBe(404);
    expect((await send(township, 'POST', '/api/care/children', { memberId: memberId('family', 2), categories: ['orphan'] })).statusCode).toBe(409);
    const reveal = await send(township, 'POST', `/api/care/children/${s.id}/reveal-guardian-phone`, { reason: '联系监护人' });
    expect(reveal.json<{ value: string }>().value).toBe('13712345678');
    expect((await send(neighbour, 'POST', `/api/care/children/${s.id}/reveal-guardian-phone`, { reason: '联系监护人' })).statusCode).toBe(404);
    expect((await get(neighbour, `/api/care/directors?regionCode=${DONGYUE}`)).statusCode).toBe(404);
    expect((await get(township, `/api/care/directors?regionCode=${DONGYUE}`)).json<{ items: { id: number }[] }>().items.map((x) => x.id)).toEqual([director.id]);
  });

  test('risk reports: township receives and escalates, the county resolves; every step logged', async () => {
    const s = await subjectOf(memberId('family', 2), 'child');
    expect((await send(neighbour, 'POST', '/api/care/risk-reports', { subjectId: s.id, area: 'guardianship', level: 'high', description: 'x' })).statusCode).toBe(404);
    const elderly = await subjectOf(memberId('alone'));
    expect((await send(director, 'POST', '/api/care/risk-reports', { subjectId: elderly.id, area: 'medical', level: 'low', description: 'x' })).statusCode).toBe(404);
    const created = await send(director, 'POST', '/api/care/risk-reports', { subjectId: s.id, area: 'guardianship', level: 'high', description: '监护人住院，儿童独自在家' });
    expect(created.statusCode, created.body).toBe(201);
    let r = created.json<RiskReportView>();
    const act = (u: TestUser, action: string, version = r.version) => send(u, 'POST', `/api/care/risk-reports/${r.id}/actions`, { action, note: '办理', version });
    expect((await act(director, 'receive')).statusCode).toBe(403);
    expect((await act(neighbour, 'receive')).statusCode).toBe(404);
    expect((await act(township, 'escalate')).statusCode).toBe(409);
    r = (await act(township, 'receive')).json<RiskReportView>();
    expect(r.status).toBe('township_received');
    expect((await act(township, 'escalate', r.version - 1)).statusCode).toBe(409);
    r = (await act(township, 'escalate')).json<RiskReportView>();
    expect(r.status).toBe('county_reported');
    expect((await act(township, 'resolve')).statusCode).toBe(403);
    const resolved = await act(county, 'resolve');
    expect(resolved.statusCode, resolved.body).toBe(200);
    r = resolved.json<RiskReportView>();
    expect(r.events.map((e) => e.toStatus)).toEqual(['reported', 'township_received', 'county_reported', 'resolved']);
    expect((await get(neighbour, '/api/care/risk-reports')).json<{ total: number }>().total).toBe(0);
    expect((await get(county, '/api/care/risk-reports?status=resolved')).json<{ total: number }>().total).toBe(1);
    const audits = await db().selectFrom('audit_log').select('id').where('entity', '=', 'child_risk_report').where('entity_id', '=', String(r.id)).execute();
    expect(audits).toHaveLength(4);
  });

  test('weather visits for high-risk elderly, idempotent per warning; nightly job generates', async () => {
    const n = await generateWeatherVisits(db(), { warningId: 77, regionCode: DATANG, startsOn: today, endsOn: shiftDate(today, 3), kindLabel: '寒潮' });
    const high = await db().selectFrom('care_subjects').select('id').where('tier', '=', 'high').where('active', '=', true).where('region_code', 'like', '510131101%').execute();
    expect(n).toBe(high.length);
    expect(await generateWeatherVisits(db(), { warningId: 77, regionCode: DATANG, startsOn: today, endsOn: shiftDate(today, 3), kindLabel: '寒潮' })).toBe(0);
    const w = await db().selectFrom('visit_tasks').select(['due_on', 'reason']).where('period', '=', 'weather-77').execute();
    expect(w.every((x) => x.due_on === shiftDate(today, 1) && x.reason.startsWith('寒潮预警'))).toBe(true);

    const report = await runNightly(t.ctx, today);
    const c = report.care.find((x) => x.county === COUNTY)!;
    expect(c.error).toBeUndefined();
    // The neighbour township's person is identified by the nightly run.
    expect((await get(neighbour, '/api/care/subjects?kind=elderly')).json<CareSubjectPage>().total).toBe(1);
    expect(c.tasksCreated).toBe(1);
  });

  test('a member removed from the registry leaves the care list (kept, inactive)', async () => {
    const s = await subjectOf(memberId('couple', 1));
    await db().updateTable('members').set({ removed_at: new Date(), removal_reason: 'death' }).where('id', '=', s.member_id).execute();
    const r = (await send(township, 'POST', '/api/care/identify', {})).json<IdentifyResult>();
    expect(r.ended).toBe(1);
    expect((await subjectOf(memberId('couple', 1))).active).toBe(false);
    const list = (await get(township, '/api/care/subjects?kind=elderly&includeInactive=true')).json<CareSubjectPage>();
    expect(list.items.find((x) => x.id === s.id)?.active).toBe(false);
  });
});
