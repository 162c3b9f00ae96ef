import { chinaDate, type HazardPage, type NotificationList, type WeatherWarningPage } from '@doudi/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newToken, sessionKey } from '../src/auth/session.js';
import { seedHazardsDemo } from '../src/modules/demo/hazards.js';
import { seedDemo } from '../src/modules/demo/seed.js';
import { startTestApp, type TestApp } from './harness.js';

const COUNTY = '510131000000';

describe('hazards demo data', () => {
  let t: TestApp;
  const counts = async () => {
    const db = t.ctx.database.db;
    const n = async (table: 'hazards' | 'inspections' | 'weather_warnings' | 'care_plans' | 'notifications' | 'visit_tasks') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { hazards: await n('hazards'), inspections: await n('inspections'), warnings: await n('weather_warnings'), plans: await n('care_plans'),
      notifications: await n('notifications'), tasks: await n('visit_tasks') };
  };
  async function headersOf(username: string) {
    const u = await t.ctx.database.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
    const token = newToken();
    const csrf = newToken();
    await t.ctx.database.db.insertInto('sessions').values({ id: sessionKey(token), user_id: u.id, csrf_token: csrf, expires_at: new Date(Date.now() + 3600_000) }).execute();
    return { cookie: `doudi_session=${token}`, 'x-csrf-token': csrf };
  }

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.ctx.database, t.ctx.crypto);
  }, 300_000);
  afterAll(async () => t?.close());

  test('the station inspection, the overdue household hazard, the current 寒潮 warning and two plans', async () => {
    const db = t.ctx.database.db;
    const insp = await db.selectFrom('inspections as s').innerJoin('institutions as i', 'i.id', 's.institution_id')
      .select(['s.id', 's.items_failed', 'i.name']).where('i.region_code', '=', COUNTY).where('i.name', '=', '蒲江县救助管理站').execute();
    expect(insp).toHaveLength(1);
    expect(insp[0]!.items_failed).toBe(2);
    const lists = await db.selectFrom('inspection_items').select('list').distinct().where('inspection_id', '=', insp[0]!.id).execute();
    expect(lists).toHaveLength(5);
    const statuses = (await db.selectFrom('hazards').select('status').where('inspection_id', '=', insp[0]!.id).execute()).map((r) => r.status).sort();
    expect(statuses).toEqual(['closed', 'rectifying']);

    const village = await headersOf('demo.village');
    const overdue = (await t.app.inject({ method: 'GET', url: '/api/hazards?overdue=true', headers: village })).json<HazardPage>();
    expect(overdue.items.some((h) => h.regionCode === '510131101200' && h.householdId !== null)).toBe(true);

    const today = chinaDate(new Date());
    const warnings = (await t.app.inject({ method: 'GET', url: '/api/hazards/weather-warnings', headers: village })).json<WeatherWarningPage>();
    expect(warnings.items[0]).toMatchObject({ kind: 'cold_wave', regionCode: COUNTY, active: true });
    expect(warnings.items[0]!.startsOn <= today && today <= warnings.items[0]!.endsOn).toBe(true);
    const notes = (await t.app.inject({ method: 'GET', url: '/api/notifications', headers: village })).json<NotificationList>();
    expect(notes.items.some((n) => n.title.includes('寒潮'))).toBe(true);

    const plans = await db.selectFrom('care_plans').select(['status', 'review_on']).where('demo', '=', true).orderBy('id').execute();
    expect(plans.map((p) => p.status)).toEqual(['active', 'review']);
    expect(plans[1]!.review_on! < today).toBe(true);
  });

  test('idempotent and cheap at the next start', async () => {
    const before = await counts();
    const started = Date.now();
    await seedHazardsDemo(t.ctx.database, t.ctx.crypto);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await counts()).toEqual(before);
  });
});
