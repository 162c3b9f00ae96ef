/**
 * The visit cadence and coverage at scale (issue 5, C4/C5/C6): N persons in households over Sichuan's real villages,
 * on PostgreSQL (DATABASE_URL; a scratch database is created and dropped) or PGlite.
 *
 *   DATABASE_URL=postgres://… npm run bench:visits -- --persons 1000000
 *   npm run bench:visits -- --persons 20000          # a quick check
 *   … --keep                                         # keep the scratch database for EXPLAIN
 *
 * Prints, each as an absolute figure and as a ratio to the raw database doing the same work:
 *  (a) generating the cadence tasks of one month for the whole province (`generateCadenceTasks`, target ≤ 30 s)
 *      against ONE hand-written INSERT … SELECT producing the same tasks — and checks both produce exactly the same
 *      (member, kind, period, due date, assignee) rows;
 *  (b) the coverage figure of the whole province (`coverageTotal` and `coverageByRegion` of modules/visits/queries.ts,
 *      target ≤ 200 ms) against the raw aggregate SQL over every task, and against the same SQL over the township
 *      counts the system reads (visit_task_counts) — and checks the figures are equal.
 * The identification of the people in care (care_subjects) runs before (a) and is timed for information.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { chinaDate, periodOf, previousPeriod, regionRange } from '@doudi/domain';
import { sql } from 'kysely';
import { createFieldCrypto } from '../packages/server/src/crypto/fieldCrypto.js';
import type { Database } from '../packages/server/src/db/connection.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { generateCadenceTasks, identifyAll } from '../packages/server/src/modules/care/cadence.js';
import { loadRegions } from '../packages/server/src/modules/regions/load.js';
import { coverageByRegion, coverageTotal } from '../packages/server/src/modules/visits/queries.js';
import { generatePersons, rawLoad, scratchDatabase } from './registry.js';

const { values: args } = parseArgs({
  strict: false,
  options: { persons: { type: 'string', default: '100000' }, keep: { type: 'boolean', default: false } },
});
const AS_OF = '2026-11-23';
const PROVINCE = '510000000000';
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const msf = (ms: number) => `${ms.toFixed(1)} ms`;
const n = (x: number) => x.toLocaleString('en-US');

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await f();
  return { ms: performance.now() - t, value };
}

/** The best of `runs` timings (the first run warms the caches). */
async function best<T>(runs: number, f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  let out: { ms: number; value: T } | undefined;
  for (let i = 0; i < runs; i++) {
    const r = await timed(f);
    if (!out || r.ms < out.ms) out = r;
  }
  return out!;
}

/** Facts the identification reads, and the people who visit: village workers (two in every third village) and parameters. */
async function setup(database: Database): Promise<void> {
  const { db } = database;
  await sql`UPDATE members SET disability_grade = 1 + (id % 4), disability_type = 'physical' WHERE id % 37 = 0`.execute(db);
  await sql`UPDATE members SET health = 'serious' WHERE id % 53 = 0`.execute(db);
  await sql`UPDATE members SET self_care = CASE WHEN id % 2 = 0 THEN 'dependent' ELSE 'semi' END WHERE id % 29 = 0`.execute(db);
  await sql`UPDATE members SET tags = '{living_alone}' WHERE id % 17 = 0 AND birth_date < '1966-01-01'`.execute(db);
  await sql`UPDATE members SET tags = '{empty_nest}' WHERE id % 19 = 0 AND birth_date < '1966-01-01'`.execute(db);
  await sql`UPDATE members SET tags = '{left_behind}' WHERE id % 13 = 0 AND birth_date > '2009-01-01'`.execute(db);
  await sql`UPDATE members SET tags = '{orphan}' WHERE id % 23 = 0 AND birth_date > '2009-01-01'`.execute(db);
  await sql`INSERT INTO users (username, display_name, role, region_code, password_hash)
    SELECT 'bench_vs_' || v.region_code || '_' || k, '村工作人员', 'village_staff', v.region_code, 'x'
    FROM (SELECT DISTINCT region_code FROM members) v CROSS JOIN generate_series(1, 2) k
    WHERE k = 1 OR right(v.region_code, 3)::int % 3 = 0`.execute(db);
  const p = (key: string, value: number) => ({ region_code: PROVINCE, key, value, valid_from: '2020-01-01', valid_to: null, source: '压测参数', demo: true });
  await db.insertInto('policy_parameters').values([
    p('elderly_visit_days_high', 7), p('elderly_visit_days_key', 30), p('elderly_visit_days_general', 90), p('child_visit_days', 30), p('elderly_age_threshold', 80),
  ]).execute();
}

