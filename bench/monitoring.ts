/**
 * The monitoring sweep at scale (issue C3): N persons in households over Sichuan's real villages, with departmental
 * facts (medical spending, deaths), on PostgreSQL (DATABASE_URL; a scratch database is created and dropped) or PGlite.
 *
 *   DATABASE_URL=postgres://… npm run bench:monitoring -- --persons 1000000
 *   npm run bench:monitoring -- --demo            # PGlite: a full sweep of the demo county
 *   … --keep                                      # keep the scratch database for EXPLAIN
 *
 * Prints, each with its ratio to the raw database doing the same work:
 *  1. a full sweep of the province (every county, one at a time) against ONE hand-written SQL statement evaluating
 *     the same eight rules into a table — and checks that both find exactly the same (rule, household, member) hits;
 *     and, for scale, the raw database writing the same warnings, leads and events into tables with the same indexes,
 *     without and with the same foreign keys;
 *  2. an incremental sweep after 10,000 households changed (target ≤ 2 s): right after the full sweep, and again with
 *     10,000 other households once the full sweep's writes have been vacuumed (as autovacuum leaves them for a nightly run),
 *     and with 10,000 more after a checkpoint (a nightly run's writes each log their page in full);
 *  3. with --demo, on PGlite: the demo county seeded as `npm start` does, then a full sweep (target ≤ 5 s).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../packages/server/src/config.js';
import { createFieldCrypto } from '../packages/server/src/crypto/fieldCrypto.js';
import { openPGlite, type Database } from '../packages/server/src/db/connection.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { seedDemo } from '../packages/server/src/modules/demo/seed.js';
import { sweepCounty, sweepRegion } from '../packages/server/src/modules/monitoring/sweep.js';
import { loadRegions } from '../packages/server/src/modules/regions/load.js';
import { refreshHouseholds } from '../packages/server/src/modules/registry/rows.js';
import { generatePersons, rawLoad, scratchDatabase } from './registry.js';

const { values: args } = parseArgs({
  strict: false,
  options: {
    persons: { type: 'string', default: '100000' }, changed: { type: 'string', default: '10000' }, demo: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const AS_OF = '2026-11-23';
const PROVINCE = '510000000000';
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await f();
  return { ms: performance.now() - t, value };
}

/** Province-level parameters (the generated households are all in Sichuan). */
async function parameters(database: Database): Promise<void> {
  const p = (key: string, value: number) => ({ region_code: PROVINCE, key, value, valid_from: '2020-01-01', valid_to: null, source: '压测参数', demo: true });
  await database.db.insertInto('policy_parameters').values([
    p('dibao_standard_rural_monthly', 68_000), p('dibao_standard_urban_monthly', 82_000), p('marginal_multiplier', 1.5),
    p('rigid_expense_ratio', 0.5), p('disposable_income_per_head_yearly', 2_900_000), p('lead_contact_days', 3), p('lead_handle_days', 10),
    p('elderly_age_threshold', 80),
  ]).execute();
}

/**
 * Facts the rules read: disabilities, illness, dependency and tags on some members; medical spending for 3% of the
 * persons and death records for 0.2%, as the departmental imports would store them.
 */
