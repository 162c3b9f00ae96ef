import { createHash } from 'node:crypto';
import {
  activeCategories, householdYearlyIncome, monthlyIncomePerHead, parseIdNumber, summaryTableEntry, type HouseholdCategory,
} from '@doudi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connection.js';
import {
  DEMO_AS_OF, DEMO_DUPLICATE_PAIRS, DEMO_KNOWN_HOUSEHOLDS, demoVillages, generateDemoRegistry,
} from '../src/modules/demo/registry.js';
import { DEMO_PARAMETERS, DEMO_VILLAGE, seedDemo, type DemoSeedReport } from '../src/modules/demo/seed.js';
import { todayInChina } from '../src/modules/registry/rows.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let report: DemoSeedReport;
let seedMs: number;

const RURAL = DEMO_PARAMETERS.find((p) => p.key === 'dibao_standard_rural_monthly')!.value;
const URBAN = DEMO_PARAMETERS.find((p) => p.key === 'dibao_standard_urban_monthly')!.value;
const inCounty = (column: string) => sql<boolean>`${sql.ref(column)} >= '510131' AND ${sql.ref(column)} < '510132'`;

beforeAll(async () => {
  t = await startTestApp();
  const started = Date.now();
  report = await seedDemo(t.ctx.database, t.ctx.crypto);
  seedMs = Date.now() - started;
  console.log(`demo seed (users, parameters, ${report.households} households, ${report.persons} persons): ${seedMs} ms`);
});
afterAll(async () => t?.close());

/** Order-independent fingerprint of what was stored: ID blind indexes, names, birth dates, incomes, households. */
async function storedFingerprint(database: Database): Promise<string> {
  const { rows } = await sql<{ line: string }>`
    SELECT encode(m.id_number_hash, 'hex') || '|' || m.name || '|' || m.birth_date || '|' || m.relation || '|' || m.yearly_income_fen
      || '|' || m.pension_fen || '|' || h.region_code || '|' || h.income_per_head_fen || '|' || array_to_string(h.category_kinds, ',') AS line
    FROM members m JOIN households h ON h.id = m.household_id
    WHERE ${inCounty('h.region_code')}`.execute(database.db);
  return createHash('sha256').update(rows.map((r) => r.line).sort().join('\n')).digest('hex');
}