/**
 * The same tasks as generateCadenceTasks for `asOf`, in one statement: every active subject, its tier's interval
 * (province parameters) mapped to a week / month / quarter / year, the period key and last day, and the village worker
 * chosen round-robin by person (children: their director).
 */
const rawGenerate = (asOf: string) => sql`
WITH prm AS (
  SELECT DISTINCT ON (key) key, value FROM policy_parameters
  WHERE region_code = ${PROVINCE} AND key IN ('elderly_visit_days_high', 'elderly_visit_days_key', 'elderly_visit_days_general', 'child_visit_days')
    AND valid_from <= ${asOf}::date AND (valid_to IS NULL OR valid_to >= ${asOf}::date)
  ORDER BY key, valid_from DESC
),
unit AS (
  SELECT CASE key WHEN 'elderly_visit_days_high' THEN 'high' WHEN 'elderly_visit_days_key' THEN 'key' WHEN 'elderly_visit_days_general' THEN 'general' ELSE 'child' END AS who,
         CASE WHEN value <= 7 THEN 'week' WHEN value <= 31 THEN 'month' WHEN value <= 92 THEN 'quarter' ELSE 'year' END AS u
  FROM prm
),
per AS (
  SELECT who, u,
    CASE u WHEN 'week' THEN to_char(${asOf}::date, 'IYYY-"W"IW') WHEN 'month' THEN to_char(${asOf}::date, 'YYYY-MM')
           WHEN 'quarter' THEN to_char(${asOf}::date, 'YYYY-"Q"Q') ELSE to_char(${asOf}::date, 'YYYY') END AS period,
    (CASE u WHEN 'week' THEN date_trunc('week', ${asOf}::date) + interval '6 days'
            WHEN 'month' THEN date_trunc('month', ${asOf}::date) + interval '1 month' - interval '1 day'
            WHEN 'quarter' THEN date_trunc('quarter', ${asOf}::date) + interval '3 months' - interval '1 day'
            ELSE date_trunc('year', ${asOf}::date) + interval '1 year' - interval '1 day' END)::date AS due,
    CASE WHEN who = 'child' THEN '困境儿童' ELSE (CASE who WHEN 'high' THEN '高风险' WHEN 'key' THEN '重点' ELSE '一般' END) || '老年人' END
      || (CASE u WHEN 'week' THEN '每周' WHEN 'month' THEN '每月' WHEN 'quarter' THEN '每季度' ELSE '每年' END) || '探访' AS reason
  FROM unit
),
staff AS (
  SELECT id, region_code, (row_number() OVER (PARTITION BY region_code ORDER BY id) - 1)::int AS rn, count(*) OVER (PARTITION BY region_code)::int AS n
  FROM users WHERE role = 'village_staff' AND NOT disabled
)
INSERT INTO visit_tasks (kind, region_code, household_id, member_id, assignee_id, due_on, period, reason)
SELECT CASE WHEN s.kind = 'child' THEN 'child' ELSE 'elderly' END, s.region_code, s.household_id, s.member_id,
       CASE WHEN s.kind = 'child' THEN s.director_id ELSE st.id END, per.due, per.period, per.reason
FROM care_subjects s
JOIN per ON per.who = CASE WHEN s.kind = 'child' THEN 'child' ELSE s.tier END
LEFT JOIN staff st ON s.kind = 'elderly' AND st.region_code = s.region_code AND st.rn = (s.member_id % st.n)
WHERE s.active
ON CONFLICT (member_id, kind, period) WHERE period IS NOT NULL DO NOTHING`;

async function snapshot(database: Database, table: string): Promise<void> {
  await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(database.db);
  await sql`CREATE TABLE ${sql.table(table)} AS SELECT member_id, kind, period, due_on, assignee_id, region_code, household_id, reason FROM visit_tasks`.execute(database.db);
}

