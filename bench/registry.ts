/**
 * The registry at scale: N persons in households spread over Sichuan's real villages, on PostgreSQL (DATABASE_URL;
 * a scratch database is created there and dropped afterwards) or, without DATABASE_URL, on PGlite in a temp dir.
 *
 *   DATABASE_URL=postgres://… npm run bench:registry -- --persons 1000000
 *   npm run bench:registry -- --persons 100000            # PGlite
 *
 * Prints, each with its ratio to the raw database doing the same work (the import and its ratio to a raw COPY are
 * measured by `npm run bench:registry-import`):
 *  2. lookup by ID number through the HTTP API (`GET /api/registry/households?q=<ID>`), 50 concurrent clients,
 *     p50 / p95 of a second pass (after a first one of as many other persons, also printed), against the same lookup as
 *     one SQL statement, prepared once per connection as the API's is, on a pool of 50 connections, in the same two passes;
 *  3. the filtered list page (`GET /api/registry/households?regionCode=…&category=…`, first page with total), p50 / p95
 *     of a second pass of 400 (county, category) pairs after a first pass of 400 others (also printed), against the two
 *     SQL statements it runs, on a pool of 10 connections, in the same two passes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { idNumberCheckChar, maskIdNumber, maskPhone, type Role } from '@doudi/domain';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../packages/server/src/app.js';
import { newToken, sessionKey } from '../packages/server/src/auth/session.js';
import { loadConfig } from '../packages/server/src/config.js';
import { createFieldCrypto, type FieldCrypto } from '../packages/server/src/crypto/fieldCrypto.js';
import { openPGlite, openPostgres, type Database } from '../packages/server/src/db/connection.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { loadRegions } from '../packages/server/src/modules/regions/load.js';
import { namePinyin } from '../packages/server/src/modules/registry/pinyin.js';
import { refreshHouseholds } from '../packages/server/src/modules/registry/rows.js';

// Not strict: this file's helpers are also imported by other benches, which have options of their own.
const { values: args } = parseArgs({
  strict: false,
  options: { keep: { type: 'boolean', default: false }, persons: { type: 'string', default: '100000' }, requests: { type: 'string', default: '5000' }, concurrency: { type: 'string', default: '50' } },
});
const PERSONS = Number(args.persons);
const REQUESTS = Number(args.requests);
const CONCURRENCY = Number(args.concurrency);
const LIST_REQUESTS = 400;

const ms = (v: number) => `${v.toFixed(1)} ms`;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

// ---------------------------------------------------------------------------------------------------------------
// Deterministic people

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '秀英华明国建军志强平芳玉兰德文春桂红林海燕云霞成珍福永忠学琴凤梅荣清丽金贵勇杰涛斌刚伟敏静霞淑婷欣怡子涵浩宇俊豪';
const CATEGORIES = ['dibao', 'dibao', 'dibao', 'marginal', 'marginal', 'tekun_dispersed', 'monitoring', 'rigid_expense', 'other_low_income'];

export interface BenchPerson {
  householdKey: number;
  villageCode: string;
  name: string;
  relation: string;
  idNumber: string;
  gender: 'male' | 'female';
  birthDate: string;
  yearlyIncomeFen: number;
  phone: string | null;
  category: string;
}

/** About 2 persons per household (many elderly living alone); ID numbers unique up to 1,000,000 persons. */
export function generatePersons(n: number, villages: readonly string[], seed = 20261123): BenchPerson[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[] | string): T => xs[Math.floor(rnd() * xs.length)] as T;
  const out: BenchPerson[] = [];
  let household = 0;
  while (out.length < n) {
    household++;
    const village = villages[Math.floor(rnd() * villages.length)]!;
    const size = Math.min(n - out.length, 1 + Math.floor(rnd() * rnd() * 5));
    const surname = pick<string>(SURNAMES);
    const category = pick(CATEGORIES);
    for (let i = 0; i < size; i++) {
      const index = out.length;
      const male = i === 0 ? rnd() < 0.7 : rnd() < 0.5;
      const year = i === 0 ? 1935 + Math.floor(rnd() * 55) : 1940 + Math.floor(rnd() * 84);
      const month = 1 + Math.floor(rnd() * 12);
      const day = 1 + Math.floor(rnd() * 28);
      // area (6) + birth (8) + sequence (2) + gender digit + check: (area, sequence) come from the index, so the first
      // 1,000,000 persons have distinct ID numbers whatever their birth dates.
      const area = `51${String(index % 10000).padStart(4, '0')}`;
      const seq = String(Math.floor(index / 10000) % 100).padStart(2, '0');
      const body = `${area}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${seq}${male ? 1 : 2}`;
      const idNumber = body + idNumberCheckChar(body);
      out.push({
        householdKey: household, villageCode: village, name: surname + pick<string>(GIVEN) + (rnd() < 0.6 ? pick<string>(GIVEN) : ''),
        relation: i === 0 ? 'head' : i === 1 ? 'spouse' : rnd() < 0.5 ? 'son' : 'daughter', idNumber, gender: male ? 'male' : 'female',
        birthDate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        yearlyIncomeFen: Math.floor(rnd() * 1_500_000), phone: i === 0 ? `1${pick<string>('3589')}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}` : null,
        category,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Raw load: COPY of prepared rows (encrypted, indexed, masked, pinyin) straight into households and members

const csvField = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = v instanceof Uint8Array ? `\\x${Buffer.from(v).toString('hex')}` : Array.isArray(v) ? `{${v.join(',')}}` : String(v);
  return /[",\n\r]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
};

export function preparedRows(persons: readonly BenchPerson[], fc: FieldCrypto, firstHouseholdId: number, firstMemberId: number) {
  const households: string[] = [];
  const members: string[] = [];
  const pinyin = new Map<string, { full: string; initials: string }>();
  let hid = firstHouseholdId - 1;
  let lastKey = -1;
  let mid = firstMemberId - 1;
  for (const p of persons) {
    if (p.householdKey !== lastKey) {
      hid++;
      lastKey = p.householdKey;
      households.push([hid, p.villageCode, 'rural', '四川省', '四川省', `{${p.category}}`, JSON.stringify([{ kind: p.category, startDate: '2024-01-01', endDate: null, status: 'active' }])].map(csvField).join(','));
    }
    let py = pinyin.get(p.name);
    if (!py) pinyin.set(p.name, (py = namePinyin(p.name)));
    mid++;
    members.push([
      mid, hid, p.villageCode, p.name, py.full, py.initials, p.relation, fc.encrypt(p.idNumber), fc.blindIndex('id', p.idNumber), maskIdNumber(p.idNumber),
      p.gender, p.birthDate, p.yearlyIncomeFen, p.phone ? fc.encrypt(p.phone) : null, p.phone ? fc.blindIndex('phone', p.phone) : null, p.phone ? maskPhone(p.phone) : null,
    ].map(csvField).join(','));
  }
  return { households, members, lastHouseholdId: hid, lastMemberId: mid };
}

export const HOUSEHOLD_COPY_COLUMNS = ['id', 'region_code', 'urban_rural', 'hukou_address', 'residence_address', 'category_kinds', 'categories'] as const;
export const MEMBER_COPY_COLUMNS = [
  'id', 'household_id', 'region_code', 'name', 'name_pinyin', 'name_initials', 'relation', 'id_number_enc', 'id_number_hash', 'id_number_masked',
  'gender', 'birth_date', 'yearly_income_fen', 'phone_enc', 'phone_hash', 'phone_masked',
] as const;

export async function rawLoad(database: Database, persons: readonly BenchPerson[], fc: FieldCrypto): Promise<{ prepareMs: number; copyMs: number }> {
  const { db } = database;
  const next = async (table: 'households' | 'members') =>
    Number((await sql<{ n: number }>`SELECT coalesce(max(id), 0) + 1 AS n FROM ${sql.table(table)}`.execute(db)).rows[0]!.n);
  const t0 = performance.now();
  const rows = preparedRows(persons, fc, await next('households'), await next('members'));
  const t1 = performance.now();
  const CHUNK = 50_000;
  for (let i = 0; i < rows.households.length; i += CHUNK) await database.copyCsv('households', HOUSEHOLD_COPY_COLUMNS, rows.households.slice(i, i + CHUNK).join('\n') + '\n');
  for (let i = 0; i < rows.members.length; i += CHUNK) await database.copyCsv('members', MEMBER_COPY_COLUMNS, rows.members.slice(i, i + CHUNK).join('\n') + '\n');
  await sql`SELECT setval(pg_get_serial_sequence('households', 'id'), ${rows.lastHouseholdId}), setval(pg_get_serial_sequence('members', 'id'), ${rows.lastMemberId})`.execute(db);
  const t2 = performance.now();
  return { prepareMs: t1 - t0, copyMs: t2 - t1 };
}

// ---------------------------------------------------------------------------------------------------------------

export async function scratchDatabase(): Promise<{ database: Database; url: string | null; dispose: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `doudi_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openPostgres(u.toString());
    return {
      database, url: u.toString(),
      dispose: async () => {
        await database.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doudi-bench-'));
  const database = await openPGlite(dir);
  return { database, url: null, dispose: async () => { await database.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

async function session(database: Database, role: Role, regionCode: string): Promise<string> {
  const { id } = await database.db.insertInto('users').values({
    username: `bench_${role}_${regionCode}`, display_name: '压测', role, region_code: regionCode, phone: null, password_hash: 'x',
  }).returning('id').executeTakeFirstOrThrow();
  const token = newToken();
  await database.db.insertInto('sessions').values({ id: sessionKey(token), user_id: id, csrf_token: newToken(), expires_at: new Date(Date.now() + 86400_000) }).execute();
  return `doudi_session=${token}`;
}

/**
 * HTTP load from a worker thread (its own event loop and core), so the clients do not share the server's event loop:
 * GETs `urls` with `concurrency` in flight over kept-alive connections (node:http, which costs the client a fraction
 * of what `fetch` does — the client shares the machine with the server and the database); returns sorted latencies
 * in ms. Every answer must be 200 and satisfy `check` (a JS expression over the parsed body `b`).
 */
async function httpLoad(urls: string[], concurrency: number, cookie: string, check: string): Promise<number[]> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const http = require('node:http');
    const { urls, concurrency, cookie } = workerData;
    const check = new Function('b', 'return (' + workerData.check + ');');
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const get = (url) => new Promise((resolve, reject) => {
      http.get(url, { agent, headers: { cookie } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      }).on('error', reject);
    });
    (async () => {
      const times = [];
      let next = 0;
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < urls.length) {
          const url = urls[next++];
          const t = performance.now();
          const r = await get(url);
          times.push(performance.now() - t);
          const b = JSON.parse(r.body);
          if (r.status !== 200 || !check(b)) throw new Error('bad answer ' + r.status + ' for ' + url + ': ' + r.body.slice(0, 200));
        }
      }));
      agent.destroy();
      parentPort.postMessage(times.sort((a, b) => a - b));
    })().catch((e) => { throw e; });`;
  const { Worker } = await import('node:worker_threads');
  return new Promise((resolve, reject) => {
    const w = new Worker(source, { eval: true, workerData: { urls, concurrency, cookie, check } });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

/** Runs `total` calls of `f` with `concurrency` in flight; returns sorted latencies. */
async function load(total: number, concurrency: number, f: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const t = performance.now();
      await f(i);
      times.push(performance.now() - t);
    }
  }));
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const { database, url, dispose } = await scratchDatabase();
  console.log(`registry bench: ${PERSONS.toLocaleString('en-US')} persons on ${url ? 'PostgreSQL' : 'PGlite'}; node ${process.version}, ${os.cpus().length} cpus`);
  try {
    await migrate(database);
    await loadRegions(database, { filter: ['51'] });
    const villages = (await database.db.selectFrom('regions').select('code').where('level', '=', 5).orderBy('code').execute()).map((r) => r.code);
    const fc = createFieldCrypto(crypto.randomBytes(32));
    const persons = generatePersons(PERSONS, villages);
    console.log(`generated ${persons.length.toLocaleString('en-US')} persons over ${villages.length.toLocaleString('en-US')} Sichuan villages`);

    // The data for the lookups is loaded by a raw COPY; the import itself is measured by bench/registry-import.ts
    // (`npm run bench:registry-import -- --rows N`), which times the real import against a raw COPY of the same rows.
    const raw = await rawLoad(database, persons, fc);
    await sql`ANALYZE households, members`.execute(database.db);
    const ids = (await database.db.selectFrom('households').select('id').execute()).map((r) => r.id);
    for (let i = 0; i < ids.length; i += 50_000) await refreshHouseholds(database.db, ids.slice(i, i + 50_000));
    console.log(`raw load for the lookups: prepare ${ms(raw.prepareMs)}, COPY ${ms(raw.copyMs)}`);
    // As autovacuum leaves a table after a bulk load: statistics and the visibility map (index-only scans) in place.
    await sql`VACUUM ANALYZE households`.execute(database.db);
    await sql`VACUUM ANALYZE members`.execute(database.db);
    const counts = await database.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    console.log(`members in the registry: ${Number(counts.n).toLocaleString('en-US')}`);

    // 2 + 3 through HTTP.
    const config = { ...loadConfig({}), demo: false, logLevel: 'silent' as const };
    const app = await buildApp({ database, config, crypto: fc }, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const province = await session(database, 'province_staff', '510000000000');
    const rnd = prng(7);
    // Two passes over different persons: the first right after the start (connections, caches and compiled code
    // still cold), the second as a server that has been answering for a while; the second is the figure.
    const sample = Array.from({ length: 2 * REQUESTS }, () => persons[Math.floor(rnd() * persons.length)]!);
    const lookupUrls = sample.map((p) => `${base}/api/registry/households?q=${p.idNumber}&pageSize=10`);
    const apiFirst = await httpLoad(lookupUrls.slice(0, REQUESTS), CONCURRENCY, province, 'b.items.length === 1');
    const apiLookup = await httpLoad(lookupUrls.slice(REQUESTS), CONCURRENCY, province, 'b.items.length === 1');
    // Prepared once per connection, as the API's lookup is (db/named.ts).
    const { first: rawFirst, times: rawLookup } = await rawTimes(url, database, REQUESTS, CONCURRENCY, (i) => ({
      name: 'raw_lookup',
      text: 'SELECT h.id, h.head_name, h.region_code FROM households h WHERE EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.removed_at IS NULL AND m.id_number_hash = $1) LIMIT 10',
      values: [fc.blindIndex('id', sample[i]!.idNumber)],
    }), REQUESTS);
    console.log(`lookup by ID number, ${CONCURRENCY} concurrent, ${REQUESTS} requests after a first pass of ${REQUESTS} others:`);
    console.log(`  (first pass: API p50 ${ms(pct(apiFirst, 50))} p95 ${ms(pct(apiFirst, 95))}; raw p50 ${ms(pct(rawFirst!, 50))} p95 ${ms(pct(rawFirst!, 95))})`);
    console.log(`  API  p50 ${ms(pct(apiLookup, 50))}  p95 ${ms(pct(apiLookup, 95))}   (target p95 ≤ 20 ms)`);
    console.log(`  raw  p50 ${ms(pct(rawLookup, 50))}  p95 ${ms(pct(rawLookup, 95))}   ratio p95 ${(pct(apiLookup, 95) / pct(rawLookup, 95)).toFixed(2)}×`);

    // A county, a category, first page with its total — as a worker opens the list. Two passes over different
    // (county, category) pairs, as for the lookups: the second is the figure.
    const counties = (await database.db.selectFrom('regions').select('code').where('level', '=', 3).orderBy('code').execute()).map((r) => r.code);
    const kinds = [...new Set(CATEGORIES)];
    const pairs = counties.flatMap((county) => kinds.map((category) => ({ county, category })));
    const filters = Array.from({ length: 2 * LIST_REQUESTS }, () => pairs[Math.floor(rnd() * pairs.length)]!);
    const listUrls = filters.map((f) => `${base}/api/registry/households?regionCode=${f.county}&category=${f.category}&pageSize=20`);
    const listFirst = await httpLoad(listUrls.slice(0, LIST_REQUESTS), 10, province, 'Array.isArray(b.items)');
    const apiList = await httpLoad(listUrls.slice(LIST_REQUESTS), 10, province, 'Array.isArray(b.items)');
    // The two statements the API runs: the page, then (the page being full) the total.
    const { first: rawListFirst, times: rawList } = await rawTimes(url, database, LIST_REQUESTS, 10, (i) => {
      const f = filters[i]!;
      const values = [f.county, f.county.slice(0, 6) + '999999', f.category];
      return [{
        text: `SELECT h.id, h.region_code, r.name, h.head_name, h.head_id_masked, h.urban_rural, h.member_count, h.income_per_head_fen,
                 h.category_kinds, h.poverty_reasons, h.member_tags, h.updated_at
               FROM households h LEFT JOIN regions r ON r.code = h.region_code
               WHERE h.region_code BETWEEN $1 AND $2 AND $3 = ANY(h.category_kinds)
               ORDER BY h.region_code, h.id LIMIT 20`,
        values,
      }, { text: 'SELECT count(*) FROM households h WHERE h.region_code BETWEEN $1 AND $2 AND $3 = ANY(h.category_kinds)', values }];
    }, LIST_REQUESTS);
    console.log(`filtered list page (county + category, 20 rows + total), 10 concurrent, ${LIST_REQUESTS} requests after a first pass of ${LIST_REQUESTS} others:`);
    console.log(`  (first pass: API p50 ${ms(pct(listFirst, 50))} p95 ${ms(pct(listFirst, 95))}; raw p50 ${ms(pct(rawListFirst!, 50))} p95 ${ms(pct(rawListFirst!, 95))})`);
    console.log(`  API  p50 ${ms(pct(apiList, 50))}  p95 ${ms(pct(apiList, 95))}   (target p95 ≤ 100 ms)`);
    console.log(`  raw  p50 ${ms(pct(rawList, 50))}  p95 ${ms(pct(rawList, 95))}   ratio p95 ${(pct(apiList, 95) / pct(rawList, 95)).toFixed(2)}×`);
    await app.close();
  } finally {
    if (args.keep) console.log(`kept: ${url ?? 'PGlite temp dir'}`);
    else await dispose();
  }
}

/**
 * The same work as raw SQL: a pool of `concurrency` connections on PostgreSQL, the one connection on PGlite. With
 * `firstPass`, that many calls (`q(0)`…) run first on the same connections and are returned apart; the timed calls
 * are `q(firstPass)`….
 */
type RawStatement = { name?: string; text: string; values: unknown[] };
async function rawTimes(
  url: string | null, database: Database, total: number, concurrency: number, q: (i: number) => RawStatement | RawStatement[],
  firstPass = 0,
): Promise<{ first: number[] | null; times: number[] }> {
  const statements = (i: number) => [q(i)].flat();
  const passes = async (run: (i: number) => Promise<void>, n: number) => ({
    first: firstPass ? await load(firstPass, n, run) : null,
    times: await load(total, n, (i) => run(firstPass + i)),
  });
  if (!url) {
    return passes(async (i) => {
      for (const { text, values } of statements(i)) await sql.raw(text.replace(/\$(\d)/g, (_m, n) => literal(values[Number(n) - 1]))).execute(database.db);
    }, 1);
  }
  const pool = new pg.Pool({ connectionString: url, max: concurrency });
  try {
    await Promise.all(Array.from({ length: concurrency }, () => pool.query('SELECT 1')));
    return await passes(async (i) => { for (const st of statements(i)) await pool.query(st); }, concurrency);
  } finally {
    await pool.end();
  }
}
const literal = (v: unknown) => (v instanceof Uint8Array ? `'\\x${Buffer.from(v).toString('hex')}'::bytea` : `'${String(v).replace(/'/g, "''")}'`);

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
