import {
  buildVillageIndex, canAccessRegion, cellText, describeRegistryValue, dropRepeatedIdNumbers, fieldLabel, findVillageByName, formatYuan,
  importIssue, parseSummaryRow, villageShortName, parseTemplateHousehold, regionAncestry,
  type HouseholdCategory, type HouseholdField, type HouseholdFields, type ImportIssue, type MemberField, type ParsedHousehold,
  type ParsedMember, type RawRow, type VillageResolution,
} from '@doudi/domain';
import type { FieldCrypto } from '../../../crypto/fieldCrypto.js';
import type { DatabaseKind } from '../../../db/connection.js';
import { ahead, yieldToEventLoop } from '../../../jobs/overlap.js';
import type { ImportSheet } from './parse.js';
import {
  householdsById, membersByIdHash, regionsByCode, regionsInScope,
  type Db, type ExistingHousehold, type ExistingMember, type ImportScope, type RegionName,
} from './queries.js';

/**
 * From rows to a plan: every household of the file validated (domain rules), its village resolved inside the
 * importer's jurisdiction, and then compared, by ID number, with what the registry holds — create, update (only the
 * fields the file gave) or leave unchanged. Nothing here writes.
 */

export interface Analysis {
  households: ParsedHousehold[];
  issues: ImportIssue[];
  totalRows: number;
}

const inScope = (scope: ImportScope, code: string) => scope.regionCode === null || canAccessRegion({ regionCode: scope.regionCode }, code);

/** Resolves every distinct village text of the file with two queries at most. */
async function villageResolver(db: Db, scope: ImportScope, texts: ReadonlySet<string>): Promise<(text: string) => VillageResolution> {
  const codes = [...texts].map((t) => t.trim()).filter((t) => /^\d{12}$/.test(t));
  const wanted = new Set<string>();
  for (const c of codes) for (const a of regionAncestry(c)) wanted.add(a);
  const byCode = new Map((await regionsByCode(db, [...wanted])).map((r) => [r.code, r]));
  const pathOf = (code: string, names: ReadonlyMap<string, RegionName>) =>
    regionAncestry(code).slice(0, -1).map((a) => names.get(a)?.name ?? '').join('');

  let index: ReturnType<typeof buildVillageIndex> | null = null;
  if (codes.length < texts.size) {
    const regions = await regionsInScope(db, scope);
    const names = new Map(regions.map((r) => [r.code, r]));
    index = buildVillageIndex(regions.filter((r) => r.level === 5 && inScope(scope, r.code)).map((r) => ({
      code: r.code, name: r.name, path: pathOf(r.code, names), township: names.get(regionAncestry(r.code)[3]!)?.name ?? '',
    })));
  }
  const memo = new Map<string, VillageResolution>();
  return (text) => {
    let r = memo.get(text);
    if (r) return r;
    const t = text.trim();
    if (/^\d{12}$/.test(t)) {
      const region = byCode.get(t);
      if (!region) r = { ok: false, message: `区划代码 ${t} 不存在` };
      else if (region.level !== 5) r = { ok: false, message: `「${region.name}」（${t}）不是村（社区）级区划，请填写村（社区）的12位代码` };
      else if (!inScope(scope, t)) r = { ok: false, message: `「${region.name}」（${t}）不在您的管辖范围内` };
      else r = { ok: true, code: t, address: pathOf(t, byCode) + villageShortName(region.name) };
    } else {
      r = findVillageByName(t, index!);
    }
    memo.set(text, r);
    return r;
  };
}

