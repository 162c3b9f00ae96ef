import type { AssigneeView, LeadDetail, LeadPage } from '@doudi/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runNightly } from '../src/jobs/scheduler.js';
import { startTestApp, type TestApp, type TestUser } from './harness.js';

const COUNTY = '510131000000';
const DATANG = '510131101000';
const DONGYUE = '510131101200';
const CHAOYANGHU = '510131103000';

describe('monitoring: leads through HTTP', () => {
  let t: TestApp;
  let township: TestUser;
  let neighbour: TestUser;
  let village: TestUser;
  let children: TestUser;
  let countyUser: TestUser;

  const get = (u: TestUser, url: string) => t.app.inject({ method: 'GET', url, headers: u.headers });
  const post = (u: TestUser, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: u.headers, payload: payload as object });
  const newLead = async (over: Record<string, unknown> = {}) => {
    const res = await post(township, '/api/monitoring/leads', {
      source: 'hotline', regionCode: DONGYUE, personName: '陈某', phone: '13912345678', description: '群众来电反映家中老人无人照料', ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<LeadDetail>();
  };

  beforeAll(async () => {
    t = await startTestApp();
    township = await t.user({ role: 'township_staff', regionCode: DATANG });
    neighbour = await t.user({ role: 'township_staff', regionCode: CHAOYANGHU });
    village = await t.user({ role: 'village_staff', regionCode: DONGYUE });
    children = await t.user({ role: 'children_director', regionCode: DATANG });
    countyUser = await t.user({ role: 'county_staff', regionCode: COUNTY });
    await t.ctx.database.db.insertInto('policy_parameters').values([
      { region_code: COUNTY, key: 'lead_contact_days', value: 3, valid_from: '2020-01-01', valid_to: null, source: '测试参数', demo: true },
      { region_code: COUNTY, key: 'lead_handle_days', value: 10, valid_from: '2020-01-01', valid_to: null, source: '测试参数', demo: true },
    ]).execute();
  }, 180_000);
  afterAll(async () => t?.close());

  test('full life cycle: no step skipped, stale versions refused, every step logged', async () => {
    const lead = await newLead();
    expect(lead.status).toBe('pending');
    expect(lead.phoneMasked).toBe('139****5678');
    expect(lead.deadline).not.toBeNull();
    expect(lead.availableActions).toEqual(['assign']);
    expect(JSON.stringify(lead)).not.toContain('13912345678');

    const skip = await post(township, `/api/monitoring/leads/${lead.id}/contact`, {
      version: lead.version, method: 'phone', policyExplained: true, willing: true, ableToApplyAlone: false,
    });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().message).toContain('可进行的操作：分派');

    const wrong = await post(township, `/api/monitoring/leads/${lead.id}/assign`, { version: lead.version, assigneeId: neighbour.id });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toContain('承办人');

    const assigned = await post(township, `/api/monitoring/leads/${lead.id}/assign`, { version: lead.version, assigneeId: village.id });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const a = assigned.json<LeadDetail>();
    expect(a).toMatchObject({ status: 'assigned', assigneeId: village.id, version: lead.version + 1 });

    const stale = await post(township, `/api/monitoring/leads/${lead.id}/reassign`, { version: lead.version, assigneeId: township.id });
    expect(stale.statusCode).toBe(409);

    const mine = (await get(village, '/api/monitoring/leads?assignedToMe=true')).json<LeadPage>();
    expect(mine.items.map((l) => l.id)).toContain(lead.id);

    const contacted = await post(village, `/api/monitoring/leads/${lead.id}/contact`, {
      version: a.version, method: 'visit', policyExplained: true, willing: true, ableToApplyAlone: false, note: '已入户讲解低保政策',
    });
    expect(contacted.statusCode, contacted.body).toBe(200);
    const c = contacted.json<LeadDetail>();
    expect(c.status).toBe('contacted');
    expect(c.dueStep).toBe('handle');
    expect(c.deadline! >= lead.deadline!).toBe(true);

    const refused = await post(village, `/api/monitoring/leads/${lead.id}/outcome`, { version: c.version, outcome: 'refused', note: '本人拒绝' });
    expect(refused.statusCode).toBe(400);
    const outcome = await post(village, `/api/monitoring/leads/${lead.id}/outcome`, { version: c.version, outcome: 'helped_apply', note: '已协助提交低保申请' });
    expect(outcome.statusCode, outcome.body).toBe(200);
    const o = outcome.json<LeadDetail>();
    expect(o.deadline).toBeNull();
    const closed = await post(township, `/api/monitoring/leads/${lead.id}/close`, { version: o.version, summary: '已受理低保申请，线索办结' });
    expect(closed.statusCode, closed.body).toBe(200);
    const done = closed.json<LeadDetail>();
    expect(done.status).toBe('closed');
    expect(done.availableActions).toEqual([]);
    expect(done.events.map((e) => e.action)).toEqual(['create', 'assign', 'contact', 'outcome', 'close']);
    const again = await post(township, `/api/monitoring/leads/${lead.id}/close`, { version: done.version, summary: '再次办结' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('不能再进行操作');
    const audit = await t.ctx.database.db.selectFrom('audit_log').select('action').where('entity', '=', 'lead').where('entity_id', '=', String(lead.id)).execute();
    expect(audit).toHaveLength(5);
  });

  test('jurisdiction and permissions', async () => {
    const lead = await newLead();
    expect((await get(neighbour, `/api/monitoring/leads/${lead.id}`)).statusCode).toBe(404);
    expect((await post(neighbour, `/api/monitoring/leads/${lead.id}/assign`, { version: 1, assigneeId: neighbour.id })).statusCode).toBe(404);
    expect((await post(neighbour, `/api/monitoring/leads/${lead.id}/reveal-phone`, { reason: '核实情况' })).statusCode).toBe(404);
    expect((await get(neighbour, '/api/monitoring/leads')).json<LeadPage>().items.map((l) => l.id)).not.toContain(lead.id);
    expect((await post(neighbour, '/api/monitoring/leads', { source: 'public', regionCode: DONGYUE, personName: '某', description: '外区线索' })).statusCode).toBe(404);
    expect((await post(children, '/api/monitoring/leads', { source: 'public', regionCode: DONGYUE, personName: '某', description: '无权限' })).statusCode).toBe(403);
    expect((await get(children, '/api/monitoring/leads')).statusCode).toBe(403);
    expect((await post(township, '/api/monitoring/leads', { source: 'warning', regionCode: DONGYUE, personName: '某', description: '系统来源' })).statusCode).toBe(400);
    const assignees = (await get(township, `/api/monitoring/assignees?regionCode=${DONGYUE}`)).json<{ items: AssigneeView[] }>().items;
    expect(assignees.map((u) => u.id).sort()).toEqual([township.id, village.id].sort());
    expect((await get(neighbour, `/api/monitoring/assignees?regionCode=${DONGYUE}`)).statusCode).toBe(404);
    const reveal = await post(township, `/api/monitoring/leads/${lead.id}/reveal-phone`, { reason: '电话联系当事人' });
    expect(reveal.json()).toEqual({ value: '13912345678' });
    const audited = await t.ctx.database.db.selectFrom('audit_log').select('reason').where('action', '=', 'reveal').where('entity', '=', 'lead').execute();
    expect(audited.map((a) => a.reason)).toContain('电话联系当事人');
  });

  test('overdue is judged from the due date on a fixed day; the nightly run escalates once', async () => {
    const lead = await newLead({ personName: '逾期某' });
    await t.ctx.database.db.updateTable('leads').set({ due_date: '2026-01-05' }).where('id', '=', lead.id).execute();
    const on = (asOf: string) => get(township, `/api/monitoring/leads?overdue=true&asOf=${asOf}&pageSize=200`);
    expect((await on('2026-01-05')).json<LeadPage>().items.map((l) => l.id)).not.toContain(lead.id);
    expect((await on('2026-01-06')).json<LeadPage>().items.map((l) => l.id)).toContain(lead.id);
    const first = await runNightly(t.ctx, '2026-01-06');
    expect(first.escalated).toBe(1);
    expect((await runNightly(t.ctx, '2026-01-06')).escalated).toBe(0);
    const escalated = (await get(countyUser, '/api/monitoring/leads?escalated=true')).json<LeadPage>();
    expect(escalated.items.map((l) => l.id)).toEqual([lead.id]);
    const detail = (await get(township, `/api/monitoring/leads/${lead.id}`)).json<LeadDetail>();
    expect(detail.events.map((e) => e.action)).toEqual(['create', 'escalate']);
    expect(detail.escalatedAt).not.toBeNull();
  });
});
