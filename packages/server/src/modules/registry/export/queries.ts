import { PolicyKey, type PolicyParameter } from '@doudi/domain';
import { sql, type Kysely } from 'kysely';
import { inRegion } from '../../../auth/jurisdiction.js';
import type { DB } from '../../../db/schema.js';
import type { HouseholdFormRow } from '../rows.js';
import { toPolicyParameter } from '../../policy/queries.js';

/**
 * The export module's SQL: households of a region read in keyset pages of (region_code, id) — the order of the
 * form, and the index households_region_filters_idx — so an export never holds more than one page of the registry.
 */

export interface Cursor {
  regionCode: string;
  id: number;
}

export interface SummaryRow {
  id: number;
  region_code: string;
  urban_rural: string;
  hukou_address: string;
  poverty_reasons: string[];
  categories: unknown;
  member_count: number;
  income_per_head_fen: number;
  head_name: string | null;
  head_gender: string | null;
  head_id_enc: Uint8Array | null;
  head_phone_enc: Uint8Array | null;
}

/** A page of a region's households with their head (the 附件3 row). */
export async function summaryPage(db: Kysely<DB>, regionCode: string, after: Cursor | null, limit: number): Promise<SummaryRow[]> {
  const r = await sql<SummaryRow>`
    SELECT h.id, h.region_code, h.urban_rural, h.hukou_address, h.poverty_reasons, h.categories, h.member_count,
      h.income_per_head_fen, m.name AS head_name, m.gender AS head_gender, m.id_number_enc AS head_id_enc, m.phone_enc AS head_phone_enc
    FROM households h
    LEFT JOIN LATERAL (
      SELECT name, gender, id_number_enc, phone_enc FROM members
      WHERE household_id = h.id AND relation = 'head' AND removed_at IS NULL ORDER BY id LIMIT 1
    ) m ON true
    WHERE ${inRegion(regionCode, 'h.region_code')}
      ${after ? sql`AND (h.region_code, h.id) > (${after.regionCode}, ${after.id})` : sql``}
    ORDER BY h.region_code, h.id
    LIMIT ${limit}`.execute(db);
  return r.rows;
}

export interface HouseholdExportRow extends HouseholdFormRow {
  region_name: string | null;
  township_name: string | null;
}

export async function householdPage(db: Kysely<DB>, regionCode: string, after: Cursor | null, limit: number): Promise<HouseholdExportRow[]> {
  const r = await sql<HouseholdExportRow>`
    SELECT h.id, h.region_code, v.name AS region_name, t.name AS township_name, h.urban_rural, h.hukou_address, h.residence_address,
      h.poverty_reasons, h.categories, h.assistance, h.person_categories, h.cash_deposits_fen, h.housing, h.vehicles, h.other_assets,
      h.needs, h.surveyed_by, h.surveyed_on, h.member_count, h.income_per_head_fen
    FROM households h
    LEFT JOIN regions v ON v.code = h.region_code
    LEFT JOIN regions t ON t.code = rpad(left(h.region_code, 9), 12, '0')
    WHERE ${inRegion(regionCode, 'h.region_code')}
      ${after ? sql`AND (h.region_code, h.id) > (${after.regionCode}, ${after.id})` : sql``}
    ORDER BY h.region_code, h.id
    LIMIT ${limit}`.execute(db);
  return r.rows;
}

export interface MemberExportRow {
  id: number;
  household_id: number;
  name: string;
  relation: string;
  id_number_enc: Uint8Array;
  gender: string;
  birth_date: string;
  health: string;
  disability_type: string | null;
  disability_grade: number | null;
  work_ability: string;
  self_care: string;
  school_or_employer: string;
  yearly_income_fen: number;
  pension_fen: number;
  pension_insurance: string;
  medical_insurance: string;
  phone_enc: Uint8Array | null;
  tags: string[];
}

/** Current members of these households, the head first. */
export async function membersOf(db: Kysely<DB>, householdIds: readonly number[]): Promise<MemberExportRow[]> {
  if (householdIds.length === 0) return [];
  const r = await sql<MemberExportRow>`
    SELECT id, household_id, name, relation, id_number_enc, gender, birth_date, health, disability_type, disability_grade,
      work_ability, self_care, school_or_employer, yearly_income_fen, pension_fen, pension_insurance, medical_insurance, phone_enc, tags
    FROM members
    WHERE household_id = ANY(${sql.val([...householdIds])}::bigint[]) AND removed_at IS NULL
    ORDER BY household_id, (relation <> 'head'), id`.execute(db);
  return r.rows;
}

export async function countMembers(db: Kysely<DB>, regionCode: string): Promise<number> {
  const r = await db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n'))
    .where(inRegion(regionCode, 'region_code')).where('removed_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every 低保 standard and edge multiplier (a small table): resolved per household with `resolveParameter`. */
export async function allStandards(db: Kysely<DB>): Promise<PolicyParameter[]> {
  const rows = await db.selectFrom('policy_parameters').selectAll().where('key', 'in', PolicyKey.options).execute();
  return rows.map(toPolicyParameter);
}
