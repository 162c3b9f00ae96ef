import { chinaDate, PREFIX_LENGTH, regionLevel, regionRange, type RegionLevel } from '@doudi/domain';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../monitoring/queries.js';

export type { Db };

/**
 * Coverage of visit tasks (C4): tasks due = tasks (not cancelled) whose due date lies in [from, to]; done = those
 * visited; overdue = those still open whose due date is before today (China time). One range scan over
 * `visit_tasks_region_due_idx` (region_code prefix bounds, then due_on; the status and kind are read from the index),
 * grouped by child region for the per-region figures and not grouped at all for a region's total.
 */

export function today(): string {
  return chinaDate(new Date());
}

/** `column BETWEEN low AND high` for the region and everything below it. */
export function within(regionCode: string, column: string): Expression<SqlBool> {
  const { low, high } = regionRange(regionCode);
  return sql<SqlBool>`${sql.ref(column)} BETWEEN ${low} AND ${high}`;
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
  asOf?: string | undefined;
}

/** The tasks due in [from, to] inside a region (and below), with the three counts; grouped or not by the caller. */
function coverageQuery(db: Db, regionCode: string, from: string, to: string, opts: CoverageOptions) {
  const asOf = opts.asOf ?? today();
  let q = db.selectFrom('visit_tasks as t')
    .select([
      sql<string>`count(*) FILTER (WHERE t.status <> 'cancelled')`.as('due'),
      sql<string>`count(*) FILTER (WHERE t.status = 'done')`.as('done'),
      sql<string>`count(*) FILTER (WHERE t.status = 'open' AND t.due_on < ${asOf})`.as('overdue'),
    ])
    .where(within(regionCode, 't.region_code'))
    .where('t.due_on', '>=', from).where('t.due_on', '<=', to);
  if (opts.planId !== undefined) q = q.where('t.plan_id', '=', opts.planId);
  if (opts.campaignId !== undefined) {
    const campaignId = opts.campaignId;
    q = q.where('t.plan_id', 'in', (eb) => eb.selectFrom('visit_plans').select('id').where('campaign_id', '=', campaignId));
  }
  return q;
}

const counts = (r: { due: string; done: string; overdue: string }): CoverageCounts => ({ due: Number(r.due), done: Number(r.done), overdue: Number(r.overdue) });

/** Counts per direct-child code prefix (12-digit child code) of the tasks due in [from, to]. */
export async function coverageRows(
  db: Db, regionCode: string, from: string, to: string, opts: CoverageOptions = {},
): Promise<(CoverageCounts & { child: string })[]> {
  const len = childPrefixLength(regionCode);
  const rows = await coverageQuery(db, regionCode, from, to, opts)
    .select(sql<string>`rpad(substr(t.region_code, 1, ${sql.lit(len)}), 12, '0')`.as('child'))
    .groupBy(sql`4`)
    .execute();
  return rows.map((r) => ({ child: r.child, ...counts(r) }));
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
export async function coverageTotal(db: Db, regionCode: string, from: string, to: string): Promise<{ due: number; done: number; overdue: number }> {
  return coverageSum(db, regionCode, from, to);
}

export async function coverageSum(db: Db, regionCode: string, from: string, to: string, opts: CoverageOptions = {}): Promise<CoverageCounts> {
  return counts(await coverageQuery(db, regionCode, from, to, opts).executeTakeFirstOrThrow());
}

/** Open tasks past their due date (any due date) inside a region, by kind. */
export async function overdueByKind(db: Db, regionCode: string, asOf: string, campaignId?: number): Promise<Map<string, number>> {
  let q = db.selectFrom('visit_tasks as t').select(['t.kind', sql<string>`count(*)`.as('n')])
    .where(within(regionCode, 't.region_code')).where('t.due_on', '<', asOf).where('t.status', '=', 'open')
    .groupBy('t.kind');
  if (campaignId !== undefined) q = q.where('t.plan_id', 'in', (eb) => eb.selectFrom('visit_plans').select('id').where('campaign_id', '=', campaignId));
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.kind, Number(r.n)]));
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
