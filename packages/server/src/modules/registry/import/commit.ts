import { householdYearlyIncome, maskIdNumber, monthlyIncomePerHead, RELATION, type MemberData, type ParsedMember } from '@doudi/domain';
import type { FieldCrypto } from '../../../crypto/fieldCrypto.js';
import { yieldToEventLoop } from '../../../jobs/overlap.js';
import { namePinyin } from '../pinyin.js';
import { householdValues, phoneValues, refreshHouseholds } from '../rows.js';
import { countPlans, idHashOf, type Change, type HouseholdPlan, type PlanCounts } from './plan.js';
import {
  allocateHouseholdIds, insertHistory, insertHouseholds, insertMembers, jsonRows, memberRows, newHouseholdRows, newMemberRows, stillAsCompared,
  syncMemberRegions, touchHouseholds, updateHouseholds, updateMembers,
  type CopyRows, type Db, type HistoryWrite, type HouseholdDerived, type HouseholdWrite, type JsonRows, type MemberWrite, type Versioned,
} from './queries.js';

/**
 * Writing a chunk of planned households in the caller's transaction: new households (ids reserved first, so their
 * members go in the same round), changed households and members (only if their version is still the one compared
 * with), new members, derived figures, and one history row per household created or changed. A handful of
 * statements per chunk, whatever its size. The rows are prepared first, without the database, so the commit prepares
 * the next chunk while the current one is written.
 */

/** A household or member changed by someone else between the comparison and the write. */
export class ConcurrentChange extends Error {
  constructor() {
    super('导入期间有家庭或成员被他人修改');
  }
}

export interface WriteContext {
  crypto: FieldCrypto;
  batchId: number;
  fileName: string;
  actorId: number | null;
  today: string;
  /** Pinyin of each distinct name, computed once per batch. */
  pinyin: Map<string, { full: string; initials: string }>;
}

function pinyinOf(wc: WriteContext, name: string) {
  let p = wc.pinyin.get(name);
  if (!p) {
    p = namePinyin(name);
    wc.pinyin.set(name, p);
  }
  return p;
}

function memberFields(wc: WriteContext, m: MemberData, householdId: number, regionCode: string): MemberWrite {
  const py = pinyinOf(wc, m.name);
  return {
    household_id: householdId,
    region_code: regionCode,
    name: m.name,
    name_pinyin: py.full,
    name_initials: py.initials,
    relation: m.relation,
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
    ...phoneValues(wc.crypto, m.phone),
    tags: [...new Set(m.tags)],
  };
}

/** An updated member: the registry's values with the file's filled cells over them. */
function updatedMember(wc: WriteContext, u: HouseholdPlan['memberUpdates'][number], regionCode: string): MemberWrite {
  const e = u.existing;
  const f = u.parsed.provided;
  const d = u.parsed.data;
  const pick = <T>(field: Parameters<typeof f.has>[0], file: T, current: T): T => (f.has(field) ? file : current);
  const name = pick('name', d.name, e.name);
  const py = pinyinOf(wc, name);
  return {
    id: e.id,
    version: e.version,
    household_id: e.household_id,
    region_code: regionCode,
    name,
    name_pinyin: py.full,
    name_initials: py.initials,
    relation: pick('relation', d.relation, e.relation),
    gender: e.gender,
    birth_date: e.birth_date,
    health: pick('health', d.health, e.health),
    disability_type: pick('disabilityType', d.disabilityType, e.disability_type),
    disability_grade: pick('disabilityGrade', d.disabilityGrade, e.disability_grade),
    work_ability: pick('workAbility', d.workAbility, e.work_ability),
    self_care: pick('selfCare', d.selfCare, e.self_care),
    school_or_employer: pick('schoolOrEmployer', d.schoolOrEmployer, e.school_or_employer),
    yearly_income_fen: pick('yearlyIncome', d.yearlyIncome, e.yearly_income_fen),
    pension_fen: pick('pension', d.pension, e.pension_fen),
    pension_insurance: pick('pensionInsurance', d.pensionInsurance, e.pension_insurance),
    medical_insurance: pick('medicalInsurance', d.medicalInsurance, e.medical_insurance),
    phone_set: u.phoneChanged,
    ...(u.phoneChanged ? phoneValues(wc.crypto, d.phone) : { phone_enc: null, phone_hash: null, phone_masked: null }),
    tags: pick('tags', [...new Set(d.tags)], e.tags),
  };
}

