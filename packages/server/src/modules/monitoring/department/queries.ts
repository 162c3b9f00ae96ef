import type { DepartmentBatchStatus, DepartmentSource } from '@doudi/domain';
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import { inJurisdiction } from '../../../auth/jurisdiction.js';
import type { DB, DepartmentBatchesTable } from '../../../db/schema.js';

/**
 * The SQL of other departments' data: batches (scoped by the importer's region), the lookup of registry members by
 * ID-number blind index inside a jurisdiction, and the facts. Lists of keys travel as one array parameter per chunk
 * (`= ANY($1)`), binary values as hex decoded in SQL, the same on PGlite and PostgreSQL.
 */

export type Db = Kysely<DB> | Transaction<DB>;
type Scope = { regionCode: string };

const hexArray = (values: readonly Uint8Array[]) =>
  sql`ARRAY(SELECT decode(h, 'hex') FROM unnest(${sql.val(values.map((v) => Buffer.from(v).toString('hex')))}::text[]) AS h)`;

// ---------------------------------------------------------------------------------------------------------------
// Batches

const batchColumns = [
  'b.id', 'b.source', 'b.region_code', 'b.file_name', 'b.file_sha256', 'b.status', 'b.total_rows', 'b.valid_rows',
  'b.matched_rows', 'b.unmatched_rows', 'b.error_rows', 'b.duplicate_rows', 'b.known_rows', 'b.stored_facts',
  'b.affected_households', 'b.affected_counties', 'b.message', 'b.created_by', 'b.created_at', 'b.committed_at',
] as const;

function batches(db: Db) {
  return db.selectFrom('department_batches as b').leftJoin('users as u', 'u.id', 'b.created_by')
    .select(batchColumns).select('u.display_name as creator_name');
}
export type BatchRow = Awaited<ReturnType<ReturnType<typeof batches>['executeTakeFirstOrThrow']>>;
export type BatchDetail = BatchRow & { issues: unknown; unmatched: unknown };

/** A batch inside the viewer's jurisdiction (its region is its importer's region), with its issues and unmatched rows. */
export function findBatch(db: Db, viewer: Scope, id: number): Promise<BatchDetail | undefined> {
  return batches(db).select(['b.issues', 'b.unmatched'])
    .where('b.id', '=', id).where(inJurisdiction(viewer, 'b.region_code')).executeTakeFirst();
}