async function facts(database: Database): Promise<void> {
  const { db } = database;
  await sql`UPDATE members SET disability_grade = 1 + (id % 4), disability_type = 'physical' WHERE id % 37 = 0`.execute(db);
  await sql`UPDATE members SET health = 'serious' WHERE id % 53 = 0`.execute(db);
  await sql`UPDATE members SET self_care = 'dependent' WHERE id % 29 = 0`.execute(db);
  await sql`UPDATE members SET tags = '{living_alone}' WHERE id % 17 = 0 AND birth_date < '1966-01-01'`.execute(db);
  await sql`UPDATE members SET tags = '{orphan}' WHERE id % 23 = 0 AND birth_date > '2009-01-01'`.execute(db);
  await sql`INSERT INTO department_batches (source, region_code, file_name, file_sha256, status, total_rows, valid_rows, matched_rows,
      unmatched_rows, error_rows, duplicate_rows, issues, unmatched)
    VALUES ('medical', ${PROVINCE}, 'bench.csv', '', 'committed', 0, 0, 0, 0, 0, 0, '[]', '[]')`.execute(db);
  await sql`INSERT INTO department_facts (batch_id, source, member_id, household_id, region_code, fact_date, amount_fen, detail, fingerprint)
    SELECT (SELECT max(id) FROM department_batches), 'medical', m.id, m.household_id, m.region_code,
      ${AS_OF}::date - (m.id % 300)::int, 50000 + (m.id % 97) * 10000, '{}'::jsonb, decode(md5('medical' || m.id), 'hex')
    FROM members m WHERE m.id % 33 = 0`.execute(db);
  await sql`INSERT INTO department_facts (batch_id, source, member_id, household_id, region_code, fact_date, amount_fen, detail, fingerprint)
    SELECT (SELECT max(id) FROM department_batches), 'death', m.id, m.household_id, m.region_code,
      ${AS_OF}::date - (m.id % 200)::int, NULL, '{}'::jsonb, decode(md5('death' || m.id), 'hex')
    FROM members m WHERE m.id % 500 = 7`.execute(db);
  await sql`UPDATE households h SET facts_changed_at = now() WHERE EXISTS (SELECT 1 FROM department_facts f WHERE f.household_id = h.id)`.execute(db);
}

/**
 * The eight rules as one SQL statement over the whole registry, writing its hits into a table: what the database
 * alone does for the same result.  ages and
 * the 12-month window are taken on AS_OF; parameters are those in force for the most specific of `ancestry`; a guardian is another living adult 18–79 who is not 失能, as in the sweep.
 */
const rawRules = (ancestry: readonly string[]) => sql`
CREATE TABLE raw_hits AS
WITH cur AS (
  SELECT DISTINCT ON (key) key, value FROM policy_parameters
  WHERE region_code IN (${sql.join(ancestry)}) AND valid_from <= ${AS_OF}::date AND (valid_to IS NULL OR valid_to >= ${AS_OF}::date)
  ORDER BY key, region_code DESC, valid_from DESC
),
prm AS (
  SELECT max(value) FILTER (WHERE key = 'dibao_standard_rural_monthly') AS rural,
         max(value) FILTER (WHERE key = 'dibao_standard_urban_monthly') AS urban,
         coalesce(max(value) FILTER (WHERE key = 'marginal_multiplier'), 1.5) AS mult,
         max(value) FILTER (WHERE key = 'rigid_expense_ratio') AS ratio,
         max(value) FILTER (WHERE key = 'disposable_income_per_head_yearly') AS disposable,
         coalesce(max(value) FILTER (WHERE key = 'elderly_age_threshold'), 80) AS elderly
  FROM cur
),
spend AS (
  SELECT household_id, sum(amount_fen) AS fen FROM department_facts
  WHERE source IN ('medical', 'education') AND amount_fen IS NOT NULL
    AND fact_date > (${AS_OF}::date - interval '1 year') AND fact_date <= ${AS_OF}::date
  GROUP BY household_id
),
dead AS (SELECT DISTINCT member_id FROM department_facts WHERE source = 'death' AND fact_date <= ${AS_OF}::date),
m AS (
  SELECT m.id, m.household_id, date_part('year', age(${AS_OF}::date, m.birth_date))::int AS age, m.self_care, m.tags,
         m.disability_grade, m.health, d.member_id IS NOT NULL AS dead
  FROM members m LEFT JOIN dead d ON d.member_id = m.id WHERE m.removed_at IS NULL
),
living AS (
  SELECT household_id, count(*) AS n,
         count(*) FILTER (WHERE age >= 18 AND age < 80 AND self_care <> 'dependent') AS carers
  FROM m WHERE NOT dead GROUP BY household_id
),
h AS (
  SELECT h.id, h.category_kinds, h.member_count, h.yearly_income_fen AS yearly, h.income_per_head_fen AS per_head,
         CASE WHEN h.urban_rural = 'urban' THEN prm.urban ELSE prm.rural END AS std, prm.mult, prm.ratio, prm.disposable, prm.elderly,
         h.category_kinds && '{dibao,tekun_centralised,tekun_dispersed}'::text[] AS covered, coalesce(s.fen, 0) AS spend,
         coalesce(l.n, 0) AS living, coalesce(l.carers, 0) AS carers
  FROM households h CROSS JOIN prm LEFT JOIN spend s ON s.household_id = h.id LEFT JOIN living l ON l.household_id = h.id
)
SELECT id AS household_id, NULL::bigint AS member_id, 'suspected_dibao' AS rule FROM h
  WHERE NOT covered AND member_count > 0 AND per_head < std
UNION ALL
SELECT id, NULL, 'suspected_marginal' FROM h
  WHERE NOT covered AND NOT 'marginal' = ANY(category_kinds) AND member_count > 0 AND per_head >= std AND per_head < round(std * mult)
UNION ALL
SELECT id, NULL, 'suspected_rigid_expense' FROM h
  WHERE NOT covered AND NOT 'rigid_expense' = ANY(category_kinds) AND spend > 0 AND member_count > 0
    AND spend * 10000 > round(ratio * 10000) * yearly AND floor(yearly / member_count) < disposable
UNION ALL
SELECT id, NULL, 'dibao_review' FROM h WHERE 'dibao' = ANY(category_kinds) AND member_count > 0 AND per_head >= std
UNION ALL
SELECT m.household_id, m.id, 'single_member_dibao' FROM m JOIN h ON h.id = m.household_id
  WHERE NOT m.dead AND NOT h.covered AND (m.disability_grade <= 2 OR m.health = 'serious' OR 'serious_illness' = ANY(m.tags))
    AND ('marginal' = ANY(h.category_kinds) OR (h.member_count > 0 AND h.per_head >= h.std AND h.per_head < round(h.std * h.mult)))
UNION ALL
SELECT m.household_id, m.id, 'elderly_special' FROM m JOIN h ON h.id = m.household_id
  WHERE NOT m.dead AND m.age >= 60
    AND (m.age >= h.elderly OR 'living_alone' = ANY(m.tags) OR h.living = 1 OR (m.self_care = 'dependent' AND h.carers = 0))
UNION ALL
SELECT m.household_id, m.id, 'child_guardianship' FROM m JOIN h ON h.id = m.household_id
  WHERE NOT m.dead AND m.age < 18 AND m.tags && '{orphan,de_facto_unsupported}'::text[] AND h.carers = 0
UNION ALL
SELECT m.household_id, m.id, 'death_payment_check' FROM m JOIN h ON h.id = m.household_id WHERE m.dead AND h.covered`;

