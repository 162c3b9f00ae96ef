import crypto from 'node:crypto';
import {
  chinaDate, enabledRulesFor, essentialSpendingLast12Months, evaluateHousehold, isLiving, leadDeadline, nextRecheckDate,
  regionAncestorAt, regionAncestry, regionContains, regionLevel, regionRange, RULE_KIND, RULE_PARAMETER_KEYS, RULES_WITHOUT_LEADS,
  ageOn, type DepartmentFact, type HouseholdCategory, type HouseholdFacts, type MemberFacts, type PolicyParameter,
  type RuleHit, type RuleKind, type RuleSetting, type SweepMode, type SweepTrigger, type WorkCalendar,
} from '@doudi/domain';
import type { AppContext } from '../../auth/context.js';
import type { Database } from '../../db/connection.js';
import { conflict, invalid } from '../../http/errors.js';
import { ahead, yieldToEventLoop } from '../../jobs/overlap.js';
import { loadWorkCalendar } from '../policy/queries.js';
import {
  activeSweeps, analyzeSweepTables, closeWarnings, countiesIn, finishPage, finishSweeps, getSweep, getSweeps,
  allocateWarningIds, insertSweeps, insertWarningsAndLeads, lastDoneSweeps, parametersAround, plannedWarningRows, readSweepPage,
  ruleSettingsAround, settingChangesAround, startSweepRows, sweepHouseholdIds, touchSweeps, updateWarnings,
  type Db, type LeadEventInsert, type NewWarning, type PageProgress, type SettingChange, type SweepHouseholdRow, type SweepRow, type WarningLead,
} from './queries.js';

/**
 * The sweep: evaluates the warning rules (packages/domain/src/monitoring.ts) over the households of a county, in
 * pages of SWEEP_PAGE_SIZE households by id. Each page is read with its members and department facts in one
 * statement, evaluated in memory, and written in one transaction with bulk statements: new warnings, changed reasons,
 * warnings whose condition cleared, leads for the new warnings, `household_monitoring` (evaluated, next recheck date) and
 * the progress row.
 *
 * Full sweeps run one county at a time. Incremental sweeps asked for together (a city, a province, the nightly run)
 * list the households that may have changed in all their counties with one statement over `household_monitoring`
 * (never evaluated, written since, or due for a recheck by the calendar) and evaluate them in shared pages; each
 * county keeps its own progress row, done when its last listed household has been written.
 *
 * Resuming: the progress row records `last_household_id` after every page. A sweep that stops (process stopped,
 * server restarted) stays 'running'; once its row has not moved for STALE_SWEEP_MINUTES, the next sweep request for the
 * county — manual, after an import, or the nightly run, which looks for such rows first — takes the row over and
 * continues after `last_household_id` with the row's own mode and date. Before that, a second request for the county
 * answers 409 naming the running sweep (a partial unique index allows one queued or running row per county).
 */

export const SWEEP_PAGE_SIZE = 2000;
export const STALE_SWEEP_MINUTES = 10;
/** Ages at which a rule's outcome can change (adult, elderly); the 高龄 age comes from the parameters. */
const FIXED_AGE_THRESHOLDS = [18, 60, 80];
const CLOSED_CLEARED = '条件已消除（系统复核）';
const CLOSED_RULE_OFF = '预警规则已停用（系统复核）';

export interface SweepOptions {
  trigger: SweepTrigger;
  mode: SweepMode;
  /** The date of evaluation (China date); today when absent. */
  asOf?: string | undefined;
  actor?: { id: number } | null | undefined;
  pageSize?: number | undefined;
}

type SweepCtx = Pick<AppContext, 'database'>;

// ---------------------------------------------------------------------------------------------------------------
// Runs in flight (so that closing the app lets them stop after their current page)

interface Tracker { stopping: boolean; runs: Set<Promise<unknown>> }
const trackers = new WeakMap<Database, Tracker>();
const tracker = (d: Database): Tracker => {
  let t = trackers.get(d);
  if (!t) trackers.set(d, (t = { stopping: false, runs: new Set() }));
  return t;
};

