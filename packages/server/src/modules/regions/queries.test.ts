import { regionRange } from '@doudi/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.js';
import { freshDatabase } from '../../../test/harness.js';
import { migrate } from '../../db/migrate.js';
import { loadRegions } from './load.js';
import { childrenOf, getRegion, pathOf, regionStats, searchRegions, type RegionSearchHit } from './queries.js';

/** A fresh database per file (PGlite, or a new database on the DATABASE_URL server), as every integration test uses. */
async function openTestDatabase(): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  const { database, dispose } = await freshDatabase();
  return { database, cleanup: dispose };
}

const SICHUAN = regionRange('510000000000');
const PUJIANG = regionRange('510131000000');
const JINJIANG = regionRange('510104000000'); // 锦江区, another county of 成都市

describe('region queries (Sichuan loaded)', () => {
  let d: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ database: d, cleanup } = await openTestDatabase());
    await migrate(d);
    await loadRegions(d, { filter: ['51'] });
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it('getRegion returns the node with an exact hasChildren', async () => {
    expect(await getRegion(d.db, '510000000000')).toEqual({
      code: '510000000000', name: '四川省', level: 1, parentCode: null, hasChildren: true,
    });
    expect(await getRegion(d.db, '510131101000')).toEqual({
      code: '510131101000', name: '大塘镇', level: 4, parentCode: '510131000000', hasChildren: true,
    });
    expect(await getRegion(d.db, '510131101200')).toEqual({
      code: '510131101200', name: '东岳村村委会', level: 5, parentCode: '510131101000', hasChildren: false,
    });
    expect(await getRegion(d.db, '110000000000')).toBeUndefined(); // not loaded (filter 51)
    expect(await getRegion(d.db, '51')).toBeUndefined();
    expect(await getRegion(d.db, "51' OR '1'='1")).toBeUndefined();
  });

  it("childrenOf the province is Sichuan's 21 prefecture-level units, by code", async () => {
    const cities = await childrenOf(d.db, '510000000000');
    expect(cities).toHaveLength(21);
    expect(cities[0]).toEqual({ code: '510100000000', name: '成都市', level: 2, parentCode: '510000000000', hasChildren: true });
    expect(cities.map((c) => c.code)).toEqual([...cities.map((c) => c.code)].sort());
    expect(cities.every((c) => c.level === 2 && c.parentCode === '510000000000' && c.hasChildren)).toBe(true);
    expect(cities.map((c) => c.name)).toContain('凉山彝族自治州');
  });

  it('蒲江县 has 8 townships including 大塘镇, whose villages include 东岳村村委会', async () => {
    const towns = await childrenOf(d.db, '510131000000');
    expect(towns.map((t) => `${t.code} ${t.name}`)).toEqual([
      '510131001000 鹤山街道', '510131002000 寿安街道', '510131101000 大塘镇', '510131103000 朝阳湖镇',
      '510131104000 西来镇', '510131105000 大兴镇', '510131106000 甘溪镇', '510131107000 成佳镇',
    ]);
    const villages = await childrenOf(d.db, '510131101000');
    expect(villages).toContainEqual({
      code: '510131101200', name: '东岳村村委会', level: 5, parentCode: '510131101000', hasChildren: false,
    });
    expect(villages.every((v) => v.level === 5 && !v.hasChildren)).toBe(true);
    expect(await childrenOf(d.db, '510131101200')).toEqual([]);
    expect(await childrenOf(d.db, 'x')).toEqual([]);
  });

  it('pathOf a village runs from the province down to it', async () => {
    expect(await pathOf(d.db, '510131101200')).toEqual([
      { code: '510000000000', name: '四川省', level: 1 },
      { code: '510100000000', name: '成都市', level: 2 },
      { code: '510131000000', name: '蒲江县', level: 3 },
      { code: '510131101000', name: '大塘镇', level: 4 },
      { code: '510131101200', name: '东岳村村委会', level: 5 },
    ]);
    expect(await pathOf(d.db, '510000000000')).toEqual([{ code: '510000000000', name: '四川省', level: 1 }]);
    expect(await pathOf(d.db, '510131101999')).toEqual([]);
    expect(await pathOf(d.db, 'nope')).toEqual([]);
  });

  const codes = (hits: RegionSearchHit[]) => hits.map((h) => h.code);

  it('finds 大塘镇 by name and by initials within Sichuan, with its path names', async () => {
    const byName = await searchRegions(d.db, { q: '大塘', within: SICHUAN, limit: 20 });
    expect(byName[0]).toEqual({
      code: '510131101000', name: '大塘镇', level: 4, parentCode: '510131000000', hasChildren: true,
      pathNames: '成都市 蒲江县 大塘镇',
    });
    expect(byName.every((h) => h.name.includes('大塘'))).toBe(true);
    expect(byName.find((h) => h.code === '510183004231')?.pathNames).toBe('成都市 邛崃市 羊安街道 大塘村村委会');

    for (const q of ['dtz', 'DTZ', ' Dtz ']) {
      const hits = await searchRegions(d.db, { q, within: SICHUAN, limit: 50 });
      expect(codes(hits)).toContain('510131101000');
      expect(hits.every((h) => h.code.startsWith('51'))).toBe(true);
    }
    expect(codes(await searchRegions(d.db, { q: 'dtz', within: PUJIANG, limit: 5 }))).toEqual(['510131101000']);
  });

  it('does not find 大塘镇 within another county', async () => {
    expect(codes(await searchRegions(d.db, { q: '大塘', within: JINJIANG, limit: 50 }))).not.toContain('510131101000');
    expect(codes(await searchRegions(d.db, { q: 'dtz', within: JINJIANG, limit: 50 }))).not.toContain('510131101000');
    expect(await searchRegions(d.db, { q: '大塘镇', within: JINJIANG, limit: 50 })).toEqual([]);
  });

  it('orders exact matches first, then by level, then by code', async () => {
    const hits = await searchRegions(d.db, { q: '成都', within: SICHUAN, limit: 10 });
    expect(hits[0]).toMatchObject({ code: '510100000000', name: '成都市', pathNames: '成都市' });
    const exact = await searchRegions(d.db, { q: '大塘村村委会', within: SICHUAN, limit: 10 });
    expect(exact[0]?.name).toBe('大塘村村委会');
    const pj = await searchRegions(d.db, { q: 'pjx', within: SICHUAN, limit: 10 });
    expect(pj[0]?.name).toBe('蒲江县');

    const many = await searchRegions(d.db, { q: 'c', within: SICHUAN, limit: 200 });
    expect(many).toHaveLength(200);
    const keys = many.map((h) => `${h.level} ${h.code}`); // no region is named with the single initial "c"
    expect(keys).toEqual([...keys].sort());
    expect(many[0]).toMatchObject({ code: '510100000000', name: '成都市' });

    const province = await searchRegions(d.db, { q: '四川', within: SICHUAN, limit: 1 });
    expect(province).toEqual([{ code: '510000000000', name: '四川省', level: 1, parentCode: null, hasChildren: true, pathNames: '' }]);
  });

  it('treats LIKE wildcards in q literally and clamps the limit', async () => {
    expect(await searchRegions(d.db, { q: '%', within: SICHUAN, limit: 5 })).toEqual([]);
    expect(await searchRegions(d.db, { q: '大_镇', within: SICHUAN, limit: 5 })).toEqual([]);
    expect(await searchRegions(d.db, { q: '大%镇', within: SICHUAN, limit: 5 })).toEqual([]);
    expect(await searchRegions(d.db, { q: '\\', within: SICHUAN, limit: 5 })).toEqual([]);
    expect(await searchRegions(d.db, { q: '   ', within: SICHUAN, limit: 5 })).toEqual([]);
    expect(await searchRegions(d.db, { q: '村', within: SICHUAN, limit: 3 })).toHaveLength(3);
    expect(await searchRegions(d.db, { q: '村', within: SICHUAN, limit: 0 })).toHaveLength(1);
  });

  it('finds by code prefix too', async () => {
    const hits = await searchRegions(d.db, { q: '510131101', within: SICHUAN, limit: 3 });
    expect(codes(hits)).toEqual(['510131101000', '510131101001', '510131101200']);
  });

  it('regionStats reads the load mark', async () => {
    expect(await regionStats(d.db)).toEqual({ dataYear: 2023, count: 37728 });
  });
});
