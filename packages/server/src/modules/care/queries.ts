import {
  ageOn, type CareSubjectItem, type CareSubjectQuery, type CareTaskView, type ChildCategory, type ElderlyTier,
  type GuardianshipStatus, type OverdueQuery,
} from '@doudi/domain';
import { sql, type SqlBool } from 'kysely';
import { inJurisdiction, inRegion } from '../../auth/jurisdiction.js';
import type { Db } from '../monitoring/queries.js';

/** Reads of the care tables; every one filtered by the viewer's jurisdiction. */

type Viewer = { regionCode: string };
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function subjectSelect(db: Db, viewer: Viewer, asOf: string) {
  return db.selectFrom('care_subjects as s')
    .innerJoin('members as m', 'm.id', 's.member_id')
    .leftJoin('regions as r', 'r.code', 's.region_code')
    .leftJoin('users as d', 'd.id', 's.director_id')
    .where(inJurisdiction(viewer, 's.region_code'))
    .select([
      's.id', 's.kind', 's.member_id', 's.household_id', 's.region_code', 'r.name as region_name', 'm.name', 'm.gender',
      sql<string>`to_char(m.birth_date, 'YYYY-MM-DD')`.as('birth_date'), 'm.phone_masked', 's.tier', 's.computed_tier', 's.tier_override',
      's.override_reason', 's.reasons', 's.categories', 's.hiv', 's.active', 's.source', 's.guardian_name', 's.guardian_relation',
      's.guardian_phone_masked', 's.guardianship', 's.director_id', 'd.display_name as director_name', 's.pairing_helper',
      's.emergency_guardianship', sql<string | null>`to_char(s.emergency_guardianship_on, 'YYYY-MM-DD')`.as('emergency_guardianship_on'),
      's.emergency_guardianship_reason', 's.identified_at', 's.version',
      sql<number>`(SELECT count(*)::int FROM visit_tasks t WHERE t.member_id = s.member_id AND t.status = 'open')`.as('open_tasks'),
      sql<number>`(SELECT count(*)::int FROM visit_tasks t WHERE t.member_id = s.member_id AND t.status = 'open' AND t.due_on < ${asOf}::date)`.as('overdue_tasks'),
      sql<Date | null>`(SELECT max(v.visited_at) FROM visits v WHERE v.member_id = s.member_id)`.as('last_visit_at'),
    ]);
}

export type SubjectRow = Awaited<ReturnType<ReturnType<typeof subjectSelect>['executeTakeFirstOrThrow']>>;

export function toSubjectItem(r: SubjectRow, asOf: string): CareSubjectItem {
  return {
    id: r.id, kind: r.kind as 'elderly' | 'child', memberId: r.member_id, householdId: r.household_id, regionCode: r.region_code,
    regionName: r.region_name ?? r.region_code, name: r.name, gender: r.gender, birthDate: r.birth_date, age: ageOn(r.birth_date, asOf),
    phoneMasked: r.phone_masked, tier: r.tier as ElderlyTier | null, computedTier: r.computed_tier as ElderlyTier | null,
    tierOverridden: r.tier_override !== null, overrideReason: r.override_reason, reasons: r.reasons, categories: r.categories as ChildCategory[],
    hiv: r.hiv, active: r.active, source: r.source as 'registry' | 'manual', guardianName: r.guardian_name, guardianRelation: r.guardian_relation,
    guardianPhoneMasked: r.guardian_phone_masked, guardianship: r.guardianship as GuardianshipStatus | null, directorId: r.director_id,
    directorName: r.director_name ?? null, pairingHelper: r.pairing_helper, emergencyGuardianship: r.emergency_guardianship,
    emergencyGuardianshipOn: r.emergency_guardianship_on, emergencyGuardianshipReason: r.emergency_guardianship_reason,
    openTasks: r.open_tasks, overdueTasks: r.overdue_tasks, lastVisitAt: iso(r.last_visit_at), identifiedAt: iso(r.identified_at)!, version: r.version,
  };
}

