import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { aboveOrWithin, inJurisdiction } from '../../../auth/jurisdiction.js';
import { copyRecords, copyRows } from '../../../db/copy.js';
import type { DatabaseKind } from '../../../db/connection.js';
import type { DB } from '../../../db/schema.js';
import { wideRows } from '../../../db/wide.js';
import type { HouseholdFormRow } from '../rows.js';

/**
 * The import module's SQL. Bulk writes go through `json_to_recordset`: one statement and one parameter per chunk of
 * rows (a multi-row INSERT/UPDATE … SELECT), the same on PGlite and PostgreSQL, inside a transaction, with no limit on
 * the number of bind parameters. Binary values travel as hex and are decoded in SQL.
 */

export type Db = Kysely<DB> | Transaction<DB>;

/** null = the whole country (the command line without --region). */
export interface ImportScope {
  regionCode: string | null;
}

/** The scope as a WHERE clause on a region-code column (the jurisdiction choke point for users). */
export function scopeWhere(scope: ImportScope, column: string): RawBuilder<boolean> {
  if (scope.regionCode === null) return sql<boolean>`true`;
  return sql<boolean>`${inJurisdiction({ regionCode: scope.regionCode }, column)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Batches

const batchColumns = [
  'b.id', 'b.region_code', 'b.file_name', 'b.file_sha256', 'b.format', 'b.status', 'b.mode', 'b.total_rows', 'b.valid_rows',
  'b.error_rows', 'b.warning_rows', 'b.errors', 'b.processed_rows', 'b.created_households', 'b.created_members',
  'b.updated_members', 'b.unchanged_rows', 'b.message', 'b.created_by', 'b.created_at', 'b.updated_at', 'b.committed_at',
] as const;

function batches(db: Db) {
  return db.selectFrom('import_batches as b').leftJoin('users as u', 'u.id', 'b.created_by').select(batchColumns).select('u.display_name as creator_name');
}
export type BatchRow = Awaited<ReturnType<ReturnType<typeof batches>['executeTakeFirstOrThrow']>>;

/** A batch inside the viewer's jurisdiction (its region = its importer's region). */
export function findBatch(db: Db, viewer: ImportScope, id: number): Promise<BatchRow | undefined> {
  return batches(db).where('b.id', '=', id).where(scopeWhere(viewer, 'b.region_code')).executeTakeFirst();
}

export async function listBatches(db: Db, viewer: ImportScope, page: number, pageSize: number): Promise<{ rows: BatchRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    batches(db).where(scopeWhere(viewer, 'b.region_code')).orderBy('b.created_at', 'desc').orderBy('b.id', 'desc')
      .limit(pageSize).offset((page - 1) * pageSize).execute(),
    db.selectFrom('import_batches').where(scopeWhere(viewer, 'region_code')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/**
 * Adds a committed chunk to its batch's progress and counters. Added rather than set, so that chunks committed by
 * concurrent transactions each count once, whatever order they commit in.
 */
export async function addBatchProgress(
  db: Db, id: number, rows: number, c: { createdHouseholds: number; createdMembers: number; updatedMembers: number; unchangedRows: number },
): Promise<void> {
  await db.updateTable('import_batches').set((eb) => ({
    processed_rows: eb('processed_rows', '+', rows),
    created_households: eb('created_households', '+', c.createdHouseholds),
    created_members: eb('created_members', '+', c.createdMembers),
    updated_members: eb('updated_members', '+', c.updatedMembers),
    unchanged_rows: eb('unchanged_rows', '+', c.unchangedRows),
    updated_at: new Date(),
  })).where('id', '=', id).execute();
}

/** The stored file (read as base64 text: large bytea values are slow to decode in PGlite's client). */
export async function batchFile(db: Db, id: number): Promise<Buffer | null> {
  const r = await sql<{ data: string | null }>`SELECT encode(file_data, 'base64') AS data FROM import_batches WHERE id = ${id}`.execute(db);
  const data = r.rows[0]?.data;
  return data ? Buffer.from(data, 'base64') : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Regions

export interface RegionName {
  code: string;
  name: string;
  level: number;
}

export function regionsByCode(db: Db, codes: readonly string[]): Promise<RegionName[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('regions').select(['code', 'name', 'level']).where('code', '=', sql<string>`ANY(${sql.val([...codes])}::varchar[])`).execute();
}

/** Every region inside the scope and the scope's ancestors (for the village-name index and its paths). */
export async function regionsInScope(db: Db, scope: ImportScope): Promise<RegionName[]> {
  let q = db.selectFrom('regions').select(['code', 'name', 'level']);
  if (scope.regionCode !== null) q = q.where(aboveOrWithin(scope.regionCode, 'code'));
  return q.execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Members and households

export interface ExistingMember {
  /** Index of the blind index in the lookup's input. */
  key: number;
  id: number;
  household_id: number;
  region_code: string;
  name: string;
  relation: string;
  gender: string;
  birth_date: string;
  health: string;
  disability_type: string | null;
  disability_grade: number | null;
  work_ability: string;
  self_care: string;
  school_or_employer: string;
  yearly_income_fen: number;
  pension_fen: number;
  pension_insurance: string;
  medical_insurance: string;
  /** Hex of the phone's blind index. */
  phone_hash: string | null;
  phone_masked: string | null;
  tags: string[];
  version: number;
  head_name: string;
  region_name: string | null;
}

/**
 * Current (not removed) members with these ID-number blind indexes, with their household's head and region name:
 * one index probe per key.
 */
export async function membersByIdHash(engine: DatabaseKind, db: Db, hashes: readonly Buffer[]): Promise<ExistingMember[]> {
  if (hashes.length === 0) return [];
  return wideRows(engine, db, sql<ExistingMember>`
    SELECT (k.i - 1)::int AS key, m.id, m.household_id, m.region_code, m.name, m.relation, m.gender, m.birth_date, m.health,
      m.disability_type, m.disability_grade, m.work_ability, m.self_care, m.school_or_employer, m.yearly_income_fen, m.pension_fen,
      m.pension_insurance, m.medical_insurance, encode(m.phone_hash, 'hex') AS phone_hash, m.phone_masked, m.tags, m.version,
      h.head_name, r.name AS region_name
    FROM unnest(${sql.val([...hashes])}::bytea[]) WITH ORDINALITY AS k(hash, i)
    JOIN members m ON m.id_number_hash = k.hash AND m.removed_at IS NULL
    JOIN households h ON h.id = m.household_id
    LEFT JOIN regions r ON r.code = m.region_code`);
}

export interface ExistingHousehold extends HouseholdFormRow {
  version: number;
  /** Current members: id and relation. */
  members: { id: number; relation: string; name: string }[];
}

/**
 * Households by id with their current members. The members are read in one pass for all the households (not a probe
 * per household): right after a big import, before the statistics catch up, a per-household probe could be planned as
 * a scan of the whole members table each time.
 */
export async function householdsById(engine: DatabaseKind, db: Db, ids: readonly number[]): Promise<ExistingHousehold[]> {
  if (ids.length === 0) return [];
  return wideRows(engine, db, sql<ExistingHousehold>`
    WITH ms AS (
      SELECT m.household_id, json_agg(json_build_object('id', m.id, 'relation', m.relation, 'name', m.name) ORDER BY m.id) AS members
      FROM members m WHERE m.household_id = ANY(${sql.val([...ids])}::bigint[]) AND m.removed_at IS NULL
      GROUP BY m.household_id
    )
    SELECT h.id, h.region_code, h.urban_rural, h.hukou_address, h.residence_address, h.poverty_reasons, h.categories, h.assistance,
      h.person_categories, h.cash_deposits_fen, h.housing, h.vehicles, h.other_assets, h.needs, h.surveyed_by, h.surveyed_on,
      h.member_count, h.income_per_head_fen, h.version, coalesce(ms.members, '[]') AS members
    FROM households h LEFT JOIN ms ON ms.household_id = h.id
    WHERE h.id = ANY(${sql.val([...ids])}::bigint[])`);
}

export interface Versioned {
  id: number;
  version: number;
}

/**
 * Whether these households and (current) members still have the versions a comparison read: one statement, a
 * primary-key probe per row.
 */
export async function stillAsCompared(db: Db, households: JsonRows<Versioned>, members: JsonRows<Versioned>): Promise<boolean> {
  if (households.count === 0 && members.count === 0) return true;
  const r = await sql<{ households: number; members: number }>`
    SELECT
      (SELECT count(*) FROM json_to_recordset(${households.json}::json) AS x(id bigint, version int)
        JOIN households h ON h.id = x.id AND h.version = x.version)::int AS households,
      (SELECT count(*) FROM json_to_recordset(${members.json}::json) AS x(id bigint, version int)
        JOIN members m ON m.id = x.id AND m.version = x.version AND m.removed_at IS NULL)::int AS members`.execute(db);
  return r.rows[0]!.households === households.count && r.rows[0]!.members === members.count;
}

/** Reserves `n` household ids (the identity's sequence), so members can be written in the same round as households. */
export async function allocateHouseholdIds(db: Db, n: number): Promise<number[]> {
  if (n === 0) return [];
  const r = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('households', 'id'))::bigint AS id FROM generate_series(1, ${n}::int)`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

const hex = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('hex') : null);