async function compare(database: Database): Promise<{ raw: number; sweep: number; onlyRaw: number; onlySweep: number }> {
  const r = await sql<{ raw: number; sweep: number; only_raw: number; only_sweep: number }>`
    WITH w AS (SELECT household_id, member_id, rule FROM warnings WHERE status = 'open')
    SELECT (SELECT count(*) FROM raw_hits) AS raw, (SELECT count(*) FROM w) AS sweep,
      (SELECT count(*) FROM (SELECT household_id, member_id, rule FROM raw_hits EXCEPT SELECT * FROM w) x) AS only_raw,
      (SELECT count(*) FROM (SELECT * FROM w EXCEPT SELECT household_id, member_id, rule FROM raw_hits) x) AS only_sweep`.execute(database.db);
  const row = r.rows[0]!;
  return { raw: Number(row.raw), sweep: Number(row.sweep), onlyRaw: Number(row.only_raw), onlySweep: Number(row.only_sweep) };
}

/**
 * What writing the sweep's output costs the database alone: its open warnings, their leads and the leads' events
 * copied with INSERT … SELECT into empty tables with the same columns and indexes — once without foreign keys, and once
 * with the same foreign keys as the real tables (those between the three tables pointing at the copies), all three
 * written by one statement as the sweep writes them, so that the keys are checked at its end.
 */
