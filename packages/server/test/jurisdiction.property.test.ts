import { canAccessRegion, regionLevel } from '@doudi/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from './harness.js';

/**
 * Generated users × regions × records through the real HTTP stack: no read or write of a regional record ever
 * succeeds outside the user's jurisdiction, and every one inside it does.
 */
let t: TestApp;
let regions: string[];
const viewers: TestUser[] = [];
const targets: { id: number; regionCode: string }[] = [];

beforeAll(async () => {
  t = await startTestApp();
  const rows = await t.ctx.database.db.selectFrom('regions').select('code')
    .where((eb) => eb.or([eb('level', '<=', 4), eb('code', 'like', '510131%')]))
    .orderBy('code').execute();
  regions = rows.map((r) => r.code);
  // Viewers: administrators at every level from province to township, village workers at village level.
  const viewerRegions = regions.filter((_, i) => i % 7 === 0).concat(['510000000000', '510100000000', '510131000000', '510131101000', '510131101200']);
  for (const code of viewerRegions) {
    viewers.push(await t.user({ role: regionLevel(code) === 5 ? 'village_staff' : 'system_admin', regionCode: code }));
  }
  // Records: one user record placed in many regions, including the viewers' neighbours.
  for (const code of regions.filter((_, i) => i % 4 === 0).concat(['510131103000', '510131101200', '510131103200'])) {
    const u = await t.user({ role: 'social_worker', regionCode: code });
    targets.push({ id: u.id, regionCode: code });
  }
}, 300_000);
afterAll(async () => t?.close());

describe('jurisdiction choke point (property, through HTTP)', () => {
  it('answers single records inside the jurisdiction and 404 outside, for reads and writes', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: viewers.length - 1 }),
        fc.integer({ min: 0, max: targets.length - 1 }),
        fc.integer({ min: 0, max: regions.length - 1 }),
        fc.constantFrom('region', 'children', 'user.get', 'user.patch', 'user.reveal'),
        async (vi, ti, ri, op) => {
          runs++;
          const viewer = viewers[vi]!;
          const target = targets[ti]!;
          const region = regions[ri]!;
          const headers = viewer.headers;
          const res = await (op === 'region'
            ? t.app.inject({ method: 'GET', url: `/api/regions/${region}`, headers })
            : op === 'children'
              ? t.app.inject({ method: 'GET', url: `/api/regions/${region}/children`, headers })
              : op === 'user.get'
                ? t.app.inject({ method: 'GET', url: `/api/users/${target.id}`, headers })
                : op === 'user.patch'
                  ? t.app.inject({ method: 'PATCH', url: `/api/users/${target.id}`, headers, payload: { displayName: `改${runs}` } })
                  : t.app.inject({ method: 'POST', url: `/api/users/${target.id}/reveal`, headers, payload: { field: 'phone', reason: '属性测试' } }));
          const recordRegion = op === 'region' || op === 'children' ? region : target.regionCode;
          const allowedRole = op === 'region' || op === 'children' || viewer.role === 'system_admin';
          const inside = canAccessRegion(viewer, recordRegion);
          if (!allowedRole) expect(res.statusCode).toBe(403);
          else expect(res.statusCode, `${op} by ${viewer.regionCode} on ${recordRegion}`).toBe(inside ? 200 : 404);
        },
      ),
      { numRuns: 1200 },
    );
    expect(runs).toBeGreaterThanOrEqual(1000);
  }, 300_000);

  it('filters every list by the jurisdiction in SQL', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: viewers.length - 1 }), fc.constantFrom('users', 'audit', 'search'), async (vi, list) => {
        const viewer = viewers[vi]!;
        if (viewer.role !== 'system_admin') return;
        const url = list === 'users' ? '/api/users?pageSize=200' : list === 'audit' ? '/api/audit?pageSize=200' : '/api/regions/search?q=镇&limit=50';
        const res = await t.app.inject({ method: 'GET', url, headers: viewer.headers });
        expect(res.statusCode).toBe(200);
        const items = res.json().items as { id?: number; regionCode?: string; code?: string }[];
        for (const item of items) expect(canAccessRegion(viewer, (item.regionCode ?? item.code)!)).toBe(true);
        if (list === 'users') {
          // Nothing inside is missing either: exactly the records inside the jurisdiction are listed.
          const expected = targets.filter((x) => canAccessRegion(viewer, x.regionCode)).map((x) => x.id).sort();
          const targetIds = new Set(targets.map((x) => x.id));
          const seen = items.filter((i) => targetIds.has(i.id!)).map((i) => i.id!).sort();
          expect(seen).toEqual(expected);
        }
      }),
      { numRuns: 150 },
    );
  }, 300_000);
});