/**
 * Rows serialised for `json_to_recordset`. The commit builds them for the next chunk while the database writes the
 * current one, so the writers below take them ready-made.
 */
export interface JsonRows<T> {
  json: string;
  count: number;
  /** Only to keep row kinds apart in the types. */
  readonly kind?: T;
}

export const jsonRows = <T extends object>(rows: readonly T[]): JsonRows<T> => ({ json: JSON.stringify(rows), count: rows.length });

export interface HouseholdWrite {
  id: number;
  version?: number;
  region_code: string;
  urban_rural: string;
  hukou_address: string;
  residence_address: string;
  poverty_reasons: string[];
  categories: string;
  category_kinds: string[];
  assistance: string;
  person_categories: string[];
  cash_deposits_fen: number;
  housing: string;
  vehicles: string;
  other_assets: string;
  needs: string;
  surveyed_by: string;
  surveyed_on: string | null;
}

/** A new household's figures derived from its members (what `refreshHouseholds` would compute). */
export interface HouseholdDerived {
  member_count: number;
  yearly_income_fen: number;
  income_per_head_fen: number;
  head_name: string;
  head_id_masked: string;
  member_tags: string[];
}

const HOUSEHOLD_RECORD = sql`x(id bigint, version int, region_code text, urban_rural text, hukou_address text, residence_address text,
  poverty_reasons text[], categories text, category_kinds text[], assistance text, person_categories text[], cash_deposits_fen bigint,
  housing text, vehicles text, other_assets text, needs text, surveyed_by text, surveyed_on date)`;