function track<T>(d: Database, p: Promise<T>): Promise<T> {
  const t = tracker(d);
  t.runs.add(p);
  void p.finally(() => t.runs.delete(p)).catch(() => {});
  return p;
}

/** Asks running sweeps to stop after their current page (they stay resumable) and waits for them. */
export async function stopSweeps(d: Database): Promise<void> {
  const t = tracker(d);
  t.stopping = true;
  await Promise.allSettled([...t.runs]);
}

// ---------------------------------------------------------------------------------------------------------------
// Claiming a county

const isStale = (row: { updated_at: Date }) => Date.now() - row.updated_at.getTime() > STALE_SWEEP_MINUTES * 60_000;

function busy(row: SweepRow): Error {
  const at = row.started_at.toISOString();
  return conflict(
    `${row.region_name ?? row.region_code}正在进行监测（批次 #${row.id}，开始于 ${at}，已评估 ${row.households_done}/${row.households_total} 户），请等待完成后再试`,
    { details: { sweepId: row.id } },
  );
}

/**
 * Claims each county for a sweep: a new queued row, or the county's stale row taken over (resumed). All or none: a
 * county with a live sweep refuses the whole request with 409.
 */
export async function claimSweeps(ctx: SweepCtx, counties: readonly string[], opts: SweepOptions): Promise<number[]> {
  const { ids, busy } = await claim(ctx, counties, opts, false);
  if (busy[0]) throw busy[0].error;
  return ids;
}

/**
 * Claims the counties; with `skipBusy`, counties with a live sweep are left out and returned as their 409 errors
 * instead of refusing the whole request.
 */
async function claim(
  ctx: SweepCtx, counties: readonly string[], opts: SweepOptions, skipBusy: boolean,
): Promise<{ ids: number[]; busy: { county: string; error: Error }[] }> {
  const asOf = opts.asOf ?? chinaDate(new Date());
  try {
    return await ctx.database.db.transaction().execute(async (trx) => {
      const active = new Map((await activeSweeps(trx, counties)).map((r) => [r.region_code, r]));
      const live = counties.filter((c) => active.has(c) && !isStale(active.get(c)!));
      const refused = live.map((county) => ({ county, error: busy(active.get(county)!) }));
      if (live.length && !skipBusy) return { ids: [], busy: refused };
      const claimed = counties.filter((c) => !live.includes(c));
      const takenOver = claimed.flatMap((c) => (active.has(c) ? [active.get(c)!.id] : []));
      await touchSweeps(trx, takenOver, { status: 'queued' });
      const fresh = claimed.filter((c) => !active.has(c));
      const created = new Map((await insertSweeps(trx, fresh, { trigger: opts.trigger, mode: opts.mode, asOf, startedBy: opts.actor?.id ?? null }))
        .map((id, i) => [fresh[i]!, id]));
      return { ids: claimed.map((c) => active.get(c)?.id ?? created.get(c)!), busy: refused };
    });
  } catch (err) {
    // Two requests racing past the check: the unique index decides, the loser gets the same answer.
    if ((err as { code?: string }).code === '23505') {
      const active = await activeSweeps(ctx.database.db, counties);
      if (active[0]) throw busy(active[0]);
    }
    throw err;
  }
}

/**
 * Sweeps the counties together (incremental ones share pages) and waits for them; a county with a live sweep is left
 * out and reported with its 409 message. The nightly run.
 */
export async function sweepCountiesTogether(
  ctx: SweepCtx, counties: readonly string[], opts: SweepOptions,
): Promise<{ rows: SweepRow[]; busy: { county: string; error: string }[] }> {
  const { ids, busy } = await claim(ctx, counties, opts, true);
  await track(ctx.database, runSweeps(ctx, ids, opts.pageSize));
  return { rows: await getSweeps(ctx.database.db, ids), busy: busy.map((b) => ({ county: b.county, error: b.error.message })) };
}

/** The counties a sweep of a region covers: the county itself, or the counties below a city or province. */
export async function countiesFor(db: Db, regionCode: string): Promise<string[]> {
  const level = regionLevel(regionCode);
  if (level > 3) throw invalid('regionCode', '监测按县（区、市）进行，请选择县级及以上区域');
  if (level === 3) return [regionCode];
  return countiesIn(db, regionCode);
}