async function rawWrites(database: Database): Promise<{ ms: number; withKeysMs: number; warnings: number; leads: number }> {
  const { db } = database;
  const TABLES = ['warnings', 'leads', 'lead_events'];
  const create = async (keys: boolean) => {
    for (const t of TABLES) await sql`CREATE TABLE ${sql.raw(`raw_${t}`)} (LIKE ${sql.raw(t)} INCLUDING DEFAULTS INCLUDING INDEXES)`.execute(db);
    if (!keys) return;
    const fks = await sql<{ t: string; def: string }>`
      SELECT conrelid::regclass::text AS t, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE contype = 'f' AND conrelid::regclass::text IN ('warnings', 'leads', 'lead_events')`.execute(db);
    for (const fk of fks.rows) {
      const def = fk.def.replace(/REFERENCES (warnings|leads|lead_events)\(/, 'REFERENCES raw_$1(');
      await sql`ALTER TABLE ${sql.raw(`raw_${fk.t}`)} ADD ${sql.raw(def)}`.execute(db);
    }
  };
  const drop = async () => {
    for (const t of [...TABLES].reverse()) await sql`DROP TABLE ${sql.raw(`raw_${t}`)} CASCADE`.execute(db);
  };
  const copy = () => sql<{ w: string; l: string }>`
    WITH l AS (INSERT INTO raw_leads SELECT * FROM leads WHERE source = 'warning' RETURNING 1),
         w AS (INSERT INTO raw_warnings SELECT * FROM warnings WHERE status = 'open' RETURNING 1),
         e AS (INSERT INTO raw_lead_events SELECT * FROM lead_events)
    SELECT (SELECT count(*) FROM w) AS w, (SELECT count(*) FROM l) AS l`.execute(db);
  await create(false);
  const t0 = performance.now();
  const r = await copy();
  const ms = performance.now() - t0;
  await drop();
  await create(true);
  const t1 = performance.now();
  await copy();
  const withKeysMs = performance.now() - t1;
  await drop();
  return { ms, withKeysMs, warnings: Number(r.rows[0]!.w), leads: Number(r.rows[0]!.l) };
}

async function scale(): Promise<void> {
  const persons = Number(args.persons);
  const { database, url, dispose } = await scratchDatabase();
  console.log(`monitoring bench: ${persons.toLocaleString('en-US')} persons on ${url ? 'PostgreSQL' : 'PGlite'}; node ${process.version}, ${os.cpus().length} cpus, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  try {
    await migrate(database);
    await loadRegions(database, { filter: ['51'] });
    const villages = (await database.db.selectFrom('regions').select('code').where('level', '=', 5).orderBy('code').execute()).map((r) => r.code);
    const fc = createFieldCrypto(crypto.randomBytes(32));
    await rawLoad(database, generatePersons(persons, villages), fc);
    await sql`ANALYZE households, members`.execute(database.db);
    const ids = (await database.db.selectFrom('households').select('id').orderBy('id').execute()).map((r) => r.id);
    for (let i = 0; i < ids.length; i += 50_000) await refreshHouseholds(database.db, ids.slice(i, i + 50_000));
    await parameters(database);
    await facts(database);
    await sql`VACUUM ANALYZE`.execute(database.db);
    console.log(`loaded ${ids.length.toLocaleString('en-US')} households with facts`);

    const ctx = { database, config: { ...loadConfig({}), demo: false }, crypto: fc };
    const full = await timed(() => sweepRegion(ctx, PROVINCE, { trigger: 'manual', mode: 'full', asOf: AS_OF }));
    const raw = await timed(() => rawRules([PROVINCE]).execute(database.db));
    const same = await compare(database);
    console.log(`full sweep of the province (all counties, one at a time):`);
    console.log(`  sweep ${sec(full.ms)}   raw SQL statement ${sec(raw.ms)}   ratio ${(full.ms / raw.ms).toFixed(2)}×   (target ≤ 1.5×)`);
    console.log(`  hits: sweep ${same.sweep.toLocaleString('en-US')} open warnings, raw ${same.raw.toLocaleString('en-US')}; only in raw ${same.onlyRaw}, only in sweep ${same.onlySweep}`);
    if (same.onlyRaw || same.onlySweep) console.log('  !! the sweep and the raw statement disagree');
    const writes = await rawWrites(database);
    console.log(`  the raw database writing the same ${writes.warnings.toLocaleString('en-US')} warnings, ${writes.leads.toLocaleString('en-US')} leads and their events (INSERT … SELECT into tables with the same indexes): ${sec(writes.ms)}`);
    console.log(`  sweep against raw rules + raw writes ${sec(raw.ms + writes.ms)}: ratio ${(full.ms / (raw.ms + writes.ms)).toFixed(2)}×`);
    console.log(`  the same writes into tables with the same foreign keys too: ${sec(writes.withKeysMs)}; sweep against raw rules + these ${sec(raw.ms + writes.withKeysMs)}: ratio ${(full.ms / (raw.ms + writes.withKeysMs)).toFixed(2)}×`);

    // 10,000 households change (a member's income), as registry edits would leave them; then an incremental sweep.
    const changed = Number(args.changed);
    const step = Math.max(1, Math.floor(ids.length / changed));
    const incremental = async (offset: number, checkpoint = false) => {
      const pick = ids.filter((_, i) => i % step === offset).slice(0, changed);
      await sql`UPDATE members SET yearly_income_fen = yearly_income_fen + 600000 WHERE household_id = ANY(${pick}::bigint[]) AND relation = 'head'`.execute(database.db);
      for (let i = 0; i < pick.length; i += 50_000) await refreshHouseholds(database.db, pick.slice(i, i + 50_000));
      // As the registry's own writes do: a changed household carries the time of the change.
      await sql`UPDATE households SET updated_at = now(), version = version + 1 WHERE id = ANY(${pick}::bigint[])`.execute(database.db);
      if (checkpoint) await sql`CHECKPOINT`.execute(database.db);
      const inc = await timed(() => sweepRegion(ctx, PROVINCE, { trigger: 'manual', mode: 'incremental', asOf: AS_OF }));
      const evaluated = inc.value.reduce((n, r) => n + Number(r.households_done ?? 0), 0);
      return `${sec(inc.ms)}, ${evaluated.toLocaleString('en-US')} households evaluated   (target ≤ 2 s)`;
    };
    console.log(`incremental sweep after ${changed.toLocaleString('en-US')} households changed:`);
    // Right after the full sweep, its new warnings and leads have never been read: the first reader sets their
    // hint bits. Then as on a settled registry (a nightly run): the sweep's writes vacuumed, as autovacuum does.
    console.log(`  right after the full sweep: ${await incremental(0)}`);
    await sql`VACUUM ANALYZE warnings, leads, lead_events, household_monitoring, households, members`.execute(database.db);
    console.log(`  ${changed.toLocaleString('en-US')} other households, after VACUUM of the sweep's writes: ${await incremental(Math.floor(step / 2))}`);
    // A nightly run comes long after the last checkpoint: the first change to each page after a checkpoint logs the
    // whole page, and the sweep's writes are scattered over the tables (a few households per page).
    console.log(`  ${changed.toLocaleString('en-US')} other households, after a checkpoint (as a nightly run finds the database): ${await incremental(Math.floor(step / 4), true)}`);
    await sql`DROP TABLE raw_hits`.execute(database.db);
    await sql`UPDATE households SET updated_at = updated_at`.execute(database.db);
    const rawAgain = await timed(() => rawRules([PROVINCE]).execute(database.db));
    console.log(`  (the raw statement over the whole registry again: ${sec(rawAgain.ms)})`);
  } finally {
    if (args.keep) console.log(`kept for inspection: ${url ?? 'PGlite temp dir'}`);
    else await dispose();
  }
}

async function demo(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doudi-bench-monitoring-'));
  const database = await openPGlite(dir);
  try {
    const fc = createFieldCrypto(crypto.randomBytes(32));
    await migrate(database);
    await loadRegions(database, { filter: ['510131'] });
    const seeded = await timed(() => seedDemo(database, fc));
    const households = await database.db.selectFrom('households').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    console.log(`PGlite demo county seeded in ${sec(seeded.ms)}: ${Number(households.n).toLocaleString('en-US')} households`);
    const ctx = { database, config: { ...loadConfig({}), demo: true }, crypto: fc };
    const full = await timed(() => sweepCounty(ctx, '510131000000', { trigger: 'manual', mode: 'full', asOf: AS_OF }));
    console.log(`full sweep of the demo county on PGlite: ${sec(full.ms)}   (target ≤ 5 s)`);
    await sql`DROP TABLE IF EXISTS raw_hits`.execute(database.db);
    const raw = await timed(() => rawRules(['510000000000', '510100000000', '510131000000']).execute(database.db));
    const same = await compare(database);
    console.log(`  raw SQL statement: ${sec(raw.ms)}   ratio ${(full.ms / raw.ms).toFixed(2)}×`);
    console.log(`  hits: sweep ${same.sweep}, raw ${same.raw}; only in raw ${same.onlyRaw}, only in sweep ${same.onlySweep}`);
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

(args.demo ? demo() : scale()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
