import {
  coverageRate, rollupReports, VisitKind, type ReportStatus, type VisitsDashboardQuery, type VisitsDashboardView,
} from '@doudi/domain';
import type { AppContext, RequestUser } from '../../auth/context.js';
import { assertInJurisdiction, assertLaunchedAboveOrWithin } from '../../auth/jurisdiction.js';
import { invalid, notFound } from '../../http/errors.js';
import { scopedChildren } from './campaigns.js';
import { coverageByChild, coverageSum, overdueByKind, regionName, today } from './queries.js';

/**
 * The visits dashboard of a region: per direct child region the tasks due in [from, to], done, overdue and the
 * coverage; open overdue tasks by kind; and, for a campaign, the roll-up of the child regions' reports per task.
 * Each figure is the count of the task list with the same filters (GET /api/visits/tasks?regionCode&dueFrom&dueTo…).
 * Three grouped queries over the region/due-date index, whatever the size of the region.
 */

type Ctx = Pick<AppContext, 'database'>;

function monthOf(date: string): { from: string; to: string } {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${date.slice(0, 7)}-01`, to: `${date.slice(0, 7)}-${String(last).padStart(2, '0')}` };
}

export async function visitsDashboard(ctx: Ctx, actor: RequestUser, q: VisitsDashboardQuery): Promise<VisitsDashboardView> {
  const { db } = ctx.database;
  const regionCode = q.regionCode ?? actor.regionCode;
  assertInJurisdiction(actor, regionCode, '区域');
  const name = await regionName(db, regionCode);
  if (!name) throw notFound('区域');
  const asOf = today();
  let campaign: { id: number; name: string; region_code: string; starts_on: string; ends_on: string } | undefined;
  if (q.campaignId !== undefined) {
    campaign = await db.selectFrom('campaigns').select(['id', 'name', 'region_code', 'starts_on', 'ends_on']).where('id', '=', q.campaignId).executeTakeFirst();
    if (!campaign) throw notFound('专项行动');
    assertLaunchedAboveOrWithin(actor, campaign.region_code, '专项行动');
  }
  const period = campaign ? { from: campaign.starts_on, to: campaign.ends_on } : monthOf(asOf);
  const from = q.from ?? period.from;
  const to = q.to ?? period.to;
  if (to < from) throw invalid('to', '结束日期不能早于开始日期');
  const opts = { campaignId: campaign?.id, asOf };
  const [children, total, overdue] = await Promise.all([
    coverageByChild(db, regionCode, from, to, opts),
    coverageSum(db, regionCode, from, to, opts),
    overdueByKind(db, regionCode, asOf, campaign?.id),
  ]);
  let rollup: VisitsDashboardView['campaign'] = null;
  if (campaign) {
    const [tasks, scoped] = await Promise.all([
      db.selectFrom('campaign_tasks').select(['id', 'seq', 'title']).where('campaign_id', '=', campaign.id).orderBy('seq').execute(),
      scopedChildren(db, regionCode, campaign.region_code),
    ]);
    const reports = tasks.length && scoped.length
      ? await db.selectFrom('campaign_task_reports').select(['task_id', 'region_code', 'status'])
        .where('task_id', 'in', tasks.map((t) => t.id)).where('region_code', 'in', scoped.map((s) => s.code)).execute()
      : [];
    rollup = {
      id: campaign.id, name: campaign.name,
      tasks: tasks.map((t) => ({
        id: t.id, seq: t.seq, title: t.title,
        ...rollupReports(scoped.map((s) => (reports.find((r) => Number(r.task_id) === t.id && r.region_code === s.code)?.status ?? null) as ReportStatus | null)),
      })),
    };
  }
  return {
    asOf, from, to,
    region: { regionCode, regionName: name, ...total, rate: coverageRate(total.done, total.due) },
    children: children.map((c) => ({ ...c, rate: coverageRate(c.done, c.due) })),
    overdueByKind: Object.fromEntries(VisitKind.options.map((k) => [k, overdue.get(k) ?? 0])) as VisitsDashboardView['overdueByKind'],
    campaign: rollup,
  };
}