async function differences(database: Database, a: string, b: string): Promise<{ onlyA: number; onlyB: number }> {
  const r = await sql<{ only_a: string; only_b: string }>`
    SELECT (SELECT count(*) FROM (SELECT * FROM ${sql.table(a)} EXCEPT SELECT * FROM ${sql.table(b)}) x) AS only_a,
           (SELECT count(*) FROM (SELECT * FROM ${sql.table(b)} EXCEPT SELECT * FROM ${sql.table(a)}) x) AS only_b`.execute(database.db);
  return { onlyA: Number(r.rows[0]!.only_a), onlyB: Number(r.rows[0]!.only_b) };
}

async function main(): Promise<void> {
  const persons = Number(args.persons);
  const { database, url, dispose } = await scratchDatabase();
  const { db } = database;
  console.log(`visits bench: ${n(persons)} persons on ${url ? 'PostgreSQL' : 'PGlite'}; node ${process.version}, ${os.cpus().length} cpus, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (url) {
    // The absolute figures depend on the server's memory settings as much as on the statements: print them.
    const settings = await sql<{ name: string; setting: string }>`
      SELECT name, current_setting(name) AS setting FROM pg_settings
      WHERE name IN ('server_version', 'shared_buffers', 'max_wal_size', 'work_mem', 'max_parallel_workers_per_gather') ORDER BY name`.execute(db);
    console.log(`server: ${settings.rows.map((r) => `${r.name} ${r.setting}`).join(', ')}`);
  }
  try {
    await migrate(database);
    await loadRegions(database, { filter: ['51'] });
    const villages = (await db.selectFrom('regions').select('code').where('level', '=', 5).orderBy('code').execute()).map((r) => r.code);
    const fc = createFieldCrypto(crypto.randomBytes(32));
    await rawLoad(database, generatePersons(persons, villages), fc);
    await setup(database);
    await sql`VACUUM ANALYZE`.execute(db);

    const identified = await timed(() => identifyAll(db, PROVINCE, AS_OF));
    const subjects = identified.value;
    console.log(`identification of the province (county by county): ${sec(identified.ms)} — ${n(subjects.elderly)} elderly, ${n(subjects.children)} children`);
    await sql`ANALYZE care_subjects, users`.execute(db);

    // (a) a month's cadence tasks for the whole province.
    const system = await timed(() => generateCadenceTasks(db, { regionCode: PROVINCE, asOf: AS_OF }));
    await snapshot(database, 'bench_system_tasks');
    const again = await timed(() => generateCadenceTasks(db, { regionCode: PROVINCE, asOf: AS_OF }));
    await sql`TRUNCATE visit_tasks CASCADE`.execute(db);
    await sql`VACUUM ANALYZE visit_tasks`.execute(db);
    const raw = await timed(() => rawGenerate(AS_OF).execute(db));
    await snapshot(database, 'bench_raw_tasks');
    const diff = await differences(database, 'bench_system_tasks', 'bench_raw_tasks');
    const rawCount = Number(raw.value.numAffectedRows ?? 0);
    console.log(`(a) cadence tasks of ${AS_OF.slice(0, 7)} (and this week / quarter by tier) for the whole province:`);
    console.log(`  generateCadenceTasks ${sec(system.ms)}   raw INSERT … SELECT ${sec(raw.ms)}   ratio ${(system.ms / raw.ms).toFixed(2)}×   (target ≤ 30 s)`);
    console.log(`  tasks: system ${n(system.value.created)}, raw ${n(rawCount)}; only in system ${diff.onlyA}, only in raw ${diff.onlyB}${diff.onlyA || diff.onlyB ? '   !! they disagree' : '   (identical)'}`);
    console.log(`  run again (idempotent): ${sec(again.ms)}, ${again.value.created} created`);

    // (b) coverage of the province: the month before (so that some tasks are overdue) and this month, 60% done.
    await sql`TRUNCATE visit_tasks CASCADE`.execute(db);
    const previous = previousPeriod(periodOf('month', AS_OF)).start;
    await generateCadenceTasks(db, { regionCode: PROVINCE, asOf: previous });
    await generateCadenceTasks(db, { regionCode: PROVINCE, asOf: AS_OF });
    await sql`UPDATE visit_tasks SET status = 'done', done_at = now() WHERE id % 5 < 3`.execute(db);
    await sql`VACUUM ANALYZE visit_tasks`.execute(db);
    const from = periodOf('month', previous).start;
    const to = periodOf('month', AS_OF).end;
    const today = chinaDate(new Date());
    const total = await best(5, () => coverageTotal(db, PROVINCE, from, to));
    const byRegion = await best(5, () => coverageByRegion(db, PROVINCE, from, to));
    const { low, high } = regionRange(PROVINCE);
    const rawTotal = await best(5, () => sql<{ due: string; done: string; overdue: string }>`
      SELECT count(*) FILTER (WHERE status <> 'cancelled') AS due, count(*) FILTER (WHERE status = 'done') AS done,
             count(*) FILTER (WHERE status = 'open' AND due_on < ${today}::date) AS overdue
      FROM visit_tasks WHERE region_code BETWEEN ${low} AND ${high} AND due_on BETWEEN ${from}::date AND ${to}::date`.execute(db));
    const rawByRegion = await best(5, () => sql<{ code: string; due: string; done: string; overdue: string }>`
      SELECT r.code, coalesce(a.due, 0) AS due, coalesce(a.done, 0) AS done, coalesce(a.overdue, 0) AS overdue
      FROM regions r LEFT JOIN (
        SELECT substr(region_code, 1, 4) || '00000000' AS code, count(*) FILTER (WHERE status <> 'cancelled') AS due,
               count(*) FILTER (WHERE status = 'done') AS done, count(*) FILTER (WHERE status = 'open' AND due_on < ${today}::date) AS overdue
        FROM visit_tasks WHERE region_code BETWEEN ${low} AND ${high} AND due_on BETWEEN ${from}::date AND ${to}::date GROUP BY 1
      ) a ON a.code = r.code
      WHERE r.parent_code = ${PROVINCE} ORDER BY r.code`.execute(db));
    // The same figure summed from the township counts by hand: the floor for reading them.
    const rawCounts = await best(5, () => sql`
      SELECT sum(open + done) AS due, sum(done) AS done, sum(open) FILTER (WHERE due_on < ${today}::date) AS overdue
      FROM visit_task_counts WHERE township_code BETWEEN ${low} AND ${high} AND due_on BETWEEN ${from}::date AND ${to}::date`.execute(db));
    const countRows = await sql<{ n: string }>`SELECT count(*) AS n FROM visit_task_counts`.execute(db);
    const rt = rawTotal.value.rows[0]!;
    const totalSame = total.value.due === Number(rt.due) && total.value.done === Number(rt.done) && total.value.overdue === Number(rt.overdue);
    const rawMap = new Map(rawByRegion.value.rows.map((r) => [r.code, r]));
    const regionSame = byRegion.value.length === rawByRegion.value.rows.length && byRegion.value.every((r) => {
      const x = rawMap.get(r.regionCode);
      return x !== undefined && r.due === Number(x.due) && r.done === Number(x.done) && r.overdue === Number(x.overdue);
    });
    console.log(`(b) coverage of the province, tasks due ${from} … ${to} (${n(total.value.due)} due, ${n(total.value.done)} done, ${n(total.value.overdue)} overdue):`);
    console.log(`  coverageTotal ${msf(total.ms)}   raw aggregate ${msf(rawTotal.ms)}   ratio ${(total.ms / rawTotal.ms).toFixed(2)}×   (target ≤ 200 ms)   ${totalSame ? 'equal' : '!! differ'}`);
    console.log(`  the same sum over the ${n(Number(countRows.rows[0]!.n))} township count rows by hand ${msf(rawCounts.ms)}   ratio ${(total.ms / rawCounts.ms).toFixed(2)}×`);
    console.log(`  coverageByRegion ${msf(byRegion.ms)} (${byRegion.value.length} cities)   raw grouped aggregate ${msf(rawByRegion.ms)}   ratio ${(byRegion.ms / rawByRegion.ms).toFixed(2)}×   (target ≤ 200 ms)   ${regionSame ? 'equal' : '!! differ'}`);
    if (!totalSame || !regionSame || diff.onlyA || diff.onlyB) process.exitCode = 2;
  } finally {
    if (args.keep) console.log(`kept for inspection: ${url ?? 'PGlite temp dir'}`);
    else await dispose();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
