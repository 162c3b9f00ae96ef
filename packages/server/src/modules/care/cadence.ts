import {
  activeCategories, ageOn, assessChild, assessElderly, cadenceDays, cadenceReason, CADENCE_KEYS, ELDERLY_MIN_AGE, periodOf, periodUnitFor,
  regionAncestry, regionLevel, regionRange, resolveParameter, shiftDate, type ElderlyTier, type HouseholdCategory, type PolicyKey,
  type PolicyParameter,
} from '@doudi/domain';
import { sql } from 'kysely';
import type { Db } from '../monitoring/queries.js';
import { toPolicyParameter } from '../policy/queries.js';

/**
 * Identification of the people in care (care_subjects) and the visit cadence (visit_tasks of kind elderly / child).
 * Both are incremental and idempotent: identifying twice changes nothing; generating a period's tasks twice adds
 * nothing (unique index visit_tasks_period_key on (member_id, kind, period)).
 */

const CADENCE_PARAMETER_KEYS: PolicyKey[] = [...Object.values(CADENCE_KEYS), 'elderly_age_threshold'];

/** Parameters that can apply anywhere inside `regionCode`: its ancestors' and its descendants'. */
export async function careParameters(db: Db, regionCode: string, keys: readonly PolicyKey[] = CADENCE_PARAMETER_KEYS): Promise<PolicyParameter[]> {
  const { low, high } = regionRange(regionCode);
  const rows = await db.selectFrom('policy_parameters').select(['region_code', 'key', 'value', 'valid_from', 'valid_to', 'source', 'demo'])
    .where('key', 'in', [...keys])
    .where((eb) => eb.or([eb('region_code', 'in', regionAncestry(regionCode)), eb('region_code', '>=', low).and('region_code', '<=', high)]))
    .execute();
  return rows.map(toPolicyParameter);
}

/**
 * The parameter scopes inside `regionCode`: the region itself and every region below it that sets one of the keys,
 * deepest first, each with the deeper scopes it must leave out. Lets one INSERT … SELECT per scope and tier use the
 * right cadence without a query per village.
 */
function scopes(params: readonly PolicyParameter[], regionCode: string, keys: readonly PolicyKey[]): { code: string; excluded: string[] }[] {
  const { low, high } = regionRange(regionCode);
  const below = [...new Set(params.filter((p) => keys.includes(p.key) && p.regionCode > regionCode && p.regionCode >= low && p.regionCode <= high).map((p) => p.regionCode))];
  const all = [regionCode, ...below];
  const inside = (outer: string, inner: string) => {
    if (outer === inner) return false;
    const r = regionRange(outer);
    return inner >= r.low && inner <= r.high;
  };
  return all.map((code) => ({ code, excluded: all.filter((other) => inside(code, other)) }));
}

function scopeWhere(scope: { code: string; excluded: string[] }) {
  const { low, high } = regionRange(scope.code);
  const parts = [sql`s.region_code BETWEEN ${low} AND ${high}`];
  for (const e of scope.excluded) {
    const r = regionRange(e);
    parts.push(sql`NOT (s.region_code BETWEEN ${r.low} AND ${r.high})`);
  }
  return sql.join(parts, sql` AND `);
}

// ---------------------------------------------------------------------------------------------------------------
// Identification

interface CandidateRow {
  member_id: number;
  household_id: number;
  region_code: string;
  birth_date: string;
  self_care: string;
  disability_grade: number | null;
  health: string;
  tags: string[];
  categories: unknown;
  household_size: number;
  youngest_birth: string;
}

interface Assessed {
  kind: 'elderly' | 'child';
  memberId: number;
  householdId: number;
  regionCode: string;
  tier: ElderlyTier | null;
  reasons: string[];
  categories: string[];
  hiv: boolean;
}

export interface IdentifyReport { elderly: number; children: number; added: number; updated: number; ended: number }

/**
 * Identifies the elderly people in special difficulty and the children in difficulty among the current members of
 * `regionCode` as of `asOf`, and brings care_subjects in step: new people added, changed tiers/reasons updated (a
 * staff override is kept), people no longer identified (or removed from the registry) ended. Subjects added by staff
 * (source manual) are never ended by this.
 */
