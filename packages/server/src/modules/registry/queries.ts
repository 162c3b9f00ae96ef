import {
  DEFAULT_MARGINAL_MULTIPLIER, jurisdictionRange, regionAncestry, type CategoryKind, type HouseholdQuery, type IncomeBand, type PolicyParameter,
} from '@doudi/domain';
import { CompiledQuery, sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { inJurisdiction } from '../../auth/jurisdiction.js';
import type { FieldCrypto } from '../../crypto/fieldCrypto.js';
import { namedStatement } from '../../db/named.js';
import type { DB } from '../../db/schema.js';
import { toPolicyParameter } from '../policy/queries.js';

/** Every read and write of households and members goes through this file. */
type Db = Kysely<DB> | Transaction<DB>;

// ---------------------------------------------------------------------------------------------------------------
// Search terms

export type SearchTerm =
  | { kind: 'id'; hash: Uint8Array }
  | { kind: 'phone'; hash: Uint8Array }
  | { kind: 'pinyin'; text: string }
  | { kind: 'name'; text: string };

/**
 * One search box finds a person by an 18-character ID number or an 11-digit mobile (exact, through the blind
 * index), by pinyin initials or full pinyin (ascii letters, prefix), or by a part of the name.
 */
export function parseSearch(fc: FieldCrypto, raw: string | undefined): SearchTerm | undefined {
  const q = raw?.trim().replace(/\s+/g, '');
  if (!q) return undefined;
  if (/^\d{17}[\dXx]$/.test(q)) return { kind: 'id', hash: fc.blindIndex('id', q.toUpperCase()) };
  if (/^1\d{10}$/.test(q)) return { kind: 'phone', hash: fc.blindIndex('phone', q) };
  if (/^[a-zA-Z]+$/.test(q)) return { kind: 'pinyin', text: q.toLowerCase() };
  return { kind: 'name', text: q };
}

const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const likeContains = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function memberMatches(eb: ExpressionBuilder<DB, 'members'>, term: SearchTerm): Expression<SqlBool> {
  switch (term.kind) {
    case 'id': return eb('members.id_number_hash', '=', term.hash);
    case 'phone': return eb('members.phone_hash', '=', term.hash);
    case 'pinyin': return eb.or([eb('members.name_initials', 'like', likePrefix(term.text)), eb('members.name_pinyin', 'like', likePrefix(term.text))]);
    case 'name': return eb('members.name', 'like', likeContains(term.text));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The standard in force for a household, in SQL (for list filters): the most specific region among the household's
// region and its ancestors (a deeper code is the larger number), then the latest start.

function ancestorsSql(column: string) {
  const c = sql.ref(column);
  return sql`(rpad(left(${c}, 2), 12, '0'), rpad(left(${c}, 4), 12, '0'), rpad(left(${c}, 6), 12, '0'), rpad(left(${c}, 9), 12, '0'), ${c})`;
}

function parameterSql(key: ReturnType<typeof sql>, today: string) {
  return sql<number | null>`(SELECT p.value FROM policy_parameters p
    WHERE p.key = ${key} AND p.region_code IN ${ancestorsSql('households.region_code')}
      AND p.valid_from <= ${today}::date AND (p.valid_to IS NULL OR p.valid_to >= ${today}::date)
    ORDER BY p.region_code DESC, p.valid_from DESC LIMIT 1)`;
}

const standardSql = (today: string) =>
  parameterSql(sql`CASE households.urban_rural WHEN 'urban' THEN 'dibao_standard_urban_monthly' ELSE 'dibao_standard_rural_monthly' END`, today);
const multiplierSql = (today: string) => parameterSql(sql`'marginal_multiplier'`, today);

function bandCondition(band: IncomeBand, today: string): Expression<SqlBool> {
  const income = sql.ref('households.income_per_head_fen');
  const std = standardSql(today);
  const edge = sql`round(${std} * coalesce(${multiplierSql(today)}, ${DEFAULT_MARGINAL_MULTIPLIER}))`;
  if (band === 'below_standard') return sql<SqlBool>`${income} < ${std}`;
  if (band === 'marginal') return sql<SqlBool>`(${income} >= ${std} AND ${income} < ${edge})`;
  return sql<SqlBool>`${income} >= ${edge}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Households

export interface HouseholdListRow {
  id: number;
  region_code: string;
  region_name: string | null;
  head_name: string;
  head_id_masked: string;
  urban_rural: string;
  member_count: number;
  income_per_head_fen: number;
  category_kinds: string[];
  poverty_reasons: string[];
  member_tags: string[];
  updated_at: Date;
  matched_member: string | null;
}

/**
 * The lookup by an ID number or a phone with no other filter — the most frequent search, a few rows at most — as one
 * fixed statement starting from the blind index: no query building per request, one index probe, one join.
 */
const EXACT_SELECT = (column: 'id_number_hash' | 'phone_hash', hash: string, low: string, high: string) => `
  SELECT h.id, h.region_code, r.name AS region_name, h.head_name, h.head_id_masked, h.urban_rural, h.member_count,
         h.income_per_head_fen, h.category_kinds, h.poverty_reasons, h.member_tags, h.updated_at,
         (array_agg(CASE WHEN m.relation = 'head' THEN NULL ELSE m.name END ORDER BY m.relation = 'head' DESC))[1] AS matched_member
  FROM members m
  JOIN households h ON h.id = m.household_id
  LEFT JOIN regions r ON r.code = h.region_code
  WHERE m.${column} = ${hash} AND m.removed_at IS NULL AND h.region_code BETWEEN ${low} AND ${high}
  GROUP BY h.id, r.name
  ORDER BY h.region_code, h.id`;
const EXACT_LOOKUP = (column: 'id_number_hash' | 'phone_hash') => `${EXACT_SELECT(column, '$1', '$2', '$3')}
  LIMIT $4 OFFSET $5`;
const EXACT_BY_ID = namedStatement('registry_lookup_id_number', EXACT_LOOKUP('id_number_hash'));
const EXACT_BY_PHONE = namedStatement('registry_lookup_phone', EXACT_LOOKUP('phone_hash'));

/**
 * The same lookup for several searches at once, each with its own jurisdiction: row `i` of the arrays is one search
 * (blind index in hex, lowest and highest region code the searcher may see), and its rows come back numbered `i`.
 */
const EXACT_BATCH = (column: 'id_number_hash' | 'phone_hash') => `
  SELECT q.i::int AS i, x.*
  FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS q(hash, low, high, i)
  CROSS JOIN LATERAL (${EXACT_SELECT(column, "decode(q.hash, 'hex')", 'q.low', 'q.high')}
    LIMIT $4) x
  ORDER BY q.i, x.region_code, x.id`;
const BATCH_BY_ID = namedStatement('registry_lookup_id_number_batch', EXACT_BATCH('id_number_hash'));
const BATCH_BY_PHONE = namedStatement('registry_lookup_phone_batch', EXACT_BATCH('phone_hash'));
/** Searches per batch statement; more waiting than that go out as several statements at once. */
const LOOKUP_BATCH_MAX = 64;

interface PendingLookup {
  hash: Uint8Array; low: string; high: string; limit: number;
  resolve: (rows: HouseholdListRow[]) => void; reject: (e: unknown) => void;
}
const pendingLookups = new WeakMap<Db, { id: PendingLookup[]; phone: PendingLookup[] }>();

/**
 * Runs an exact lookup, sharing one statement with the other exact lookups of the same kind that arrive in the same
 * turn of the event loop (under load, a busy server reads many requests in one turn). A lone lookup runs its own
 * prepared statement as soon as the turn ends; each search keeps its own jurisdiction bounds inside the statement.
 */
function exactLookup(db: Db, kind: 'id' | 'phone', hash: Uint8Array, low: string, high: string, limit: number): Promise<HouseholdListRow[]> {
  let queues = pendingLookups.get(db);
  if (!queues) pendingLookups.set(db, (queues = { id: [], phone: [] }));
  const queue = queues[kind];
  return new Promise((resolve, reject) => {
    if (queue.push({ hash, low, high, limit, resolve, reject }) === 1) {
      setImmediate(() => {
        const batch = queue.splice(0);
        for (let i = 0; i < batch.length; i += LOOKUP_BATCH_MAX) void runLookups(db, kind, batch.slice(i, i + LOOKUP_BATCH_MAX));
      });
    }
  });
}

async function runLookups(db: Db, kind: 'id' | 'phone', batch: PendingLookup[]): Promise<void> {
  try {
    if (batch.length === 1) {
      const one = batch[0]!;
      const r = await db.executeQuery<HouseholdListRow>(
        CompiledQuery.raw(kind === 'id' ? EXACT_BY_ID : EXACT_BY_PHONE, [one.hash, one.low, one.high, one.limit, 0]));
      one.resolve(r.rows);
      return;
    }
    const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
    const r = await db.executeQuery<HouseholdListRow & { i: number }>(CompiledQuery.raw(kind === 'id' ? BATCH_BY_ID : BATCH_BY_PHONE, [
      batch.map((p) => hex(p.hash)), batch.map((p) => p.low), batch.map((p) => p.high), Math.max(...batch.map((p) => p.limit)),
    ]));
    const rows: HouseholdListRow[][] = batch.map(() => []);
    for (const { i, ...row } of r.rows) rows[i - 1]!.push(row);
    batch.forEach((p, i) => p.resolve(rows[i]!.slice(0, p.limit)));
  } catch (e) {
    for (const p of batch) p.reject(e);
  }
}

const onlySearch = (q: HouseholdQuery) =>
  !q.regionCode && !q.urbanRural && !q.category && !q.tag && !q.povertyReason && !q.incomeBand;

/** A page of households inside the viewer's jurisdiction (and the filter region), with the total. */
export async function listHouseholds(
  db: Db, viewer: { regionCode: string }, q: HouseholdQuery, term: SearchTerm | undefined, today: string,
): Promise<{ rows: HouseholdListRow[]; total: number }> {
  if (term && (term.kind === 'id' || term.kind === 'phone') && onlySearch(q) && q.page === 1) {
    const { low, high } = jurisdictionRange(viewer);
    const rows = await exactLookup(db, term.kind, term.hash, low, high, q.pageSize + 1);
    // One ID number is one current member; a phone can be shared by a few households — all of them fit a page.
    if (rows.length <= q.pageSize) return { rows, total: rows.length };
  }
  let base = db.selectFrom('households').where(inJurisdiction(viewer, 'households.region_code'));
  if (q.regionCode) {
    const { low, high } = jurisdictionRange({ regionCode: q.regionCode });
    base = base.where('households.region_code', '>=', low).where('households.region_code', '<=', high);
  }
  if (q.urbanRural) base = base.where('households.urban_rural', '=', q.urbanRural);
  if (q.category) base = base.where(sql<SqlBool>`${q.category} = ANY(households.category_kinds)`);
  if (q.tag) base = base.where(sql<SqlBool>`${q.tag} = ANY(households.member_tags)`);
  if (q.povertyReason) base = base.where(sql<SqlBool>`${q.povertyReason} = ANY(households.poverty_reasons)`);
  if (q.incomeBand) base = base.where(bandCondition(q.incomeBand, today));
  if (term) {
    base = base.where((eb) => eb.exists(
      eb.selectFrom('members').select(sql`1`.as('one'))
        .whereRef('members.household_id', '=', 'households.id').where('members.removed_at', 'is', null)
        .where((m) => memberMatches(m, term)),
    ));
  }
  const rows = await base.leftJoin('regions', 'regions.code', 'households.region_code')
    .select([
        'households.id', 'households.region_code', 'regions.name as region_name', 'households.head_name', 'households.head_id_masked',
        'households.urban_rural', 'households.member_count', 'households.income_per_head_fen', 'households.category_kinds',
        'households.poverty_reasons', 'households.member_tags', 'households.updated_at',
    ])
    .select((eb) => (term
        // The first matching member, the head first: a match on the head is shown as the row itself (NULL).
        ? eb.selectFrom('members').select(sql<string | null>`CASE WHEN members.relation = 'head' THEN NULL ELSE members.name END`.as('n'))
          .whereRef('members.household_id', '=', 'households.id').where('members.removed_at', 'is', null)
          .where((m) => memberMatches(m, term)).orderBy(sql`members.relation = 'head'`, 'desc').limit(1)
        : sql<string | null>`NULL`).as('matched_member'))
      .orderBy('households.region_code').orderBy('households.id')
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize)
      .execute();
  // A first page that is not full is the whole result: no count needed (most searches by ID, phone or name).
  if (q.page === 1 && rows.length < q.pageSize) return { rows: rows as HouseholdListRow[], total: rows.length };
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows: rows as HouseholdListRow[], total: Number(count.n) };
}

export function findHousehold(db: Db, viewer: { regionCode: string }, id: number) {
  return db.selectFrom('households').leftJoin('regions', 'regions.code', 'households.region_code')
    .selectAll('households').select('regions.name as region_name')
    .where('households.id', '=', id).where(inJurisdiction(viewer, 'households.region_code'))
    .executeTakeFirst();
}
export type HouseholdRow = NonNullable<Awaited<ReturnType<typeof findHousehold>>>;

export function householdMembers(db: Db, householdId: number) {
  return db.selectFrom('members').selectAll().where('household_id', '=', householdId).where('removed_at', 'is', null)
    .orderBy(sql`relation = 'head'`, 'desc').orderBy('birth_date').orderBy('id').execute();
}
export type MemberRow = Awaited<ReturnType<typeof householdMembers>>[number];

/** A current member inside the viewer's jurisdiction. */
export function findMember(db: Db, viewer: { regionCode: string }, id: number) {
  return db.selectFrom('members').selectAll().where('id', '=', id).where('removed_at', 'is', null)
    .where(inJurisdiction(viewer, 'members.region_code')).executeTakeFirst();
}

/** The current registration of an ID number anywhere (not scoped: the caller decides what to reveal of it). */
export function findCurrentByIdHash(db: Db, hash: Uint8Array) {
  return db.selectFrom('members').innerJoin('households', 'households.id', 'members.household_id')
    .leftJoin('regions', 'regions.code', 'members.region_code')
    .select(['members.id', 'members.name', 'members.household_id', 'members.region_code', 'members.relation', 'members.id_number_masked',
      'households.head_name', 'regions.name as region_name'])
    .where('members.id_number_hash', '=', hash).where('members.removed_at', 'is', null)
    .executeTakeFirst();
}

/** Policy parameters that can apply to a region (set on it or an ancestor). */
export async function parametersFor(db: Db, regionCode: string): Promise<(PolicyParameter & { regionName: string })[]> {
  const rows = await db.selectFrom('policy_parameters').leftJoin('regions', 'regions.code', 'policy_parameters.region_code')
    .selectAll('policy_parameters').select('regions.name as region_name')
    .where('policy_parameters.region_code', 'in', regionAncestry(regionCode)).execute();
  return rows.map((r) => ({ ...toPolicyParameter(r), regionName: r.region_name ?? r.region_code }));
}

export function householdHistory(db: Db, householdId: number) {
  return db.selectFrom('household_history').leftJoin('users', 'users.id', 'household_history.actor_id')
    .select(['household_history.id', 'household_history.at', 'household_history.source', 'household_history.summary',
      'household_history.changes', 'users.display_name as actor_name'])
    .where('household_history.household_id', '=', householdId)
    .orderBy('household_history.at', 'desc').orderBy('household_history.id', 'desc').limit(500).execute();
}

export async function insertHistory(
  db: Db,
  e: { householdId: number; regionCode: string; actorId: number | null; source: string; summary: string; changes?: unknown[] },
): Promise<void> {
  await db.insertInto('household_history').values({
    household_id: e.householdId, region_code: e.regionCode, actor_id: e.actorId, source: e.source, summary: e.summary,
    changes: JSON.stringify(e.changes ?? []),
  }).execute();
}

/** Bumps a household's version when it still has the version the user saw; false when someone else changed it. */
export async function bumpVersion(db: Db, householdId: number, expected: number | undefined): Promise<boolean> {
  let q = db.updateTable('households').set((eb) => ({ version: eb('version', '+', 1), updated_at: new Date() })).where('id', '=', householdId);
  if (expected !== undefined) q = q.where('version', '=', expected);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type { CategoryKind };