export async function listBatches(
  db: Db, viewer: Scope, q: { source?: DepartmentSource; status?: DepartmentBatchStatus; page: number; pageSize: number },
): Promise<{ rows: BatchRow[]; total: number }> {
  let base = db.selectFrom('department_batches as b').where(inJurisdiction(viewer, 'b.region_code'));
  if (q.source) base = base.where('b.source', '=', q.source);
  if (q.status) base = base.where('b.status', '=', q.status);
  const ids = base.select('b.id');
  const [rows, count] = await Promise.all([
    batches(db).where('b.id', 'in', ids).orderBy('b.created_at', 'desc').orderBy('b.id', 'desc')
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function insertBatch(db: Db, values: Omit<Insertable<DepartmentBatchesTable>, 'file_data'>, data: Buffer): Promise<number> {
  const { id } = await db.insertInto('department_batches').values({
    ...values,
    // As base64 text decoded in SQL: a large bytea parameter is slow to pass to PGlite.
    file_data: sql<Uint8Array>`decode(${data.toString('base64')}, 'base64')`,
  }).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** The stored file (read as base64 text: large bytea values are slow to decode in PGlite's client). */
export async function batchFile(db: Db, id: number): Promise<Buffer | null> {
  const r = await sql<{ data: string | null }>`SELECT encode(file_data, 'base64') AS data FROM department_batches WHERE id = ${id}`.execute(db);
  const data = r.rows[0]?.data;
  return data ? Buffer.from(data, 'base64') : null;
}

/** Moves a batch from one status to another; false when it was not in `from` (someone else moved it first). */
export async function moveBatch(
  db: Db, id: number, from: DepartmentBatchStatus, set: { status: DepartmentBatchStatus } & Partial<Insertable<DepartmentBatchesTable>>,
): Promise<boolean> {
  const r = await db.updateTable('department_batches').set(set).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Matching

export interface MatchedMember {
  hash: string;
  member_id: number;
  household_id: number;
  region_code: string;
  name: string;
}

/**
 * Current members with these ID-number blind indexes inside the jurisdiction (one index probe per key). A person
 * registered elsewhere is simply absent, exactly like a person not registered at all.
 */
export async function membersByIdHash(db: Db, scope: Scope, hashes: readonly Uint8Array[]): Promise<MatchedMember[]> {
  if (hashes.length === 0) return [];
  const r = await sql<MatchedMember>`
    SELECT encode(m.id_number_hash, 'hex') AS hash, m.id AS member_id, m.household_id, m.region_code, m.name
    FROM members m
    WHERE m.id_number_hash = ANY(${hexArray(hashes)}) AND m.removed_at IS NULL AND ${inJurisdiction(scope, 'm.region_code')}`.execute(db);
  return r.rows.map((m) => ({ ...m, member_id: Number(m.member_id), household_id: Number(m.household_id) }));
}

/** Which of these fingerprints of a source are stored already (hex). */
export async function storedFingerprints(db: Db, source: DepartmentSource, fingerprints: readonly Uint8Array[]): Promise<Set<string>> {
  if (fingerprints.length === 0) return new Set();
  const r = await sql<{ fp: string }>`
    SELECT encode(fingerprint, 'hex') AS fp FROM department_facts
    WHERE source = ${source} AND fingerprint = ANY(${hexArray(fingerprints)})`.execute(db);
  return new Set(r.rows.map((x) => x.fp));
}

// ---------------------------------------------------------------------------------------------------------------
// Facts

export interface NewFact {
  member_id: number;
  household_id: number;
  region_code: string;
  fact_date: string;
  amount_fen: number | null;
  detail: unknown;
  /** Hex. */
  fingerprint: string;
}

/**
 * Stores facts; a fingerprint already stored (an earlier import, or a concurrent one) is skipped. Answers the
 * households and regions of the facts actually written. One statement per chunk through `json_to_recordset`.
 */
export async function insertFacts(
  db: Db, batchId: number, source: DepartmentSource, facts: readonly NewFact[],
): Promise<{ household_id: number; region_code: string }[]> {
  if (facts.length === 0) return [];
  const r = await sql<{ household_id: number; region_code: string }>`
    INSERT INTO department_facts (batch_id, source, member_id, household_id, region_code, fact_date, amount_fen, detail, fingerprint)
    SELECT ${batchId}, ${source}, f.member_id, f.household_id, f.region_code, f.fact_date, f.amount_fen, f.detail, decode(f.fingerprint, 'hex')
    FROM json_to_recordset(${JSON.stringify(facts)}::json)
      AS f(member_id bigint, household_id bigint, region_code varchar(12), fact_date date, amount_fen bigint, detail jsonb, fingerprint text)
    ON CONFLICT ON CONSTRAINT department_facts_fingerprint_key DO NOTHING
    RETURNING household_id, region_code`.execute(db);
  return r.rows.map((x) => ({ household_id: Number(x.household_id), region_code: x.region_code }));
}

/** Marks households as changed for the monitoring sweep. */
export async function markFactsChanged(db: Db, householdIds: readonly number[]): Promise<void> {
  if (householdIds.length === 0) return;
  await sql`UPDATE households SET facts_changed_at = now() WHERE id = ANY(${sql.val([...householdIds])}::bigint[])`.execute(db);
}

/** A household inside the viewer's jurisdiction (404 otherwise, by the caller). */
export function findHousehold(db: Db, viewer: Scope, id: number) {
  return db.selectFrom('households').select(['id', 'region_code']).where('id', '=', id)
    .where(inJurisdiction(viewer, 'households.region_code')).executeTakeFirst();
}

/** A household's facts, newest first, with the member's current name. */
export function householdFacts(db: Db, householdId: number) {
  return db.selectFrom('department_facts as f').innerJoin('members as m', 'm.id', 'f.member_id')
    .select(['f.id', 'f.source', 'f.member_id', 'm.name as member_name', 'f.fact_date', 'f.amount_fen', 'f.detail', 'f.batch_id', 'f.created_at'])
    .where('f.household_id', '=', householdId)
    .orderBy('f.fact_date', 'desc').orderBy('f.id', 'desc')
    .execute();
}
