import {
  COVERAGE_GAP_RULES, regionAncestorAt, regionAncestry, type LeadListQuery, type PolicyKey, type PolicyParameter,
  type RuleSetting, type RuleKind, type WarningQuery,
} from '@doudi/domain';
import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { aboveOrWithin, inJurisdiction, inRegion } from '../../auth/jurisdiction.js';
import type { DB } from '../../db/schema.js';
import { toPolicyParameter } from '../policy/queries.js';

/** Every read and write of the monitoring tables goes through this file. */
export type Db = Kysely<DB> | Transaction<DB>;

const json = (v: unknown) => JSON.stringify(v);
/** A China calendar day [from 00:00, next day 00:00) as instants. */
const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`);
const dayAfter = (date: string) => new Date(dayStart(date).getTime() + 86_400_000);
/** Statuses with an open step (contact or handle): a lead in them can be overdue. */
export const OPEN_STEP_STATUSES = ['pending', 'assigned', 'contacted'] as const;

// ---------------------------------------------------------------------------------------------------------------
// Policy parameters and rule settings

export async function parametersAround(db: Db, countyCode: string): Promise<PolicyParameter[]> {
  const rows = await db.selectFrom('policy_parameters').select(['region_code', 'key', 'value', 'valid_from', 'valid_to', 'source', 'demo'])
    .where(aboveOrWithin(countyCode, 'region_code')).execute();
  return rows.map(toPolicyParameter);
}

/** Parameters of a region and its ancestors (a lead's deadline). */
export async function parametersFor(db: Db, regionCode: string, keys: readonly PolicyKey[]): Promise<PolicyParameter[]> {
  const rows = await db.selectFrom('policy_parameters').select(['region_code', 'key', 'value', 'valid_from', 'valid_to', 'source', 'demo'])
    .where('region_code', 'in', regionAncestry(regionCode)).where('key', 'in', [...keys]).execute();
  return rows.map(toPolicyParameter);
}

export async function ruleSettingsAround(db: Db, countyCode: string): Promise<RuleSetting[]> {
  const rows = await db.selectFrom('monitoring_rule_settings').select(['region_code', 'rule', 'enabled'])
    .where(aboveOrWithin(countyCode, 'region_code')).execute();
  return rows.map((r) => ({ regionCode: r.region_code, rule: r.rule as RuleKind, enabled: r.enabled }));
}

/** The switches that can apply to a region: its own and its ancestors'. */
export async function ruleSettingsFor(db: Db, regionCode: string): Promise<RuleSetting[]> {
  const rows = await db.selectFrom('monitoring_rule_settings').select(['region_code', 'rule', 'enabled'])
    .where('region_code', 'in', regionAncestry(regionCode)).execute();
  return rows.map((r) => ({ regionCode: r.region_code, rule: r.rule as RuleKind, enabled: r.enabled }));
}

export async function upsertRuleSetting(db: Db, s: RuleSetting, actorId: number): Promise<{ before: boolean | null }> {
  const before = await db.selectFrom('monitoring_rule_settings').select('enabled')
    .where('region_code', '=', s.regionCode).where('rule', '=', s.rule).executeTakeFirst();
  await db.insertInto('monitoring_rule_settings')
    .values({ region_code: s.regionCode, rule: s.rule, enabled: s.enabled, updated_by: actorId })
    .onConflict((oc) => oc.columns(['region_code', 'rule']).doUpdateSet({ enabled: s.enabled, updated_by: actorId, updated_at: new Date() }))
    .execute();
  return { before: before?.enabled ?? null };
}

export async function regionNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await db.selectFrom('regions').select(['code', 'name']).where('code', 'in', [...new Set(codes)]).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

// ---------------------------------------------------------------------------------------------------------------
// Sweeps

export type SweepRow = NonNullable<Awaited<ReturnType<typeof getSweep>>>;

function sweeps(db: Db) {
  return db.selectFrom('monitoring_sweeps as s')
    .leftJoin('regions as r', 'r.code', 's.region_code')
    .leftJoin('users as u', 'u.id', 's.started_by')
    .selectAll('s')
    .select(['r.name as region_name', 'u.display_name as started_by_name']);
}

export function getSweep(db: Db, id: number) {
  return sweeps(db).where('s.id', '=', id).executeTakeFirst();
}

/** Recent sweeps of the counties inside a region (newest first). */
export function listSweeps(db: Db, regionCode: string, limit: number) {
  return sweeps(db).where(inRegion(regionCode, 's.region_code')).orderBy('s.started_at', 'desc').orderBy('s.id', 'desc').limit(limit).execute();
}

/** The counties' queued or running sweeps (at most one each). */
export function activeSweeps(db: Db, countyCodes: readonly string[]) {
  if (!countyCodes.length) return Promise.resolve([]);
  return sweeps(db).where('s.region_code', 'in', [...countyCodes]).where('s.status', 'in', ['queued', 'running']).execute();
}

/** The planner's count of warnings (`pg_class.reltuples`; 0 for a table never analyzed). */
export async function plannedWarningRows(db: Db): Promise<number> {
  const r = await sql<{ n: number }>`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'warnings'::regclass`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** New statistics for the tables a sweep fills. */
export async function analyzeSweepTables(db: Db): Promise<void> {
  await sql`ANALYZE warnings, leads, lead_events`.execute(db);
}

/** Each county's last completed sweep: when it started and the date it evaluated. */
export async function lastDoneSweeps(db: Db, countyCodes: readonly string[]): Promise<Map<string, { started_at: Date; as_of: string }>> {
  if (!countyCodes.length) return new Map();
  const r = await sql<{ region_code: string; started_at: Date; as_of: string }>`
    SELECT DISTINCT ON (region_code) region_code, started_at, as_of FROM monitoring_sweeps
    WHERE region_code = ANY(${sql.val([...countyCodes])}::text[]) AND status = 'done'
    ORDER BY region_code, started_at DESC`.execute(db);
  return new Map(r.rows.map((x) => [x.region_code, { started_at: x.started_at, as_of: x.as_of }]));
}

/** New queued sweeps, one per county, in the order given; returns their ids in that order. */
export async function insertSweeps(
  db: Db, counties: readonly string[], s: { trigger: string; mode: string; asOf: string; startedBy: number | null },
): Promise<number[]> {
  if (!counties.length) return [];
  const rows = await db.insertInto('monitoring_sweeps')
    .values(counties.map((c) => ({ region_code: c, trigger: s.trigger, mode: s.mode, as_of: s.asOf, started_by: s.startedBy, status: 'queued' })))
    .returning(['id', 'region_code']).execute();
  const ids = new Map(rows.map((r) => [r.region_code, r.id]));
  return counties.map((c) => ids.get(c)!);
}

export async function touchSweeps(db: Db, ids: readonly number[], set: { status?: string } = {}): Promise<void> {
  if (!ids.length) return;
  await db.updateTable('monitoring_sweeps').set({ ...set, updated_at: new Date() }).where('id', 'in', [...ids]).execute();
}

/** Sweeps set running with their mode and, unless resumed (total null), the number of households to evaluate. */
export async function startSweepRows(db: Db, rows: readonly { id: number; mode: string; householdsTotal: number | null }[]): Promise<void> {
  if (!rows.length) return;
  await sql`UPDATE monitoring_sweeps s SET status = 'running', mode = x.mode, updated_at = now(),
      households_total = coalesce(x.total, s.households_total)
    FROM jsonb_to_recordset(${json(rows.map((r) => ({ id: r.id, mode: r.mode, total: r.householdsTotal })))}::jsonb) AS x(id bigint, mode text, total int)
    WHERE s.id = x.id`.execute(db);
}

export interface PageProgress {
  /** The sweep row (one per county in the page). */
  id: number; done: number; lastHouseholdId: number; raised: number; closed: number; leadsCreated: number;
  skipped: Record<string, { count: number; reason: string }>;
  /** The county's last household was in this page: the sweep is done. */
  finished: boolean;
}

/**
 * The end of a sweep page in one statement: the households marked evaluated (with the snapshot they were read in, so
 * that a write the read did not see leaves them to be evaluated again) and their next recheck date, the open warnings
 * of households that moved to another village moved with them (`moved`: the page's warnings whose village differs from
 * their household's as read — by id, rather than looking up every household's warnings again), the sweeps queued
 * behind kept fresh, and the progress of each county's sweep recorded (done when its last household was in the page).
 */
export async function finishPage(
  db: Db, households: readonly { id: number; recheckOn: string | null }[], snapshotXmin: string | null,
  moved: readonly { id: number; regionCode: string }[], progress: readonly PageProgress[], waiting: readonly number[],
): Promise<void> {
  await sql`
    WITH marked AS (
      UPDATE household_monitoring m SET monitored_at = now(), monitored_xmin = ${snapshotXmin}::xid8, recheck_on = x.recheck_on
      FROM unnest(${sql.val(households.map((h) => h.id))}::bigint[], ${sql.val(households.map((h) => h.recheckOn))}::date[]) AS x(id, recheck_on)
      WHERE m.household_id = x.id
    ), moved AS (
      UPDATE warnings w SET region_code = x.region_code
      FROM unnest(${sql.val(moved.map((w) => w.id))}::bigint[], ${sql.val(moved.map((w) => w.regionCode))}::text[]) AS x(id, region_code)
      WHERE w.id = x.id AND w.status = 'open'
    ), touched AS (
      UPDATE monitoring_sweeps SET updated_at = now() WHERE id = ANY(${sql.val([...waiting])}::bigint[])
    )
    UPDATE monitoring_sweeps s SET households_done = s.households_done + p.done, last_household_id = p.last_household_id,
      raised = s.raised + p.raised, closed = s.closed + p.closed, leads_created = s.leads_created + p.leads_created,
      skipped = p.skipped, updated_at = now(),
      status = CASE WHEN p.finished THEN 'done' ELSE s.status END, finished_at = CASE WHEN p.finished THEN now() ELSE s.finished_at END
    FROM jsonb_to_recordset(${json(progress.map((p) => ({
      id: p.id, done: p.done, last_household_id: p.lastHouseholdId, raised: p.raised, closed: p.closed, leads_created: p.leadsCreated,
      skipped: p.skipped, finished: p.finished,
    })))}::jsonb) AS p(id bigint, done int, last_household_id bigint, raised int, closed int, leads_created int, skipped jsonb, finished boolean)
    WHERE s.id = p.id`.execute(db);
}

/** The sweep rows, in the order of `ids`. */
export async function getSweeps(db: Db, ids: readonly number[]): Promise<SweepRow[]> {
  if (!ids.length) return [];
  const rows = await sweeps(db).where('s.id', 'in', [...ids]).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}

/** Sweeps ended: those still queued or running (a county finished in its last page is left as it is). */
export async function finishSweeps(db: Db, ids: readonly number[], status: 'done' | 'failed', error: string | null = null): Promise<void> {
  if (!ids.length) return;
  await db.updateTable('monitoring_sweeps').set({ status, error, finished_at: new Date(), updated_at: new Date() })
    .where('id', 'in', [...ids]).where('status', 'in', ['queued', 'running']).execute();
}

/** A change to a parameter or rule switch that can alter the rules' outcome in every household of a region. */
export interface SettingChange { regionCode: string; changedAt: Date; validFrom: string | null; validTo: string | null }

/**
 * The parameters (of the given keys) and rule switches around a region (its ancestors and everything below it) that may
 * have changed the rules' outcome since `since` or between the dates `fromDate` and `asOf`: added or edited after
 * `since`, or coming into or going out of force in between. The sweep narrows them down per county (see
 * `countyChanged` in sweep.ts).
 */
export async function settingChangesAround(
  db: Db, regionCode: string, keys: readonly string[], since: Date, fromDate: string, asOf: string,
): Promise<SettingChange[]> {
  const r = await sql<{ region_code: string; changed_at: Date; valid_from: string | null; valid_to: string | null }>`
    SELECT p.region_code, greatest(p.created_at, p.updated_at) AS changed_at, p.valid_from::text AS valid_from, p.valid_to::text AS valid_to
    FROM policy_parameters p
    WHERE ${aboveOrWithin(regionCode, 'p.region_code')} AND p.key IN (${sql.join(keys)})
      AND (p.created_at > ${since} OR p.updated_at > ${since}
           OR (p.valid_from > ${fromDate}::date AND p.valid_from <= ${asOf}::date)
           OR (p.valid_to >= ${fromDate}::date AND p.valid_to < ${asOf}::date))
    UNION ALL
    SELECT s.region_code, s.updated_at, NULL, NULL FROM monitoring_rule_settings s
    WHERE ${aboveOrWithin(regionCode, 's.region_code')} AND s.updated_at > ${since}`.execute(db);
  return r.rows.map((x) => ({ regionCode: x.region_code, changedAt: x.changed_at, validFrom: x.valid_from, validTo: x.valid_to }));
}

/**
 * The households a sweep of the given counties evaluates on `asOf`, by county and ascending id. Full: all of them.
 * Incremental: those never evaluated, written since they were last evaluated (the household row or a member, which
 * includes new department facts — see the triggers of migration 0012), or whose recheck date has come (a member
 * reaching a rule age, a spending fact entering or leaving the 12-month window, a category period starting or
 * ending). Both read the narrow `household_monitoring` alone. Listed once per sweep: the pages then read their
 * households by id.
 */
export async function sweepHouseholdIds(
  db: Db, regionCode: string, counties: readonly string[], mode: 'full' | 'incremental', asOf: string,
): Promise<{ id: number; county: string }[]> {
  const r = await sql<{ id: number; region_code: string }>`
    SELECT m.household_id AS id, m.region_code FROM household_monitoring m
    WHERE ${inRegion(regionCode, 'm.region_code')}
      ${mode === 'incremental' ? sql`AND (m.monitored_at IS NULL OR m.changed_xact >= m.monitored_xmin OR m.recheck_on <= ${asOf}::date)` : sql``}`.execute(db);
  // Counties of the region outside the sweep (being swept by another request) are dropped here rather than in SQL,
  // where a list of a province's counties would be compared with every household.
  const wanted = new Set(counties);
  return r.rows.map((x) => ({ id: Number(x.id), county: regionAncestorAt(x.region_code, 3) }))
    .filter((x) => wanted.has(x.county))
    .sort((a, b) => (a.county < b.county ? -1 : a.county > b.county ? 1 : a.id - b.id));
}

export interface SweepMemberRow {
  id: number; name: string; relation: string; birthDate: string; health: string; disabilityType: string | null;
  disabilityGrade: number | null; selfCare: string; workAbility: string; tags: string[]; yearlyIncomeFen: number; pensionFen: number;
}
export interface SweepFactRow { memberId: number; source: string; date: string; amountFen: number | null }
export interface SweepHouseholdRow {
  id: number; region_code: string; urban_rural: string; categories: unknown; members: SweepMemberRow[]; facts: SweepFactRow[];
  /** The household's open warnings, compared with the new evaluation. */
  open_warnings: Omit<OpenWarningRow, 'household_id'>[];
  /** The household's lead that is not closed, if any: new warnings are linked to it instead of opening another. */
  open_lead: { id: number; status: string; region_code: string } | null;
}

/** A page of households, and the oldest transaction still running when it was read (see migration 0013). */
export interface SweepPage { households: SweepHouseholdRow[]; snapshotXmin: string | null }

/**
 * One page of households of a region (a county, or the counties of an incremental sweep), each with its current
 * members and the department facts the rules read (deaths; medical and education amounts from a year back on,
 * filtered exactly in the domain, later ones included for the recheck date), in one statement. Facts follow the
 * person: those of a current member count for the household they live in now. A household that has left the region
 * since its id was listed is not read.
 */
export async function readSweepPage(db: Db, regionCode: string, ids: readonly number[], asOf: string): Promise<SweepPage> {
  const r = await sql<SweepHouseholdRow & { snapshot_xmin: string }>`
    SELECT h.id, h.region_code, h.urban_rural, h.categories, pg_snapshot_xmin(pg_current_snapshot())::text AS snapshot_xmin,
      coalesce(mm.members, '[]'::json) AS members, coalesce(ff.facts, '[]'::json) AS facts,
      coalesce(ww.warnings, '[]'::json) AS open_warnings, ll.lead AS open_lead
    FROM households h
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object(
        'id', m.id, 'name', m.name, 'relation', m.relation, 'birthDate', m.birth_date, 'health', m.health,
        'disabilityType', m.disability_type, 'disabilityGrade', m.disability_grade, 'selfCare', m.self_care,
        'workAbility', m.work_ability, 'tags', m.tags, 'yearlyIncomeFen', m.yearly_income_fen, 'pensionFen', m.pension_fen
      ) ORDER BY m.id) AS members
      FROM members m WHERE m.household_id = h.id AND m.removed_at IS NULL
    ) mm ON true
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('memberId', f.member_id, 'source', f.source, 'date', f.fact_date, 'amountFen', f.amount_fen)) AS facts
      FROM members fm JOIN department_facts f ON f.member_id = fm.id
      WHERE fm.household_id = h.id AND fm.removed_at IS NULL
        AND (f.source = 'death' OR (f.source IN ('medical', 'education') AND f.fact_date >= ${asOf}::date - 367))
    ) ff ON true
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('id', w.id, 'key', w.key, 'rule', w.rule, 'digest', w.digest, 'region_code', w.region_code)) AS warnings
      FROM warnings w WHERE w.household_id = h.id AND w.status = 'open'
    ) ww ON true
    LEFT JOIN LATERAL (
      SELECT json_build_object('id', l.id, 'status', l.status, 'region_code', l.region_code) AS lead
      FROM leads l WHERE l.household_id = h.id AND l.status <> 'closed' ORDER BY l.id LIMIT 1
    ) ll ON true
    WHERE ${inRegion(regionCode, 'h.region_code')}
      AND h.id = ANY(${sql.val([...ids])}::bigint[])
    ORDER BY h.id`.execute(db);
  return { households: r.rows, snapshotXmin: r.rows[0]?.snapshot_xmin ?? null };
}

export interface OpenWarningRow { id: number; key: string; rule: string; household_id: number; digest: string | null; region_code: string }


export interface NewWarning {
  household_id: number; member_id: number | null; region_code: string; rule: string; key: string; reasons: unknown; trail: unknown;
  digest: string;
  /** The sweep that raised it (null when raised outside a sweep). */
  sweep_id: number | null;
}

/** Ids for new warnings and leads, taken from their sequences in one round trip so that both can refer to each other. */
export async function allocateWarningIds(db: Db, warnings: number, leads: number): Promise<{ warnings: number[]; leads: number[] }> {
  if (!warnings && !leads) return { warnings: [], leads: [] };
  const r = await sql<{ w: (string | number)[]; l: (string | number)[] }>`
    WITH seq AS (SELECT pg_get_serial_sequence('warnings', 'id')::regclass AS w, pg_get_serial_sequence('leads', 'id')::regclass AS l)
    SELECT ARRAY(SELECT nextval(seq.w) FROM generate_series(1, ${warnings}::int)) AS w,
           ARRAY(SELECT nextval(seq.l) FROM generate_series(1, ${leads}::int)) AS l
    FROM seq`.execute(db);
  const row = r.rows[0]!;
  return { warnings: row.w.map(Number), leads: row.l.map(Number) };
}

export async function updateWarnings(db: Db, rows: readonly { id: number; reasons: unknown; trail: unknown; digest: string }[]): Promise<void> {
  if (!rows.length) return;
  await sql`UPDATE warnings w SET reasons = x.reasons, trail = x.trail, digest = x.digest, updated_at = now()
    FROM jsonb_to_recordset(${json(rows)}::jsonb) AS x(id bigint, reasons jsonb, trail jsonb, digest text)
    WHERE w.id = x.id`.execute(db);
}

export async function closeWarnings(db: Db, rows: readonly { id: number; reason: string }[]): Promise<void> {
  if (!rows.length) return;
  await sql`UPDATE warnings w SET status = 'closed', closed_at = now(), close_reason = x.reason
    FROM jsonb_to_recordset(${json(rows)}::jsonb) AS x(id bigint, reason text)
    WHERE w.id = x.id AND w.status = 'open'`.execute(db);
}




export interface WarningLead {
  /** Allocated beforehand (allocateWarningIds), like the id of its first warning. */
  id: number;
  region_code: string; township_code: string; household_id: number; member_id: number | null; warning_id: number; rule: string;
  description: string; due_date: string | null;
}

/**
 * New warnings, the leads they open and the leads' events, in one statement. Ids are allocated beforehand, so a
 * warning carries its lead and a lead its first warning; the foreign keys between them are checked at the end of the
 * statement. A lead's person is the member concerned (or the head), the phone theirs or else the head's, copied as
 * stored (ciphertext, blind index, mask). The sweep is the only writer of warnings and runs once per county at a
 * time, so a warning already open under its key is a fault: the unique index refuses it and the page is rolled back.
 */
export async function insertWarningsAndLeads(
  db: Db, warnings: readonly (NewWarning & { id: number; lead_id: number | null })[], leads: readonly WarningLead[], events: readonly LeadEventInsert[],
): Promise<void> {
  if (!warnings.length && !leads.length && !events.length) return;
  await sql`
    WITH new_leads AS (
      INSERT INTO leads (id, region_code, township_code, household_id, member_id, warning_id, rule, source, person_name,
                         phone_enc, phone_hash, phone_masked, description, due_date)
      OVERRIDING SYSTEM VALUE
      SELECT x.id, x.region_code, x.township_code, x.household_id, x.member_id, x.warning_id, x.rule, 'warning',
             coalesce(p.name, hd.name, h.head_name),
             CASE WHEN p.phone_enc IS NOT NULL THEN p.phone_enc ELSE hd.phone_enc END,
             CASE WHEN p.phone_enc IS NOT NULL THEN p.phone_hash ELSE hd.phone_hash END,
             CASE WHEN p.phone_enc IS NOT NULL THEN p.phone_masked ELSE hd.phone_masked END,
             x.description, x.due_date
      FROM jsonb_to_recordset(${json(leads)}::jsonb) AS x(id bigint, region_code text, township_code text, household_id bigint,
             member_id bigint, warning_id bigint, rule text, description text, due_date date)
      JOIN households h ON h.id = x.household_id
      LEFT JOIN members p ON p.id = x.member_id
      LEFT JOIN LATERAL (SELECT m.name, m.phone_enc, m.phone_hash, m.phone_masked FROM members m
                         WHERE m.household_id = x.household_id AND m.relation = 'head' AND m.removed_at IS NULL
                         ORDER BY m.id LIMIT 1) hd ON true
      RETURNING id
    ), new_warnings AS (
      INSERT INTO warnings (id, household_id, member_id, region_code, rule, key, reasons, trail, digest, sweep_id, lead_id)
      OVERRIDING SYSTEM VALUE
      SELECT x.id, x.household_id, x.member_id, x.region_code, x.rule, x.key, x.reasons, x.trail, x.digest, x.sweep_id, x.lead_id
      FROM jsonb_to_recordset(${json(warnings)}::jsonb) AS x(id bigint, household_id bigint, member_id bigint, region_code text,
             rule text, key text, reasons jsonb, trail jsonb, digest text, sweep_id bigint, lead_id bigint)
      RETURNING id
    ), new_events AS (
      ${insertLeadEventsStatement(events)} RETURNING id
    )
    SELECT (SELECT count(*) FROM new_leads) AS leads, (SELECT count(*) FROM new_warnings) AS warnings, (SELECT count(*) FROM new_events) AS events
  `.execute(db);
}

export interface LeadEventInsert {
  lead_id: number; region_code: string; action: string; from_status: string | null; to_status: string; actor_id: number | null; detail: unknown;
}

/** The INSERT of lead events, on its own or inside a larger statement (`insertWarningsAndLeads`). */
function insertLeadEventsStatement(rows: readonly LeadEventInsert[]) {
  return sql`INSERT INTO lead_events (lead_id, region_code, action, from_status, to_status, actor_id, detail)
    SELECT x.lead_id, x.region_code, x.action, x.from_status, x.to_status, x.actor_id, coalesce(x.detail, '{}')
    FROM jsonb_to_recordset(${json(rows)}::jsonb)
      AS x(lead_id bigint, region_code text, action text, from_status text, to_status text, actor_id int, detail jsonb)`;
}

export async function insertLeadEvents(db: Db, rows: readonly LeadEventInsert[]): Promise<void> {
  if (!rows.length) return;
  await insertLeadEventsStatement(rows).execute(db);
}

/** The counties with households (the nightly run sweeps each of them). */
export async function countiesWithHouseholds(db: Db): Promise<string[]> {
  const r = await sql<{ county: string }>`
    SELECT DISTINCT rpad(left(region_code, 6), 12, '0') AS county FROM households ORDER BY 1`.execute(db);
  return r.rows.map((x) => x.county);
}

/** Counties (level 3) inside a region of level ≤ 3, from the region table. */
export async function countiesIn(db: Db, regionCode: string): Promise<string[]> {
  const rows = await db.selectFrom('regions').select('code').where('level', '=', 3).where(inRegion(regionCode, 'code')).orderBy('code').execute();
  return rows.map((r) => r.code);
}

/** Marks leads whose open step is past its due date as escalated to the county, with an event each. */
export async function escalateOverdueLeads(db: Db, asOf: string): Promise<number> {
  const r = await sql<{ n: number }>`
    WITH esc AS (
      UPDATE leads SET escalated_at = now()
      WHERE due_date < ${asOf}::date AND status IN ('pending', 'assigned', 'contacted') AND escalated_at IS NULL
      RETURNING id, region_code, status, due_date
    ), ev AS (
      INSERT INTO lead_events (lead_id, region_code, action, from_status, to_status, actor_id, detail)
      SELECT id, region_code, 'escalate', status, status, NULL, jsonb_build_object('dueDate', due_date, 'asOf', ${asOf}::text)
      FROM esc RETURNING 1
    )
    SELECT count(*)::int AS n FROM ev`.execute(db);
  return r.rows[0]?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Warnings (lists)

function warningBase(db: Db, viewer: { regionCode: string }) {
  return db.selectFrom('warnings as w')
    .innerJoin('households as h', 'h.id', 'w.household_id')
    .leftJoin('regions as r', 'r.code', 'w.region_code')
    .leftJoin('members as m', 'm.id', 'w.member_id')
    .where(inJurisdiction(viewer, 'w.region_code'));
}

const WARNING_COLUMNS = [
  'w.id', 'w.household_id', 'w.member_id', 'w.region_code', 'w.rule', 'w.status', 'w.reasons', 'w.trail', 'w.raised_at', 'w.closed_at',
  'w.close_reason', 'w.lead_id', 'h.head_name', 'r.name as region_name', 'm.name as member_name',
] as const;

export type WarningRow = Awaited<ReturnType<typeof listWarnings>>['rows'][number];

export async function listWarnings(db: Db, viewer: { regionCode: string }, q: WarningQuery) {
  let base = warningBase(db, viewer);
  if (q.regionCode) base = base.where(inRegion(q.regionCode, 'w.region_code'));
  if (q.rule) base = base.where('w.rule', '=', q.rule);
  if (q.status) base = base.where('w.status', '=', q.status);
  if (q.householdId) base = base.where('w.household_id', '=', q.householdId);
  if (q.gap) base = base.where('w.status', '=', 'open').where('w.rule', 'in', [...COVERAGE_GAP_RULES]);
  if (q.raisedFrom) base = base.where('w.raised_at', '>=', dayStart(q.raisedFrom));
  if (q.raisedTo) base = base.where('w.raised_at', '<', dayAfter(q.raisedTo));
  const [rows, count] = await Promise.all([
    base.select([...WARNING_COLUMNS]).orderBy('w.raised_at', 'desc').orderBy('w.id', 'desc')
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** A household's open warnings and those closed in the last year, newest first. */
export function householdWarnings(db: Db, viewer: { regionCode: string }, householdId: number, since: Date) {
  return warningBase(db, viewer).select([...WARNING_COLUMNS])
    .where('w.household_id', '=', householdId)
    .where((eb) => eb.or([eb('w.status', '=', 'open'), eb('w.closed_at', '>=', since)]))
    .orderBy('w.status', 'desc').orderBy('w.raised_at', 'desc').limit(100).execute();
}

export function findHousehold(db: Db, viewer: { regionCode: string }, id: number) {
  return db.selectFrom('households').select(['id', 'region_code', 'head_name'])
    .where('id', '=', id).where(inJurisdiction(viewer, 'region_code')).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------------------------
// Leads

function leadBase(db: Db, viewer: { regionCode: string }) {
  return db.selectFrom('leads as l')
    .leftJoin('regions as r', 'r.code', 'l.region_code')
    .leftJoin('users as a', 'a.id', 'l.assignee_id')
    .leftJoin('users as c', 'c.id', 'l.created_by')
    .leftJoin('warnings as w', 'w.id', 'l.warning_id')
    .where(inJurisdiction(viewer, 'l.region_code'));
}

const LEAD_COLUMNS = [
  'l.id', 'l.region_code', 'l.township_code', 'l.household_id', 'l.member_id', 'l.warning_id', 'l.rule', 'l.source', 'l.person_name',
  'l.phone_masked', 'l.description', 'l.status', 'l.assignee_id', 'l.contact', 'l.contacted_at', 'l.outcome', 'l.outcome_note',
  'l.referred_to', 'l.outcome_at', 'l.close_summary', 'l.closed_at', 'l.due_date', 'l.escalated_at', 'l.created_by', 'l.created_at',
  'l.updated_at', 'l.version', 'r.name as region_name', 'a.display_name as assignee_name', 'c.display_name as created_by_name',
  'w.key as warning_key',
] as const;

export type LeadRow = NonNullable<Awaited<ReturnType<typeof findLead>>>;

export function findLead(db: Db, viewer: { regionCode: string }, id: number) {
  return leadBase(db, viewer).select([...LEAD_COLUMNS]).where('l.id', '=', id).executeTakeFirst();
}

export async function listLeads(db: Db, viewer: { id: number; regionCode: string }, q: LeadListQuery, asOf: string) {
  let base = leadBase(db, viewer);
  if (q.regionCode) base = base.where(inRegion(q.regionCode, 'l.region_code'));
  if (q.status) base = base.where('l.status', '=', q.status);
  if (q.source) base = base.where('l.source', '=', q.source);
  if (q.rule) base = base.where('l.rule', '=', q.rule);
  if (q.householdId) base = base.where('l.household_id', '=', q.householdId);
  if (q.assignedToMe === true) base = base.where('l.assignee_id', '=', viewer.id);
  if (q.assignedToMe === false) base = base.where((eb) => eb.or([eb('l.assignee_id', 'is', null), eb('l.assignee_id', '!=', viewer.id)]));
  if (q.overdue === true) base = base.where(overdueCondition(asOf));
  if (q.overdue === false) base = base.where((eb) => eb.not(overdueCondition(asOf)));
  if (q.escalated === true) base = base.where('l.escalated_at', 'is not', null);
  if (q.escalated === false) base = base.where('l.escalated_at', 'is', null);
  if (q.createdFrom) base = base.where('l.created_at', '>=', dayStart(q.createdFrom));
  if (q.createdTo) base = base.where('l.created_at', '<', dayAfter(q.createdTo));
  if (q.closedFrom) base = base.where('l.closed_at', '>=', dayStart(q.closedFrom));
  if (q.closedTo) base = base.where('l.closed_at', '<', dayAfter(q.closedTo));
  const [rows, count] = await Promise.all([
    base.select([...LEAD_COLUMNS]).orderBy('l.created_at', 'desc').orderBy('l.id', 'desc')
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Overdue: the open step's due date has passed (the due date itself is still in time). */
function overdueCondition(asOf: string): Expression<SqlBool> {
  return sql<SqlBool>`(l.due_date < ${asOf}::date AND l.status IN ('pending', 'assigned', 'contacted'))`;
}

export function leadEvents(db: Db, leadId: number) {
  return db.selectFrom('lead_events as e').leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.action', 'e.from_status', 'e.to_status', 'e.at', 'e.detail', 'u.display_name as actor_name'])
    .where('e.lead_id', '=', leadId).orderBy('e.at').orderBy('e.id').execute();
}

export async function leadWarningIds(db: Db, leadId: number): Promise<number[]> {
  const rows = await db.selectFrom('warnings').select('id').where('lead_id', '=', leadId).orderBy('id').execute();
  return rows.map((r) => r.id);
}

export function leadPhone(db: Db, viewer: { regionCode: string }, id: number) {
  return db.selectFrom('leads').select(['id', 'region_code', 'phone_enc']).where('id', '=', id)
    .where(inJurisdiction(viewer, 'region_code')).executeTakeFirst();
}

/** Users who may take a lead of `regionCode`: enabled, inside the viewer's jurisdiction, covering the region. */
export function assigneeCandidates(db: Db, viewer: { regionCode: string }, regionCode: string, roles: readonly string[], userId?: number) {
  let q = db.selectFrom('users as u').leftJoin('regions as r', 'r.code', 'u.region_code')
    .select(['u.id', 'u.display_name', 'u.role', 'u.region_code', 'r.name as region_name'])
    .where('u.disabled', '=', false)
    .where('u.role', 'in', [...roles])
    .where('u.region_code', 'in', regionAncestry(regionCode))
    .where(inJurisdiction(viewer, 'u.region_code'));
  if (userId !== undefined) q = q.where('u.id', '=', userId);
  return q.orderBy('u.region_code', 'desc').orderBy('u.display_name').execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Dashboard

/** Open warnings per child region (grouped by the code prefix of the child level) and rule. */
export async function openWarningCounts(db: Db, regionCode: string, prefixLength: number) {
  const r = await sql<{ child: string; rule: string; n: number }>`
    SELECT rpad(left(region_code, ${prefixLength}), 12, '0') AS child, rule, count(*)::int AS n
    FROM warnings WHERE status = 'open' AND ${inRegion(regionCode, 'region_code')}
    GROUP BY 1, 2`.execute(db);
  return r.rows;
}

export async function leadCounts(db: Db, regionCode: string, prefixLength: number, asOf: string) {
  const r = await sql<{ child: string; status: string; n: number; overdue: number }>`
    SELECT rpad(left(l.region_code, ${prefixLength}), 12, '0') AS child, l.status, count(*)::int AS n,
           (count(*) FILTER (WHERE ${overdueCondition(asOf)}))::int AS overdue
    FROM leads l WHERE ${inRegion(regionCode, 'l.region_code')}
    GROUP BY 1, 2`.execute(db);
  return r.rows;
}

/** Per China-time ISO week (its Monday): warnings raised, leads created, leads closed, in [from, to). */
export async function weeklyTrend(db: Db, regionCode: string, from: string, toExclusive: string) {
  const region = inRegion(regionCode, 'region_code');
  const start = dayStart(from);
  const end = dayStart(toExclusive);
  const week = (col: string) => sql`to_char(date_trunc('week', (${sql.ref(col)} AT TIME ZONE 'UTC') + interval '8 hours'), 'YYYY-MM-DD')`;
  const r = await sql<{ week: string; kind: string; n: number }>`
    SELECT ${week('raised_at')} AS week, 'raised' AS kind, count(*)::int AS n FROM warnings
      WHERE ${region} AND raised_at >= ${start} AND raised_at < ${end} GROUP BY 1
    UNION ALL
    SELECT ${week('created_at')}, 'created', count(*)::int FROM leads
      WHERE ${region} AND created_at >= ${start} AND created_at < ${end} GROUP BY 1
    UNION ALL
    SELECT ${week('closed_at')}, 'closed', count(*)::int FROM leads
      WHERE status = 'closed' AND ${region} AND closed_at >= ${start} AND closed_at < ${end} GROUP BY 1`.execute(db);
  return r.rows;
}