/** Sweeps one county and waits for it; 409 when the county already has a live sweep. */
export async function sweepCounty(ctx: SweepCtx, countyCode: string, opts: SweepOptions): Promise<SweepRow> {
  if (regionLevel(countyCode) !== 3) throw invalid('regionCode', '请指定县（区、市）');
  const [id] = await claimSweeps(ctx, [countyCode], opts);
  await track(ctx.database, runSweeps(ctx, [id!], opts.pageSize));
  return (await getSweep(ctx.database.db, id!))!;
}

/** Sweeps the counties under a region and waits for them: incremental ones together, full ones one at a time. */
export async function sweepRegion(ctx: SweepCtx, regionCode: string, opts: SweepOptions): Promise<SweepRow[]> {
  const counties = await countiesFor(ctx.database.db, regionCode);
  const ids = await claimSweeps(ctx, counties, opts);
  await track(ctx.database, runSweeps(ctx, ids, opts.pageSize));
  return getSweeps(ctx.database.db, ids);
}

/** Runs claimed sweeps one after another in the background (the HTTP request answers 202 at once). */
export function runSweepsInBackground(ctx: SweepCtx, ids: readonly number[], onError: (err: unknown) => void): void {
  track(ctx.database, runSweeps(ctx, ids)).catch(onError);
}

/** Takes over and finishes sweeps left running by a stopped process (nightly, and on demand). */
export async function resumeStaleSweeps(ctx: SweepCtx): Promise<number[]> {
  const rows = await ctx.database.db.selectFrom('monitoring_sweeps').select(['id', 'region_code', 'updated_at'])
    .where('status', 'in', ['queued', 'running']).execute();
  const stale = rows.filter(isStale);
  const ids: number[] = [];
  for (const r of stale) {
    try {
      ids.push(...await claimSweeps(ctx, [r.region_code], { trigger: 'scheduled', mode: 'incremental' }));
    } catch {
      // Taken over by someone else meanwhile.
    }
  }
  await track(ctx.database, runSweeps(ctx, ids));
  return ids;
}

async function runSweeps(ctx: SweepCtx, ids: readonly number[], pageSize = SWEEP_PAGE_SIZE): Promise<void> {
  if (!ids.length) return;
  const { db } = ctx.database;
  const rows = await getSweeps(db, ids);
  // Parameters and switches are small tables: read once for all the counties of the batch (their common region,
  // its ancestors and everything below it), not once per county.
  const around = commonRegion(rows.map((r) => r.region_code));
  const [params, settings, calendar, warningRows] = await Promise.all([
    parametersAround(db, around), ruleSettingsAround(db, around), loadWorkCalendar(db), plannedWarningRows(db),
  ]);
  const loaded = { params, settings, calendar, growth: new TableGrowth(warningRows) };
  const modes = await decideModes(db, rows, around);
  // Incremental sweeps of one date run together, their changed households in shared pages (a night's sweep of a
  // province touches a few households in each of its counties); full sweeps run one county at a time.
  const groups: SweepRow[][] = [];
  const together = new Map<string, SweepRow[]>();
  for (const r of rows) {
    if (modes.get(r.id) === 'full') {
      groups.push([r]);
    } else {
      let g = together.get(r.as_of);
      if (!g) together.set(r.as_of, (g = []));
      g.push(r);
    }
  }
  groups.unshift(...together.values());
  for (const [i, group] of groups.entries()) {
    const waiting = groups.slice(i + 1).flatMap((g) => g.map((r) => r.id));
    await runSweepGroup(ctx, group, modes.get(group[0]!.id)!, waiting, pageSize, loaded);
  }
  // PGlite has no autovacuum: what the run added since its last ANALYZE is analyzed at the end.
  if (ctx.database.kind === 'pglite') await loaded.growth.settle(db);
}

/** The fewest new warnings that renew the statistics (a table of a few hundred rows is planned well enough). */
const ANALYZE_MIN_ROWS = 500;

