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
