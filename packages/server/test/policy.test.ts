import { addWorkingDays, chinaDate, workCalendar } from '@doudi/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/modules/demo/seed.js';
import { startTestApp, type TestApp, type TestUser } from './harness.js';

let t: TestApp;
let county: TestUser;
let otherCounty: TestUser;
let township: TestUser;
let city: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.ctx.database, t.ctx.crypto);
  county = await t.user({ role: 'county_staff', regionCode: '510131000000' });
  otherCounty = await t.user({ role: 'county_staff', regionCode: '510104000000' });
  township = await t.user({ role: 'township_staff', regionCode: '510131101000' });
  city = await t.user({ role: 'city_staff', regionCode: '510100000000' });
});
afterAll(async () => t?.close());

type View = { id: number; key: string; regionCode: string; value: number; demo: boolean; validTo: string | null };
const list = async (u: TestUser) => (await t.app.inject({ method: 'GET', url: '/api/policy-parameters', headers: u.headers })).json().items as View[];

describe('policy parameters', () => {
  it('shows the demo standards, labelled as demo data, to the county and its townships', async () => {
    const items = await list(township);
    const rural = items.find((i) => i.key === 'dibao_standard_rural_monthly')!;
    expect(rural).toMatchObject({ regionCode: '510131000000', value: 68000, demo: true });
    expect(items.find((i) => i.key === 'marginal_multiplier')).toMatchObject({ value: 1.5, demo: false });
    // Another county sees the province's multiplier but not Pujiang's own standards.
    const other = await list(otherCounty);
    expect(other.some((i) => i.regionCode === '510131000000')).toBe(false);
    expect(other.some((i) => i.key === 'marginal_multiplier')).toBe(true);
    const single = await t.app.inject({ method: 'GET', url: `/api/policy-parameters/${rural.id}`, headers: otherCounty.headers });
    expect(single.statusCode).toBe(404);
  });

  it('lets county staff add a parameter inside their jurisdiction, refuses overlaps and townships', async () => {
    const body = { regionCode: '510131101000', key: 'dibao_standard_rural_monthly', value: 70000, validFrom: '2026-07-01', validTo: null, source: '蒲民发〔2026〕1号（测试）' };
    expect((await t.app.inject({ method: 'POST', url: '/api/policy-parameters', headers: township.headers, payload: body })).statusCode).toBe(403);
    const created = await t.app.inject({ method: 'POST', url: '/api/policy-parameters', headers: county.headers, payload: body });
    expect(created.statusCode).toBe(201);
    const overlap = await t.app.inject({ method: 'POST', url: '/api/policy-parameters', headers: county.headers, payload: { ...body, validFrom: '2026-09-01' } });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json()).toMatchObject({ field: 'validFrom' });
    expect(overlap.json().message).toMatch(/重叠/);
    const outside = await t.app.inject({ method: 'POST', url: '/api/policy-parameters', headers: county.headers, payload: { ...body, regionCode: '510104000000' } });
    expect(outside.statusCode).toBe(404);
    const noSource = await t.app.inject({ method: 'POST', url: '/api/policy-parameters', headers: county.headers, payload: { ...body, source: ' ' } });
    expect(noSource.statusCode).toBe(400);
    expect(noSource.json().field).toBe('source');
    const badPeriod = await t.app.inject({ method: 'POST', url: '/api/policy-parameters', headers: county.headers, payload: { ...body, validFrom: '2027-01-01', validTo: '2026-01-01' } });
    expect(badPeriod.json().field).toBe('validTo');
  });

  it('ends a parameter only inside the jurisdiction, and audits it', async () => {
    const provinceParam = (await list(county)).find((i) => i.key === 'marginal_multiplier')!;
    // Visible to the county (it applies there), but set above it: not theirs to change.
    const up = await t.app.inject({ method: 'POST', url: `/api/policy-parameters/${provinceParam.id}/end`, headers: county.headers, payload: { validTo: '2026-12-31' } });
    expect(up.statusCode).toBe(404);
    const mine = (await list(county)).find((i) => i.key === 'dibao_standard_urban_monthly')!;
    const ended = await t.app.inject({ method: 'POST', url: `/api/policy-parameters/${mine.id}/end`, headers: city.headers, payload: { validTo: '2026-12-31' } });
    expect(ended.statusCode).toBe(200);
    expect(ended.json().validTo).toBe('2026-12-31');
    const audit = await t.ctx.database.db.selectFrom('audit_log').selectAll().where('entity', '=', 'policy_parameter').where('entity_id', '=', String(mine.id)).where('action', '=', 'update').executeTakeFirstOrThrow();
    expect(audit.user_id).toBe(city.id);
    expect((await t.app.inject({ method: 'POST', url: `/api/policy-parameters/${mine.id}/end`, headers: otherCounty.headers, payload: { validTo: '2026-12-31' } })).statusCode).toBe(404);
  });
});