/**
 * Keeps the statistics of warnings and leads in step with a run that fills them. A first full sweep writes them much
 * faster than autovacuum analyzes them (at most once a minute, and PGlite has none). Planned from statistics of a
 * table a small fraction of its size, the page read looked for each household's open lead by walking `leads_pkey` in
 * id order and filtering on the household: 6,272 rows and 455 buffers a household, 0.43 s for a page of 500, and page
 * reads took 46 s of a 66 s full sweep of 200,000 persons. So the run analyzes warnings, leads and lead events each
 * time it has written as many warnings as the statistics knew of (and at least ANALYZE_MIN_ROWS): a doubling.
 */
class TableGrowth {
  private added = 0;
  constructor(private known: number) {}

  /** Counts a page's new warnings; analyzes when the table has doubled since the statistics were taken. */
  async add(db: Db, raised: number): Promise<void> {
    this.added += raised;
    if (this.added >= Math.max(ANALYZE_MIN_ROWS, this.known)) await this.settle(db);
  }

  /** Analyzes if anything was added since the last time. */
  async settle(db: Db): Promise<void> {
    if (this.added === 0) return;
    await analyzeSweepTables(db);
    this.known += this.added;
    this.added = 0;
  }
}

/**
 * Full or incremental for each sweep row asked to be incremental: full when the county was never swept completely,
 * or when a parameter the rules read (RULE_PARAMETER_KEYS) or a rule switch that applies in it (its own, its
 * ancestors' or its regions') was added or changed after its last completed sweep started, or came into or went out of
 * force between that sweep's date and this one's. Other parameters (lead deadlines, visit intervals) change no warning.
 */
async function decideModes(db: Db, rows: readonly SweepRow[], around: string): Promise<Map<number, SweepMode>> {
  const modes = new Map<number, SweepMode>(rows.map((r) => [r.id, r.mode as SweepMode]));
  const asked = rows.filter((r) => r.mode === 'incremental');
  if (!asked.length) return modes;
  const last = await lastDoneSweeps(db, asked.map((r) => r.region_code));
  const known = asked.filter((r) => last.has(r.region_code));
  for (const r of asked) if (!last.has(r.region_code)) modes.set(r.id, 'full');
  if (!known.length) return modes;
  const since = new Date(Math.min(...known.map((r) => last.get(r.region_code)!.started_at.getTime())));
  const fromDate = known.map((r) => last.get(r.region_code)!.as_of).sort()[0]!;
  const asOf = known.map((r) => r.as_of).sort().at(-1)!;
  const changes = await settingChangesAround(db, around, RULE_PARAMETER_KEYS, since, fromDate, asOf);
  for (const r of known) {
    const l = last.get(r.region_code)!;
    if (changes.some((c) => countyChanged(c, r.region_code, l, r.as_of))) modes.set(r.id, 'full');
  }
  return modes;
}

/** Whether a parameter or switch change applies to the county and falls after its last completed sweep. */
function countyChanged(c: SettingChange, county: string, last: { started_at: Date; as_of: string }, asOf: string): boolean {
  if (!regionAncestry(county).includes(c.regionCode) && !regionContains(county, c.regionCode)) return false;
  if (c.changedAt > last.started_at) return true;
  if (c.validFrom !== null && c.validFrom > last.as_of && c.validFrom <= asOf) return true;
  return c.validTo !== null && c.validTo >= last.as_of && c.validTo < asOf;
}

/** The smallest region containing all the codes (their longest common ancestor). */
function commonRegion(codes: readonly string[]): string {
  const first = codes[0]!;
  for (const candidate of regionAncestry(first).reverse()) {
    const { low, high } = regionRange(candidate);
    if (codes.every((c) => c >= low && c <= high)) return candidate;
  }
  return first;
}

// ---------------------------------------------------------------------------------------------------------------
// One county (full), or the counties of an incremental sweep together

interface Loaded { params: readonly PolicyParameter[]; settings: readonly RuleSetting[]; calendar: WorkCalendar; growth: TableGrowth }

const countyOf = (regionCode: string) => regionAncestorAt(regionCode, 3);

