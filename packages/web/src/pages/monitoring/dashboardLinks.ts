/**
 * The list behind each number of the dashboard, with the same filters the server used to count it (see
 * `DashboardFigures` and `DashboardWeek` in `@doudi/domain`). Charts and the table both link through here.
 */
import type { DashboardView, DashboardWeek, LeadStatus, RuleKind } from '@doudi/domain';

function url(path: string, query: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, value);
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

export function dashboardLinks(view: DashboardView) {
  const region = view.region.regionCode;
  return {
    warnings: (regionCode: string, rule?: RuleKind) => url('/monitoring/warnings', { regionCode, rule, status: 'open' }),
    leads: (regionCode: string, status?: LeadStatus) => url('/monitoring/leads', { regionCode, status }),
    overdue: (regionCode: string) => url('/monitoring/leads', { regionCode, overdue: 'true', asOf: view.asOf.slice(0, 10) }),
    gap: (regionCode: string) => url('/monitoring/warnings', { regionCode, gap: 'true', status: 'open' }),
    weekRaised: (w: DashboardWeek) =>
      url('/monitoring/warnings', { regionCode: region, status: 'all', raisedFrom: w.weekStart, raisedTo: w.weekEnd }),
    weekCreated: (w: DashboardWeek) => url('/monitoring/leads', { regionCode: region, createdFrom: w.weekStart, createdTo: w.weekEnd }),
    weekClosed: (w: DashboardWeek) =>
      url('/monitoring/leads', { regionCode: region, status: 'closed', closedFrom: w.weekStart, closedTo: w.weekEnd }),
  };
}