describe('the working-day calendar', () => {
  type Year = { year: number; source: string | null; days: { date: string; kind: string; name: string; weekday: string }[] };
  const getYear = async (u: TestUser, year: number) => (await t.app.inject({ method: 'GET', url: `/api/work-calendar/${year}`, headers: u.headers })).json<Year>();
  const put = (u: TestUser, year: number, payload: unknown) => t.app.inject({ method: 'PUT', url: `/api/work-calendar/${year}`, headers: u.headers, payload: payload as object });

  it('ships the State Council notices of 2025 and 2026, the same for every signed-in user', async () => {
    const y = await getYear(township, 2026);
    expect(y.source).toContain('国办发明电〔2025〕7号');
    expect(y.days.filter((d) => d.kind === 'holiday')).toHaveLength(33);
    expect(y.days.filter((d) => d.kind === 'workday').map((d) => `${d.date} ${d.weekday}`)).toEqual([
      '2026-01-04 星期日', '2026-02-14 星期六', '2026-02-28 星期六', '2026-05-09 星期六', '2026-09-20 星期日', '2026-10-10 星期六',
    ]);
    expect((await getYear(otherCounty, 2025)).days.find((d) => d.date === '2025-01-28')).toMatchObject({ kind: 'holiday', name: '春节', weekday: '星期二' });
    expect(await getYear(township, 2027)).toMatchObject({ source: null, days: [] });
    expect((await t.app.inject({ method: 'GET', url: '/api/work-calendar/1899', headers: township.headers })).statusCode).toBe(400);
  });

  it('only provincial policy administrators change it; bad rows are named; the change is audited and moves new deadlines', async () => {
    const province = await t.user({ role: 'province_staff', regionCode: '510000000000' });
    const today = chinaDate(new Date());
    // The next three weekdays become holidays: a lead registered today is then due three working days after them.
    const next: string[] = [];
    for (let d = new Date(`${today}T00:00:00Z`); next.length < 3;) {
      d.setUTCDate(d.getUTCDate() + 1);
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) next.push(d.toISOString().slice(0, 10));
    }
    const byYear = new Map<number, string[]>();
    for (const day of next) byYear.set(Number(day.slice(0, 4)), [...(byYear.get(Number(day.slice(0, 4))) ?? []), day]);
    const [year, days] = [...byYear][0]!;
    const body = (extra: { date: string; kind: string; name: string }[]) => ({
      source: '测试通知（测试）',
      days: [...(days.map((date) => ({ date, kind: 'holiday', name: '测试假日' }))), ...extra],
    });
    expect((await put(county, year, body([]))).statusCode).toBe(403);
    expect((await put(township, year, body([]))).statusCode).toBe(403);
    const bad = await put(province, year, body([{ date: `${year + 1}-01-02`, kind: 'holiday', name: '元旦' }]));
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toContain(`第 ${days.length + 1} 行（${year + 1}-01-02）不在 ${year} 年内`);
    const weekdayWorked = await put(province, year, body([{ date: days[0]!, kind: 'workday', name: '测试' }]));
    expect(weekdayWorked.json<{ message: string }>().message).toContain('本来就是工作日');

    const ok = await put(province, year, body([]));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<Year>()).toMatchObject({ year, source: '测试通知（测试）' });
    expect(ok.json<Year>().days.map((d) => d.date)).toEqual(days);
    const audit = await t.ctx.database.db.selectFrom('audit_log').select(['action', 'username']).where('entity', '=', 'work_calendar').where('entity_id', '=', String(year)).execute();
    expect(audit).toEqual([{ action: year <= 2026 ? 'update' : 'create', username: province.username }]);

    const lead = await t.app.inject({
      method: 'POST', url: '/api/monitoring/leads', headers: township.headers,
      payload: { source: 'hotline', regionCode: '510131101200', personName: '陈某', description: '群众来电反映家中老人无人照料' },
    });
    expect(lead.statusCode, lead.body).toBe(201);
    const calendar = workCalendar([...byYear].flatMap(([y, ds]) => (y === year ? ds : []).map((date) => ({ date, kind: 'holiday' as const }))));
    expect(lead.json<{ deadline: string }>().deadline).toBe(addWorkingDays(today, 3, calendar));
    expect(lead.json<{ deadline: string }>().deadline).not.toBe(addWorkingDays(today, 3));
  });
});
