import {
  activeCategories, maskIdNumber, maskPhone, type HouseholdCategory, type MemberData,
} from '@doudi/domain';
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { FieldCrypto } from '../../crypto/fieldCrypto.js';
import type { DB, HouseholdsTable, MembersTable } from '../../db/schema.js';
import { namePinyin } from './pinyin.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Asia/Shanghai calendar date of now. */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The stored form of a member: protected fields sealed, blind-indexed and masked; pinyin for search. */
export function memberValues(
  fc: FieldCrypto, m: MemberData, household: { id: number; regionCode: string },
): Insertable<MembersTable> {
  const py = namePinyin(m.name);
  return {
    household_id: household.id,
    region_code: household.regionCode,
    name: m.name,
    name_pinyin: py.full,
    name_initials: py.initials,
    relation: m.relation,
    ...idNumberValues(fc, m.idNumber),
    gender: m.gender,
    birth_date: m.birthDate,
    health: m.health,
    disability_type: m.disabilityType,
    disability_grade: m.disabilityGrade,
    work_ability: m.workAbility,
    self_care: m.selfCare,
    school_or_employer: m.schoolOrEmployer,
    yearly_income_fen: m.yearlyIncome,
    pension_fen: m.pension,
    pension_insurance: m.pensionInsurance,
    medical_insurance: m.medicalInsurance,
    ...phoneValues(fc, m.phone),
    tags: [...new Set(m.tags)],
  };
}

export function idNumberValues(fc: FieldCrypto, idNumber: string) {
  return { id_number_enc: fc.encrypt(idNumber), id_number_hash: fc.blindIndex('id', idNumber), id_number_masked: maskIdNumber(idNumber) };
}

export function phoneValues(fc: FieldCrypto, phone: string | null) {
  return phone
    ? { phone_enc: fc.encrypt(phone), phone_hash: fc.blindIndex('phone', phone), phone_masked: maskPhone(phone) }
    : { phone_enc: null, phone_hash: null, phone_masked: null };
}

/** A household's stored survey-form columns and derived figures, as read back by the import and the exports. */
export interface HouseholdFormRow {
  id: number;
  region_code: string;
  urban_rural: string;
  hukou_address: string;
  residence_address: string;
  poverty_reasons: string[];
  categories: unknown;
  assistance: unknown;
  person_categories: string[];
  cash_deposits_fen: number;
  housing: unknown;
  vehicles: unknown;
  other_assets: string;
  needs: string;
  surveyed_by: string;
  surveyed_on: string | null;
  member_count: number;
  income_per_head_fen: number;
}

/** Household columns from the survey-form fields (not the derived member figures, see refreshHouseholds). */
export function householdValues(
  h: {
    regionCode: string; urbanRural: string; hukouAddress: string; residenceAddress: string; povertyReasons: string[];
    categories: HouseholdCategory[]; assistance: unknown[]; personCategories: string[]; cashDeposits: number;
    housing: unknown[]; vehicles: unknown[]; otherAssets: string; needs: string; surveyedBy: string; surveyedOn: string | null;
  },
  today = todayInChina(),
): Omit<Insertable<HouseholdsTable>, 'created_by' | 'import_batch_id'> {
  return {
    region_code: h.regionCode,
    urban_rural: h.urbanRural,
    hukou_address: h.hukouAddress,
    residence_address: h.residenceAddress,
    poverty_reasons: [...new Set(h.povertyReasons)],
    categories: JSON.stringify(h.categories),
    category_kinds: [...new Set(activeCategories(h.categories, today))],
    assistance: JSON.stringify(h.assistance),
    person_categories: [...new Set(h.personCategories)],
    cash_deposits_fen: h.cashDeposits,
    housing: JSON.stringify(h.housing),
    vehicles: JSON.stringify(h.vehicles),
    other_assets: h.otherAssets,
    needs: h.needs,
    surveyed_by: h.surveyedBy,
    surveyed_on: h.surveyedOn,
  };
}

/**
 * Recomputes the figures a household derives from its current members — head, member count, yearly income,
 * monthly income per head (rounded down to the fen, as `monthlyIncomePerHead`), union of member tags — in one
 * statement for any number of households (a form save or a whole import batch).
 */
export async function refreshHouseholds(db: Db, householdIds: readonly number[]): Promise<void> {
  if (householdIds.length === 0) return;
  // One LATERAL probe of members by household_id per household: the plan does not depend on fresh statistics
  // (right after a bulk load a join could otherwise scan the whole members table per household).
  await sql`
    UPDATE households h SET
      member_count = s.n,
      yearly_income_fen = s.income,
      income_per_head_fen = CASE WHEN s.n > 0 THEN floor(s.income::numeric / 12 / s.n) ELSE 0 END,
      head_name = coalesce(s.head_name, ''),
      head_id_masked = coalesce(s.head_id_masked, ''),
      member_tags = s.tags
    FROM (
      SELECT ids.id, agg.*,
        coalesce((SELECT array_agg(DISTINCT t ORDER BY t) FROM members m2, unnest(m2.tags) t
                  WHERE m2.household_id = ids.id AND m2.removed_at IS NULL), '{}') AS tags
      FROM unnest(${sql.val([...householdIds])}::bigint[]) AS ids(id)
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS n,
          coalesce(sum(m.yearly_income_fen + m.pension_fen), 0)::bigint AS income,
          min(m.name) FILTER (WHERE m.relation = 'head') AS head_name,
          min(m.id_number_masked) FILTER (WHERE m.relation = 'head') AS head_id_masked
        FROM members m WHERE m.household_id = ids.id AND m.removed_at IS NULL
      ) agg
    ) s
    WHERE h.id = s.id`.execute(db);
}
