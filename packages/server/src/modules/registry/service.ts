import {
  activeCategories, ageOn, DEFAULT_MARGINAL_MULTIPLIER, diffRegistry, fieldLabel, householdYearlyIncome, incomeBand, parseIdNumber,
  POLICY_KEY_LABELS, regionLevel, RELATION, REMOVAL_REASON, resolveParameter, summaryTableEntry,
  type CategoryKind, type CreateHouseholdData, type HistoryEntry, type HouseholdCategory, type HouseholdListItem,
  type HouseholdQuery, type HouseholdView, type MemberData, type MemberRevealRequest, type MemberUpdate, type MemberView,
  type PersonCheckResult, type PolicyParameter, type RemoveMemberRequest, type StandardUsed, type UpdateHouseholdRequest,
} from '@doudi/domain';
import type { Transaction } from 'kysely';
import type { AppContext, RequestUser } from '../../auth/context.js';
import { assertInJurisdiction } from '../../auth/jurisdiction.js';
import type { DB } from '../../db/schema.js';
import { AppError, conflict, invalid, notFound } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import { getRegion, pathOf } from '../regions/queries.js';
import { namePinyin } from './pinyin.js';
import {
  bumpVersion, findCurrentByIdHash, findHousehold, findMember, householdHistory, householdMembers, insertHistory, listHouseholds,
  parametersFor, parseSearch, type HouseholdRow, type MemberRow,
} from './queries.js';
import { householdValues, idNumberValues, memberValues, phoneValues, refreshHouseholds, todayInChina } from './rows.js';

const bytes = (b: Uint8Array) => Buffer.from(b);

// ---------------------------------------------------------------------------------------------------------------
// Views

function memberView(m: MemberRow, today: string): MemberView {
  return {
    id: m.id, householdId: m.household_id, name: m.name, relation: m.relation as MemberView['relation'],
    idNumberMasked: m.id_number_masked, gender: m.gender as MemberView['gender'], birthDate: m.birth_date,
    age: ageOn(m.birth_date, today), health: m.health as MemberView['health'],
    disabilityType: m.disability_type as MemberView['disabilityType'], disabilityGrade: m.disability_grade,
    workAbility: m.work_ability as MemberView['workAbility'], selfCare: m.self_care as MemberView['selfCare'],
    schoolOrEmployer: m.school_or_employer, yearlyIncome: Number(m.yearly_income_fen), pension: Number(m.pension_fen),
    pensionInsurance: m.pension_insurance as MemberView['pensionInsurance'], medicalInsurance: m.medical_insurance as MemberView['medicalInsurance'],
    phoneMasked: m.phone_masked, tags: m.tags as MemberView['tags'], version: m.version,
  };
}

function used(p: (PolicyParameter & { regionName?: string }) | undefined): StandardUsed | null {
  if (!p) return null;
  const all = p as PolicyParameter & { regionName?: string };
  return {
    key: p.key, label: POLICY_KEY_LABELS[p.key].zh, value: p.value, regionCode: p.regionCode, regionName: all.regionName ?? p.regionCode,
    validFrom: p.validFrom, source: p.source, demo: p.demo,
  };
}

/** The household fields as the API and the history see them. */
function householdFields(h: HouseholdRow) {
  return {
    regionCode: h.region_code, urbanRural: h.urban_rural as HouseholdView['urbanRural'], hukouAddress: h.hukou_address,
    residenceAddress: h.residence_address, povertyReasons: h.poverty_reasons as HouseholdView['povertyReasons'],
    categories: h.categories as HouseholdCategory[], assistance: h.assistance as HouseholdView['assistance'],
    personCategories: h.person_categories as HouseholdView['personCategories'], cashDeposits: Number(h.cash_deposits_fen),
    housing: h.housing as HouseholdView['housing'], vehicles: h.vehicles as HouseholdView['vehicles'], otherAssets: h.other_assets,
    needs: h.needs, surveyedBy: h.surveyed_by, surveyedOn: h.surveyed_on,
  };
}