async function runSweepGroup(
  ctx: SweepCtx, rows: readonly SweepRow[], mode: SweepMode, waiting: readonly number[], pageSize: number, loaded: Loaded,
): Promise<void> {
  const { db } = ctx.database;
  const ids = rows.map((r) => r.id);
  try {
    const asOf = rows[0]!.as_of;
    const byCounty = new Map(rows.map((r) => [r.region_code, r]));
    // The group's own region (the county itself for a full sweep), so that listing and reading stay inside it.
    const region = commonRegion(rows.map((r) => r.region_code));
    // The households to evaluate are listed once, county by county; a resumed sweep continues after its last one.
    const after = new Map(rows.map((r) => [r.region_code, Number(r.last_household_id)]));
    const listed = (await sweepHouseholdIds(db, region, rows.map((r) => r.region_code), mode, asOf))
      .filter((h) => h.id > after.get(h.county)!);
    const remaining = new Map<string, number>(rows.map((r) => [r.region_code, 0]));
    for (const h of listed) remaining.set(h.county, remaining.get(h.county)! + 1);
    await startSweepRows(db, rows.map((r) => ({
      id: r.id, mode, householdsTotal: Number(r.last_household_id) > 0 ? null : remaining.get(r.region_code)!,
    })));
    // Counties with nothing (left) to evaluate are done without reading a page.
    await finishSweeps(db, rows.filter((r) => remaining.get(r.region_code) === 0).map((r) => r.id), 'done');

    const skipped = new Map(rows.map((r) => [r.id, { ...(r.skipped as Record<string, { count: number; reason: string }> | null ?? {}) }]));
    const evaluator = new Evaluator(loaded, asOf);
    // Each page is read and evaluated while the previous one is being written (the pages hold different households),
    // so the database works while the application computes; the writes of a page stay in one transaction.
    // The first page is a quarter of the others: the next one is being read and evaluated sooner.
    const ends: number[] = [];
    for (let end = Math.ceil(pageSize / 4); ; end += pageSize) {
      ends.push(Math.min(end, listed.length));
      if (end >= listed.length) break;
    }
    const preparePage = async (page: number) => {
      const pageIds = listed.slice(page > 0 ? ends[page - 1]! : 0, ends[page]);
      const read = await readSweepPage(db, region, pageIds.map((h) => h.id), asOf);
      // A household listed under one county that has moved to another since is left to that county's next sweep.
      const listedIn = new Map(pageIds.map((h) => [h.id, h.county]));
      const households = read.households.filter((h) => listedIn.get(h.id) === countyOf(h.region_code));
      return { pageIds, snapshotXmin: read.snapshotXmin, plan: await planPage(households, evaluator, byCounty) };
    };
    // A read ahead that fails while the current page is written surfaces where it is awaited (the sweep fails), and
    // one no longer wanted (stopping, or a failed page) not at all.
    let next = listed.length ? ahead(preparePage(0)) : null;
    for (let page = 0; page < ends.length && listed.length; page++) {
      if (tracker(ctx.database).stopping) return;
      const { pageIds, snapshotXmin, plan } = await next!;
      next = page + 1 < ends.length ? ahead(preparePage(page + 1)) : null;
      await db.transaction().execute(async (trx) => {
        const result = await writePage(trx, plan, evaluator);
        // Progress of each county in the page, counting the households listed (read or not).
        const progress: PageProgress[] = [];
        const inCounty = new Map<string, number[]>();
        for (const h of pageIds) {
          const list = inCounty.get(h.county);
          if (list) list.push(h.id);
          else inCounty.set(h.county, [h.id]);
        }
        for (const [code, mine] of inCounty) {
          const row = byCounty.get(code)!;
          const s = skipped.get(row.id)!;
          for (const [rule, x] of result.skipped.get(code) ?? []) {
            const prev = s[rule];
            s[rule] = { count: (prev?.count ?? 0) + x.count, reason: prev?.reason ?? x.reason };
          }
          const left = remaining.get(code)! - mine.length;
          remaining.set(code, left);
          progress.push({
            id: row.id, done: mine.length, lastHouseholdId: mine[mine.length - 1]!,
            ...(result.counts.get(code) ?? { raised: 0, closed: 0, leadsCreated: 0 }), skipped: s, finished: left === 0,
          });
        }
        // The page's households marked evaluated, their open warnings moved with them, the progress recorded, and the
        // sweeps queued behind kept fresh (so nobody takes them over as abandoned) — in one statement.
        const inPage = new Set(progress.map((x) => x.id));
        await finishPage(trx, result.rechecks, snapshotXmin, plan.moved, progress, [...waiting, ...ids.filter((id) => !inPage.has(id))]);
      });
      await loaded.growth.add(db, plan.inserts.length);
    }
    await finishSweeps(db, ids, 'done');
  } catch (err) {
    await finishSweeps(db, ids, 'failed', err instanceof Error ? err.message.slice(0, 500) : String(err));
    throw err;
  }
}

