import { chinaDate, PREFIX_LENGTH, regionLevel, type RegionLevel } from '@doudi/domain';
import { sql, type Expression, type SqlBool } from 'kysely';
import { inRegion } from '../../auth/jurisdiction.js';
import type { Db } from '../monitoring/queries.js';

export type { Db };

/**
 * Coverage of visit tasks (C4): tasks due = tasks (not cancelled) whose due date lies in [from, to]; done = those
 * visited; overdue = those still open whose due date is before today (China time).
 *
 * A county, city or province is counted from `visit_task_counts` (tasks per township, due date, kind and plan, kept by
 * triggers on visit_tasks): a range on the township code, a few thousand rows for a province. A township or village,
 * whose figures go down to the village, is counted from `visit_tasks` through `visit_tasks_region_due_idx` (region code
 * bounds, then due_on; status and kind read from the index).
 */

export function today(): string {
  return chinaDate(new Date());
}

/** Length of the code prefix of a region's direct children (a village's own code for a village). */
export function childPrefixLength(regionCode: string): number {
  const level = regionLevel(regionCode);
  return PREFIX_LENGTH[(level < 5 ? level + 1 : 5) as RegionLevel];
}

export interface CoverageCounts { due: number; done: number; overdue: number }

export interface CoverageOptions {
  /** Only tasks of this campaign's plans. */
  campaignId?: number | undefined;
  /** Only tasks of this plan. */
  planId?: number | undefined;
  /** Only tasks of this kind. */
  kind?: string | undefined;
  asOf?: string | undefined;
}

/** Whether the figures of a region, grouped by codes of `groupLength` digits (or not grouped), come from the township counts. */
const fromTownshipCounts = (regionCode: string, groupLength: number | null) =>
  regionLevel(regionCode) <= 3 && (groupLength === null || groupLength <= PREFIX_LENGTH[4]);

/** The three counts of the tasks due in [from, to] inside a region (and below), grouped by child code or not at all. */
async function coverageCounts(
  db: Db, regionCode: string, from: string, to: string, opts: CoverageOptions, groupLength: number | null,
): Promise<(CoverageCounts & { child: string | null })[]> {
  const asOf = opts.asOf ?? today();
  const counted = fromTownshipCounts(regionCode, groupLength);
  const region = counted ? 't.township_code' : 't.region_code';
  const filters: Expression<SqlBool>[] = [inRegion(regionCode, region), sql<SqlBool>`t.due_on BETWEEN ${from}::date AND ${to}::date`];
  if (opts.planId !== undefined) filters.push(sql<SqlBool>`t.plan_id = ${opts.planId}`);
  if (opts.campaignId !== undefined) filters.push(sql<SqlBool>`t.plan_id IN (SELECT id FROM visit_plans WHERE campaign_id = ${opts.campaignId})`);
  if (opts.kind !== undefined) filters.push(sql<SqlBool>`t.kind = ${opts.kind}`);
  const child = groupLength === null ? sql`NULL::text` : sql`rpad(substr(${sql.ref(region)}, 1, ${sql.lit(groupLength)}), 12, '0')`;
  const measures = counted
    ? sql`coalesce(sum(t.open + t.done), 0) AS due, coalesce(sum(t.done), 0) AS done,
          coalesce(sum(t.open) FILTER (WHERE t.due_on < ${asOf}::date), 0) AS overdue`
    : sql`count(*) FILTER (WHERE t.status <> 'cancelled') AS due, count(*) FILTER (WHERE t.status = 'done') AS done,
          count(*) FILTER (WHERE t.status = 'open' AND t.due_on < ${asOf}::date) AS overdue`;
  const { rows } = await sql<{ child: string | null; due: string; done: string; overdue: string }>`
    SELECT ${child} AS child, ${measures}
    FROM ${sql.table(counted ? 'visit_task_counts' : 'visit_tasks')} t
    WHERE ${sql.join(filters, sql` AND `)}
    ${groupLength === null ? sql`` : sql`GROUP BY 1`}`.execute(db);
  return rows.map((r) => ({ child: r.child, due: Number(r.due), done: Number(r.done), overdue: Number(r.overdue) }));
}