/** Rows as COPY CSV records, built ahead like `JsonRows`. */
export interface CopyRows<T> {
  csv: string;
  count: number;
  readonly kind?: T;
}

const NEW_HOUSEHOLD_COLUMNS = [
  'id', 'region_code', 'urban_rural', 'hukou_address', 'residence_address', 'poverty_reasons', 'categories', 'category_kinds', 'assistance',
  'person_categories', 'cash_deposits_fen', 'housing', 'vehicles', 'other_assets', 'needs', 'surveyed_by', 'surveyed_on', 'member_count',
  'yearly_income_fen', 'income_per_head_fen', 'head_name', 'head_id_masked', 'member_tags', 'created_by', 'import_batch_id',
] as const;

/** New households with their reserved ids and derived figures, as COPY records (JSON columns as JSON text). */
export function newHouseholdRows(
  rows: readonly (HouseholdWrite & HouseholdDerived)[], meta: { createdBy: number | null; batchId: number },
): CopyRows<HouseholdWrite & HouseholdDerived> {
  const csv = copyRecords(rows, NEW_HOUSEHOLD_COLUMNS, (h, c) => (c === 'created_by' ? meta.createdBy : c === 'import_batch_id' ? meta.batchId : h[c]));
  return { csv, count: rows.length };
}