/** Builds the rules' facts from a page row and evaluates them; parameters and switches are loaded once per run. */
class Evaluator {
  private readonly enabled = new Map<string, Set<RuleKind>>();
  readonly today = chinaDate(new Date());
  readonly params: readonly PolicyParameter[];
  readonly settings: readonly RuleSetting[];
  readonly calendar: WorkCalendar;
  /** The ages at which a rule's outcome can change: adult, elderly, and the 高龄 ages of the parameters. */
  readonly ageThresholds: number[];
  constructor(loaded: Loaded, readonly asOf: string) {
    this.params = loaded.params;
    this.settings = loaded.settings;
    this.calendar = loaded.calendar;
    this.ageThresholds = [...new Set([...FIXED_AGE_THRESHOLDS, ...this.params.filter((p) => p.key === 'elderly_age_threshold').map((p) => Math.round(p.value))])];
  }

  enabledFor(regionCode: string): Set<RuleKind> {
    let s = this.enabled.get(regionCode);
    if (!s) this.enabled.set(regionCode, (s = enabledRulesFor(this.settings, regionCode)));
    return s;
  }

  /** The household's next recheck date (see `nextRecheckDate`). */
  recheck(row: SweepHouseholdRow, facts: HouseholdFacts): string | null {
    const spending = row.facts.filter((f) => f.source === 'medical' || f.source === 'education').map((f) => f.date);
    return nextRecheckDate(facts, spending, this.ageThresholds);
  }

  facts(row: SweepHouseholdRow): HouseholdFacts {
    const asOf = this.asOf;
    const deaths = new Map<number, string>();
    for (const f of row.facts) {
      if (f.source !== 'death') continue;
      const prev = deaths.get(f.memberId);
      if (!prev || f.date < prev) deaths.set(f.memberId, f.date);
    }
    const members: MemberFacts[] = row.members.map((m) => ({
      memberId: m.id, name: m.name, relation: m.relation as MemberFacts['relation'], birthDate: m.birthDate,
      health: m.health as MemberFacts['health'], disabilityType: m.disabilityType as MemberFacts['disabilityType'],
      disabilityGrade: m.disabilityGrade as MemberFacts['disabilityGrade'], selfCare: m.selfCare as MemberFacts['selfCare'],
      workAbility: m.workAbility as MemberFacts['workAbility'], tags: m.tags as MemberFacts['tags'],
      yearlyIncomeFen: Number(m.yearlyIncomeFen), pensionFen: Number(m.pensionFen),
      guardianRecorded: false, deathDate: deaths.get(m.id) ?? null, deathSource: deaths.has(m.id) ? '殡葬/公安死亡数据' : null,
    }));
    // Until the children module records guardians, a child counts as having one when another living member aged 18–79
    // who is not 失能 lives in the household: the rule then fires only for children with no such adult at home.
    for (const m of members) {
      m.guardianRecorded = members.some((o) => {
        if (o.memberId === m.memberId || !isLiving(o, asOf) || o.selfCare === 'dependent') return false;
        const age = ageOn(o.birthDate, asOf);
        return age >= 18 && age <= 79;
      });
    }
    const facts: DepartmentFact[] = row.facts.map((f) => ({
      source: f.source as DepartmentFact['source'], idNumber: '', name: null, date: f.date, amountFen: f.amountFen === null ? null : Number(f.amountFen), detail: {},
    }));
    return {
      householdId: row.id, regionCode: row.region_code, urbanRural: row.urban_rural as HouseholdFacts['urbanRural'],
      categories: (row.categories ?? []) as HouseholdCategory[], members,
      essentialSpending: essentialSpendingLast12Months(facts, asOf), asOf,
    };
  }
}