/** Counts per direct-child code prefix (12-digit child code) of the tasks due in [from, to]. */
export async function coverageRows(
  db: Db, regionCode: string, from: string, to: string, opts: CoverageOptions = {},
): Promise<(CoverageCounts & { child: string })[]> {
  const rows = await coverageCounts(db, regionCode, from, to, opts, childPrefixLength(regionCode));
  return rows.map((r) => ({ ...r, child: r.child! }));
}

/** Names of the direct children of a region, in code order. */
export async function childRegions(db: Db, regionCode: string): Promise<{ code: string; name: string }[]> {
  if (regionLevel(regionCode) === 5) return [];
  return db.selectFrom('regions').select(['code', 'name']).where('parent_code', '=', regionCode).orderBy('code').execute();
}

/** One row per direct child region of `regionCode` (all children, zeros included), tasks due in [from, to]. */
export async function coverageByRegion(
  db: Db, regionCode: string, from: string, to: string,
): Promise<{ regionCode: string; regionName: string; due: number; done: number; overdue: number }[]> {
  return coverageByChild(db, regionCode, from, to);
}

export async function coverageByChild(
  db: Db, regionCode: string, from: string, to: string, opts: CoverageOptions = {},
): Promise<{ regionCode: string; regionName: string; due: number; done: number; overdue: number }[]> {
  const [children, rows] = await Promise.all([childRegions(db, regionCode), coverageRows(db, regionCode, from, to, opts)]);
  const byChild = new Map(rows.map((r) => [r.child, r]));
  return children.map((c) => {
    const r = byChild.get(c.code);
    return { regionCode: c.code, regionName: c.name, due: r?.due ?? 0, done: r?.done ?? 0, overdue: r?.overdue ?? 0 };
  });
}

/** The totals of a region (and everything below it) for tasks due in [from, to]. */
export async function coverageTotal(db: Db, regionCode: string, from: string, to: string): Promise<CoverageCounts> {
  return coverageSum(db, regionCode, from, to);
}

export async function coverageSum(db: Db, regionCode: string, from: string, to: string, opts: CoverageOptions = {}): Promise<CoverageCounts> {
  const [row] = await coverageCounts(db, regionCode, from, to, opts, null);
  return { due: row!.due, done: row!.done, overdue: row!.overdue };
}

/** Open tasks past their due date (any due date) inside a region, by kind. */
export async function overdueByKind(db: Db, regionCode: string, asOf: string, campaignId?: number): Promise<Map<string, number>> {
  const counted = fromTownshipCounts(regionCode, null);
  const filters: Expression<SqlBool>[] = [inRegion(regionCode, counted ? 't.township_code' : 't.region_code'), sql<SqlBool>`t.due_on < ${asOf}::date`];
  if (!counted) filters.push(sql<SqlBool>`t.status = 'open'`);
  if (campaignId !== undefined) filters.push(sql<SqlBool>`t.plan_id IN (SELECT id FROM visit_plans WHERE campaign_id = ${campaignId})`);
  const { rows } = await sql<{ kind: string; n: string }>`
    SELECT t.kind, ${counted ? sql`sum(t.open)` : sql`count(*)`} AS n
    FROM ${sql.table(counted ? 'visit_task_counts' : 'visit_tasks')} t
    WHERE ${sql.join(filters, sql` AND `)}
    GROUP BY t.kind`.execute(db);
  return new Map(rows.filter((r) => Number(r.n) > 0).map((r) => [r.kind, Number(r.n)]));
}

export async function regionName(db: Db, code: string): Promise<string | null> {
  const r = await db.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst();
  return r?.name ?? null;
}

export async function regionNameMap(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await db.selectFrom('regions').select(['code', 'name']).where('code', 'in', [...new Set(codes)]).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