/** Writes new households (their members are written in the same transaction); COPY, like the raw database. */
export async function insertHouseholds(db: Db, rows: CopyRows<HouseholdWrite & HouseholdDerived>): Promise<void> {
  await copyRows(db, 'households', NEW_HOUSEHOLD_COLUMNS, rows.csv);
}

/** Updates households whose version is still the one read; returns the ids updated. */
export async function updateHouseholds(db: Db, rows: JsonRows<HouseholdWrite>): Promise<number[]> {
  if (rows.count === 0) return [];
  const r = await sql<{ id: number }>`
    UPDATE households h SET
      region_code = x.region_code, urban_rural = x.urban_rural, hukou_address = x.hukou_address,
      residence_address = x.residence_address, poverty_reasons = x.poverty_reasons, categories = x.categories::jsonb,
      category_kinds = x.category_kinds, assistance = x.assistance::jsonb, person_categories = x.person_categories,
      cash_deposits_fen = x.cash_deposits_fen, housing = x.housing::jsonb, vehicles = x.vehicles::jsonb,
      other_assets = x.other_assets, needs = x.needs, surveyed_by = x.surveyed_by, surveyed_on = x.surveyed_on,
      version = h.version + 1, updated_at = now()
    FROM json_to_recordset(${rows.json}::json) AS ${HOUSEHOLD_RECORD}
    WHERE h.id = x.id AND h.version = x.version
    RETURNING h.id`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

/** Households that only gain members: their version moves on (concurrent edits are detected the same way). */
export async function touchHouseholds(db: Db, rows: JsonRows<Versioned>): Promise<number[]> {
  if (rows.count === 0) return [];
  const r = await sql<{ id: number }>`
    UPDATE households h SET version = h.version + 1, updated_at = now()
    FROM json_to_recordset(${rows.json}::json) AS x(id bigint, version int)
    WHERE h.id = x.id AND h.version = x.version
    RETURNING h.id`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

export interface MemberWrite {
  id?: number;
  version?: number;
  household_id: number;
  region_code: string;
  name: string;
  name_pinyin: string;
  name_initials: string;
  relation: string;
  id_number_enc?: Uint8Array;
  id_number_hash?: Uint8Array;
  id_number_masked?: string;
  gender: string;
  birth_date: string;
  health: string;
  disability_type: string | null;
  disability_grade: number | null;
  work_ability: string;
  self_care: string;
  school_or_employer: string;
  yearly_income_fen: number;
  pension_fen: number;
  pension_insurance: string;
  medical_insurance: string;
  /** Updates: whether the phone columns are written. */
  phone_set?: boolean;
  phone_enc: Uint8Array | null;
  phone_hash: Uint8Array | null;
  phone_masked: string | null;
  tags: string[];
}

/** Members with their binary columns as hex (decoded in SQL). */
export function memberRows(rows: readonly MemberWrite[]): JsonRows<MemberWrite> {
  return { json: JSON.stringify(rows.map((m) => ({
    ...m,
    id_number_enc: hex(m.id_number_enc), id_number_hash: hex(m.id_number_hash), phone_enc: hex(m.phone_enc), phone_hash: hex(m.phone_hash),
  }))), count: rows.length };
}

const MEMBER_RECORD = sql`x(id bigint, version int, household_id bigint, region_code text, name text, name_pinyin text, name_initials text,
  relation text, id_number_enc text, id_number_hash text, id_number_masked text, gender text, birth_date date, health text,
  disability_type text, disability_grade smallint, work_ability text, self_care text, school_or_employer text, yearly_income_fen bigint,
  pension_fen bigint, pension_insurance text, medical_insurance text, phone_set boolean, phone_enc text, phone_hash text, phone_masked text,
  tags text[])`;

const NEW_MEMBER_COLUMNS = [
  'household_id', 'region_code', 'name', 'name_pinyin', 'name_initials', 'relation', 'id_number_enc', 'id_number_hash', 'id_number_masked',
  'gender', 'birth_date', 'health', 'disability_type', 'disability_grade', 'work_ability', 'self_care', 'school_or_employer',
  'yearly_income_fen', 'pension_fen', 'pension_insurance', 'medical_insurance', 'phone_enc', 'phone_hash', 'phone_masked', 'tags',
] as const;

/** New members as COPY records. */
export function newMemberRows(rows: readonly MemberWrite[]): CopyRows<MemberWrite> {
  return { csv: copyRecords(rows, NEW_MEMBER_COLUMNS), count: rows.length };
}

export async function insertMembers(db: Db, rows: CopyRows<MemberWrite>): Promise<void> {
  await copyRows(db, 'members', NEW_MEMBER_COLUMNS, rows.csv);
}

/** Updates members whose version is still the one read (and who are still current); returns the ids updated. */
export async function updateMembers(db: Db, rows: JsonRows<MemberWrite>): Promise<number[]> {
  if (rows.count === 0) return [];
  const r = await sql<{ id: number }>`
    UPDATE members m SET
      region_code = x.region_code, name = x.name, name_pinyin = x.name_pinyin, name_initials = x.name_initials,
      relation = x.relation, health = x.health, disability_type = x.disability_type, disability_grade = x.disability_grade,
      work_ability = x.work_ability, self_care = x.self_care, school_or_employer = x.school_or_employer,
      yearly_income_fen = x.yearly_income_fen, pension_fen = x.pension_fen, pension_insurance = x.pension_insurance,
      medical_insurance = x.medical_insurance,
      phone_enc = CASE WHEN x.phone_set THEN decode(x.phone_enc, 'hex') ELSE m.phone_enc END,
      phone_hash = CASE WHEN x.phone_set THEN decode(x.phone_hash, 'hex') ELSE m.phone_hash END,
      phone_masked = CASE WHEN x.phone_set THEN x.phone_masked ELSE m.phone_masked END,
      tags = x.tags, version = m.version + 1, updated_at = now()
    FROM json_to_recordset(${rows.json}::json) AS ${MEMBER_RECORD}
    WHERE m.id = x.id AND m.version = x.version AND m.removed_at IS NULL
    RETURNING m.id`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

/** Members follow their household's region (a household moved to another village by an import). */
export async function syncMemberRegions(db: Db, householdIds: readonly number[]): Promise<void> {
  if (householdIds.length === 0) return;
  await sql`
    UPDATE members m SET region_code = h.region_code
    FROM households h
    WHERE m.household_id = h.id AND h.id = ANY(${sql.val([...householdIds])}::bigint[]) AND m.region_code <> h.region_code`.execute(db);
}

export interface HistoryWrite {
  household_id: number;
  region_code: string;
  summary: string;
  changes: string;
}

export async function insertHistory(db: Db, rows: JsonRows<HistoryWrite>, actorId: number | null): Promise<void> {
  if (rows.count === 0) return;
  await sql`
    INSERT INTO household_history (household_id, region_code, actor_id, source, summary, changes)
    SELECT household_id, region_code, ${actorId}::int, 'import', summary, changes::jsonb
    FROM json_to_recordset(${rows.json}::json) AS x(household_id bigint, region_code text, summary text, changes text)`.execute(db);
}