/** A fingerprint of a hit's reasons and trail, stored with the warning: the next evaluation compares fingerprints. */
const digestOf = (hit: RuleHit) => crypto.createHash('sha1').update(JSON.stringify([hit.reasons, hit.trail])).digest('base64');

const RULE_ORDER = new Map(RULE_KIND.schema.options.map((r, i) => [r, i]));

interface CountyCounts { raised: number; closed: number; leadsCreated: number }

/** Households evaluated between two yields to the event loop, so that the writes of the previous page go on meanwhile. */
const EVALUATE_CHUNK = 100;

/**
 * Evaluates a page and works out what to write: new warnings, changed reasons, warnings to close, recheck dates. It
 * yields to the event loop every EVALUATE_CHUNK households, so that it runs while the previous page is being written.
 */
async function planPage(page: readonly SweepHouseholdRow[], ev: Evaluator, sweeps: ReadonlyMap<string, { id: number }>) {
  const inserts: NewWarning[] = [];
  const updates: { id: number; reasons: unknown; trail: unknown; digest: string }[] = [];
  const closes: { id: number; reason: string; county: string }[] = [];
  const rechecks: { id: number; recheckOn: string | null }[] = [];
  /** Open warnings of a household that has moved to another village since they were raised: they move with it. */
  const moved: { id: number; regionCode: string }[] = [];
  const skipped = new Map<string, Map<string, { count: number; reason: string }>>();
  for (const [i, h] of page.entries()) {
    if (i > 0 && i % EVALUATE_CHUNK === 0) await yieldToEventLoop();
    const county = countyOf(h.region_code);
    const enabled = ev.enabledFor(h.region_code);
    const facts = ev.facts(h);
    const result = evaluateHousehold(facts, ev.params, enabled);
    rechecks.push({ id: h.id, recheckOn: ev.recheck(h, facts) });
    const skippedRules = new Set(result.skipped.map((s) => s.rule));
    let mine = skipped.get(county);
    if (!mine) skipped.set(county, (mine = new Map()));
    for (const s of result.skipped) {
      const prev = mine.get(s.rule);
      mine.set(s.rule, { count: (prev?.count ?? 0) + 1, reason: prev?.reason ?? s.reason });
    }
    const hits = new Map(result.hits.map((x) => [x.key, { hit: x, digest: digestOf(x) }]));
    const current = h.open_warnings;
    const openKeys = new Set(current.map((w) => w.key));
    for (const w of current) {
      if (w.region_code !== h.region_code) moved.push({ id: w.id, regionCode: h.region_code });
      const found = hits.get(w.key);
      if (found) {
        if (found.digest !== w.digest) updates.push({ id: w.id, reasons: found.hit.reasons, trail: found.hit.trail, digest: found.digest });
      } else if (!enabled.has(w.rule as RuleKind)) {
        closes.push({ id: w.id, reason: CLOSED_RULE_OFF, county });
      } else if (!skippedRules.has(w.rule as RuleKind)) {
        // A rule that could not be evaluated (a missing parameter) says nothing about the household: keep it open.
        closes.push({ id: w.id, reason: CLOSED_CLEARED, county });
      }
    }
    for (const { hit, digest } of hits.values()) {
      if (openKeys.has(hit.key)) continue;
      inserts.push({
        household_id: h.id, member_id: hit.memberId, region_code: h.region_code, rule: hit.rule, key: hit.key, reasons: hit.reasons, trail: hit.trail,
        digest, sweep_id: sweeps.get(county)?.id ?? null,
      });
    }
  }
  const openLeads = new Map(page.filter((h) => h.open_lead).map((h) => [h.id, h.open_lead!]));
  return { inserts, updates, closes, rechecks, moved, skipped, openLeads };
}

