/**
 * Times the national region load (packages/server/src/modules/regions/load.ts) against the raw database doing the
 * same work, on PGlite in a fresh temporary directory and — when DATABASE_URL is set — on PostgreSQL.
 *
 *   npm run bench:regions                         # whole country
 *   npm run bench:regions -- --filter 51          # Sichuan only
 *   DATABASE_URL=postgres://… npm run bench:regions   # also PostgreSQL (replaces its regions!)
 *
 * "raw" = a plain COPY, in the same 50k-row chunks, of an already prepared CSV of exactly the rows the loader wrote
 * (read back from it, initials included, so no pinyin and no source parsing), into a freshly migrated table with its
 * indexes in place. "raw, indexes rebuilt" drops and recreates the secondary indexes around the same COPY: the best a
 * loader could do without the source work. Open + migrate is timed apart and is the same for all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openPGlite, openPostgres, type Database } from '../packages/server/src/db/connection.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { loadRegions, REGION_INDEXES, type RegionLoadReport } from '../packages/server/src/modules/regions/load.js';

const { values: args } = parseArgs({ options: { filter: { type: 'string' } } });
const filter = args.filter ? args.filter.split(',').map((s) => s.trim()).filter(Boolean) : [];
const COLUMNS = ['code', 'name', 'level', 'parent_code', 'initials', 'data_year'] as const;
const CHUNK = 50_000;

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (rows: number, ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString('en-US')} rows/s`;

interface Run {
  openMs: number;
  workMs: number;
  /** CPU time of this process (all its threads) during the work: less affected by other load than wall time. */
  cpuMs: number;
  rows: number;
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function timed<T>(f: () => Promise<T>): Promise<[T, number, number]> {
  const t = performance.now();
  const c = cpuNow();
  const v = await f();
  return [v, performance.now() - t, cpuNow() - c];
}

async function oursRun(open: () => Promise<Database>): Promise<{ run: Run; report: RegionLoadReport; csv: string[]; again: number }> {
  const [database, openMs] = await timed(async () => {
    const d = await open();
    await migrate(d);
    return d;
  });
  try {
    let lastLevel = 0;
    const [report, workMs, cpuMs] = await timed(() =>
      loadRegions(database, {
        filter,
        force: true,
        onProgress: (p) => {
          if (p.level !== lastLevel) process.stdout.write(`  level ${p.level}: ${p.total.toLocaleString('en-US')} rows\n`);
          lastLevel = p.level;
        },
      }),
    );
    const [, again] = await timed(() => loadRegions(database, { filter }));
    const rows = await database.db.selectFrom('regions').select(COLUMNS).orderBy('level').orderBy('code').execute();
    const esc = (s: string) => `"${s.replaceAll('"', '""')}"`;
    const lines = rows.map((r) => `${r.code},${esc(r.name)},${r.level},${r.parent_code ?? ''},${esc(r.initials)},${r.data_year}\n`);
    const csv: string[] = [];
    for (let i = 0; i < lines.length; i += CHUNK) csv.push(lines.slice(i, i + CHUNK).join(''));
    const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
    return { run: { openMs, workMs, cpuMs, rows: total }, report, csv, again };
  } finally {
    await database.close();
  }
}

async function rawRun(open: () => Promise<Database>, csv: string[], rebuildIndexes: boolean): Promise<Run> {
  const [database, openMs] = await timed(async () => {
    const d = await open();
    await migrate(d);
    await d.db.deleteFrom('region_datasets').execute();
    await sql`TRUNCATE regions`.execute(d.db);
    return d;
  });
  try {
    let rows = 0;
    const [, workMs, cpuMs] = await timed(async () => {
      if (rebuildIndexes) for (const ix of REGION_INDEXES) await sql`DROP INDEX ${sql.id(ix.name)}`.execute(database.db);
      for (const c of csv) rows += await database.copyCsv('regions', COLUMNS, c);
      if (rebuildIndexes) for (const ix of REGION_INDEXES) await sql.raw(ix.ddl).execute(database.db);
    });
    return { openMs, workMs, cpuMs, rows };
  } finally {
    await database.close();
  }
}

function print(engine: string, ours: Awaited<ReturnType<typeof oursRun>>, raw: Run, rawIdx: Run) {
  const o = ours.run;
  console.log(`\n${engine}: ${o.rows.toLocaleString('en-US')} rows ${JSON.stringify(ours.report.counts)}, skipped ${ours.report.skipped}`);
  console.log(`  open + migrate            ${sec(o.openMs)}`);
  console.log(`  loadRegions               ${sec(o.workMs)}  ${rate(o.rows, o.workMs)}  cpu ${sec(o.cpuMs)}  (open+load ${sec(o.openMs + o.workMs)})`);
  console.log(`  raw COPY                  ${sec(raw.workMs)}  ${rate(raw.rows, raw.workMs)}  cpu ${sec(raw.cpuMs)}  (open+copy ${sec(raw.openMs + raw.workMs)})`);
  console.log(`  raw COPY, indexes rebuilt ${sec(rawIdx.workMs)}  ${rate(rawIdx.rows, rawIdx.workMs)}  cpu ${sec(rawIdx.cpuMs)}`);
  console.log('  (cpu = this process only; on PostgreSQL the server\'s own work is not in it)');
  console.log(`  ratio loadRegions / raw COPY: ${(o.workMs / raw.workMs).toFixed(2)}×` +
    ` (with open: ${((o.openMs + o.workMs) / (raw.openMs + raw.workMs)).toFixed(2)}×);` +
    ` / raw with indexes rebuilt: ${(o.workMs / rawIdx.workMs).toFixed(2)}×`);
  console.log(`  second call (already loaded): ${ours.again.toFixed(1)} ms`);
}

const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`regions load bench — filter: ${filter.length ? filter.join(',') : '(whole country)'}; ${os.cpus().length} CPUs, Node ${process.version}; load average ${loadavg()}`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'doudi-bench-regions-'));
try {
  let n = 0;
  const pglite = () => openPGlite(path.join(tmp, `db${n++}`));
  console.log('\nPGlite: loadRegions …');
  const ours = await oursRun(pglite);
  console.log('PGlite: raw COPY …');
  const raw = await rawRun(pglite, ours.csv, false);
  const rawIdx = await rawRun(pglite, ours.csv, true);
  print('PGlite', ours, raw, rawIdx);

  const url = process.env.DATABASE_URL;
  if (url) {
    const postgres = () => openPostgres(url);
    console.log('\nPostgreSQL: raw COPY …');
    const pgRaw = await rawRun(postgres, ours.csv, false);
    const pgRawIdx = await rawRun(postgres, ours.csv, true);
    console.log('PostgreSQL: loadRegions …'); // last, so the database is left loaded and marked
    const pgOurs = await oursRun(postgres);
    print('PostgreSQL', pgOurs, pgRaw, pgRawIdx);
  } else {
    console.log('\n(DATABASE_URL not set: PostgreSQL skipped)');
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`\nload average at the end: ${loadavg()} (other processes on the machine slow every figure above)`);
