import { POLICY_KEY_LABELS, regionAncestry, weekdayName, workCalendar, type CalendarDay, type CalendarDayKind, type CalendarYearView, type WorkCalendar, type PolicyKey, type PolicyParameter, type PolicyParameterView } from '@doudi/domain';
import type { Kysely, Transaction } from 'kysely';
import { inJurisdiction } from '../../auth/jurisdiction.js';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Parameters a user may read: those set for their own region or a region above it (they apply to the user's work)
 * and those set inside their jurisdiction. Policy numbers are published rules, not personal data.
 */
function visible(db: Db, viewer: { regionCode: string }) {
  return db
    .selectFrom('policy_parameters')
    .leftJoin('regions', 'regions.code', 'policy_parameters.region_code')
    .where((eb) => eb.or([eb('policy_parameters.region_code', 'in', regionAncestry(viewer.regionCode)), inJurisdiction(viewer, 'policy_parameters.region_code')]))
    .selectAll('policy_parameters')
    .select('regions.name as region_name');
}

type Row = Awaited<ReturnType<ReturnType<typeof visible>['executeTakeFirstOrThrow']>>;

/** The columns of a stored parameter that the rules read. */
export interface ParameterRow {
  region_code: string; key: string; value: string; valid_from: string; valid_to: string | null; source: string; demo: boolean;
}

/** A stored parameter as the domain's rules take it (numeric comes back as a string). */
export function toPolicyParameter(r: ParameterRow): PolicyParameter {
  return {
    regionCode: r.region_code, key: r.key as PolicyKey, value: Number(r.value), validFrom: r.valid_from, validTo: r.valid_to,
    source: r.source, demo: r.demo,
  };
}

export function toView(r: Row): PolicyParameterView {
  const key = r.key as PolicyKey;
  return {
    id: r.id,
    regionCode: r.region_code,
    regionName: r.region_name ?? r.region_code,
    key,
    label: POLICY_KEY_LABELS[key].zh,
    unit: POLICY_KEY_LABELS[key].unit,
    value: Number(r.value),
    validFrom: r.valid_from,
    validTo: r.valid_to,
    source: r.source,
    demo: r.demo,
  };
}

export async function listParameters(db: Db, viewer: { regionCode: string }, q: { key?: PolicyKey | undefined }): Promise<Row[]> {
  let query = visible(db, viewer);
  if (q.key) query = query.where('policy_parameters.key', '=', q.key);
  return query.orderBy('policy_parameters.key').orderBy('policy_parameters.region_code').orderBy('policy_parameters.valid_from', 'desc').execute();
}

export function findParameter(db: Db, viewer: { regionCode: string }, id: number): Promise<Row | undefined> {
  return visible(db, viewer).where('policy_parameters.id', '=', id).executeTakeFirst();
}

/** Another parameter of the same region and key whose period overlaps [from, to]. */
export function findOverlap(
  db: Db, p: { regionCode: string; key: string; validFrom: string; validTo: string | null; exceptId?: number },
): Promise<{ id: number; valid_from: string; valid_to: string | null } | undefined> {
  let q = db.selectFrom('policy_parameters').select(['id', 'valid_from', 'valid_to'])
    .where('region_code', '=', p.regionCode).where('key', '=', p.key)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', p.validFrom)]));
  if (p.validTo !== null) q = q.where('valid_from', '<=', p.validTo);
  if (p.exceptId !== undefined) q = q.where('id', '!=', p.exceptId);
  return q.executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------------------------
// The working-day calendar (national: every user reads the same one)

/** Every entered holiday and 调休上班日 (a few dozen a year), for deadlines counted in working days. */
export async function loadWorkCalendar(db: Db): Promise<WorkCalendar> {
  const rows = await db.selectFrom('work_calendar_days').select(['day', 'kind']).execute();
  return workCalendar(rows.map((r) => ({ date: r.day, kind: r.kind as CalendarDayKind })));
}

export async function calendarYear(db: Db, year: number): Promise<CalendarYearView> {
  const [head, days] = await Promise.all([
    db.selectFrom('work_calendar_years as y').leftJoin('users as u', 'u.id', 'y.updated_by')
      .select(['y.source', 'y.updated_at', 'u.display_name']).where('y.year', '=', year).executeTakeFirst(),
    db.selectFrom('work_calendar_days').select(['day', 'kind', 'name'])
      .where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).orderBy('day').execute(),
  ]);
  return {
    year, source: head?.source ?? null,
    days: days.map((d) => ({ date: d.day, kind: d.kind as CalendarDayKind, name: d.name, weekday: weekdayName(d.day) })),
    updatedAt: head ? new Date(head.updated_at).toISOString() : null,
    updatedBy: head?.display_name ?? null,
  };
}

/** Replaces a year's days and its source (in the caller's transaction). */
export async function replaceCalendarYear(db: Db, year: number, source: string, days: readonly CalendarDay[], userId: number): Promise<void> {
  await db.deleteFrom('work_calendar_days').where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).execute();
  await db.insertInto('work_calendar_days').values(days.map((d) => ({ day: d.date, kind: d.kind, name: d.name }))).execute();
  await db.insertInto('work_calendar_years').values({ year, source, updated_by: userId, updated_at: new Date() })
    .onConflict((oc) => oc.column('year').doUpdateSet({ source, updated_by: userId, updated_at: new Date() })).execute();
}