async function buildView(db: AppContext['database']['db'], h: HouseholdRow): Promise<HouseholdView> {
  const today = todayInChina();
  const [members, params, path] = await Promise.all([householdMembers(db, h.id), parametersFor(db, h.region_code), pathOf(db, h.region_code)]);
  const fields = householdFields(h);
  const memberViews = members.map((m) => memberView(m, today));
  const yearlyIncome = householdYearlyIncome(memberViews);
  const perHead = memberViews.length ? Math.floor(yearlyIncome / 12 / memberViews.length) : 0;
  const key = h.urban_rural === 'urban' ? 'dibao_standard_urban_monthly' : 'dibao_standard_rural_monthly';
  const standard = resolveParameter(params, key, h.region_code, today) as (PolicyParameter & { regionName: string }) | undefined;
  const multiplier = resolveParameter(params, 'marginal_multiplier', h.region_code, today) as (PolicyParameter & { regionName: string }) | undefined;
  const active = activeCategories(fields.categories, today);
  const m = multiplier?.value ?? DEFAULT_MARGINAL_MULTIPLIER;
  let summaryTable: HouseholdView['summaryTable'] = null;
  if (standard && memberViews.length) {
    const entry = summaryTableEntry({ monthlyIncomePerHead: perHead, activeCategories: active }, standard.value, m);
    summaryTable = entry.included
      ? { included: true, text: `列入附件3汇总统计表，困难类型：${entry.difficultyType}` }
      : { included: false, text: `不列入附件3汇总统计表：${entry.reason}` };
  }
  return {
    id: h.id, ...fields, regionName: h.region_name ?? h.region_code, regionPath: path.map((p) => ({ code: p.code, name: p.name })),
    headName: h.head_name, members: memberViews, memberCount: memberViews.length, yearlyIncome, monthlyIncomePerHead: perHead,
    activeCategories: active, standard: used(standard), multiplier: used(multiplier),
    incomeBand: standard && memberViews.length ? incomeBand(perHead, standard.value, m) : null,
    summaryTable, version: h.version, createdAt: h.created_at.toISOString(), updatedAt: h.updated_at.toISOString(),
  };
}

async function loadHousehold(ctx: AppContext, actor: RequestUser, id: number, db: AppContext['database']['db'] = ctx.database.db): Promise<HouseholdRow> {
  const h = await findHousehold(db, actor, id);
  if (!h) throw notFound('家庭');
  return h;
}

export async function list(ctx: AppContext, actor: RequestUser, q: HouseholdQuery): Promise<{ items: HouseholdListItem[]; total: number; page: number; pageSize: number }> {
  if (q.regionCode) assertInJurisdiction(actor, q.regionCode, '区域');
  const { rows, total } = await listHouseholds(ctx.database.db, actor, q, parseSearch(ctx.crypto, q.q), todayInChina());
  return {
    items: rows.map((r) => ({
      id: r.id, regionCode: r.region_code, regionName: r.region_name ?? r.region_code, headName: r.head_name,
      headIdNumberMasked: r.head_id_masked, urbanRural: r.urban_rural as HouseholdListItem['urbanRural'], memberCount: r.member_count,
      monthlyIncomePerHead: Number(r.income_per_head_fen), categories: r.category_kinds as CategoryKind[],
      povertyReasons: r.poverty_reasons as HouseholdListItem['povertyReasons'], tags: r.member_tags as HouseholdListItem['tags'],
      updatedAt: new Date(r.updated_at).toISOString(), matchedMember: r.matched_member,
    })),
    total, page: q.page, pageSize: q.pageSize,
  };
}

export async function get(ctx: AppContext, actor: RequestUser, id: number): Promise<HouseholdView> {
  return buildView(ctx.database.db, await loadHousehold(ctx, actor, id));
}

