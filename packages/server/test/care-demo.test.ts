import { chinaDate, periodOf } from '@doudi/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedCareDemo } from '../src/modules/demo/care.js';
import { seedDemo } from '../src/modules/demo/seed.js';
import { startTestApp, type TestApp } from './harness.js';

describe('care demo: identified, current, idempotent', () => {
  let t: TestApp;
  const today = chinaDate(new Date());
  const db = () => t.ctx.database.db;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.ctx.database, t.ctx.crypto);
  }, 600_000);
  afterAll(async () => t?.close());

  test('the county has elderly of every tier, children assigned to demo.children, overdue and current tasks', async () => {
    const tiers = await db().selectFrom('care_subjects').select(['tier', (eb) => eb.fn.countAll<string>().as('n')]).where('kind', '=', 'elderly').groupBy('tier').execute();
    expect(tiers.map((x) => x.tier).sort()).toEqual(['general', 'high', 'key']);
    const director = await db().selectFrom('users').select('id').where('username', '=', 'demo.children').executeTakeFirstOrThrow();
    const kids = await db().selectFrom('care_subjects').select(['director_id']).where('kind', '=', 'child').where('region_code', '=', '510131101200').execute();
    expect(kids.length).toBeGreaterThan(0);
    expect(kids.every((k) => k.director_id === director.id)).toBe(true);
    const overdue = await db().selectFrom('visit_tasks').select('id').where('status', '=', 'open').where('due_on', '<', today).where('kind', 'in', ['elderly', 'child']).execute();
    expect(overdue.length).toBeGreaterThan(0);
    const month = periodOf('month', today);
    const current = await db().selectFrom('visit_tasks').select('id').where('period', '=', month.key).execute();
    expect(current.length).toBeGreaterThan(0);
    const done = await db().selectFrom('visit_tasks').select(['visit_id', 'done_at']).where('status', '=', 'done').where('period', 'is not', null).execute();
    expect(done.length).toBeGreaterThan(0);
    expect(done.every((d) => d.visit_id !== null && d.done_at !== null)).toBe(true);
    expect((await db().selectFrom('care_ledger_entries').select('id').execute()).length).toBeGreaterThan(0);
    expect((await db().selectFrom('care_help_requests').select('status').executeTakeFirstOrThrow()).status).toBe('responded');
    expect((await db().selectFrom('child_risk_reports').select('status').executeTakeFirstOrThrow()).status).toBe('township_received');
  });

  test('a second run adds nothing and is cheap', async () => {
    const before = await db().selectFrom('visit_tasks').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const r = await seedCareDemo(t.ctx.database, t.ctx.crypto);
    expect(r.tasks).toBe(0);
    expect(r.identified).toBe(0);
    expect(r.ms).toBeLessThan(3000);
    const after = await db().selectFrom('visit_tasks').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect((await db().selectFrom('care_help_requests').select('id').execute()).length).toBe(1);
  });
});