type PagePlan = Awaited<ReturnType<typeof planPage>>;

/** Writes what `planPage` worked out, in the page's transaction; returns the counts per county. */
async function writePage(trx: Db, p: PagePlan, ev: Evaluator) {
  const { inserts, updates, closes, rechecks, skipped, openLeads } = p;
  const leads = await leadsForNewWarnings(trx, inserts, ev, openLeads);
  await updateWarnings(trx, updates);
  await closeWarnings(trx, closes);
  const counts = new Map<string, CountyCounts>();
  const count = (regionCode: string) => {
    const key = countyOf(regionCode);
    let c = counts.get(key);
    if (!c) counts.set(key, (c = { raised: 0, closed: 0, leadsCreated: 0 }));
    return c;
  };
  for (const w of inserts) count(w.region_code).raised++;
  for (const w of closes) count(w.county).closed++;
  for (const l of leads) count(l.region_code).leadsCreated++;
  return { counts, skipped, rechecks };
}

/**
 * Writes the new warnings with their leads (except the rules in RULES_WITHOUT_LEADS): one lead per household, linked to all
 * its new warnings; when the household already has a lead that is not closed, the warnings are linked to that lead
 * instead. Ids are allocated first, so warnings, leads and events go in with one statement and no later update.
 */
async function leadsForNewWarnings(
  trx: Db, inserts: readonly NewWarning[], ev: Evaluator, existing: ReadonlyMap<number, { id: number; status: string; region_code: string }>,
): Promise<WarningLead[]> {
  const byHousehold = new Map<number, number[]>();
  inserts.forEach((w, i) => {
    if (RULES_WITHOUT_LEADS.includes(w.rule as RuleKind)) return;
    const list = byHousehold.get(w.household_id);
    if (list) list.push(i);
    else byHousehold.set(w.household_id, [i]);
  });
  const fresh = [...byHousehold.keys()].filter((h) => !existing.has(h));
  const ids = await allocateWarningIds(trx, inserts.length, fresh.length);
  const warnings = inserts.map((w, i) => ({ ...w, id: ids.warnings[i]!, lead_id: null as number | null }));
  const leadIds = new Map(fresh.map((h, i) => [h, ids.leads[i]!]));
  const events: LeadEventInsert[] = [];
  const leads: WarningLead[] = [];
  for (const [householdId, indexes] of byHousehold) {
    // Warnings of a household in rule order (ids follow the order they were allocated in).
    const ws = indexes.map((i) => warnings[i]!)
      .sort((a, b) => (RULE_ORDER.get(a.rule as RuleKind) ?? 0) - (RULE_ORDER.get(b.rule as RuleKind) ?? 0) || a.id - b.id);
    const lead = existing.get(householdId);
    if (lead) {
      for (const w of ws) {
        w.lead_id = lead.id;
        events.push({
          lead_id: lead.id, region_code: lead.region_code, action: 'link_warning', from_status: lead.status, to_status: lead.status,
          actor_id: null, detail: { warningId: w.id, rule: w.rule },
        });
      }
      continue;
    }
    const id = leadIds.get(householdId)!;
    for (const w of ws) w.lead_id = id;
    const first = ws[0]!;
    const deadline = leadDeadline({ status: 'pending', regionCode: first.region_code, createdOn: ev.today, contactedOn: null }, ev.params, ev.calendar);
    leads.push({
      id, region_code: first.region_code, township_code: regionAncestorAt(first.region_code, 4), household_id: householdId,
      member_id: first.member_id, warning_id: first.id, rule: first.rule,
      description: ws.map((w) => `【${RULE_KIND.labels[w.rule as RuleKind]}】${(w.reasons as string[]).join('；')}`).join('\n'),
      due_date: deadline?.due ?? null,
    });
    events.push({
      lead_id: id, region_code: first.region_code, action: 'create', from_status: null, to_status: 'pending', actor_id: null,
      detail: { source: 'warning', warningIds: ws.map((w) => w.id), rules: ws.map((w) => w.rule) },
    });
  }
  await insertWarningsAndLeads(trx, warnings, leads, events);
  return leads;
}
