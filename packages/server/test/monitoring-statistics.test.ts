import type { CreateHouseholdRequest, HouseholdView } from '@doudi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sweepCounty } from '../src/modules/monitoring/sweep.js';
import { makeId } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

const COUNTY = '510131000000';
const DONGYUE = '510131101200';
const COPIES = 1_200;

/**
 * A first full sweep fills warnings and leads faster than autovacuum analyzes them (PGlite has no autovacuum at all);
 * the sweep renews their statistics as it goes, so its own page reads and the lists after it are planned for the
 * tables' real size.
 */
describe('monitoring: statistics of the tables a sweep fills', () => {
  let t: TestApp;
  const db = () => t.ctx.database.db;

  beforeAll(async () => {
    t = await startTestApp();
    const county = await t.user({ role: 'county_staff', regionCode: COUNTY });
    await db().insertInto('policy_parameters').values(
      [['dibao_standard_rural_monthly', 68000], ['dibao_standard_urban_monthly', 82000], ['marginal_multiplier', 1.5], ['lead_contact_days', 3], ['lead_handle_days', 10]]
        .map(([key, value]) => ({ region_code: COUNTY, key: key as string, value: value as number, valid_from: '2026-01-01', valid_to: null, source: '测试参数', demo: true })),
    ).execute();
    // One household below the 低保 standard, registered through the API, then copied COPIES times (the copies' members get
    // other ID hashes): every copy raises a 疑似符合低保 warning and a lead.
    const body = {
      regionCode: DONGYUE, urbanRural: 'rural', hukouAddress: '蒲江县测试地址', residenceAddress: '蒲江县测试地址', povertyReasons: ['illness'],
      categories: [], assistance: [], personCategories: [],
      members: [{ name: '低一', relation: 'head', idNumber: makeId('19860101'), yearlyIncome: 480000 }],
    } as unknown as CreateHouseholdRequest;
    const res = await t.app.inject({ method: 'POST', url: '/api/registry/households', headers: county.headers, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    const template = res.json<HouseholdView>().id;
    await sql`
      WITH copies AS (
        INSERT INTO households (region_code, urban_rural, hukou_address, residence_address, poverty_reasons, head_name, head_id_masked,
                                member_count, yearly_income_fen, income_per_head_fen)
        SELECT region_code, urban_rural, hukou_address, residence_address, poverty_reasons, head_name, head_id_masked,
               member_count, yearly_income_fen, income_per_head_fen
        FROM households, generate_series(1, ${COPIES}) WHERE id = ${template}
        RETURNING id
      )
      INSERT INTO members (household_id, region_code, name, name_pinyin, name_initials, relation, id_number_enc, id_number_hash,
                           id_number_masked, gender, birth_date, yearly_income_fen)
      SELECT c.id, m.region_code, m.name, m.name_pinyin, m.name_initials, m.relation, m.id_number_enc,
             sha256(convert_to(c.id::text, 'UTF8')), m.id_number_masked, m.gender, m.birth_date, m.yearly_income_fen
      FROM copies c, members m WHERE m.household_id = ${template}`.execute(db());
  }, 60_000);
  afterAll(async () => t?.close());

  test('after a full sweep, the planner counts the warnings and leads it wrote', async () => {
    const swept = await sweepCounty(t.ctx, COUNTY, { trigger: 'manual', mode: 'full', asOf: '2026-10-15', pageSize: 100 });
    expect(swept).toMatchObject({ status: 'done', households_done: COPIES + 1 });
    const counts = await sql<{ relname: string; actual: string; planned: number }>`
      SELECT c.relname, (SELECT count(*) FROM warnings)::text AS actual, c.reltuples::float8 AS planned FROM pg_class c WHERE c.relname = 'warnings'
      UNION ALL
      SELECT c.relname, (SELECT count(*) FROM leads)::text, c.reltuples::float8 FROM pg_class c WHERE c.relname = 'leads'`.execute(db());
    for (const r of counts.rows) {
      expect(Number(r.actual), r.relname).toBeGreaterThan(COPIES);
      // Analyzed at every doubling: at least half of what is there.
      expect(r.planned, r.relname).toBeGreaterThanOrEqual(Number(r.actual) / 2);
    }
  });
});