describe('demo registry', () => {
  it('seeds about 5,000 households and 12,000 persons over the county’s villages in well under 30 s', async () => {
    const { db } = t.ctx.database;
    const h = await db.selectFrom('households').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('region_code').distinct().as('villages')])
      .where(inCounty('region_code')).executeTakeFirstOrThrow();
    const m = await db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n'))
      .where(inCounty('region_code')).where('removed_at', 'is', null).executeTakeFirstOrThrow();
    expect(Number(h.n)).toBe(report.households);
    expect(Number(m.n)).toBe(report.persons);
    expect(report.households).toBeGreaterThanOrEqual(4500);
    expect(report.households).toBeLessThanOrEqual(5500);
    expect(report.persons).toBeGreaterThanOrEqual(10800);
    expect(report.persons).toBeLessThanOrEqual(13200);
    // Every village and community of the county has households; every household sits in a real village.
    expect(Number(h.villages)).toBe((await demoVillages(t.ctx.database)).length);
    const orphans = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM households h LEFT JOIN regions r ON r.code = h.region_code
      WHERE (r.code IS NULL OR r.level <> 5) AND ${inCounty('h.region_code')}`.execute(db);
    expect(orphans.rows[0]!.n).toBe(0);
    // One history row per household and one audit entry for the whole seed.
    const history = await db.selectFrom('household_history').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source', '=', 'system').where('summary', '=', '演示数据：初始登记').executeTakeFirstOrThrow();
    expect(Number(history.n)).toBe(report.households);
    const audits = await db.selectFrom('audit_log').select('after').where('entity', '=', 'household').execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toMatchObject({ households: report.households, persons: report.persons });
    // Derived columns were computed for every household.
    const blank = await db.selectFrom('households').select('id').where(inCounty('region_code'))
      .where((eb) => eb.or([eb('head_name', '=', ''), eb('member_count', '<', 1), eb('member_count', '>', 6)])).execute();
    expect(blank).toHaveLength(0);
    expect(seedMs).toBeLessThan(30_000);
  });

  it('stores only valid, unique ID numbers whose gender and birth date match the columns', async () => {
    const rows = await t.ctx.database.db.selectFrom('members')
      .select(['id_number_enc', 'id_number_masked', 'gender', 'birth_date', 'relation'])
      .where(inCounty('region_code')).execute();
    const seen = new Set<string>();
    const areas = new Set<string>();
    for (const r of rows) {
      const idNumber = t.ctx.crypto.decrypt(Buffer.from(r.id_number_enc));
      const parsed = parseIdNumber(idNumber, DEMO_AS_OF);
      expect(parsed.ok, idNumber).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.value.gender).toBe(r.gender);
      expect(parsed.value.birthDate).toBe(r.birth_date);
      expect(r.id_number_masked.slice(-4)).toBe(idNumber.slice(-4));
      seen.add(idNumber);
      areas.add(parsed.value.areaCode);
    }
    expect(seen.size).toBe(rows.length);
    // Mostly Pujiang's code, a few old codes (no longer in the region table) and neighbouring counties.
    expect(areas).toContain('510131');
    expect(areas).toContain('510122');
    const old = await t.ctx.database.db.selectFrom('regions').select('code').where('code', 'in', ['510122000000', '510132000000']).execute();
    expect(old).toHaveLength(0);
  });

  it('puts income per head where the category says: most 低保 below the standard, most 边缘 between 1× and 1.5×', async () => {
    const rows = await t.ctx.database.db.selectFrom('households')
      .select(['urban_rural', 'income_per_head_fen', 'category_kinds', 'member_count', 'member_tags', 'assistance'])
      .where(inCounty('region_code')).execute();
    const share = (kind: string, test: (ratio: number) => boolean) => {
      const of = rows.filter((r) => r.category_kinds.includes(kind));
      return of.filter((r) => test(r.income_per_head_fen / (r.urban_rural === 'urban' ? URBAN : RURAL))).length / of.length;
    };
    const categoryShare = (kind: string) => rows.filter((r) => r.category_kinds.includes(kind)).length / rows.length;
    expect(categoryShare('dibao')).toBeGreaterThan(0.3);
    expect(categoryShare('dibao')).toBeLessThan(0.4);
    expect(categoryShare('tekun_dispersed') + categoryShare('tekun_centralised')).toBeGreaterThan(0.04);
    expect(categoryShare('tekun_centralised')).toBeLessThan(categoryShare('tekun_dispersed'));
    expect(categoryShare('marginal')).toBeGreaterThan(0.12);
    expect(share('dibao', (x) => x < 1)).toBeGreaterThan(0.85);
    expect(share('marginal', (x) => x >= 1 && x < 1.5)).toBeGreaterThan(0.8);
    expect(share('tekun_dispersed', (x) => x < 0.5)).toBe(1);
    // 特困 households have one member; 低保 households receive roughly the gap to the standard.
    expect(rows.filter((r) => r.category_kinds.some((k) => k.startsWith('tekun')) && r.member_count !== 1)).toHaveLength(0);
    for (const r of rows.filter((x) => x.category_kinds.includes('dibao') && x.income_per_head_fen < RURAL * 0.9 && x.urban_rural === 'rural')) {
      const dibao = (r.assistance as { kind: string; yearlyAmount: number }[]).find((a) => a.kind === 'dibao')!;
      expect(Math.abs(dibao.yearlyAmount - (RURAL - r.income_per_head_fen) * r.member_count * 12)).toBeLessThanOrEqual(100 * r.member_count * 12);
    }
    // Some urban households, all in communities (居委会, village code < 200).
    const urban = await t.ctx.database.db.selectFrom('households').select('region_code').where('urban_rural', '=', 'urban').where(inCounty('region_code')).execute();
    expect(urban.length).toBeGreaterThan(100);
    expect(urban.length).toBeLessThan(rows.length * 0.2);
    expect(urban.every((u) => Number(u.region_code.slice(9)) < 200)).toBe(true);
    // Persons: ~8% disabled, ages skewed old, the usual tags present.
    const people = await t.ctx.database.db.selectFrom('members').select(['disability_grade', 'work_ability', 'birth_date', 'tags'])
      .where(inCounty('region_code')).execute();
    const disabled = people.filter((p) => p.disability_grade !== null);
    expect(disabled.length / people.length).toBeGreaterThan(0.06);
    expect(disabled.length / people.length).toBeLessThan(0.1);
    const severe = disabled.filter((p) => p.disability_grade! <= 2);
    expect(severe.filter((p) => p.work_ability === 'none').length / severe.length).toBeGreaterThan(0.6);
    expect(people.filter((p) => p.birth_date <= '1966-09-30').length / people.length).toBeGreaterThan(0.3);
    const tags = new Set(people.flatMap((p) => p.tags));
    for (const tag of ['in_school', 'living_alone', 'empty_nest', 'left_behind', 'orphan', 'de_facto_unsupported', 'serious_illness', 'party_member', 'senior_party_member', 'veteran']) {
      expect(tags, tag).toContain(tag);
    }
  });

  it('has the well-known households in 东岳村', async () => {
    const { db } = t.ctx.database;
    for (const known of Object.values(DEMO_KNOWN_HOUSEHOLDS)) {
      expect(known.regionCode).toBe(DEMO_VILLAGE);
      const h = await db.selectFrom('households').selectAll().where('region_code', '=', known.regionCode)
        .where('head_name', '=', known.headName).executeTakeFirstOrThrow();
      expect(h.member_count).toBe(known.memberCount);
      expect(h.income_per_head_fen).toBe(known.monthlyIncomePerHead);
      expect(h.category_kinds).toEqual(known.categories);
      const head = await db.selectFrom('members').select(['name_initials', 'id_number_hash']).where('household_id', '=', h.id)
        .where('relation', '=', 'head').executeTakeFirstOrThrow();
      expect(head.name_initials).toBe(known.headInitials);
      expect(Buffer.from(head.id_number_hash).equals(t.ctx.crypto.blindIndex('id', known.headIdNumber))).toBe(true);
      // No one else in the village shares the head's initials-free identity: the pinyin is unique there.
      const same = await db.selectFrom('members').select('id').where('region_code', '=', known.regionCode)
        .where('name', '=', known.headName).execute();
      expect(same).toHaveLength(1);
    }
    // The marginal household and the left-behind household appear in the 附件3 summary with their types.
    const entry = async (headName: string) => {
      const h = await db.selectFrom('households').select(['income_per_head_fen', 'categories'])
        .where('region_code', '=', DEMO_VILLAGE).where('head_name', '=', headName).executeTakeFirstOrThrow();
      return summaryTableEntry({
        monthlyIncomePerHead: h.income_per_head_fen,
        activeCategories: activeCategories(h.categories as HouseholdCategory[], DEMO_AS_OF),
      }, RURAL, 1.5);
    };
    expect(await entry(DEMO_KNOWN_HOUSEHOLDS.marginalFamily.headName)).toEqual({ included: true, difficultyType: '低保边缘户' });
    expect(await entry(DEMO_KNOWN_HOUSEHOLDS.leftBehind.headName)).toEqual({ included: true, difficultyType: '易致贫返贫户' });
    expect(await entry(DEMO_KNOWN_HOUSEHOLDS.dibaoFamily.headName)).toMatchObject({ included: false });
    const tekun = await db.selectFrom('members').select(['tags', 'self_care']).where('region_code', '=', DEMO_VILLAGE)
      .where('name', '=', DEMO_KNOWN_HOUSEHOLDS.tekunElder.headName).executeTakeFirstOrThrow();
    expect(tekun.tags).toContain('living_alone');
  });

  it('contains exactly the deliberate probable duplicates', async () => {
    const { db } = t.ctx.database;
    const sameNameBirth = await sql<{ name: string; birth_date: string; regions: string[] }>`
      SELECT name, birth_date, array_agg(region_code ORDER BY region_code) AS regions FROM members
      WHERE ${inCounty('region_code')} AND removed_at IS NULL
      GROUP BY name, birth_date HAVING count(*) > 1 ORDER BY name`.execute(db);
    const expectedNameBirth = DEMO_DUPLICATE_PAIRS.filter((p) => p.reason === 'same_name_birth');
    expect(sameNameBirth.rows).toHaveLength(expectedNameBirth.length);
    for (const p of expectedNameBirth) {
      const row = sameNameBirth.rows.find((r) => r.name === p.a.name)!;
      expect(row).toMatchObject({ birth_date: p.a.birthDate, regions: [p.a.regionCode, p.b.regionCode].sort() });
      expect(p.a.idNumber).not.toBe(p.b.idNumber);
    }
    const samePinyin = await sql<{ region_code: string; names: string[] }>`
      SELECT region_code, array_agg(name ORDER BY name) AS names FROM members
      WHERE ${inCounty('region_code')} AND removed_at IS NULL
      GROUP BY region_code, name_pinyin HAVING count(*) > 1`.execute(db);
    const expectedPinyin = DEMO_DUPLICATE_PAIRS.filter((p) => p.reason === 'same_pinyin_village');
    expect(samePinyin.rows).toHaveLength(expectedPinyin.length);
    for (const p of expectedPinyin) {
      expect(samePinyin.rows).toContainEqual({ region_code: p.a.regionCode, names: [p.a.name, p.b.name].sort() });
    }
    for (const p of DEMO_DUPLICATE_PAIRS) {
      for (const person of [p.a, p.b]) {
        expect(parseIdNumber(person.idNumber).ok).toBe(true);
        const m = await db.selectFrom('members').select(['name', 'birth_date', 'region_code', 'relation'])
          .where('id_number_hash', '=', t.ctx.crypto.blindIndex('id', person.idNumber)).executeTakeFirstOrThrow();
        expect(m).toEqual({ name: person.name, birth_date: person.birthDate, region_code: person.regionCode, relation: 'head' });
      }
    }
  });

  it('is idempotent: a second seed adds nothing', async () => {
    const again = await seedDemo(t.ctx.database, t.ctx.crypto);
    expect(again).toMatchObject({ users: 0, households: 0, persons: 0, seeded: false });
    const n = await t.ctx.database.db.selectFrom('households').select((eb) => eb.fn.countAll<number>().as('n')).where(inCounty('region_code')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(report.households);
  });

  it('is deterministic: the stored data is exactly what the seeded generator produces, every time', async () => {
    const villages = await demoVillages(t.ctx.database);
    const first = generateDemoRegistry(villages);
    // The same households whatever order the villages come in; another seed gives other data.
    expect(generateDemoRegistry([...villages].reverse()).digest).toBe(first.digest);
    expect(generateDemoRegistry(villages, { seed: 7, households: 300 }).digest).not.toBe(generateDemoRegistry(villages, { households: 300 }).digest);
    const audit = await t.ctx.database.db.selectFrom('audit_log').select('after').where('entity', '=', 'household').executeTakeFirstOrThrow();
    expect((audit.after as { digest: string }).digest).toBe(first.digest);
    // What the database holds (ID blind indexes, names, incomes, derived household figures) is the generated data.
    const today = todayInChina();
    const expected = first.households.flatMap((h) => {
      const income = householdYearlyIncome(h.members);
      const perHead = monthlyIncomePerHead(income, h.members.length);
      const kinds = [...new Set(activeCategories(h.categories, today))].join(',');
      return h.members.map((m) => [
        t.ctx.crypto.blindIndex('id', m.idNumber).toString('hex'), m.name, m.birthDate, m.relation, m.yearlyIncome, m.pension,
        h.regionCode, perHead, kinds,
      ].join('|'));
    });
    expect(await storedFingerprint(t.ctx.database)).toBe(createHash('sha256').update(expected.sort().join('\n')).digest('hex'));
  });
});
