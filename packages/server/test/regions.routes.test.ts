import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from './harness.js';

let t: TestApp;
let township: TestUser;
let county: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  township = await t.user({ role: 'township_staff', regionCode: '510131101000' });
  county = await t.user({ role: 'county_staff', regionCode: '510131000000' });
});
afterAll(async () => t?.close());

describe('regions API', () => {
  it('shows a township worker their own township and its real villages', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/regions/510131101000/children', headers: township.headers });
    expect(res.statusCode).toBe(200);
    const names = (res.json().items as { name: string }[]).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['东岳村村委会', '双石村村委会']));
    const one = await t.app.inject({ method: 'GET', url: '/api/regions/510131101000', headers: township.headers });
    expect(one.json().path.map((p: { name: string }) => p.name)).toEqual(['四川省', '成都市', '蒲江县', '大塘镇']);
  });

  it('hides the neighbouring township and the county above behind 404', async () => {
    for (const code of ['510131103000', '510131000000', '510131103200']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/regions/${code}`, headers: township.headers });
      expect(res.statusCode).toBe(404);
      expect(res.json().message).toMatch(/管辖范围/);
      expect((await t.app.inject({ method: 'GET', url: `/api/regions/${code}/children`, headers: township.headers })).statusCode).toBe(404);
    }
  });

  it('shows a county worker every township of the county', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/regions/510131000000/children', headers: county.headers });
    expect((res.json().items as unknown[]).length).toBe(8);
  });

  it('searches by name and pinyin initials only inside the jurisdiction', async () => {
    const byName = await t.app.inject({ method: 'GET', url: `/api/regions/search?q=${encodeURIComponent('朝阳湖')}`, headers: county.headers });
    expect((byName.json().items as { code: string }[]).map((i) => i.code)).toContain('510131103000');
    const byInitials = await t.app.inject({ method: 'GET', url: '/api/regions/search?q=DTZ', headers: county.headers });
    expect((byInitials.json().items as { code: string; pathNames: string }[])[0]).toMatchObject({ code: '510131101000' });
    const outside = await t.app.inject({ method: 'GET', url: `/api/regions/search?q=${encodeURIComponent('朝阳湖')}`, headers: township.headers });
    expect(outside.json().items).toEqual([]);
  });

  it('rejects a malformed code with a Chinese message naming the field', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/regions/5101', headers: county.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION', field: 'code' });
    expect(res.json().message).toMatch(/区划代码/);
  });
});