export async function identifyRegion(db: Db, regionCode: string, asOf: string): Promise<IdentifyReport> {
  const { low, high } = regionRange(regionCode);
  const params = await careParameters(db, regionCode, ['elderly_age_threshold']);
  const candidates = await sql<CandidateRow>`
    WITH hh AS (
      SELECT household_id, count(*)::int AS household_size, max(birth_date) AS youngest_birth
      FROM members WHERE region_code BETWEEN ${low} AND ${high} AND removed_at IS NULL GROUP BY household_id
    )
    SELECT m.id AS member_id, m.household_id, m.region_code, to_char(m.birth_date, 'YYYY-MM-DD') AS birth_date, m.self_care,
           m.disability_grade, m.health, m.tags, h.categories, hh.household_size, to_char(hh.youngest_birth, 'YYYY-MM-DD') AS youngest_birth
    FROM members m JOIN hh ON hh.household_id = m.household_id JOIN households h ON h.id = m.household_id
    WHERE m.region_code BETWEEN ${low} AND ${high} AND m.removed_at IS NULL
      AND (m.birth_date <= ${asOf}::date - interval '60 years' OR m.birth_date > ${asOf}::date - interval '18 years')`.execute(db);

  const assessed: Assessed[] = [];
  for (const r of candidates.rows) {
    const age = ageOn(r.birth_date, asOf);
    const categories = activeCategories((r.categories ?? []) as HouseholdCategory[], asOf);
    if (age >= ELDERLY_MIN_AGE) {
      const threshold = resolveParameter(params, 'elderly_age_threshold', r.region_code, asOf)?.value ?? 80;
      const a = assessElderly({
        age, selfCare: r.self_care as 'independent', disabilityGrade: r.disability_grade, health: r.health, tags: r.tags,
        householdSize: r.household_size, allElderlyHousehold: ageOn(r.youngest_birth, asOf) >= ELDERLY_MIN_AGE, categories,
      }, threshold);
      if (a) assessed.push({ kind: 'elderly', memberId: r.member_id, householdId: r.household_id, regionCode: r.region_code, tier: a.tier, reasons: a.reasons, categories: [], hiv: false });
    } else {
      const c = assessChild({ age, tags: r.tags, disabilityGrade: r.disability_grade, health: r.health, categories });
      if (c) assessed.push({ kind: 'child', memberId: r.member_id, householdId: r.household_id, regionCode: r.region_code, tier: null, reasons: c.reasons, categories: c.categories, hiv: c.hiv });
    }
  }

  const existing = await db.selectFrom('care_subjects as s')
    .select(['s.id', 's.kind', 's.member_id', 's.household_id', 's.region_code', 's.computed_tier', 's.reasons', 's.categories', 's.hiv', 's.active', 's.source'])
    .where('s.region_code', '>=', low).where('s.region_code', '<=', high).execute();
  const byKey = new Map(existing.map((e) => [`${e.kind}:${e.member_id}`, e]));
  // People who moved into the region: their subject row is still under the old region code.
  const movedIn = assessed.filter((a) => !byKey.has(`${a.kind}:${a.memberId}`)).map((a) => a.memberId);
  for (let i = 0; i < movedIn.length; i += 5000) {
    const rows = await db.selectFrom('care_subjects')
      .select(['id', 'kind', 'member_id', 'household_id', 'region_code', 'computed_tier', 'reasons', 'categories', 'hiv', 'active', 'source'])
      .where('member_id', 'in', movedIn.slice(i, i + 5000)).execute();
    for (const e of rows) byKey.set(`${e.kind}:${e.member_id}`, e);
  }

  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const toWrite: Assessed[] = [];
  let added = 0;
  let updated = 0;
  const seen = new Set<string>();
  for (const a of assessed) {
    const key = `${a.kind}:${a.memberId}`;
    seen.add(key);
    const e = byKey.get(key);
    if (!e) { added++; toWrite.push(a); continue; }
    if (e.source === 'manual' && e.kind === 'child') {
      if (!e.active) { updated++; toWrite.push(a); }
      continue;
    }
    if (!e.active || e.computed_tier !== a.tier || e.region_code !== a.regionCode || e.household_id !== a.householdId
      || !same(e.reasons, a.reasons) || !same(e.categories, a.categories) || e.hiv !== a.hiv) {
      updated++;
      toWrite.push(a);
    }
  }
  const now = new Date();
  for (let i = 0; i < toWrite.length; i += 1000) {
    const chunk = toWrite.slice(i, i + 1000);
    await db.insertInto('care_subjects').values(chunk.map((a) => ({
      kind: a.kind, member_id: a.memberId, household_id: a.householdId, region_code: a.regionCode, computed_tier: a.tier, tier: a.tier,
      reasons: a.reasons, categories: a.categories, hiv: a.hiv, guardianship: a.kind === 'child' ? 'normal' : null,
    }))).onConflict((oc) => oc.columns(['member_id', 'kind']).doUpdateSet({
      household_id: sql`excluded.household_id`, region_code: sql`excluded.region_code`, computed_tier: sql`excluded.computed_tier`,
      tier: sql`CASE WHEN care_subjects.kind = 'elderly' THEN coalesce(care_subjects.tier_override, excluded.computed_tier) END`,
      reasons: sql`excluded.reasons`,
      // A child added or edited by staff keeps the staff's categories.
      categories: sql`CASE WHEN care_subjects.source = 'manual' THEN care_subjects.categories ELSE excluded.categories END`,
      hiv: sql`CASE WHEN care_subjects.source = 'manual' THEN care_subjects.hiv ELSE excluded.hiv END`,
      active: true, ended_at: null, updated_at: now, version: sql`care_subjects.version + 1`,
    })).execute();
  }
  const toEnd = existing.filter((e) => e.active && e.source === 'registry' && !seen.has(`${e.kind}:${e.member_id}`)).map((e) => e.id);
  for (let i = 0; i < toEnd.length; i += 5000) {
    await db.updateTable('care_subjects').set({ active: false, ended_at: now, updated_at: now, version: sql`version + 1` })
      .where('id', 'in', toEnd.slice(i, i + 5000)).execute();
  }
  return {
    elderly: assessed.filter((a) => a.kind === 'elderly').length, children: assessed.filter((a) => a.kind === 'child').length,
    added, updated, ended: toEnd.length,
  };
}

