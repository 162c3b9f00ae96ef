import { regionRange } from '@doudi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/harness.js';
import { loadRegions } from '../modules/regions/load.js';
import type { Database } from './connection.js';

let d: Database;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ database: d, dispose } = await freshDatabase());
  await loadRegions(d, { filter: ['51'] });
  // Four households in every village of Sichuan (34,412 villages): the counties' real shares of the province.
  await sql`INSERT INTO households (region_code, urban_rural, hukou_address, residence_address)
    SELECT code, 'rural', '', '' FROM regions, generate_series(1, 4) WHERE level = 5 AND code LIKE '51%'`.execute(d.db);
  await sql`ANALYZE households`.execute(d.db);
}, 120_000);
afterAll(async () => dispose?.());

describe('households statistics (migration 0015)', () => {
  it("the planner knows how many households a county has, so a county's list page reads the ordered index", async () => {
    const counties = (await sql<{ code: string; n: string }>`
      SELECT substr(region_code, 1, 6) || '000000' AS code, count(*) AS n FROM households GROUP BY 1 ORDER BY 1`.execute(d.db)).rows;
    const total = counties.reduce((s, c) => s + Number(c.n), 0);
    // Counties holding at least 0.3% of the households (a few hundred here): below that, sorting all matches is cheap.
    const large = counties.filter((c) => Number(c.n) >= 0.003 * total);
    expect(large.length).toBeGreaterThan(100);
    const off: string[] = [];
    for (const c of large) {
      const { low, high } = regionRange(c.code);
      const plan = await sql<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>`
        EXPLAIN (FORMAT JSON) SELECT 1 FROM households WHERE region_code BETWEEN ${low} AND ${high}`.execute(d.db);
      const estimate = plan.rows[0]!['QUERY PLAN'][0].Plan['Plan Rows'];
      if (estimate < Number(c.n) / 2 || estimate > Number(c.n) * 2) off.push(`${c.code}: ${estimate} for ${c.n}`);
    }
    expect(off).toEqual([]);
  });
});