/** Validates the rows of a sheet into households (no comparison with the registry yet). */
export async function analyse(db: Db, scope: ImportScope, sheet: ImportSheet, today: string): Promise<Analysis> {
  const { header, rows } = sheet;
  const issues: ImportIssue[] = [];
  if (header.unknown.length) {
    issues.push(importIssue(sheet.headerRow, '', `以下列未识别，已忽略：${header.unknown.map((h) => `「${h}」`).join('')}`, 'warning'));
  }
  const villageColumn = header.columns.get(header.layout === 'template' ? 'regionCode' : 'hukou');
  const texts = new Set<string>();
  if (villageColumn !== undefined) {
    for (const r of rows) {
      const t = cellText(r.cells[villageColumn]);
      if (t) texts.add(t);
    }
  }
  const resolve = await villageResolver(db, scope, texts);
  const parsed: ParsedHousehold[] = [];
  if (header.layout === 'template') {
    const keyColumn = header.columns.get('householdKey')!;
    const groups = new Map<string, RawRow[]>();
    for (const r of rows) {
      const key = cellText(r.cells[keyColumn]);
      if (!key) {
        issues.push(importIssue(r.row, header.headings.get('householdKey') ?? '户编号', '请填写户编号（同一户的成员填写相同的户编号）'));
        continue;
      }
      const g = groups.get(key);
      if (g) g.push(r);
      else groups.set(key, [r]);
    }
    for (const [key, group] of groups) {
      const res = parseTemplateHousehold(key, group, header, resolve, today);
      issues.push(...res.issues);
      if (res.household) parsed.push(res.household);
    }
  } else {
    for (const r of rows) {
      const res = parseSummaryRow(r, header, resolve, today);
      issues.push(...res.issues);
      if (res.household) parsed.push(res.household);
    }
  }
  const deduped = dropRepeatedIdNumbers(parsed);
  issues.push(...deduped.issues);

  // Warning only: an ID number's area code that the current region table lacks (old codes are still valid IDs).
  const areas = new Set<string>();
  for (const h of deduped.households) for (const m of h.members) areas.add(m.data.idNumber.slice(0, 6));
  const known = new Set((await regionsByCode(db, [...areas].map((a) => `${a}000000`))).map((r) => r.code.slice(0, 6)));
  for (const h of deduped.households) {
    for (const m of h.members) {
      const area = m.data.idNumber.slice(0, 6);
      if (!known.has(area)) {
        issues.push(importIssue(m.row, '身份证号码', `身份证号码的地区码 ${area} 不在现行行政区划中（可能是已撤销的旧代码），请核对`, 'warning'));
      }
    }
  }
  return { households: deduped.households, issues, totalRows: rows.length };
}