/** Identification county by county (a province or city is done one county at a time to keep memory bounded). */
export async function identifyAll(db: Db, regionCode: string, asOf: string): Promise<IdentifyReport> {
  const total: IdentifyReport = { elderly: 0, children: 0, added: 0, updated: 0, ended: 0 };
  const counties = regionLevel(regionCode) >= 3 ? [regionCode] : await countiesWithMembers(db, regionCode);
  for (const c of counties) {
    const r = await identifyRegion(db, c, asOf);
    for (const k of Object.keys(total) as (keyof IdentifyReport)[]) total[k] += r[k];
  }
  return total;
}

async function countiesWithMembers(db: Db, regionCode: string): Promise<string[]> {
  const { low, high } = regionRange(regionCode);
  const rows = await sql<{ county: string }>`
    SELECT DISTINCT substr(region_code, 1, 6) || '000000' AS county FROM households WHERE region_code BETWEEN ${low} AND ${high} ORDER BY 1`.execute(db);
  // Subjects of counties whose households all left still need ending.
  const subjects = await sql<{ county: string }>`
    SELECT DISTINCT substr(region_code, 1, 6) || '000000' AS county FROM care_subjects WHERE active AND region_code BETWEEN ${low} AND ${high}`.execute(db);
  return [...new Set([...rows.rows, ...subjects.rows].map((r) => r.county))].sort();
}

// ---------------------------------------------------------------------------------------------------------------
// Cadence

const STAFF_CTE = (low: string, high: string) => sql`
  staff AS (
    SELECT id, region_code, (row_number() OVER (PARTITION BY region_code ORDER BY id) - 1)::int AS rn,
           count(*) OVER (PARTITION BY region_code)::int AS n
    FROM users WHERE role = 'village_staff' AND NOT disabled AND region_code BETWEEN ${low} AND ${high}
  )`;

/**
 * Creates the due cadence tasks for the period containing `asOf` inside `regionCode`: each active elderly subject
 * gets one task for the period of its tier's interval (weekly / monthly / quarterly), each active child one for the
 * child interval. Elderly tasks go to a village worker of the person's village (round-robin by person when there are
 * several, none when there is none); child tasks go to the child's children's director. Idempotent.
 */
export async function generateCadenceTasks(db: Db, opts: { regionCode: string; asOf: string }): Promise<{ created: number; subjects: number }> {
  const { regionCode, asOf } = opts;
  return generateRegion(db, regionCode, asOf);
}