function householdWrite(id: number, p: HouseholdPlan, today: string): HouseholdWrite {
  const v = householdValues(p.household, today);
  return {
    id,
    ...(p.existing ? { version: p.existing.version } : {}),
    region_code: v.region_code,
    urban_rural: v.urban_rural,
    hukou_address: v.hukou_address,
    residence_address: v.residence_address,
    poverty_reasons: v.poverty_reasons ?? [],
    categories: v.categories,
    category_kinds: v.category_kinds ?? [],
    assistance: v.assistance,
    person_categories: v.person_categories ?? [],
    cash_deposits_fen: Number(v.cash_deposits_fen ?? 0),
    housing: v.housing,
    vehicles: v.vehicles,
    other_assets: v.other_assets ?? '',
    needs: v.needs ?? '',
    surveyed_by: v.surveyed_by ?? '',
    surveyed_on: v.surveyed_on ?? null,
  };
}

/**
 * A new household's figures from its members, by the domain's rules — the same figures `refreshHouseholds` derives
 * in SQL (a test checks that refreshing an imported household changes nothing).
 */
function derived(members: readonly ParsedMember[]): HouseholdDerived {
  const head = members.find((m) => m.data.relation === 'head')!;
  const yearly = householdYearlyIncome(members.map((m) => m.data));
  return {
    member_count: members.length,
    yearly_income_fen: yearly,
    income_per_head_fen: monthlyIncomePerHead(yearly, members.length),
    head_name: head.data.name,
    head_id_masked: maskIdNumber(head.data.idNumber),
    member_tags: [...new Set(members.flatMap((m) => m.data.tags))].sort(),
  };
}

const memberLabel = (m: ParsedMember) => `${m.data.name}（${RELATION.labels[m.data.relation]}）`;

function historyFor(p: HouseholdPlan, id: number, wc: WriteContext): HistoryWrite {
  const batch = `导入批次#${wc.batchId}「${wc.fileName}」`;
  if (p.kind === 'create') {
    const head = p.newMembers.find((m) => m.data.relation === 'head') ?? p.newMembers[0]!;
    return {
      household_id: id, region_code: p.household.regionCode,
      summary: `${batch}新建家庭：户主${head.data.name}，家庭成员${p.newMembers.length}人`,
      changes: JSON.stringify(p.newMembers.map((m): Change => ({ field: 'members', label: '家庭成员', before: null, after: memberLabel(m) }))),
    };
  }
  const parts: string[] = [];
  if (p.newMembers.length) parts.push(`新增成员${p.newMembers.map((m) => m.data.name).join('、')}`);
  if (p.memberUpdates.length) parts.push(`更新成员${p.memberUpdates.map((u) => u.existing.name).join('、')}`);
  if (p.householdChanges.length) parts.push(`修改${p.householdChanges.map((c) => c.label).join('、')}`);
  const changes: Change[] = [
    ...p.householdChanges,
    ...p.newMembers.map((m): Change => ({ field: 'members', label: '家庭成员', before: null, after: memberLabel(m) })),
    ...p.memberUpdates.flatMap((u) => u.changes),
  ];
  return { household_id: id, region_code: p.household.regionCode, summary: `${batch}：${parts.join('；')}`, changes: JSON.stringify(changes) };
}