/** Households (or their plans) in chunks of about `rows` sheet rows; a household is never split. */
export function chunkByRows<T>(items: readonly T[], rows: number, rowsOf: (item: T) => number): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let n = 0;
  for (const item of items) {
    cur.push(item);
    n += rowsOf(item);
    if (n >= rows) {
      out.push(cur);
      cur = [];
      n = 0;
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

export const householdRows = (h: ParsedHousehold) => h.rows.length;
export const planRows = (p: HouseholdPlan) => p.parsed.rows.length;

// ---------------------------------------------------------------------------------------------------------------
// Comparison with the registry

export interface Change {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

export interface MemberUpdatePlan {
  existing: ExistingMember;
  parsed: ParsedMember;
  changes: Change[];
  phoneChanged: boolean;
}

export interface HouseholdPlan {
  parsed: ParsedHousehold;
  kind: 'create' | 'update' | 'unchanged';
  existing: ExistingHousehold | null;
  /** The household's fields after the import (create: the file's; update: the registry's with the file's over them). */
  household: HouseholdFields;
  householdChanges: Change[];
  newMembers: ParsedMember[];
  memberUpdates: MemberUpdatePlan[];
  unchangedMembers: ParsedMember[];
  /** The registry rows of the unchanged members, as compared (id and version): a commit checks they are still so. */
  unchangedVersions: { id: number; version: number }[];
}

export interface ChunkPlan {
  plans: HouseholdPlan[];
  issues: ImportIssue[];
}

const asArray = <T>(v: unknown): T[] => (typeof v === 'string' ? (JSON.parse(v) as T[]) : ((v as T[] | null) ?? []));

export function existingFields(e: ExistingHousehold): HouseholdFields {
  return {
    regionCode: e.region_code,
    urbanRural: e.urban_rural as HouseholdFields['urbanRural'],
    hukouAddress: e.hukou_address,
    residenceAddress: e.residence_address,
    povertyReasons: e.poverty_reasons as HouseholdFields['povertyReasons'],
    categories: asArray<HouseholdCategory>(e.categories),
    assistance: asArray(e.assistance),
    personCategories: e.person_categories as HouseholdFields['personCategories'],
    cashDeposits: e.cash_deposits_fen,
    housing: asArray(e.housing),
    vehicles: asArray(e.vehicles),
    otherAssets: e.other_assets,
    needs: e.needs,
    surveyedBy: e.surveyed_by,
    surveyedOn: e.surveyed_on,
  };
}

/** Lists of codes compare as sets (the order in a cell carries no meaning). */
const SET_FIELDS = new Set<string>(['povertyReasons', 'personCategories', 'tags']);

function same(field: string, a: unknown, b: unknown): boolean {
  if (SET_FIELDS.has(field)) return JSON.stringify([...(a as string[])].sort()) === JSON.stringify([...(b as string[])].sort());
  if (field === 'categories') {
    const key = (list: HouseholdCategory[]) => JSON.stringify(list.map((c) => [c.kind, c.startDate, c.endDate ?? null, c.status])
      .sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1)));
    return key(a as HouseholdCategory[]) === key(b as HouseholdCategory[]);
  }
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The categories after an import: the file's list (replace) or the registry's plus the kinds it lacks (merge). */
function mergedCategories(parsed: ParsedHousehold, existing: HouseholdCategory[]): HouseholdCategory[] {
  const file = parsed.household.categories;
  if (parsed.categoriesMode === 'merge') {
    const out = [...existing];
    for (const c of file) if (!existing.some((e) => e.kind === c.kind && e.status === 'active' && e.endDate === null)) out.push(c);
    return out;
  }
  // Undated entries keep the registry's entry of the same kind (its real start date).
  return file.map((c, i) => {
    if (parsed.categoryDated[i]) return c;
    return existing.find((e) => e.kind === c.kind && e.status === c.status) ?? existing.find((e) => e.kind === c.kind) ?? c;
  });
}

const MEMBER_COLUMNS: Record<Exclude<MemberField, 'idNumber' | 'gender' | 'birthDate' | 'phone'>, keyof ExistingMember> = {
  name: 'name', relation: 'relation', health: 'health', disabilityType: 'disability_type', disabilityGrade: 'disability_grade',
  workAbility: 'work_ability', selfCare: 'self_care', schoolOrEmployer: 'school_or_employer', yearlyIncome: 'yearly_income_fen',
  pension: 'pension_fen', pensionInsurance: 'pension_insurance', medicalInsurance: 'medical_insurance', tags: 'tags',
};

function compareMember(fc: FieldCrypto, existing: ExistingMember, m: ParsedMember): { changes: Change[]; phoneChanged: boolean } {
  const changes: Change[] = [];
  const who = existing.name;
  for (const [field, column] of Object.entries(MEMBER_COLUMNS) as [keyof typeof MEMBER_COLUMNS, keyof ExistingMember][]) {
    if (!m.provided.has(field)) continue;
    const before = existing[column];
    const after = m.data[field];
    if (same(field, before, after)) continue;
    changes.push({
      field: `members.${existing.id}.${field}`, label: `${who}的${fieldLabel(field)}`,
      before: describeRegistryValue(field, before), after: describeRegistryValue(field, after),
    });
  }
  let phoneChanged = false;
  if (m.provided.has('phone')) {
    const hash = m.data.phone ? fc.blindIndex('phone', m.data.phone).toString('hex') : null;
    if (hash !== existing.phone_hash) {
      phoneChanged = true;
      changes.push({
        field: `members.${existing.id}.phone`, label: `${who}的${fieldLabel('phone')}`,
        before: existing.phone_masked, after: m.data.phone ? m.data.phone.slice(0, 3) + '****' + m.data.phone.slice(-4) : null,
      });
    }
  }
  return { changes, phoneChanged };
}

/**
 * Compares one chunk of households with the registry: one query for the members by ID number, one for the households
 * they belong to. Rules (one person, one household):
 * - the head is not registered → a new household; a member registered elsewhere is a row error;
 * - the head is registered → that household is updated: its members in the file are compared field by field (only
 *   the cells the file filled), members not yet registered are added, members of the household missing from the file
 *   are left as they are; a member registered in another household is a row error;
 * - a household outside the importer's jurisdiction is never touched (the row error names no one).
 */
/** The ID-number blind index computed for a member during the comparison (reused when it is written). */
export const idHashOf = new WeakMap<ParsedMember, Buffer>();

/** What the registry holds for a chunk's people: members by ID number, and the households their heads are in. */
interface Found {
  existingByMember: Map<ParsedMember, ExistingMember>;
  targets: Map<number, ExistingHousehold>;
}

/** The registry rows a chunk is compared with: two queries. */
async function lookUp(db: Db, engine: DatabaseKind, scope: ImportScope, fc: FieldCrypto, households: readonly ParsedHousehold[]): Promise<Found> {
  const hashes = new Map<ParsedMember, Buffer>();
  for (const h of households) {
    for (const m of h.members) {
      let hash = idHashOf.get(m);
      if (!hash) idHashOf.set(m, (hash = fc.blindIndex('id', m.data.idNumber)));
      hashes.set(m, hash);
    }
  }
  const keys = [...hashes.keys()];
  const existingByMember = new Map<ParsedMember, ExistingMember>();
  for (const e of await membersByIdHash(engine, db, [...hashes.values()])) existingByMember.set(keys[e.key]!, e);
  const targetIds = new Set<number>();
  for (const h of households) {
    const e = existingByMember.get(h.members[0]!);
    if (e && inScope(scope, e.region_code)) targetIds.add(e.household_id);
  }
  const targets = new Map((await householdsById(engine, db, [...targetIds])).map((h) => [h.id, h]));
  return { existingByMember, targets };
}

export async function planChunk(db: Db, engine: DatabaseKind, scope: ImportScope, fc: FieldCrypto, households: readonly ParsedHousehold[]): Promise<ChunkPlan> {
  return compare(scope, fc, households, await lookUp(db, engine, scope, fc, households));
}

async function compare(scope: ImportScope, fc: FieldCrypto, households: readonly ParsedHousehold[], found: Found): Promise<ChunkPlan> {
  const issues: ImportIssue[] = [];
  const { existingByMember, targets } = found;
  const existingOf = (m: ParsedMember) => existingByMember.get(m);

  const elsewhere = (e: ExistingMember) => (inScope(scope, e.region_code)
    ? `已在其他户登记（${e.region_name ?? e.region_code}，户主${e.head_name}），同一人只能在一户登记；如需迁入请在家庭页申请迁转`
    : '已在其他户登记（不在您的管辖范围内），同一人只能在一户登记；如需迁入请在家庭页申请迁转');
  const idColumn = (_h: ParsedHousehold) => '身份证号码';

  const plans: HouseholdPlan[] = [];
  let n = 0;
  for (const h of households) {
    if (++n % 200 === 0) await yieldToEventLoop();
    const head = h.members[0]!;
    const headExisting = existingOf(head);
    const stop = (message: string, column = idColumn(h)) => {
      issues.push(importIssue(head.row, column, message));
      for (const m of h.members.slice(1)) issues.push(importIssue(m.row, h.layout === 'summary' ? '' : '户编号', `同户的户主行（第${head.row}行）有错误，整户未导入`));
    };
    if (!headExisting) {
      const newMembers: ParsedMember[] = [];
      for (const m of h.members) {
        const e = existingOf(m);
        if (e) issues.push(importIssue(m.row, idColumn(h), elsewhere(e)));
        else newMembers.push(m);
      }
      plans.push({
        parsed: h, kind: 'create', existing: null, household: h.household, householdChanges: [], newMembers, memberUpdates: [],
        unchangedMembers: [], unchangedVersions: [],
      });
      continue;
    }
    const target = targets.get(headExisting.household_id);
    if (!target) {
      stop(elsewhere(headExisting));
      continue;
    }
    const currentHead = target.members.find((m) => m.relation === 'head');
    if (currentHead && currentHead.id !== headExisting.id) {
      stop(`已在系统中登记为户主${currentHead.name}的家庭成员；如需更换户主，请在家庭页修改`, '与户主关系');
      continue;
    }

    // Household fields: only those the file gave, the registry's for the rest.
    const before = existingFields(target);
    const after: HouseholdFields = { ...before };
    const householdChanges: Change[] = [];
    for (const field of h.provided) {
      const value = field === 'categories' ? mergedCategories(h, before.categories) : h.household[field];
      if (same(field, before[field], value)) continue;
      (after as Record<HouseholdField, unknown>)[field] = value;
      householdChanges.push({
        field, label: field === 'regionCode' ? '所在村（社区）' : fieldLabel(field),
        before: describeRegistryValue(field, before[field]), after: describeRegistryValue(field, value),
      });
    }
    if (h.declared) {
      // 附件3 on an existing household: the registry's members and incomes are the record; differences are shown.
      if (target.region_code !== h.household.regionCode) {
        issues.push(importIssue(head.row, '户籍所在地', '与系统中该户登记的村（社区）不一致，未修改；如已搬迁请在家庭页修改', 'warning'));
      }
      if (target.member_count !== h.declared.size) {
        issues.push(importIssue(head.row, '家庭人口', `系统中该户有${target.member_count}人，与表中${h.declared.size}人不一致，未修改；请在家庭页核对家庭成员`, 'warning'));
      } else if (target.income_per_head_fen !== h.declared.monthlyIncomePerHead) {
        issues.push(importIssue(head.row, '家庭人均收入', `系统中该户月人均收入为${formatYuan(target.income_per_head_fen)}元，与表中${formatYuan(h.declared.monthlyIncomePerHead)}元不一致，未修改；请在家庭页核对成员收入`, 'warning'));
      }
    }

    const newMembers: ParsedMember[] = [];
    const memberUpdates: MemberUpdatePlan[] = [];
    const unchangedMembers: ParsedMember[] = [];
    const unchangedVersions: { id: number; version: number }[] = [];
    for (const m of h.members) {
      const e = existingOf(m);
      if (!e) {
        newMembers.push(m);
        continue;
      }
      if (e.household_id !== target.id) {
        issues.push(importIssue(m.row, idColumn(h), elsewhere(e)));
        continue;
      }
      const diff = compareMember(fc, e, m);
      if (diff.changes.length) memberUpdates.push({ existing: e, parsed: m, ...diff });
      else {
        unchangedMembers.push(m);
        unchangedVersions.push({ id: e.id, version: e.version });
      }
    }
    const changed = householdChanges.length > 0 || newMembers.length > 0 || memberUpdates.length > 0;
    plans.push({
      parsed: h, kind: changed ? 'update' : 'unchanged', existing: target, household: after, householdChanges, newMembers, memberUpdates,
      unchangedMembers, unchangedVersions,
    });
  }
  return { plans, issues };
}

/**
 * Compares all households of a file with the registry, in chunks of about `chunkRows` rows: the next chunk's lookups
 * run in the database while this thread compares the current one.
 */
export async function planHouseholds(
  db: Db, engine: DatabaseKind, scope: ImportScope, fc: FieldCrypto, households: readonly ParsedHousehold[], chunkRows: number,
): Promise<ChunkPlan> {
  const plans: HouseholdPlan[] = [];
  const issues: ImportIssue[] = [];
  const chunks = chunkByRows(households, chunkRows, householdRows);
  const lookUpAhead = (k: number) => (k < chunks.length ? ahead(lookUp(db, engine, scope, fc, chunks[k]!)) : null);
  let next = lookUpAhead(0);
  for (let k = 0; k < chunks.length; k++) {
    const found = await next!;
    next = lookUpAhead(k + 1);
    const plan = await compare(scope, fc, chunks[k]!, found);
    for (const p of plan.plans) plans.push(p);
    for (const i of plan.issues) issues.push(i);
  }
  return { plans, issues };
}

export interface PlanCounts {
  createdHouseholds: number;
  createdMembers: number;
  updatedMembers: number;
  unchangedRows: number;
  /** Households created or changed. */
  changedHouseholds: number;
}

export function countPlans(plans: readonly HouseholdPlan[]): PlanCounts {
  const c: PlanCounts = { createdHouseholds: 0, createdMembers: 0, updatedMembers: 0, unchangedRows: 0, changedHouseholds: 0 };
  for (const p of plans) {
    if (p.kind === 'create') c.createdHouseholds++;
    if (p.kind !== 'unchanged') c.changedHouseholds++;
    c.createdMembers += p.newMembers.length;
    c.updatedMembers += p.memberUpdates.length;
    c.unchangedRows += p.unchangedMembers.length;
  }
  return c;
}

export function addCounts(a: PlanCounts, b: PlanCounts): PlanCounts {
  return {
    createdHouseholds: a.createdHouseholds + b.createdHouseholds, createdMembers: a.createdMembers + b.createdMembers,
    updatedMembers: a.updatedMembers + b.updatedMembers, unchangedRows: a.unchangedRows + b.unchangedRows,
    changedHouseholds: a.changedHouseholds + b.changedHouseholds,
  };
}

export const ZERO_COUNTS: PlanCounts = { createdHouseholds: 0, createdMembers: 0, updatedMembers: 0, unchangedRows: 0, changedHouseholds: 0 };