async function generateRegion(db: Db, regionCode: string, asOf: string): Promise<{ created: number; subjects: number }> {
  const { low, high } = regionRange(regionCode);
  const params = await careParameters(db, regionCode);
  let created = 0;
  for (const scope of scopes(params, regionCode, Object.values(CADENCE_KEYS))) {
    for (const who of ['high', 'key', 'general', 'child'] as const) {
      const days = cadenceDays(params, who, scope.code, asOf);
      const period = periodOf(periodUnitFor(days), asOf);
      const reason = cadenceReason(who, period.unit);
      const where = scopeWhere(scope);
      const result = who === 'child'
        ? await sql`
            INSERT INTO visit_tasks (kind, region_code, household_id, member_id, assignee_id, due_on, period, reason)
            SELECT 'child', s.region_code, s.household_id, s.member_id, s.director_id, ${period.end}::date, ${period.key}, ${reason}
            FROM care_subjects s
            WHERE s.kind = 'child' AND s.active AND ${where}
            ON CONFLICT (member_id, kind, period) WHERE period IS NOT NULL DO NOTHING`.execute(db)
        : await sql`
            WITH ${STAFF_CTE(low, high)}
            INSERT INTO visit_tasks (kind, region_code, household_id, member_id, assignee_id, due_on, period, reason)
            SELECT 'elderly', s.region_code, s.household_id, s.member_id, st.id, ${period.end}::date, ${period.key}, ${reason}
            FROM care_subjects s
            LEFT JOIN staff st ON st.region_code = s.region_code AND st.rn = (s.member_id % st.n)
            WHERE s.kind = 'elderly' AND s.active AND s.tier = ${who} AND ${where}
            ON CONFLICT (member_id, kind, period) WHERE period IS NOT NULL DO NOTHING`.execute(db);
      created += Number(result.numAffectedRows ?? 0);
    }
  }
  const count = await db.selectFrom('care_subjects').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('active', '=', true).where('region_code', '>=', low).where('region_code', '<=', high).executeTakeFirstOrThrow();
  return { created, subjects: Number(count.n) };
}

/**
 * A weather warning (寒潮、暴雪、低温……) for `regionCode`: a 'weather' task due the day after the warning starts
 * (within 24 h) for every active high-risk elderly person there. Idempotent per warning (period `weather-<id>`).
 */
export async function generateWeatherVisits(
  db: Db, opts: { warningId: number; regionCode: string; startsOn: string; endsOn: string; kindLabel: string },
): Promise<number> {
  const { low, high } = regionRange(opts.regionCode);
  const due = shiftDate(opts.startsOn, 1) > opts.endsOn ? opts.endsOn : shiftDate(opts.startsOn, 1);
  const result = await sql`
    WITH ${STAFF_CTE(low, high)}
    INSERT INTO visit_tasks (kind, region_code, household_id, member_id, assignee_id, due_on, period, reason)
    SELECT 'weather', s.region_code, s.household_id, s.member_id, st.id, ${due}::date, ${`weather-${opts.warningId}`},
           ${`${opts.kindLabel}预警加密探访（高风险老年人24小时内）`}
    FROM care_subjects s
    LEFT JOIN staff st ON st.region_code = s.region_code AND st.rn = (s.member_id % st.n)
    WHERE s.kind = 'elderly' AND s.active AND s.tier = 'high' AND s.region_code BETWEEN ${low} AND ${high}
    ON CONFLICT (member_id, kind, period) WHERE period IS NOT NULL DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** The village worker a task of `regionCode` for `memberId` goes to (same round-robin as the cadence). */
export async function villageWorkerFor(db: Db, regionCode: string, memberId: number): Promise<number | null> {
  const staff = await db.selectFrom('users').select('id').where('role', '=', 'village_staff').where('disabled', '=', false)
    .where('region_code', '=', regionCode).orderBy('id').execute();
  return staff.length ? staff[memberId % staff.length]!.id : null;
}

/** The task of a major change: kind elderly (or child), due the next day, period `change-<changeId>`. */
export async function insertMajorChangeTask(
  db: Db, s: { kind: string; member_id: number; household_id: number; region_code: string; director_id: number | null },
  changeId: number, occurredOn: string, label: string, today: string,
): Promise<{ id: number; dueOn: string }> {
  const assignee = s.kind === 'child' ? s.director_id : await villageWorkerFor(db, s.region_code, s.member_id);
  const dueOn = shiftDate(occurredOn > today ? occurredOn : today, 1);
  const row = await db.insertInto('visit_tasks').values({
    kind: s.kind, region_code: s.region_code, household_id: s.household_id, member_id: s.member_id, assignee_id: assignee,
    due_on: dueOn, period: `change-${changeId}`, reason: `重大变化（${label}）24小时内探访`,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, dueOn };
}
