/**
 * Times the registry import (packages/server/src/modules/registry/import) of N generated persons from a CSV in the
 * template's columns — preview (read, validate, compare) and commit in mode 'valid' (2,000-row transactions, three
 * at a time on PostgreSQL: `SERVER_COMMIT_LANES`) — with the Node options of `npm start` (a 64 MB young-generation
 * semi-space), against the raw database doing the same writes: a plain COPY of exactly the rows the import wrote
 * (households and members, read back from it, so no parsing, validation, crypto or pinyin) into a freshly migrated
 * database.
 *
 *   npm run bench:registry-import                    # 100,000 persons on PGlite
 *   npm run bench:registry-import -- --rows 20000
 *   DATABASE_URL=postgres://… npm run bench:registry-import   # also PostgreSQL, in throw-away databases on that server
 *
 * `benchImport(database, crypto, rows)` runs the import alone on a migrated database with 蒲江县's regions loaded.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { idNumberCheckChar, TEMPLATE_COLUMNS } from '@doudi/domain';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../packages/server/src/config.js';
import { createFieldCrypto, type FieldCrypto } from '../packages/server/src/crypto/fieldCrypto.js';
import { openPGlite, openPostgres, type Database } from '../packages/server/src/db/connection.js';
import { copyRecords } from '../packages/server/src/db/copy.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { loadRegions } from '../packages/server/src/modules/regions/load.js';
import { csvLine } from '../packages/server/src/modules/registry/import/csv.js';
import * as imports from '../packages/server/src/modules/registry/import/service.js';

const COUNTY = '510131000000';
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥建国建华志强德福春花秋菊冬梅长生永安';

/** A CSV of `rows` persons in households of 1–5 people spread over 蒲江县's villages. */
export async function generateCsv(database: Database, rows: number): Promise<Buffer> {
  const villages = (await database.db.selectFrom('regions').select('code').where('level', '=', 5)
    .where('code', 'like', `${COUNTY.slice(0, 6)}%`).orderBy('code').execute()).map((r) => r.code);
  if (villages.length === 0) throw new Error('蒲江县的区划未加载');
  const fields = TEMPLATE_COLUMNS.map((c) => c.field);
  const parts: string[] = [`\ufeff${csvLine(TEMPLATE_COLUMNS.map((c) => c.heading))}`];
  let person = 0;
  for (let h = 0; person < rows; h++) {
    const size = Math.min(1 + (h % 5), rows - person);
    const village = villages[h % villages.length]!;
    for (let k = 0; k < size; k++, person++) {
      const birth = new Date(Date.UTC(1935, 0, 1) + (person % 25_000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
      const body = `510131${birth}${String(Math.floor(person / 25_000) * 2 + (k === 0 ? 1 : 0)).padStart(3, '0')}`;
      const row: Record<string, string | number> = {
        householdKey: `H${h}`, name: SURNAMES[h % SURNAMES.length]! + GIVEN[(person * 7) % GIVEN.length]! + GIVEN[(person * 13 + h) % GIVEN.length]!,
        relation: k === 0 ? '户主' : (['配偶', '子', '女', '母亲'] as const)[k - 1]!, idNumber: body + idNumberCheckChar(body),
        yearlyIncome: (person * 37) % 30_000, tags: k === 0 && h % 7 === 0 ? '独居' : '',
      };
      if (k === 0) {
        Object.assign(row, {
          regionCode: village, urbanRural: h % 9 === 0 ? '城市' : '农村', hukouAddress: `蒲江县${h % 11 + 1}组${h % 97 + 1}号`,
          phone: `139${String(h).padStart(8, '0')}`, povertyReasons: h % 3 === 0 ? '疾病' : '缺乏劳动力', categories: h % 4 === 0 ? '低保（2024-01-01）' : '',
        });
      }
      parts.push(csvLine(fields.map((f) => row[f] ?? '')));
    }
  }
  return Buffer.from(parts.join(''), 'utf8');
}

export interface ImportBenchResult {
  rows: number;
  previewMs: number;
  commitMs: number;
  totalMs: number;
  createdHouseholds: number;
  createdMembers: number;
  errorRows: number;
}

/** Imports `rows` generated persons (preview, then commit in mode 'valid') on a migrated database with regions. */
export async function benchImport(database: Database, fc: FieldCrypto, rows: number, file?: Buffer): Promise<ImportBenchResult> {
  const data = file ?? await generateCsv(database, rows);
  const ctx = { database, config: loadConfig({}), crypto: fc };
  const actor: imports.ImportActor = { user: null, regionCode: COUNTY, source: 'cli' };
  const t0 = performance.now();
  const preview = await imports.preview(ctx, actor, 'bench.csv', data);
  const t1 = performance.now();
  const { done } = await imports.startCommit(ctx, actor, preview.id, 'valid', (err) => console.error(err));
  await done;
  const t2 = performance.now();
  const r = await imports.get(ctx, actor, preview.id);
  if (r.status !== 'committed') throw new Error(`import ${r.status}: ${r.message}`);
  return {
    rows, previewMs: t1 - t0, commitMs: t2 - t1, totalMs: t2 - t0,
    createdHouseholds: r.createdHouseholds, createdMembers: r.createdMembers, errorRows: r.errorRows,
  };
}

// ---------------------------------------------------------------------------------------------------------------

const HOUSEHOLD_COLUMNS = ['id', 'region_code', 'urban_rural', 'hukou_address', 'residence_address', 'head_name', 'head_id_masked', 'poverty_reasons',
  'categories', 'category_kinds', 'member_count', 'yearly_income_fen', 'income_per_head_fen', 'member_tags'] as const;
const MEMBER_COLUMNS = ['household_id', 'region_code', 'name', 'name_pinyin', 'name_initials', 'relation', 'id_number_enc', 'id_number_hash',
  'id_number_masked', 'gender', 'birth_date', 'yearly_income_fen', 'phone_enc', 'phone_hash', 'phone_masked', 'tags'] as const;

/** JSON columns come back parsed; they go into COPY as JSON text. */
const JSONB = new Set<string>(['categories']);
const dumped = (row: Record<string, unknown>, column: string) => {
  const v = row[column];
  return JSONB.has(column) && v !== null && typeof v !== 'string' ? JSON.stringify(v) : v;
};

/** The rows the import wrote, as COPY CSV chunks. */
async function dump(database: Database): Promise<{ households: string[]; members: string[] }> {
  const chunk = async (table: 'households' | 'members', columns: readonly string[]) => {
    const out: string[] = [];
    let last = 0;
    for (;;) {
      const rows = await sql<Record<string, unknown>>`SELECT id, ${sql.join(columns.filter((c) => c !== 'id').map((c) => sql.ref(c)))}
        FROM ${sql.table(table)} WHERE id > ${last} ORDER BY id LIMIT 20000`.execute(database.db);
      if (rows.rows.length === 0) return out;
      last = Number(rows.rows[rows.rows.length - 1]!.id);
      out.push(copyRecords(rows.rows, columns, dumped));
    }
  };
  return { households: await chunk('households', HOUSEHOLD_COLUMNS), members: await chunk('members', MEMBER_COLUMNS) };
}

async function rawCopy(database: Database, d: { households: string[]; members: string[] }): Promise<number> {
  const t = performance.now();
  for (const c of d.households) await database.copyCsv('households', HOUSEHOLD_COLUMNS, c);
  for (const c of d.members) await database.copyCsv('members', MEMBER_COLUMNS, c);
  return performance.now() - t;
}

async function main() {
  const { values } = parseArgs({ options: { rows: { type: 'string' } } });
  const rows = Number(values.rows ?? 100_000);
  const fc = createFieldCrypto(crypto.randomBytes(32));
  const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} rows/s`;
  console.log(`registry import bench — ${rows.toLocaleString('en-US')} persons; ${os.cpus().length} CPUs, Node ${process.version}; load average ${loadavg()}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'doudi-bench-import-'));
  const created: string[] = [];
  /** A fresh database: PGlite in a temp dir, or a new database on the PostgreSQL server (dropped at the end). */
  const open = async (url?: string) => {
    let d: Database;
    if (url) {
      const name = `doudi_bench_import_${process.pid}_${created.length}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      created.push(name);
      const u = new URL(url);
      u.pathname = `/${name}`;
      d = await openPostgres(u.toString());
    } else {
      d = await openPGlite(path.join(tmp, `db${Math.random().toString(36).slice(2)}`));
    }
    await migrate(d);
    await loadRegions(d, { filter: ['510131'] });
    return d;
  };
  try {
    for (const url of [undefined, process.env.DATABASE_URL].filter((u, i) => i === 0 || u)) {
      const engine = url ? 'PostgreSQL' : 'PGlite';
      const ours = await open(url);
      let result: ImportBenchResult;
      let dumped: { households: string[]; members: string[] };
      try {
        const file = await generateCsv(ours, rows);
        console.log(`\n${engine}: CSV ${(file.length / 1024 / 1024).toFixed(1)} MB; importing …`);
        const cpu0 = process.cpuUsage();
        result = await benchImport(ours, fc, rows, file);
        const cpu = process.cpuUsage(cpu0);
        console.log(`  preview (read, validate, compare)   ${sec(result.previewMs)}  ${rate(rows, result.previewMs)}`);
        console.log(`  commit (mode valid, 2,000-row txns)  ${sec(result.commitMs)}  ${rate(rows, result.commitMs)}`);
        console.log(`  import total                         ${sec(result.totalMs)}  ${rate(rows, result.totalMs)}  cpu ${sec((cpu.user + cpu.system) / 1000)}`);
        console.log(`  created ${result.createdHouseholds.toLocaleString('en-US')} households, ${result.createdMembers.toLocaleString('en-US')} members, ${result.errorRows} error rows`);
        const again = await benchImport(ours, fc, rows, file);
        console.log(`  same file again (nothing to write)   ${sec(again.totalMs)}  created ${again.createdMembers}`);
        dumped = await dump(ours);
      } finally {
        await ours.close();
      }
      const raw = await open(url);
      try {
        const ms = await rawCopy(raw, dumped);
        console.log(`  raw COPY of the same rows            ${sec(ms)}  ${rate(rows, ms)}`);
        console.log(`  ratio import / raw COPY: ${(result.totalMs / ms).toFixed(2)}× (commit alone: ${(result.commitMs / ms).toFixed(2)}×)`);
      } finally {
        await raw.close();
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (created.length && process.env.DATABASE_URL) {
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  console.log(`\nload average at the end: ${loadavg()} (other processes on the machine slow every figure above)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) await main();