/** Household ids taken from the identity's sequence ahead of the writes, so a chunk can be prepared without the database. */
export class HouseholdIds {
  #ids: number[] = [];
  /** Makes sure `n` more ids are at hand (ids reserved and never used are simply gaps in the sequence). */
  async reserve(db: Db, n: number): Promise<void> {
    if (n > this.#ids.length) this.#ids = this.#ids.concat(await allocateHouseholdIds(db, n - this.#ids.length));
  }
  take(n: number): number[] {
    if (n > this.#ids.length) throw new Error(`household ids: ${n} wanted, ${this.#ids.length} reserved`);
    return this.#ids.splice(0, n);
  }
}

/** The households of `plans` that a write creates (a new household whose members are all registered elsewhere is not). */
export const creatingPlans = (plans: readonly HouseholdPlan[]) => plans.filter((p) => p.kind === 'create' && p.newMembers.length > 0);

/** A chunk's statements' rows, built before its transaction. */
export interface PreparedWrite {
  newHouseholds: CopyRows<HouseholdWrite & HouseholdDerived>;
  householdUpdates: JsonRows<HouseholdWrite>;
  touchedHouseholds: JsonRows<Versioned>;
  memberUpdates: JsonRows<MemberWrite>;
  newMembers: CopyRows<MemberWrite>;
  movedHouseholds: number[];
  refreshedHouseholds: number[];
  history: JsonRows<HistoryWrite>;
  /** Compared rows left as they are, which must still be as compared. */
  unchangedHouseholds: JsonRows<Versioned>;
  unchangedMembers: JsonRows<Versioned>;
  counts: PlanCounts;
  createdBy: number | null;
}

/**
 * Builds the rows of a chunk's writes — household ids, encryption, pinyin, history texts, JSON — without the database.
 * It yields every 25 households, so that the previous chunk's statements keep going meanwhile.
 */
export async function prepareWrite(plans: readonly HouseholdPlan[], wc: WriteContext, ids: HouseholdIds): Promise<PreparedWrite> {
  const creates = creatingPlans(plans);
  const updates = plans.filter((p) => p.kind === 'update');
  const householdId = new Map<HouseholdPlan, number>();
  const taken = ids.take(creates.length);
  creates.forEach((p, i) => householdId.set(p, taken[i]!));
  for (const p of updates) householdId.set(p, p.existing!.id);

  const newMembers: MemberWrite[] = [];
  const memberUpdates: MemberWrite[] = [];
  let n = 0;
  for (const p of [...creates, ...updates]) {
    if (++n % 25 === 0) await yieldToEventLoop();
    const id = householdId.get(p)!;
    for (const m of p.newMembers) {
      // Added to the fresh row rather than spread into a new one (here and for new households below): V8 gave every
      // copy made by a spread its own hidden class, 100,000 of them in an import of 100,000 rows, which grew the heap
      // and slowed every later read of the rows.
      newMembers.push(Object.assign(memberFields(wc, m.data, id, p.household.regionCode), {
        id_number_enc: wc.crypto.encrypt(m.data.idNumber),
        id_number_hash: idHashOf.get(m) ?? wc.crypto.blindIndex('id', m.data.idNumber),
        id_number_masked: maskIdNumber(m.data.idNumber),
      }));
    }
    for (const u of p.memberUpdates) memberUpdates.push(updatedMember(wc, u, p.household.regionCode));
  }
  await yieldToEventLoop();
  const withFieldChanges = updates.filter((p) => p.householdChanges.length > 0);
  const unchanged = plans.filter((p) => p.kind === 'unchanged');
  const newHouseholds = newHouseholdRows(
    creates.map((p) => Object.assign(householdWrite(householdId.get(p)!, p, wc.today), derived(p.newMembers))),
    { createdBy: wc.actorId, batchId: wc.batchId },
  );
  await yieldToEventLoop();
  const newMemberCsv = newMemberRows(newMembers);
  await yieldToEventLoop();
  const history = jsonRows([...creates, ...updates].map((p) => historyFor(p, householdId.get(p)!, wc)));
  await yieldToEventLoop();
  const prepared: PreparedWrite = {
    newHouseholds,
    householdUpdates: jsonRows(withFieldChanges.map((p) => householdWrite(p.existing!.id, p, wc.today))),
    touchedHouseholds: jsonRows(updates.filter((p) => p.householdChanges.length === 0).map((p) => ({ id: p.existing!.id, version: p.existing!.version }))),
    memberUpdates: memberRows(memberUpdates),
    newMembers: newMemberCsv,
    movedHouseholds: withFieldChanges.filter((p) => p.household.regionCode !== p.existing!.region_code).map((p) => p.existing!.id),
    // New households were written with their figures; changed ones are recomputed from all their current members.
    refreshedHouseholds: updates.map((p) => p.existing!.id),
    history,
    unchangedHouseholds: jsonRows(unchanged.map((p) => ({ id: p.existing!.id, version: p.existing!.version }))),
    unchangedMembers: jsonRows(plans.flatMap((p) => p.unchangedVersions)),
    counts: countPlans(plans.filter((p) => p.kind !== 'create' || p.newMembers.length > 0)),
    createdBy: wc.actorId,
  };
  return prepared;
}

/**
 * Writes a prepared chunk in the caller's transaction; throws ConcurrentChange when a household or member changed
 * since it was compared (and a unique violation when someone registered one of its new members meanwhile).
 */
export async function executeWrite(db: Db, w: PreparedWrite): Promise<PlanCounts> {
  if (!(await stillAsCompared(db, w.unchangedHouseholds, w.unchangedMembers))) throw new ConcurrentChange();
  await insertHouseholds(db, w.newHouseholds);
  const updated = (await updateHouseholds(db, w.householdUpdates)).length + (await touchHouseholds(db, w.touchedHouseholds)).length;
  if (updated !== w.householdUpdates.count + w.touchedHouseholds.count) throw new ConcurrentChange();
  if ((await updateMembers(db, w.memberUpdates)).length !== w.memberUpdates.count) throw new ConcurrentChange();
  await insertMembers(db, w.newMembers);
  await syncMemberRegions(db, w.movedHouseholds);
  await refreshHouseholds(db, w.refreshedHouseholds);
  await insertHistory(db, w.history, w.createdBy);
  return w.counts;
}
