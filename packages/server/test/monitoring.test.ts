import crypto from 'node:crypto';
import type { CreateHouseholdRequest, DashboardView, HouseholdView, LeadPage, RuleSettingView, SweepView, WarningPage } from '@doudi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runNightly } from '../src/jobs/scheduler.js';
import { sweepCounty, sweepRegion } from '../src/modules/monitoring/sweep.js';
import { makeId } from './factories.js';
import { startTestApp, type TestApp, type TestUser } from './harness.js';

const COUNTY = '510131000000';
const DATANG = '510131101000';
const DONGYUE = '510131101200';
const CHAOYANGHU = '510131103000';
const AS_OF = '2026-10-15';

type MemberSpec = CreateHouseholdRequest['members'][number];
const member = (name: string, birth: string, over: Partial<MemberSpec> = {}): MemberSpec =>
  ({ name, relation: 'other', idNumber: makeId(birth), ...over }) as MemberSpec;

describe('monitoring: the sweep, warnings, rule switches, dashboard', () => {
  let t: TestApp;
  let county: TestUser;
  let township: TestUser;
  let neighbour: TestUser;
  let children: TestUser;
  let village: TestUser;
  const h: Record<string, HouseholdView> = {};
  let neighbourVillage: string;

  const get = (u: TestUser, url: string) => t.app.inject({ method: 'GET', url, headers: u.headers });
  const send = (u: TestUser, method: 'POST' | 'PUT', url: string, payload: unknown) =>
    t.app.inject({ method, url, headers: u.headers, payload: payload as object });
  const db = () => t.ctx.database.db;
  const sweep = (mode: 'full' | 'incremental' = 'full', asOf = AS_OF) => sweepCounty(t.ctx, COUNTY, { trigger: 'manual', mode, asOf });
  const openWarnings = async (householdId: number) =>
    (await db().selectFrom('warnings').select(['rule', 'key', 'lead_id', 'member_id']).where('household_id', '=', householdId).where('status', '=', 'open').execute());

  async function household(key: string, regionCode: string, members: MemberSpec[], over: Partial<CreateHouseholdRequest> = {}, by?: TestUser) {
    const body: CreateHouseholdRequest = {
      regionCode, urbanRural: 'rural', hukouAddress: '蒲江县测试地址', residenceAddress: '蒲江县测试地址', povertyReasons: ['illness'],
      categories: [], assistance: [], personCategories: [], members: members.map((m, i) => (i === 0 ? { ...m, relation: 'head' } : m)), ...over,
    } as CreateHouseholdRequest;
    const res = await send(by ?? county, 'POST', '/api/registry/households', body);
    expect(res.statusCode, res.body).toBe(201);
    h[key] = res.json<HouseholdView>();
    return h[key];
  }

  async function fact(householdKey: string, memberIndex: number, source: string, date: string, amountFen: number | null) {
    const hh = h[householdKey]!;
    await db().insertInto('department_facts').values({
      source, member_id: hh.members[memberIndex]!.id, household_id: hh.id, region_code: hh.regionCode, fact_date: date, amount_fen: amountFen,
      detail: '{}', fingerprint: crypto.randomBytes(32),
    }).execute();
    await db().updateTable('households').set({ facts_changed_at: new Date() }).where('id', '=', hh.id).execute();
  }

  beforeAll(async () => {
    t = await startTestApp();
    county = await t.user({ role: 'county_staff', regionCode: COUNTY });
    township = await t.user({ role: 'township_staff', regionCode: DATANG });
    neighbour = await t.user({ role: 'township_staff', regionCode: CHAOYANGHU });
    children = await t.user({ role: 'children_director', regionCode: DATANG });
    village = await t.user({ role: 'village_staff', regionCode: DONGYUE });
    neighbourVillage = (await db().selectFrom('regions').select('code').where('parent_code', '=', CHAOYANGHU).orderBy('code').executeTakeFirstOrThrow()).code;
    const p = (key: string, value: number, region = COUNTY) => ({ region_code: region, key, value, valid_from: '2026-01-01', valid_to: null, source: '测试参数', demo: true });
    await db().insertInto('policy_parameters').values([
      p('dibao_standard_rural_monthly', 68000), p('dibao_standard_urban_monthly', 82000), p('marginal_multiplier', 1.5, '510000000000'),
      p('rigid_expense_ratio', 0.5), p('disposable_income_per_head_yearly', 2_900_000), p('lead_contact_days', 3), p('lead_handle_days', 10),
    ]).execute();
    // 300 元 a month per head: below the 680 元 standard.
    await household('below', DONGYUE, [member('低一', '19860101', { yearlyIncome: 480000 }), member('低二', '19880202', { yearlyIncome: 240000 })]);
    // 800 元: between the standard and 1.5 × standard.
    await household('marginal', DONGYUE, [member('边一', '19800303', { yearlyIncome: 1_200_000 }), member('边二', '19820404', { yearlyIncome: 720_000 })]);
    // 86 years old, alone, with a good pension.
    await household('elderly', DONGYUE, [member('老一', '19400505', { pension: 4_000_000 })]);
    // 低保 household whose spouse died according to the civil registry.
    await household('death', DONGYUE, [member('亡一', '19700606', { yearlyIncome: 300_000 }), member('亡二', '19720707', { yearlyIncome: 0, relation: 'spouse' })],
      { categories: [{ kind: 'dibao', startDate: '2024-01-01', endDate: null, status: 'active' }] });
    // 40,000 元 a year for three (1,111 元 a month per head, above the marginal line) and 25,000 元 of medical costs.
    await household('rigid', DONGYUE, [member('刚一', '19800808', { yearlyIncome: 4_000_000 }), member('刚二', '19820909'), member('刚三', '20100101')]);
    await household('comfortable', DONGYUE, [member('富一', '19801010', { yearlyIncome: 9_000_000 })]);
    await household('elsewhere', neighbourVillage, [member('邻一', '19851111', { yearlyIncome: 120_000 })]);
    await fact('death', 1, 'death', '2026-08-01', null);
    await fact('rigid', 0, 'medical', '2026-05-01', 2_500_000);
    await fact('rigid', 0, 'medical', '2025-01-01', 9_900_000); // outside the 12 months
  }, 180_000);
  afterAll(async () => t?.close());

  test('a full sweep raises the expected warnings with reasons, and leads for all but the elderly rule', async () => {
    const s = await sweep();
    expect(s.status).toBe('done');
    expect(s.households_done).toBe(7);
    expect((await openWarnings(h.below!.id)).map((w) => w.rule)).toEqual(['suspected_dibao']);
    expect((await openWarnings(h.marginal!.id)).map((w) => w.rule)).toEqual(['suspected_marginal']);
    expect((await openWarnings(h.elderly!.id)).map((w) => w.rule)).toEqual(['elderly_special']);
    const death = await openWarnings(h.death!.id);
    expect(death.map((w) => [w.rule, w.member_id])).toEqual([['death_payment_check', h.death!.members[1]!.id]]);
    expect((await openWarnings(h.rigid!.id)).map((w) => w.rule)).toEqual(['suspected_rigid_expense']);
    expect(await openWarnings(h.comfortable!.id)).toEqual([]);
    expect((await openWarnings(h.elsewhere!.id)).map((w) => w.rule)).toEqual(['suspected_dibao']);
    // Every new warning but the elderly one has a lead; a lead's township is the household's.
    const leads = await db().selectFrom('leads').select(['household_id', 'township_code', 'status', 'source', 'due_date']).execute();
    expect(leads.map((l) => l.household_id).sort()).toEqual([h.below!.id, h.marginal!.id, h.death!.id, h.rigid!.id, h.elsewhere!.id].sort());
    expect(leads.every((l) => l.status === 'pending' && l.source === 'warning' && l.due_date !== null)).toBe(true);
    expect(leads.find((l) => l.household_id === h.below!.id)!.township_code).toBe(DATANG);
    expect((await openWarnings(h.elderly!.id))[0]!.lead_id).toBeNull();
    const rigid = await get(township, `/api/monitoring/warnings?householdId=${h.rigid!.id}`);
    expect(rigid.json<WarningPage>().items[0]!.reasons[0]).toContain('25,000.00 元');
    const events = await db().selectFrom('lead_events').select('action').execute();
    expect(events.filter((e) => e.action === 'create')).toHaveLength(5);
  });

  test('a second sweep raises nothing twice', async () => {
    const before = await db().selectFrom('warnings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const s = await sweep();
    expect(s.raised).toBe(0);
    expect(s.closed).toBe(0);
    const after = await db().selectFrom('warnings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  test('a household that moved to another village takes its open warnings with it at its next evaluation', async () => {
    const other = (await db().selectFrom('regions').select('code').where('parent_code', '=', CHAOYANGHU).where('code', '<>', neighbourVillage)
      .orderBy('code').executeTakeFirstOrThrow()).code;
    const id = h.elsewhere!.id;
    const villages = async () => (await db().selectFrom('warnings').select('region_code').where('household_id', '=', id).where('status', '=', 'open').execute())
      .map((w) => w.region_code);
    expect(await villages()).toEqual([neighbourVillage]);
    for (const [to, before] of [[other, neighbourVillage], [neighbourVillage, other]] as const) {
      await sql`UPDATE households SET region_code = ${to}, updated_at = now() WHERE id = ${id}`.execute(db());
      await sql`UPDATE members SET region_code = ${to} WHERE household_id = ${id}`.execute(db());
      expect(await villages()).toEqual([before]);
      const s = await sweep('incremental');
      expect(s).toMatchObject({ households_done: 1, raised: 0, closed: 0 });
      expect(await villages()).toEqual([to]);
    }
  });

  test('incremental: only changed households are evaluated; a cleared condition closes the warning', async () => {
    const head = h.below!.members[0]!;
    await db().updateTable('members').set({ yearly_income_fen: 9_000_000, updated_at: new Date() }).where('id', '=', head.id).execute();
    await sql`UPDATE households SET yearly_income_fen = 9240000, updated_at = now() WHERE id = ${h.below!.id}`.execute(db());
    const s = await sweep('incremental');
    expect(s.mode).toBe('incremental');
    expect(s.households_total).toBe(1);
    expect(s.households_done).toBe(1);
    expect(s.closed).toBe(1);
    const w = await db().selectFrom('warnings').select(['status', 'close_reason']).where('household_id', '=', h.below!.id).executeTakeFirstOrThrow();
    expect(w).toEqual({ status: 'closed', close_reason: '条件已消除（系统复核）' });
    // Nothing changed since: nothing to evaluate.
    expect((await sweep('incremental')).households_done).toBe(0);
    // A member turning 18 between two sweep dates is picked up by date alone.
    const later = await sweep('incremental', '2028-01-02');
    expect(later.households_done).toBe(1);
  });

  test('incremental over several pages, and resumed after its last household', async () => {
    const ids = Object.values(h).filter((x) => x.regionCode.startsWith(COUNTY.slice(0, 6))).map((x) => x.id).sort((a, b) => a - b);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    await sql`UPDATE households SET updated_at = now() WHERE id = ANY(${ids}::bigint[])`.execute(db());
    // Listed once, read two households a page.
    const s = await sweepCounty(t.ctx, COUNTY, { trigger: 'manual', mode: 'incremental', asOf: AS_OF, pageSize: 2 });
    expect(s).toMatchObject({ mode: 'incremental', status: 'done', households_total: ids.length, households_done: ids.length });
    expect(Number(s.last_household_id)).toBe(ids[ids.length - 1]);

    // The same households change again; a stopped incremental sweep had done the first two: it finishes the rest.
    await sql`UPDATE households SET updated_at = now() WHERE id = ANY(${ids}::bigint[])`.execute(db());
    const { id } = await db().insertInto('monitoring_sweeps').values({
      region_code: COUNTY, trigger: 'scheduled', mode: 'incremental', as_of: AS_OF, status: 'running', households_total: ids.length,
      households_done: 2, last_household_id: ids[1]!, updated_at: new Date(Date.now() - 3600_000), started_at: new Date(),
    }).returning('id').executeTakeFirstOrThrow();
    const resumed = await sweepCounty(t.ctx, COUNTY, { trigger: 'manual', mode: 'incremental', asOf: AS_OF, pageSize: 2 });
    expect(resumed).toMatchObject({ id, status: 'done', households_done: ids.length });
    const pending = await sql<{ id: number }>`SELECT household_id AS id FROM household_monitoring
      WHERE household_id = ANY(${ids}::bigint[]) AND changed_xact >= monitored_xmin ORDER BY 1`.execute(db());
    expect(pending.rows.map((r) => Number(r.id))).toEqual(ids.slice(0, 2));
  });

  test('rule switches: county and above only; a switched-off rule is not raised and its warnings close', async () => {
    const denied = await send(township, 'PUT', '/api/monitoring/rules', { regionCode: DONGYUE, rule: 'suspected_marginal', enabled: false });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().message).toMatch(/权限|县级/);
    const outside = await send(county, 'PUT', '/api/monitoring/rules', { regionCode: '510132000000', rule: 'suspected_marginal', enabled: false });
    expect(outside.statusCode).toBe(404);
    const res = await send(county, 'PUT', '/api/monitoring/rules', { regionCode: DONGYUE, rule: 'suspected_marginal', enabled: false });
    expect(res.statusCode, res.body).toBe(200);
    const view = await get(township, `/api/monitoring/rules?regionCode=${DONGYUE}`);
    const marginal = view.json<{ items: RuleSettingView[] }>().items.find((r) => r.rule === 'suspected_marginal')!;
    expect(marginal.enabled).toBe(false);
    expect(marginal.setAt).toMatchObject({ regionCode: DONGYUE });
    expect(view.json<{ items: RuleSettingView[] }>().items.find((r) => r.rule === 'suspected_dibao')!.setAt).toBe('default');
    await household('marginal2', DONGYUE, [member('边三', '19810101', { yearlyIncome: 1_000_000 })]);
    const s = await sweep('incremental');
    expect(s.mode).toBe('full'); // a switch changed since the last sweep
    expect(await openWarnings(h.marginal2!.id)).toEqual([]);
    const closed = await db().selectFrom('warnings').select(['status', 'close_reason']).where('household_id', '=', h.marginal!.id).executeTakeFirstOrThrow();
    expect(closed).toEqual({ status: 'closed', close_reason: '预警规则已停用（系统复核）' });
    expect((await send(county, 'PUT', '/api/monitoring/rules', { regionCode: DONGYUE, rule: 'suspected_marginal', enabled: true })).statusCode).toBe(200);
  });

  test('an interrupted sweep resumes after last_household_id; a live one refuses a second with 409', async () => {
    const total = (await db().selectFrom('households').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const after = h.death!.id;
    const remaining = (await db().selectFrom('households').select((eb) => eb.fn.countAll<number>().as('n')).where('id', '>', after).executeTakeFirstOrThrow()).n;
    const { id } = await db().insertInto('monitoring_sweeps').values({
      region_code: COUNTY, trigger: 'manual', mode: 'full', as_of: AS_OF, status: 'running', households_total: Number(total),
      households_done: Number(total) - Number(remaining), last_household_id: after, updated_at: new Date(Date.now() - 3600_000),
    }).returning('id').executeTakeFirstOrThrow();
    await db().updateTable('household_monitoring').set({ monitored_at: null }).execute();
    const s = await sweep();
    expect(s.id).toBe(id);
    expect(s.status).toBe('done');
    expect(s.households_done).toBe(Number(total));
    const unmonitored = await db().selectFrom('household_monitoring').select('household_id as id').where('monitored_at', 'is', null).orderBy('household_id').execute();
    expect(unmonitored.map((r) => r.id).every((x) => x <= after)).toBe(true);
    expect(unmonitored.length).toBe(Number(total) - Number(remaining));

    const live = await db().insertInto('monitoring_sweeps').values({ region_code: COUNTY, trigger: 'manual', mode: 'full', as_of: AS_OF, status: 'running' })
      .returning('id').executeTakeFirstOrThrow();
    await expect(sweep()).rejects.toThrow(/正在进行监测/);
    const res = await send(county, 'POST', '/api/monitoring/sweeps', { regionCode: COUNTY, mode: 'full' });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain(`#${live.id}`);
    await db().updateTable('monitoring_sweeps').set({ status: 'failed', finished_at: new Date() }).where('id', '=', live.id).execute();
  });

  test('POST /api/monitoring/sweeps answers 202 and the progress is visible in GET /sweeps', async () => {
    expect((await send(township, 'POST', '/api/monitoring/sweeps', { regionCode: COUNTY, mode: 'full' })).statusCode).toBe(403);
    expect((await send(county, 'POST', '/api/monitoring/sweeps', { regionCode: DATANG, mode: 'full' })).statusCode).toBe(400);
    const res = await send(county, 'POST', '/api/monitoring/sweeps', { regionCode: COUNTY, mode: 'full' });
    expect(res.statusCode, res.body).toBe(202);
    const [started] = res.json<{ items: SweepView[] }>().items;
    expect(started!.regionCode).toBe(COUNTY);
    let view: SweepView | undefined;
    for (let i = 0; i < 100; i++) {
      view = (await get(county, `/api/monitoring/sweeps?regionCode=${COUNTY}`)).json<{ items: SweepView[] }>().items.find((x) => x.id === started!.id);
      if (view?.status === 'done') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(view?.status).toBe('done');
    expect(view?.householdsDone).toBe(view?.householdsTotal);
    expect((await get(township, '/api/monitoring/sweeps')).statusCode).toBe(200);
  });

  test('jurisdiction: lists hold only own records, others answer 404, roles without the permission 403', async () => {
    const mine = (await get(township, '/api/monitoring/warnings?pageSize=200')).json<WarningPage>();
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.items.every((w) => w.regionCode.startsWith('510131101'))).toBe(true);
    const theirs = (await get(neighbour, '/api/monitoring/warnings?pageSize=200')).json<WarningPage>();
    expect(theirs.items.map((w) => w.householdId)).toEqual([h.elsewhere!.id]);
    expect((await get(neighbour, `/api/registry/households/${h.below!.id}/warnings`)).statusCode).toBe(404);
    expect((await get(neighbour, `/api/monitoring/warnings?regionCode=${DONGYUE}`)).statusCode).toBe(404);
    expect((await get(neighbour, `/api/monitoring/rules?regionCode=${DONGYUE}`)).statusCode).toBe(404);
    expect((await get(neighbour, `/api/monitoring/dashboard?regionCode=${DATANG}`)).statusCode).toBe(404);
    expect((await get(children, '/api/monitoring/warnings')).statusCode).toBe(403);
    expect((await get(children, '/api/monitoring/dashboard')).statusCode).toBe(403);
    const own = await get(village, `/api/registry/households/${h.death!.id}/warnings`);
    expect(own.statusCode).toBe(200);
    expect(own.json<{ items: { rule: string }[] }>().items.map((w) => w.rule)).toContain('death_payment_check');
    const leads = (await get(neighbour, '/api/monitoring/leads?pageSize=200')).json<LeadPage>();
    expect(leads.items.every((l) => l.regionCode.startsWith('510131103'))).toBe(true);
  });

  test('nightly: incremental sweeps of every county with households, then escalation', async () => {
    const report = await runNightly(t.ctx, AS_OF);
    expect(report.swept.map((s) => s.county)).toEqual([COUNTY]);
    expect(report.swept[0]!.status).toBe('done');
  });

  test('dashboard: every figure equals the total of the list it opens', async () => {
    const res = await get(county, `/api/monitoring/dashboard?regionCode=${COUNTY}&asOf=2026-12-31`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json<DashboardView>();
    expect(d.trend).toHaveLength(12);
    expect(d.children.find((c) => c.regionCode === DATANG)!.openWarningsTotal).toBeGreaterThan(0);
    const total = async (u: string) => {
      const r = await get(county, u);
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ total: number }>().total;
    };
    for (const f of [d.region, ...d.children.filter((c) => c.openWarningsTotal > 0 || Object.values(c.leadsByStatus).some((n) => n > 0))]) {
      for (const [rule, n] of Object.entries(f.openWarnings)) {
        expect(await total(`/api/monitoring/warnings?regionCode=${f.regionCode}&rule=${rule}&status=open`)).toBe(n);
      }
      for (const [status, n] of Object.entries(f.leadsByStatus)) {
        expect(await total(`/api/monitoring/leads?regionCode=${f.regionCode}&status=${status}`)).toBe(n);
      }
      expect(await total(`/api/monitoring/leads?regionCode=${f.regionCode}&overdue=true&asOf=${d.asOf}`)).toBe(f.overdueLeads);
      expect(await total(`/api/monitoring/warnings?regionCode=${f.regionCode}&gap=true`)).toBe(f.coverageGap);
    }
    expect(d.region.overdueLeads).toBeGreaterThan(0);
    expect(d.region.coverageGap).toBeGreaterThan(0);
    const raisedWeeks = d.trend.filter((w) => w.raised > 0);
    expect(raisedWeeks.length).toBeGreaterThan(0);
    for (const w of d.trend) {
      expect(await total(`/api/monitoring/warnings?regionCode=${COUNTY}&raisedFrom=${w.weekStart}&raisedTo=${w.weekEnd}`)).toBe(w.raised);
      expect(await total(`/api/monitoring/leads?regionCode=${COUNTY}&createdFrom=${w.weekStart}&createdTo=${w.weekEnd}`)).toBe(w.leadsCreated);
    }
  });

  test('recheck dates by the calendar; a member written alone is seen; a city sweeps its counties together, each with its own progress', async () => {
    // 刚一's medical fact of 2026-05-01 leaves the 12 months on 2027-05-01, before 刚三 turns 18 on 2028-01-01.
    const recheck = async (key: string) =>
      (await db().selectFrom('household_monitoring').select('recheck_on').where('household_id', '=', h[key]!.id).executeTakeFirstOrThrow()).recheck_on;
    expect(await recheck('rigid')).toBe('2027-05-01');
    expect(await recheck('comfortable')).toBe('2040-10-10');

    const OTHER = '510129000000';
    const other = await t.user({ role: 'county_staff', regionCode: OTHER });
    const otherVillage = (await db().selectFrom('regions').select('code').where('level', '=', 5).where('code', 'like', '510129%')
      .orderBy('code').executeTakeFirstOrThrow()).code;
    await household('otherCounty', otherVillage, [member('外一', '19860101', { yearlyIncome: 120_000 })], {}, other);
    expect(await sweepCounty(t.ctx, OTHER, { trigger: 'manual', mode: 'full', asOf: AS_OF })).toMatchObject({ status: 'done', households_done: 1 });

    // A member row written on its own (no household write): the members trigger marks the household changed.
    await db().updateTable('members').set({ tags: ['living_alone'] }).where('id', '=', h.comfortable!.members[0]!.id).execute();
    await sql`UPDATE households SET updated_at = now() WHERE id = ${h.otherCounty!.id}`.execute(db());
    const rows = await sweepRegion(t.ctx, '510100000000', { trigger: 'manual', mode: 'incremental', asOf: AS_OF, pageSize: 10 });
    const mine = rows.find((r) => r.region_code === COUNTY)!;
    const theirs = rows.find((r) => r.region_code === OTHER)!;
    expect(mine).toMatchObject({ mode: 'incremental', status: 'done', households_total: 1, households_done: 1 });
    expect(theirs).toMatchObject({ mode: 'incremental', status: 'done', households_total: 1, households_done: 1 });
    expect(Number(mine.last_household_id)).toBe(h.comfortable!.id);
    // The other county has no 低保 standard: its rules are skipped there, and only there.
    expect(Object.keys(theirs.skipped as object)).toContain('suspected_dibao');
    expect(Object.keys(mine.skipped as object)).not.toContain('suspected_dibao');
    // Counties never swept are swept in full, and have nothing to do.
    expect(rows.filter((r) => r.region_code !== COUNTY && r.region_code !== OTHER).every((r) => r.mode === 'full' && r.status === 'done' && r.households_total === 0)).toBe(true);
    expect((await sweepRegion(t.ctx, '510100000000', { trigger: 'manual', mode: 'incremental', asOf: AS_OF })).every((r) => r.households_done === 0)).toBe(true);
    // The recheck date reached: the household is evaluated again by date alone.
    const due = await sweepCounty(t.ctx, COUNTY, { trigger: 'manual', mode: 'incremental', asOf: '2027-05-01' });
    expect(due.households_done).toBeGreaterThanOrEqual(1);
    expect(await recheck('rigid')).toBe('2028-01-01');

    // The nightly run sweeps the counties together and skips one that is being swept, naming the running sweep.
    const { id: live } = await db().insertInto('monitoring_sweeps').values({
      region_code: OTHER, trigger: 'manual', mode: 'full', as_of: AS_OF, status: 'running', households_total: 1, households_done: 0,
    }).returning('id').executeTakeFirstOrThrow();
    const report = await runNightly(t.ctx, AS_OF);
    expect(report.swept.find((x) => x.county === COUNTY)).toMatchObject({ status: 'done' });
    expect(report.swept.find((x) => x.county === OTHER)).toMatchObject({ status: 'skipped', sweepId: null });
    expect(report.swept.find((x) => x.county === OTHER)!.error).toContain(`批次 #${live}`);
    await db().updateTable('monitoring_sweeps').set({ status: 'failed' }).where('id', '=', live).execute();
  });

  // Two connections at once: PostgreSQL only (PGlite has one).
  test.skipIf(!process.env.DATABASE_URL)('a change committed while the sweep evaluates the household is evaluated by the next incremental sweep', async () => {
    const x = h.comfortable!;
    const head = x.members[0]!.id;
    // A committed change: the household is listed by the next incremental sweep.
    await db().updateTable('members').set({ tags: [] }).where('id', '=', head).execute();
    expect(await openWarnings(x.id)).toEqual([]);
    let swept: Promise<unknown> | undefined;
    await db().connection().execute(async (c) => {
      await sql`BEGIN`.execute(c);
      try {
        // Another worker records that the head lost their income, and has not committed yet.
        await sql`UPDATE members SET yearly_income_fen = 0 WHERE id = ${head}`.execute(c);
        await sql`UPDATE households SET yearly_income_fen = 0, income_per_head_fen = 0 WHERE id = ${x.id}`.execute(c);
        // The sweep reads the household as it was, evaluates it and waits for the worker to mark it evaluated.
        swept = sweepCounty(t.ctx, COUNTY, { trigger: 'manual', mode: 'incremental', asOf: AS_OF });
        for (let i = 0; ; i++) {
          const waiting = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db());
          if (waiting.rows[0]!.n > 0) break;
          if (i > 800) throw new Error('the sweep did not reach the household');
          await new Promise((r) => setTimeout(r, 25));
        }
        await sql`COMMIT`.execute(c);
      } catch (err) {
        await sql`ROLLBACK`.execute(c);
        throw err;
      }
    });
    expect(await swept).toMatchObject({ status: 'done', households_done: 1 });
    expect(await openWarnings(x.id)).toEqual([]);
    // The sweep did not see the change: the household is still to be evaluated, and the next sweep raises the warning.
    const next = await sweep('incremental');
    expect(next.households_done).toBe(1);
    expect((await openWarnings(x.id)).map((w) => w.rule)).toEqual(['suspected_dibao']);
  });

  test('a new parameter the rules do not read leaves the next sweep incremental; one they read makes it full', async () => {
    await sweep('incremental');
    const p = (key: string, value: number) => ({ region_code: COUNTY, key, value, valid_from: '2026-06-01', valid_to: null, source: '测试参数（调整）', demo: true });
    // A lead deadline and a visit interval: no warning depends on them.
    await db().insertInto('policy_parameters').values([p('lead_contact_days', 5), p('elderly_visit_days_key', 14)]).execute();
    expect(await sweep('incremental')).toMatchObject({ mode: 'incremental', status: 'done', households_done: 0 });
    // The age from which the elderly are 高龄: every household is evaluated again.
    await db().insertInto('policy_parameters').values(p('elderly_age_threshold', 80)).execute();
    const full = await sweep('incremental');
    const households = await db().selectFrom('households').select((eb) => eb.fn.countAll<number>().as('n')).where('region_code', 'like', '510131%')
      .executeTakeFirstOrThrow();
    expect(full).toMatchObject({ mode: 'full', status: 'done', households_done: Number(households.n) });
    // The elderly warning now cites the county's own parameter instead of the default.
    const elderly = await db().selectFrom('warnings').select('reasons').where('household_id', '=', h.elderly!.id).where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(elderly.reasons)).toContain('测试参数（调整）');
  });
});
