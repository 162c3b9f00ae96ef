import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemo } from '../src/modules/demo/seed.js';
import { seedVisitsDemo } from '../src/modules/demo/visits.js';
import { TOWNSHIP_REMINDER } from '../src/modules/visits/reminders.js';
import { startTestApp, type TestApp } from './harness.js';

describe('visits demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ regionFilter: ['51'] });
    await seedDemo(t.ctx.database, t.ctx.crypto);
  }, 600_000);
  afterAll(async () => t?.close());

  test('campaign, reports, plans (one overdue), pairings, visits with each outcome; a second run adds nothing', async () => {
    const db = t.ctx.database.db;
    const c = await db.selectFrom('campaigns').selectAll().where('demo', '=', true).executeTakeFirstOrThrow();
    expect(c.doc_number).toBe('川民发〔2023〕133号');
    expect(c.description).toContain('演示数据');
    expect((await db.selectFrom('campaign_tasks').select('id').where('campaign_id', '=', c.id).execute())).toHaveLength(9);
    expect((await db.selectFrom('campaign_task_reports').select('region_code').execute()).length).toBeGreaterThanOrEqual(5);
    const plans = await db.selectFrom('visit_plans').select(['id', 'due_on']).execute();
    expect(plans).toHaveLength(2);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const overdue = await db.selectFrom('visit_tasks').select('id').where('status', '=', 'open').where('due_on', '<', today).execute();
    expect(overdue.length).toBeGreaterThan(0);
    // The demo township's planners already have this morning's overdue reminder, pointing at their overdue list.
    const reminders = await db.selectFrom('notifications as n').innerJoin('users as u', 'u.id', 'n.user_id')
      .select(['u.username', 'n.link']).where('n.title', '=', TOWNSHIP_REMINDER).execute();
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.every((r) => /^\/visits\/tasks\?regionCode=\d{12}&status=open&overdue=true$/.test(r.link ?? ''))).toBe(true);
    const visits = await db.selectFrom('visits').select(['outcome', 'lead_id', 'hazard_id', 'care_plan_id']).execute();
    expect(visits.find((v) => v.outcome === 'needs_help')?.lead_id).not.toBeNull();
    expect(visits.find((v) => v.outcome === 'hazard')?.hazard_id).not.toBeNull();
    expect(visits.find((v) => v.outcome === 'complex')?.care_plan_id).not.toBeNull();
    expect((await db.selectFrom('leader_pairings').select('id').execute()).length).toBe(3);
    const before = visits.length;
    const started = Date.now();
    await seedVisitsDemo(t.ctx.database, t.ctx.crypto);
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await db.selectFrom('visits').select('id').execute()).length).toBe(before);
  });
});
