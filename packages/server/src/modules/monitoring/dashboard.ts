import {
  COVERAGE_GAP_RULES, LeadStatus, PREFIX_LENGTH, regionLevel, RuleKind, type DashboardFigures, type DashboardQuery, type DashboardView,
  type DashboardWeek, type RegionLevel,
} from '@doudi/domain';
import type { AppContext, RequestUser } from '../../auth/context.js';
import { assertInJurisdiction } from '../../auth/jurisdiction.js';
import { notFound } from '../../http/errors.js';
import { childrenOf, getRegion } from '../regions/queries.js';
import { today } from './leads.js';
import { leadCounts, openWarningCounts, weeklyTrend } from './queries.js';

/**
 * The monitoring dashboard of a region and its child regions. Every figure is a count of a list the API serves with
 * the same filters (see DashboardFigures and DashboardWeek in packages/domain/src/monitoringViews.ts), so a click on a
 * number opens exactly the records behind it. The coverage gap counts open warnings of the gap rules: the two rules
 * exclude each other (below the standard, or in the marginal band) and a sweep closes one when it raises the other,
 * so there is one such warning per household.
 */

const WEEKS = 12;
const DAY = 86_400_000;
const utc = (date: string) => new Date(`${date}T00:00:00Z`);
const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** Monday of the ISO week of a date. */
function mondayOf(date: string): string {
  const d = utc(date);
  return ymd(new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY));
}

/** `2026-W48` for the ISO week starting on the Monday given. */
function isoWeek(monday: string): string {
  const thursday = new Date(utc(monday).getTime() + 3 * DAY);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / DAY / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

function emptyFigures(regionCode: string, regionName: string): DashboardFigures {
  return {
    regionCode, regionName,
    openWarnings: Object.fromEntries(RuleKind.options.map((r) => [r, 0])), openWarningsTotal: 0,
    leadsByStatus: Object.fromEntries(LeadStatus.options.map((s) => [s, 0])), overdueLeads: 0, coverageGap: 0,
  };
}

export async function dashboard(ctx: AppContext, actor: RequestUser, q: DashboardQuery): Promise<DashboardView> {
  const regionCode = q.regionCode ?? actor.regionCode;
  assertInJurisdiction(actor, regionCode, '区域');
  const { db } = ctx.database;
  const region = await getRegion(db, regionCode);
  if (!region) throw notFound('区域');
  const asOf = q.asOf ?? today();
  const level = regionLevel(regionCode);
  const children = level < 5 ? await childrenOf(db, regionCode) : [];
  const prefix = PREFIX_LENGTH[(level < 5 ? level + 1 : 5) as RegionLevel];
  const firstMonday = ymd(new Date(utc(mondayOf(asOf)).getTime() - (WEEKS - 1) * 7 * DAY));
  const endExclusive = ymd(new Date(utc(mondayOf(asOf)).getTime() + 7 * DAY));
  const [warningRows, leadRows, trendRows] = await Promise.all([
    openWarningCounts(db, regionCode, prefix),
    leadCounts(db, regionCode, prefix, asOf),
    weeklyTrend(db, regionCode, firstMonday, endExclusive),
  ]);

  const total = emptyFigures(region.code, region.name);
  const byChild = new Map(children.map((c) => [c.code, emptyFigures(c.code, c.name)]));
  const gap = new Set<string>(COVERAGE_GAP_RULES);
  for (const r of warningRows) {
    for (const f of [total, byChild.get(r.child)]) {
      if (!f) continue;
      f.openWarnings[r.rule] = (f.openWarnings[r.rule] ?? 0) + r.n;
      f.openWarningsTotal += r.n;
      if (gap.has(r.rule)) f.coverageGap += r.n;
    }
  }
  for (const r of leadRows) {
    for (const f of [total, byChild.get(r.child)]) {
      if (!f) continue;
      f.leadsByStatus[r.status] = (f.leadsByStatus[r.status] ?? 0) + r.n;
      f.overdueLeads += r.overdue;
    }
  }
  const trend: DashboardWeek[] = [];
  for (let i = 0; i < WEEKS; i++) {
    const weekStart = ymd(new Date(utc(firstMonday).getTime() + i * 7 * DAY));
    const weekEnd = ymd(new Date(utc(weekStart).getTime() + 6 * DAY));
    const n = (kind: string) => trendRows.find((t) => t.week === weekStart && t.kind === kind)?.n ?? 0;
    trend.push({ week: isoWeek(weekStart), weekStart, weekEnd, raised: n('raised'), leadsCreated: n('created'), leadsClosed: n('closed') });
  }
  return { asOf, region: total, children: [...byChild.values()], trend };
}
