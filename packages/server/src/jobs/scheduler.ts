import type { AppContext } from '../auth/context.js';
import { escalateOverdueLeads, countiesWithHouseholds } from '../modules/monitoring/queries.js';
import { resumeStaleSweeps, sweepCountiesTogether } from '../modules/monitoring/sweep.js';
import { generateCadenceTasks, identifyRegion } from '../modules/care/cadence.js';
import { remindOverdueVisits } from '../modules/visits/reminders.js';
import { chinaDate } from '@doudi/domain';

/**
 * The nightly jobs, at 02:00 Asia/Shanghai (18:00 UTC; China has no daylight saving): finish sweeps left behind by a
 * stopped process, sweep every county with households incrementally (together), then mark leads whose open step is overdue as
 * escalated to the county, refresh the care lists and their cadence tasks, and remind visitors and townships of overdue visits. Started by the app when `config.scheduleSweeps` is on; the timer is stopped on close.
 */

export interface NightlyReport {
  asOf: string;
  resumed: number[];
  swept: { county: string; sweepId: number | null; status: string; households: number; raised: number; closed: number; error?: string }[];
  escalated: number;
  /** Care (C5/C6): per county, the care list refreshed from the registry and this period's cadence tasks generated. */
  care: { county: string; subjects: number; tasksCreated: number; error?: string }[];
  /** Overdue visit reminders sent: to visitors about their own tasks, to township planners about their township. */
  reminders: { visitors: number; townships: number };
}

export async function runNightly(ctx: Pick<AppContext, 'database'>, asOf = chinaDate(new Date())): Promise<NightlyReport> {
  const resumed = await resumeStaleSweeps(ctx);
  const swept: NightlyReport['swept'] = [];
  // All counties in one run, their changed households in shared pages; a county already being swept is skipped (the
  // rest go on). A run that fails is recorded on its sweep rows; what it did not reach stays changed for the next run.
  const counties = await countiesWithHouseholds(ctx.database.db);
  try {
    const { rows, busy } = await sweepCountiesTogether(ctx, counties, { trigger: 'scheduled', mode: 'incremental', asOf });
    const byCounty = new Map(rows.map((s) => [s.region_code, s]));
    const refused = new Map(busy.map((b) => [b.county, b.error]));
    for (const county of counties) {
      const s = byCounty.get(county);
      if (s) swept.push({ county, sweepId: s.id, status: s.status, households: s.households_done, raised: s.raised, closed: s.closed });
      else swept.push({ county, sweepId: null, status: 'skipped', households: 0, raised: 0, closed: 0, error: refused.get(county) ?? '' });
    }
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    for (const county of counties) swept.push({ county, sweepId: null, status: 'failed', households: 0, raised: 0, closed: 0, error });
  }
  const escalated = await escalateOverdueLeads(ctx.database.db, asOf);
  const care: NightlyReport['care'] = [];
  for (const county of await countiesWithHouseholds(ctx.database.db)) {
    try {
      await identifyRegion(ctx.database.db, county, asOf);
      const g = await generateCadenceTasks(ctx.database.db, { regionCode: county, asOf });
      care.push({ county, subjects: g.subjects, tasksCreated: g.created });
    } catch (err) {
      care.push({ county, subjects: 0, tasksCreated: 0, error: err instanceof Error ? err.message : String(err) });
    }
  }
  const reminders = await remindOverdueVisits(ctx.database.db, asOf);
  return { asOf, resumed, swept, escalated, care, reminders };
}

/** Milliseconds from `now` to the next 02:00 in China. */
export function msUntilNextRun(now = new Date()): number {
  const next = new Date(now);
  next.setUTCHours(18, 0, 0, 0);
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next.getTime() - now.getTime();
}

export interface Scheduler { stop(): Promise<void> }

export function startScheduler(ctx: Pick<AppContext, 'database'>, log: { info(o: object, m: string): void; error(o: object, m: string): void }): Scheduler {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const plan = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runNightly(ctx)
        .then((r) => log.info({ nightly: { ...r, swept: r.swept.length, care: r.care.length } }, 'nightly monitoring done'))
        .catch((err: unknown) => log.error({ err }, 'nightly monitoring failed'))
        .finally(plan);
    }, msUntilNextRun());
    timer.unref();
  };
  plan();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
