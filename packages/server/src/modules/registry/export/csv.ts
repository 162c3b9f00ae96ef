import {
  activeCategories, CATEGORY_KIND, EXPORT_ONLY_HEADINGS, formatYuan, TEMPLATE_COLUMNS, templateCellText,
  type HouseholdCategory, type HouseholdFields, type MemberData,
} from '@doudi/domain';
import type { Kysely } from 'kysely';
import type { FieldCrypto } from '../../../crypto/fieldCrypto.js';
import type { DB } from '../../../db/schema.js';
import { csvLine } from '../import/csv.js';
import { householdPage, membersOf, type Cursor, type HouseholdExportRow, type MemberExportRow } from './queries.js';

/**
 * The full registry of a region as CSV: one line per current member with every household and member field, labels
 * in Chinese, full ID numbers and phones. The columns are the import template's (户编号 = the household's number), so
 * the file can be edited and imported again; a few read-only columns follow. UTF-8 with BOM and CRLF, as WPS and
 * Excel expect. Produced page by page of households (keyset on region and id): never the whole registry in memory.
 */

const PAGE = 1_000;

const asList = <T>(v: unknown): T[] => (typeof v === 'string' ? (JSON.parse(v) as T[]) : ((v as T[] | null) ?? []));

function lineOf(fc: FieldCrypto, h: HouseholdExportRow, m: MemberExportRow, today: string): string {
  const household: HouseholdFields = {
    regionCode: h.region_code, urbanRural: h.urban_rural as HouseholdFields['urbanRural'], hukouAddress: h.hukou_address,
    residenceAddress: h.residence_address, povertyReasons: h.poverty_reasons as HouseholdFields['povertyReasons'],
    categories: asList(h.categories), assistance: asList(h.assistance), personCategories: h.person_categories as HouseholdFields['personCategories'],
    cashDeposits: h.cash_deposits_fen, housing: asList(h.housing), vehicles: asList(h.vehicles), otherAssets: h.other_assets,
    needs: h.needs, surveyedBy: h.surveyed_by, surveyedOn: h.surveyed_on,
  };
  const member: Omit<MemberData, 'idNumber' | 'phone'> = {
    name: m.name, relation: m.relation as MemberData['relation'], gender: m.gender as MemberData['gender'], birthDate: m.birth_date,
    health: m.health as MemberData['health'], disabilityType: m.disability_type as MemberData['disabilityType'],
    disabilityGrade: m.disability_grade, workAbility: m.work_ability as MemberData['workAbility'], selfCare: m.self_care as MemberData['selfCare'],
    schoolOrEmployer: m.school_or_employer, yearlyIncome: m.yearly_income_fen, pension: m.pension_fen,
    pensionInsurance: m.pension_insurance as MemberData['pensionInsurance'], medicalInsurance: m.medical_insurance as MemberData['medicalInsurance'],
    tags: m.tags as MemberData['tags'],
  };
  const values = TEMPLATE_COLUMNS.map((c) => {
    switch (c.field) {
      case 'householdKey': return String(h.id);
      case 'idNumber': return fc.decrypt(Buffer.from(m.id_number_enc));
      case 'phone': return m.phone_enc ? fc.decrypt(Buffer.from(m.phone_enc)) : '';
      default:
        return templateCellText(c.field, c.scope === 'household'
          ? household[c.field as keyof HouseholdFields]
          : member[c.field as keyof typeof member]);
    }
  });
  const active = activeCategories(household.categories as HouseholdCategory[], today);
  values.push(
    `${h.township_name ?? ''}${h.region_name ?? h.region_code}`,
    String(h.member_count),
    formatYuan(h.income_per_head_fen).replace(/,/g, ''),
    active.map((k) => CATEGORY_KIND.labels[k]).join('、'),
  );
  return csvLine(values);
}

export function csvHeader(): string {
  return `\ufeff${csvLine([...TEMPLATE_COLUMNS.map((c) => c.heading), ...EXPORT_ONLY_HEADINGS])}`;
}

/** The CSV text in pieces of about one page of households. */
export async function* registryCsv(db: Kysely<DB>, fc: FieldCrypto, regionCode: string, today: string): AsyncGenerator<string> {
  yield csvHeader();
  let cursor: Cursor | null = null;
  for (;;) {
    const households = await householdPage(db, regionCode, cursor, PAGE);
    if (households.length === 0) return;
    const last = households[households.length - 1]!;
    cursor = { regionCode: last.region_code, id: last.id };
    const byHousehold = new Map<number, MemberExportRow[]>();
    for (const m of await membersOf(db, households.map((h) => h.id))) {
      const list = byHousehold.get(m.household_id);
      if (list) list.push(m);
      else byHousehold.set(m.household_id, [m]);
    }
    let text = '';
    for (const h of households) for (const m of byHousehold.get(h.id) ?? []) text += lineOf(fc, h, m, today);
    if (text) yield text;
  }
}