export async function listSubjects(db: Db, viewer: Viewer & { id: number }, q: CareSubjectQuery, asOf: string): Promise<{ rows: SubjectRow[]; total: number }> {
  let base = subjectSelect(db, viewer, asOf).where('s.kind', '=', q.kind);
  if (q.regionCode) base = base.where(inRegion(q.regionCode, 's.region_code'));
  if (!q.includeInactive) base = base.where('s.active', '=', true);
  if (q.tier) base = base.where('s.tier', '=', q.tier);
  if (q.category) base = base.where(sql<SqlBool>`${q.category} = ANY(s.categories)`);
  if (q.guardianship) base = base.where('s.guardianship', '=', q.guardianship);
  if (q.emergencyGuardianship !== undefined) base = base.where('s.emergency_guardianship', '=', q.emergencyGuardianship);
  if (q.mine) base = base.where('s.director_id', '=', viewer.id);
  if (q.q) base = base.where('m.name', 'like', `${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  const [rows, count] = await Promise.all([
    base.orderBy(sql`CASE s.tier WHEN 'high' THEN 0 WHEN 'key' THEN 1 WHEN 'general' THEN 2 ELSE 3 END`).orderBy('s.region_code').orderBy('s.id')
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findSubject(db: Db, viewer: Viewer, id: number, asOf: string): Promise<SubjectRow | undefined> {
  return subjectSelect(db, viewer, asOf).where('s.id', '=', id).executeTakeFirst();
}

function taskSelect(db: Db, viewer: Viewer) {
  return db.selectFrom('visit_tasks as t')
    .leftJoin('members as m', 'm.id', 't.member_id')
    .leftJoin('households as h', 'h.id', 't.household_id')
    .leftJoin('regions as r', 'r.code', 't.region_code')
    .leftJoin('users as u', 'u.id', 't.assignee_id')
    .leftJoin('care_subjects as s', (j) => j.onRef('s.member_id', '=', 't.member_id').on(sql<SqlBool>`s.kind = CASE WHEN t.kind = 'child' THEN 'child' ELSE 'elderly' END`))
    .where(inJurisdiction(viewer, 't.region_code'))
    .select([
      't.id', 't.kind', 't.member_id', sql<string>`coalesce(m.name, h.head_name, '')`.as('person_name'), 't.region_code', 'r.name as region_name',
      's.tier', 't.period', 't.reason', sql<string>`to_char(t.due_on, 'YYYY-MM-DD')`.as('due_on'), 't.status', 't.assignee_id',
      'u.display_name as assignee_name', 't.visit_id', 't.done_at',
    ]);
}
type TaskRow = Awaited<ReturnType<ReturnType<typeof taskSelect>['executeTakeFirstOrThrow']>>;

export function toTaskView(r: TaskRow, asOf: string): CareTaskView {
  const overdueDays = r.status === 'open' && r.due_on < asOf
    ? Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${r.due_on}T00:00:00Z`)) / 86_400_000) : 0;
  return {
    id: r.id, kind: r.kind, memberId: r.member_id, personName: r.person_name, regionCode: r.region_code, regionName: r.region_name ?? r.region_code,
    tier: r.tier as ElderlyTier | null, period: r.period, reason: r.reason, dueOn: r.due_on, status: r.status, assigneeId: r.assignee_id,
    assigneeName: r.assignee_name ?? null, visitId: r.visit_id, doneAt: iso(r.done_at), overdueDays,
  };
}

export function tasksOfMember(db: Db, viewer: Viewer, memberId: number, limit = 50): Promise<TaskRow[]> {
  return taskSelect(db, viewer).where('t.member_id', '=', memberId).orderBy('t.due_on', 'desc').orderBy('t.id', 'desc').limit(limit).execute();
}

export function findTask(db: Db, viewer: Viewer, id: number): Promise<TaskRow | undefined> {
  return taskSelect(db, viewer).where('t.id', '=', id).executeTakeFirst();
}

/** Open cadence (and major-change / weather) tasks due before `asOf`, oldest first. */
export async function overdueTasks(db: Db, viewer: Viewer, q: OverdueQuery, asOf: string): Promise<{ rows: TaskRow[]; total: number }> {
  let base = taskSelect(db, viewer).where('t.status', '=', 'open').where('t.due_on', '<', asOf)
    .where('t.kind', 'in', q.kind ? [q.kind] : ['elderly', 'child', 'weather']).where('t.member_id', 'is not', null);
  if (q.regionCode) base = base.where(inRegion(q.regionCode, 't.region_code'));
  const [rows, count] = await Promise.all([
    base.orderBy('t.due_on').orderBy('t.id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