export async function history(ctx: AppContext, actor: RequestUser, id: number): Promise<HistoryEntry[]> {
  await loadHousehold(ctx, actor, id);
  const rows = await householdHistory(ctx.database.db, id);
  return rows.map((r) => ({
    id: r.id, at: new Date(r.at).toISOString(), actorName: r.actor_name, source: r.source, summary: r.summary,
    changes: r.changes as HistoryEntry['changes'],
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// One person, one household

export async function checkPerson(ctx: AppContext, actor: RequestUser, idNumber: string): Promise<PersonCheckResult> {
  const parsed = parseIdNumber(idNumber, todayInChina());
  if (!parsed.ok) throw invalid('idNumber', parsed.message);
  const info = parsed.value;
  const warnings: string[] = [];
  const county = await getRegion(ctx.database.db, `${info.areaCode}000000`);
  if (!county) warnings.push(`身份证号码前6位地区码 ${info.areaCode} 不在现行区划表中（可能是旧代码），请核对`);
  const found = await findCurrentByIdHash(ctx.database.db, ctx.crypto.blindIndex('id', info.idNumber));
  const base = { idNumberMasked: found?.id_number_masked ?? `${info.idNumber.slice(0, 6)}********${info.idNumber.slice(-4)}`, gender: info.gender, birthDate: info.birthDate, warnings };
  if (!found) return { ...base, status: 'free', member: null, message: '未在任何家庭登记，可以添加' };
  if (!canSee(actor, found.region_code)) {
    return { ...base, status: 'outside', member: null, message: '已在其他地区登记，可申请迁入本户（由原登记地审核）' };
  }
  return {
    ...base, status: 'inside',
    member: { id: found.id, name: found.name, householdId: found.household_id, headName: found.head_name, regionName: found.region_name ?? found.region_code },
    message: `已在${found.region_name ?? ''}${found.head_name}户登记（${found.name}），一人只能在一户登记；可申请迁入本户`,
  };
}

function canSee(actor: RequestUser, regionCode: string): boolean {
  try {
    assertInJurisdiction(actor, regionCode);
    return true;
  } catch {
    return false;
  }
}

async function assertNotRegistered(ctx: AppContext, actor: RequestUser, idNumber: string, field: string, exceptMemberId?: number): Promise<void> {
  const found = await findCurrentByIdHash(ctx.database.db, ctx.crypto.blindIndex('id', idNumber));
  if (!found || found.id === exceptMemberId) return;
  const check = await checkPerson(ctx, actor, idNumber);
  throw new AppError('CONFLICT', `${fieldLabel(field)}：${check.message}`, { field, details: check });
}

/** A unique-index violation on the current ID number (two users adding the same person at the same moment). */
function isDuplicateId(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e.code === '23505' && (e.constraint === 'members_id_number_current_key' || String(e.message).includes('members_id_number_current_key'));
}

async function inTransaction<T>(ctx: AppContext, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  try {
    return await ctx.database.db.transaction().execute(fn);
  } catch (err) {
    if (isDuplicateId(err)) throw conflict('身份证号码：该人员刚刚已在其他家庭登记，一人只能在一户登记', { field: 'idNumber' });
    throw err;
  }
}

async function assertVillage(ctx: AppContext, actor: RequestUser, regionCode: string): Promise<void> {
  assertInJurisdiction(actor, regionCode, '区域');
  if (regionLevel(regionCode) !== 5) throw invalid('regionCode', '请选择家庭所在的村（社区）');
  if (!(await getRegion(ctx.database.db, regionCode))) throw invalid('regionCode', `区划代码 ${regionCode} 不存在`);
}

const memberSummary = (m: { name: string; relation: string }) => `${m.name}（${RELATION.labels[m.relation as MemberData['relation']] ?? m.relation}）`;

// ---------------------------------------------------------------------------------------------------------------
// Writes

export async function create(ctx: AppContext, actor: RequestUser, input: CreateHouseholdData, clientAddress: string): Promise<HouseholdView> {
  await assertVillage(ctx, actor, input.regionCode);
  for (const [i, m] of input.members.entries()) await assertNotRegistered(ctx, actor, m.idNumber, `members.${i}.idNumber`);
  const id = await inTransaction(ctx, async (trx) => {
    const { id } = await trx.insertInto('households').values({ ...householdValues(input), created_by: actor.id, import_batch_id: null })
      .returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('members').values(input.members.map((m) => memberValues(ctx.crypto, m, { id, regionCode: input.regionCode }))).execute();
    await refreshHouseholds(trx, [id]);
    const head = input.members.find((m) => m.relation === 'head')!;
    await insertHistory(trx, {
      householdId: id, regionCode: input.regionCode, actorId: actor.id, source: 'form',
      summary: `新建家庭：户主${head.name}，${input.members.length}人（${input.members.map(memberSummary).join('、')}）`,
    });
    await insertAudit(trx, {
      actor, action: 'create', entity: 'household', entityId: id, regionCode: input.regionCode, clientAddress,
      after: { head: head.name, members: input.members.length, regionCode: input.regionCode },
    });
    return id;
  });
  return get(ctx, actor, id);
}

const HOUSEHOLD_FIELDS = [
  'regionCode', 'urbanRural', 'hukouAddress', 'residenceAddress', 'povertyReasons', 'categories', 'assistance', 'personCategories',
  'cashDeposits', 'housing', 'vehicles', 'otherAssets', 'needs', 'surveyedBy', 'surveyedOn',
] as const;

export async function update(ctx: AppContext, actor: RequestUser, id: number, input: UpdateHouseholdRequest, clientAddress: string): Promise<HouseholdView> {
  const before = await loadHousehold(ctx, actor, id);
  if (input.regionCode !== undefined && input.regionCode !== before.region_code) await assertVillage(ctx, actor, input.regionCode);
  const current = householdFields(before);
  const next = { ...current, ...Object.fromEntries(Object.entries(input).filter(([k, v]) => k !== 'version' && v !== undefined)) } as typeof current;
  const changes = diffRegistry(current, next, HOUSEHOLD_FIELDS, fieldLabel);
  await inTransaction(ctx, async (trx) => {
    if (!(await bumpVersion(trx, id, input.version))) throw staleVersion();
    if (changes.length === 0) return;
    await trx.updateTable('households').set(householdValues(next)).where('id', '=', id).execute();
    if (next.regionCode !== before.region_code) await trx.updateTable('members').set({ region_code: next.regionCode }).where('household_id', '=', id).execute();
    await insertHistory(trx, {
      householdId: id, regionCode: next.regionCode, actorId: actor.id, source: 'form',
      summary: `修改家庭信息：${changes.map((c) => c.label).join('、')}`, changes,
    });
    await insertAudit(trx, { actor, action: 'update', entity: 'household', entityId: id, regionCode: next.regionCode, before: current, after: next, clientAddress });
  });
  return get(ctx, actor, id);
}

const staleVersion = () => conflict('该家庭刚被他人修改，请刷新后在最新内容上重新修改', { field: 'version' });

export async function addMember(ctx: AppContext, actor: RequestUser, householdId: number, m: MemberData, clientAddress: string): Promise<HouseholdView> {
  const h = await loadHousehold(ctx, actor, householdId);
  await assertNotRegistered(ctx, actor, m.idNumber, 'idNumber');
  const members = await householdMembers(ctx.database.db, householdId);
  const oldHead = m.relation === 'head' ? members.find((x) => x.relation === 'head') : undefined;
  await inTransaction(ctx, async (trx) => {
    if (!(await bumpVersion(trx, householdId, undefined))) throw staleVersion();
    if (oldHead) await trx.updateTable('members').set((eb) => ({ relation: 'other', version: eb('version', '+', 1), updated_at: new Date() })).where('id', '=', oldHead.id).execute();
    const { id } = await trx.insertInto('members').values(memberValues(ctx.crypto, m, { id: householdId, regionCode: h.region_code })).returning('id').executeTakeFirstOrThrow();
    await refreshHouseholds(trx, [householdId]);
    await insertHistory(trx, {
      householdId, regionCode: h.region_code, actorId: actor.id, source: 'form',
      summary: `添加成员：${memberSummary(m)}${oldHead ? `；原户主${oldHead.name}改为"其他"，请核对其与户主关系` : ''}`,
    });
    await insertAudit(trx, { actor, action: 'create', entity: 'member', entityId: id, regionCode: h.region_code, after: { householdId, name: m.name, relation: m.relation }, clientAddress });
  });
  return get(ctx, actor, householdId);
}

const MEMBER_FIELDS = [
  'name', 'relation', 'idNumber', 'gender', 'birthDate', 'health', 'disabilityType', 'disabilityGrade', 'workAbility', 'selfCare',
  'schoolOrEmployer', 'yearlyIncome', 'pension', 'pensionInsurance', 'medicalInsurance', 'phone', 'tags',
] as const;

function memberSnapshot(m: MemberRow): Record<string, unknown> {
  return {
    name: m.name, relation: m.relation, idNumber: m.id_number_masked, gender: m.gender, birthDate: m.birth_date, health: m.health,
    disabilityType: m.disability_type, disabilityGrade: m.disability_grade, workAbility: m.work_ability, selfCare: m.self_care,
    schoolOrEmployer: m.school_or_employer, yearlyIncome: Number(m.yearly_income_fen), pension: Number(m.pension_fen),
    pensionInsurance: m.pension_insurance, medicalInsurance: m.medical_insurance, phone: m.phone_masked, tags: m.tags,
  };
}

export async function updateMember(ctx: AppContext, actor: RequestUser, memberId: number, input: MemberUpdate, clientAddress: string): Promise<HouseholdView> {
  const m = await findMember(ctx.database.db, actor, memberId);
  if (!m) throw notFound('家庭成员');
  if (m.version !== input.version) throw conflict('该成员刚被他人修改，请刷新后重新修改', { field: 'version' });
  const members = await householdMembers(ctx.database.db, m.household_id);
  if (m.relation === 'head' && input.relation !== undefined && input.relation !== 'head') {
    throw conflict('户主的关系不能直接修改：请把另一名成员设为户主（原户主将改为"其他"）', { field: 'relation' });
  }
  const oldHead = input.relation === 'head' && m.relation !== 'head' ? members.find((x) => x.relation === 'head') : undefined;
  const set: Record<string, unknown> = {};
  const after = memberSnapshot(m);
  const map = {
    name: 'name', relation: 'relation', health: 'health', disabilityType: 'disability_type', disabilityGrade: 'disability_grade',
    workAbility: 'work_ability', selfCare: 'self_care', schoolOrEmployer: 'school_or_employer', yearlyIncome: 'yearly_income_fen',
    pension: 'pension_fen', pensionInsurance: 'pension_insurance', medicalInsurance: 'medical_insurance', tags: 'tags',
  } as const;
  for (const [k, col] of Object.entries(map)) {
    const v = (input as Record<string, unknown>)[k];
    if (v === undefined) continue;
    set[col] = k === 'tags' ? [...new Set(v as string[])] : v;
    after[k] = v;
  }
  if (input.name !== undefined) {
    const py = namePinyin(input.name);
    set.name_pinyin = py.full;
    set.name_initials = py.initials;
  }
  if (input.idNumber !== undefined) {
    const parsed = parseIdNumber(input.idNumber, todayInChina());
    if (!parsed.ok) throw invalid('idNumber', parsed.message);
    await assertNotRegistered(ctx, actor, parsed.value.idNumber, 'idNumber', memberId);
    Object.assign(set, idNumberValues(ctx.crypto, parsed.value.idNumber), { gender: parsed.value.gender, birth_date: parsed.value.birthDate });
    Object.assign(after, { idNumber: set.id_number_masked, gender: parsed.value.gender, birthDate: parsed.value.birthDate });
  }
  if (input.phone !== undefined) {
    Object.assign(set, phoneValues(ctx.crypto, input.phone));
    after.phone = set.phone_masked;
  }
  const changes = diffRegistry(memberSnapshot(m), after, MEMBER_FIELDS, fieldLabel);
  // A new ID number equal to the old one still counts as re-entered, not as a change.
  if (changes.length === 0) return get(ctx, actor, m.household_id);
  await inTransaction(ctx, async (trx) => {
    const r = await trx.updateTable('members').set({ ...set, version: m.version + 1, updated_at: new Date() })
      .where('id', '=', memberId).where('version', '=', m.version).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict('该成员刚被他人修改，请刷新后重新修改', { field: 'version' });
    if (oldHead) await trx.updateTable('members').set((eb) => ({ relation: 'other', version: eb('version', '+', 1), updated_at: new Date() })).where('id', '=', oldHead.id).execute();
    await bumpVersion(trx, m.household_id, undefined);
    await refreshHouseholds(trx, [m.household_id]);
    await insertHistory(trx, {
      householdId: m.household_id, regionCode: m.region_code, actorId: actor.id, source: 'form',
      summary: `修改成员${m.name}：${changes.map((c) => c.label).join('、')}${oldHead ? `；原户主${oldHead.name}改为"其他"` : ''}`, changes,
    });
    await insertAudit(trx, {
      actor, action: 'update', entity: 'member', entityId: memberId, regionCode: m.region_code, clientAddress,
      before: Object.fromEntries(changes.map((c) => [c.field, c.before])), after: Object.fromEntries(changes.map((c) => [c.field, c.after])),
    });
  });
  return get(ctx, actor, m.household_id);
}

export async function removeMember(ctx: AppContext, actor: RequestUser, memberId: number, input: RemoveMemberRequest, clientAddress: string): Promise<HouseholdView> {
  const m = await findMember(ctx.database.db, actor, memberId);
  if (!m) throw notFound('家庭成员');
  if (m.version !== input.version) throw conflict('该成员刚被他人修改，请刷新后重新操作', { field: 'version' });
  const members = await householdMembers(ctx.database.db, m.household_id);
  if (m.relation === 'head' && members.length > 1) throw conflict('请先把另一名成员设为户主，再移出原户主', { field: 'relation' });
  await inTransaction(ctx, async (trx) => {
    await trx.updateTable('members').set({
      removed_at: new Date(), removal_reason: input.reason, removal_note: input.note, version: m.version + 1, updated_at: new Date(),
    }).where('id', '=', memberId).execute();
    await bumpVersion(trx, m.household_id, undefined);
    await refreshHouseholds(trx, [m.household_id]);
    await insertHistory(trx, {
      householdId: m.household_id, regionCode: m.region_code, actorId: actor.id, source: 'form',
      summary: `移出成员：${memberSummary(m)}，原因：${REMOVAL_REASON.labels[input.reason]}${input.note ? `（${input.note}）` : ''}`,
    });
    await insertAudit(trx, { actor, action: 'delete', entity: 'member', entityId: memberId, regionCode: m.region_code, reason: input.note || null, after: { reason: input.reason }, clientAddress });
  });
  return get(ctx, actor, m.household_id);
}

export async function reveal(ctx: AppContext, actor: RequestUser, memberId: number, input: MemberRevealRequest, clientAddress: string): Promise<{ value: string | null }> {
  const m = await findMember(ctx.database.db, actor, memberId);
  if (!m) throw notFound('家庭成员');
  const sealed = input.field === 'idNumber' ? m.id_number_enc : m.phone_enc;
  await insertAudit(ctx.database.db, {
    actor, action: 'reveal', entity: 'member', entityId: memberId, regionCode: m.region_code, after: { field: input.field }, reason: input.reason, clientAddress,
  });
  return { value: sealed ? ctx.crypto.decrypt(bytes(sealed)) : null };
}

