import {
  CHILD_VISIT_CHECKLIST, CHILD_AREA, ageOn, chinaDate, HELP_STATUS, MAJOR_CHANGE, MONTHLY_VISIT_TARGET, periodOf, regionContains,
  regionLevel, responseMinutes, riskTransition, SERVICE_TYPE, visitRate, type CareSubjectDetail, type CareSubjectPage,
  type CareSubjectQuery, type ChildArea, type CreateChildRequest, type CreateHelpRequest, type CreateRiskReport, type HelpRequestQuery,
  type HelpRequestView, type HelpStatus, type IdentifyResult, type LedgerEntryRequest, type LedgerEntryView, type MajorChangeKind,
  type MajorChangeRequest, type MajorChangeView, type OverdueQuery, type RiskLevel, type RiskActionRequest, type RiskReportQuery,
  type RiskReportView, type RiskStatus, type ServiceType, type TierOverrideRequest, type UpdateChildRequest, type VisitRateQuery,
  type VisitRateView, CreateChildRequest as CreateChildSchema, regionAncestorAt,
} from '@doudi/domain';
import { sql } from 'kysely';
import type { AppContext, RequestUser } from '../../auth/context.js';
import { assertInJurisdiction, inJurisdiction } from '../../auth/jurisdiction.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import type { Db } from '../monitoring/queries.js';
import { phoneValues } from '../registry/rows.js';
import { coverageByChild } from '../visits/queries.js';
import { generateCadenceTasks, identifyAll, insertMajorChangeTask } from './cadence.js';
import { findSubject, listSubjects, overdueTasks, tasksOfMember, toSubjectItem, toTaskView, type SubjectRow } from './queries.js';

/**
 * Care of elderly people in special difficulty (C5) and children in difficulty (C6): the people in care, their tier and
 * its override, major changes (a task due the next day), the service ledger, emergency help requests, children's
 * guardianship, and risk reports escalated township → county. Every write is audited in the same transaction.
 */

type Ctx = Pick<AppContext, 'database' | 'crypto'>;
type Staff = RequestUser | (RequestUser & { username: string });
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function today(): string {
  return chinaDate(new Date());
}

async function subjectOr404(db: Db, actor: Staff, id: number, kind?: 'elderly' | 'child'): Promise<SubjectRow> {
  const row = await findSubject(db, actor, id, today());
  if (!row || (kind && row.kind !== kind)) throw notFound(kind === 'child' ? '儿童' : kind === 'elderly' ? '老年人' : '关爱对象');
  return row;
}

export async function list(ctx: Ctx, actor: Staff, q: CareSubjectQuery): Promise<CareSubjectPage> {
  if (q.regionCode) assertInJurisdiction(actor, q.regionCode, '区域');
  const asOf = today();
  const { rows, total } = await listSubjects(ctx.database.db, actor, q, asOf);
  return { items: rows.map((r) => toSubjectItem(r, asOf)), total };
}

// ---------------------------------------------------------------------------------------------------------------
// Detail: ledger, tasks, changes, help requests, risk reports

async function ledgerOf(db: Db, s: SubjectRow): Promise<LedgerEntryView[]> {
  const [entries, visits] = await Promise.all([
    db.selectFrom('care_ledger_entries as l').leftJoin('users as u', 'u.id', 'l.created_by')
      .select(['l.id', sql<string>`to_char(l.served_on, 'YYYY-MM-DD')`.as('served_on'), 'l.type', 'l.content', 'l.provider', 'u.display_name', 'l.created_at'])
      .where('l.subject_id', '=', s.id).execute(),
    db.selectFrom('visits as v').leftJoin('users as u', 'u.id', 'v.visitor_id')
      .select(['v.id', 'v.visited_at', 'v.kind', 'v.outcome', 'v.note', 'v.goods', 'u.display_name'])
      .where((eb) => eb.or([eb('v.member_id', '=', s.member_id), eb('v.household_id', '=', s.household_id).and('v.member_id', 'is', null)]))
      .orderBy('v.visited_at', 'desc').limit(100).execute(),
  ]);
  const outcome: Record<string, string> = { normal: '无异常', needs_help: '需要救助', hazard: '存在安全隐患', complex: '情况复杂' };
  const items: (LedgerEntryView & { sortKey: string })[] = [
    ...entries.map((e) => ({
      id: `ledger-${e.id}`, source: 'ledger' as const, date: e.served_on, type: e.type, typeLabel: SERVICE_TYPE.labels[e.type as ServiceType] ?? e.type,
      content: e.content, provider: e.provider, recordedBy: e.display_name ?? null, sortKey: `${e.served_on}T${iso(e.created_at)!.slice(11)}`,
    })),
    ...visits.map((v) => ({
      id: `visit-${v.id}`, source: 'visit' as const, date: chinaDate(v.visited_at), type: 'visit', typeLabel: '探访（走访记录）',
      content: [`走访结果：${outcome[v.outcome] ?? v.outcome}`, v.goods ? `慰问品：${v.goods}` : '', v.note].filter(Boolean).join('；'),
      provider: v.display_name ?? '', recordedBy: v.display_name ?? null, sortKey: `${chinaDate(v.visited_at)}T${iso(v.visited_at)!.slice(11)}`,
    })),
  ];
  return items.sort((a, b) => (a.sortKey < b.sortKey ? 1 : a.sortKey > b.sortKey ? -1 : 0)).map(({ sortKey: _, ...rest }) => rest);
}

async function majorChangesOf(db: Db, subjectId: number): Promise<MajorChangeView[]> {
  const rows = await db.selectFrom('care_major_changes as c').leftJoin('users as u', 'u.id', 'c.created_by').leftJoin('visit_tasks as t', 't.id', 'c.task_id')
    .select(['c.id', 'c.kind', 'c.note', sql<string>`to_char(c.occurred_on, 'YYYY-MM-DD')`.as('occurred_on'), 'c.task_id',
      sql<string | null>`to_char(t.due_on, 'YYYY-MM-DD')`.as('task_due_on'), 'u.display_name', 'c.created_at'])
    .where('c.subject_id', '=', subjectId).orderBy('c.created_at', 'desc').execute();
  return rows.map((r) => ({
    id: r.id, kind: r.kind as MajorChangeKind, kindLabel: MAJOR_CHANGE.labels[r.kind as MajorChangeKind] ?? r.kind, note: r.note,
    occurredOn: r.occurred_on, taskId: r.task_id, taskDueOn: r.task_due_on, createdBy: r.display_name ?? null, createdAt: iso(r.created_at)!,
  }));
}

function helpSelect(db: Db, actor: Staff) {
  return db.selectFrom('care_help_requests as h').innerJoin('care_subjects as s', 's.id', 'h.subject_id').innerJoin('members as m', 'm.id', 's.member_id')
    .leftJoin('regions as r', 'r.code', 'h.region_code').leftJoin('users as u', 'u.id', 'h.created_by')
    .where(inJurisdiction(actor, 'h.region_code'))
    .select(['h.id', 'h.subject_id', 's.member_id', 'h.region_code', 'r.name as region_name', 'm.name as person_name', 'h.requested_at', 'h.channel',
      'h.description', 'h.response', 'h.responder', 'h.status', 'h.responded_at', 'h.closed_at', 'u.display_name', 'h.version']);
}
type HelpRow = Awaited<ReturnType<ReturnType<typeof helpSelect>['executeTakeFirstOrThrow']>>;
function toHelpView(r: HelpRow): HelpRequestView {
  return {
    id: r.id, subjectId: r.subject_id, memberId: r.member_id, regionCode: r.region_code, regionName: r.region_name ?? r.region_code,
    personName: r.person_name, requestedAt: iso(r.requested_at)!, channel: r.channel as HelpRequestView['channel'], description: r.description,
    response: r.response, responder: r.responder, status: r.status as HelpStatus, respondedAt: iso(r.responded_at), closedAt: iso(r.closed_at),
    responseMinutes: responseMinutes(r.requested_at, r.responded_at), createdBy: r.display_name ?? null, version: r.version,
  };
}

function riskSelect(db: Db, actor: Staff) {
  return db.selectFrom('child_risk_reports as k').innerJoin('care_subjects as s', 's.id', 'k.subject_id').innerJoin('members as m', 'm.id', 's.member_id')
    .leftJoin('regions as r', 'r.code', 'k.region_code').leftJoin('users as u', 'u.id', 'k.reported_by')
    .where(inJurisdiction(actor, 'k.region_code'))
    .select(['k.id', 'k.subject_id', 'm.name as child_name', 'k.region_code', 'r.name as region_name', 'k.area', 'k.level', 'k.description', 'k.status',
      'u.display_name', 'k.reported_at', 'k.updated_at', 'k.version']);
}
type RiskRow = Awaited<ReturnType<ReturnType<typeof riskSelect>['executeTakeFirstOrThrow']>>;
async function toRiskViews(db: Db, rows: RiskRow[]): Promise<RiskReportView[]> {
  const events = rows.length ? await db.selectFrom('child_risk_events as e').leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.report_id', 'e.from_status', 'e.to_status', 'e.note', 'u.display_name', 'e.at'])
    .where('e.report_id', 'in', rows.map((r) => r.id)).orderBy('e.at').orderBy('e.id').execute() : [];
  return rows.map((r) => ({
    id: r.id, subjectId: r.subject_id, childName: r.child_name, regionCode: r.region_code, regionName: r.region_name ?? r.region_code,
    area: r.area as ChildArea, level: r.level as RiskLevel, description: r.description, status: r.status as RiskStatus,
    reportedBy: r.display_name ?? null, reportedAt: iso(r.reported_at)!, updatedAt: iso(r.updated_at)!, version: r.version,
    events: events.filter((e) => e.report_id === r.id).map((e) => ({
      id: e.id, fromStatus: e.from_status as RiskStatus | null, toStatus: e.to_status as RiskStatus, note: e.note, actorName: e.display_name ?? null, at: iso(e.at)!,
    })),
  }));
}

export async function detail(ctx: Ctx, actor: Staff, id: number, db: Db = ctx.database.db): Promise<CareSubjectDetail> {
  const asOf = today();
  const s = await subjectOr404(db, actor, id);
  const [household, tasks, ledger, majorChanges, help, risks] = await Promise.all([
    db.selectFrom('households').select('residence_address').where('id', '=', s.household_id).executeTakeFirst(),
    tasksOfMember(db, actor, s.member_id),
    ledgerOf(db, s),
    majorChangesOf(db, s.id),
    helpSelect(db, actor).where('h.subject_id', '=', s.id).orderBy('h.requested_at', 'desc').execute(),
    riskSelect(db, actor).where('k.subject_id', '=', s.id).orderBy('k.reported_at', 'desc').execute(),
  ]);
  return {
    ...toSubjectItem(s, asOf), householdAddress: household?.residence_address ?? '',
    tasks: tasks.filter((t) => (s.kind === 'child' ? t.kind === 'child' : t.kind !== 'child')).map((t) => toTaskView(t, asOf)),
    ledger, majorChanges, helpRequests: help.map(toHelpView), riskReports: await toRiskViews(db, risks),
    checklist: s.kind === 'child'
      ? Object.fromEntries(CHILD_AREA.options.map((o) => [o.label, CHILD_VISIT_CHECKLIST[o.value as ChildArea]]))
      : null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Elderly writes

function checkVersion(row: { version: number }, version: number, what: string) {
  if (row.version !== version) throw conflict(`${what}已被他人修改，请刷新后重试`, { details: { version: row.version } });
}

export async function overrideTier(ctx: Ctx, actor: Staff, id: number, body: TierOverrideRequest, clientAddress: string): Promise<CareSubjectDetail> {
  const { db } = ctx.database;
  const s = await subjectOr404(db, actor, id, 'elderly');
  checkVersion(s, body.version, '该老年人的信息');
  return db.transaction().execute(async (trx) => {
    const tier = body.tier ?? s.computed_tier;
    const res = await trx.updateTable('care_subjects').set({
      tier_override: body.tier, tier, override_reason: body.tier ? body.reason : null, override_by: body.tier ? actor.id : null,
      override_at: body.tier ? new Date() : null, updated_at: new Date(), version: s.version + 1,
    }).where('id', '=', id).where('version', '=', body.version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('该老年人的信息已被他人修改，请刷新后重试');
    await insertAudit(trx, {
      actor, action: 'update', entity: 'care_subject', entityId: id, regionCode: s.region_code,
      before: { tier: s.tier, tierOverride: s.tier_override }, after: { tier, tierOverride: body.tier }, reason: body.reason || null, clientAddress,
    });
    return detail(ctx, actor, id, trx);
  });
}

export async function majorChange(ctx: Ctx, actor: Staff, id: number, body: MajorChangeRequest, clientAddress: string): Promise<CareSubjectDetail> {
  const { db } = ctx.database;
  const s = await subjectOr404(db, actor, id);
  if (!s.active) throw invalid('id', '该对象已不在关爱名单中');
  const now = today();
  const occurredOn = body.occurredOn ?? now;
  if (occurredOn > now) throw invalid('occurredOn', '发生日期不能晚于今天');
  return db.transaction().execute(async (trx) => {
    const { id: changeId } = await trx.insertInto('care_major_changes').values({
      subject_id: s.id, region_code: s.region_code, kind: body.kind, note: body.note, occurred_on: occurredOn, created_by: actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    const task = await insertMajorChangeTask(trx, s, changeId, occurredOn, MAJOR_CHANGE.labels[body.kind], now);
    await trx.updateTable('care_major_changes').set({ task_id: task.id }).where('id', '=', changeId).execute();
    await insertAudit(trx, {
      actor, action: 'create', entity: 'care_major_change', entityId: changeId, regionCode: s.region_code,
      after: { subjectId: s.id, kind: body.kind, note: body.note, occurredOn, taskId: task.id, taskDueOn: task.dueOn }, clientAddress,
    });
    return detail(ctx, actor, id, trx);
  });
}

export async function addLedgerEntry(ctx: Ctx, actor: Staff, id: number, body: LedgerEntryRequest, clientAddress: string): Promise<CareSubjectDetail> {
  const { db } = ctx.database;
  const s = await subjectOr404(db, actor, id);
  if (body.servedOn > today()) throw invalid('servedOn', '服务日期不能晚于今天');
  return db.transaction().execute(async (trx) => {
    const { id: entryId } = await trx.insertInto('care_ledger_entries').values({
      subject_id: s.id, region_code: s.region_code, served_on: body.servedOn, type: body.type, content: body.content, provider: body.provider,
      created_by: actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    await insertAudit(trx, { actor, action: 'create', entity: 'care_ledger_entry', entityId: entryId, regionCode: s.region_code, after: { subjectId: s.id, ...body }, clientAddress });
    return detail(ctx, actor, id, trx);
  });
}

/** Identify now (county and township accounts): refresh the care list of a region and generate this period's tasks. */
export async function identifyNow(ctx: Ctx, actor: Staff, regionCode: string | undefined, clientAddress: string): Promise<IdentifyResult> {
  const code = regionCode ?? actor.regionCode;
  assertInJurisdiction(actor, code, '区域');
  const level = regionLevel(actor.regionCode);
  if (level !== 3 && level !== 4) throw forbidden('立即识别由县级、乡镇（街道）工作人员操作');
  const asOf = today();
  return ctx.database.db.transaction().execute(async (trx) => {
    const r = await identifyAll(trx, code, asOf);
    const g = await generateCadenceTasks(trx, { regionCode: code, asOf });
    const result = { regionCode: code, ...r, tasksCreated: g.created };
    await insertAudit(trx, { actor, action: 'update', entity: 'care_identification', entityId: code, regionCode: code, after: result, clientAddress });
    return result;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Help requests

export async function helpRequests(ctx: Ctx, actor: Staff, q: HelpRequestQuery): Promise<{ items: HelpRequestView[]; total: number }> {
  if (q.regionCode) assertInJurisdiction(actor, q.regionCode, '区域');
  let base = helpSelect(ctx.database.db, actor);
  if (q.regionCode) base = base.where(inJurisdiction({ regionCode: q.regionCode }, 'h.region_code'));
  if (q.status) base = base.where('h.status', '=', q.status);
  if (q.subjectId) base = base.where('h.subject_id', '=', q.subjectId);
  const [rows, count] = await Promise.all([
    base.orderBy(sql`CASE h.status WHEN 'pending' THEN 0 WHEN 'responded' THEN 1 ELSE 2 END`).orderBy('h.requested_at', 'desc')
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toHelpView), total: Number(count.n) };
}

async function helpOr404(db: Db, actor: Staff, id: number): Promise<HelpRow> {
  const row = await helpSelect(db, actor).where('h.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('求助记录');
  return row;
}

export async function createHelpRequest(ctx: Ctx, actor: Staff, body: CreateHelpRequest, clientAddress: string): Promise<HelpRequestView> {
  const { db } = ctx.database;
  const s = await subjectOr404(db, actor, body.subjectId);
  const requestedAt = body.requestedAt ? new Date(body.requestedAt) : new Date();
  if (requestedAt.getTime() > Date.now() + 5 * 60_000) throw invalid('requestedAt', '求助时间不能晚于现在');
  return db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('care_help_requests').values({
      subject_id: s.id, region_code: s.region_code, requested_at: requestedAt, channel: body.channel, description: body.description, created_by: actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    const view = toHelpView(await helpOr404(trx, actor, id));
    await insertAudit(trx, { actor, action: 'create', entity: 'care_help_request', entityId: id, regionCode: s.region_code, after: view, clientAddress });
    return view;
  });
}

export async function actOnHelpRequest(
  ctx: Ctx, actor: Staff, id: number, body: { type: 'respond'; response: string; responder: string; version: number } | { type: 'close'; response?: string | undefined; version: number },
  clientAddress: string,
): Promise<HelpRequestView> {
  const { db } = ctx.database;
  const row = await helpOr404(db, actor, id);
  checkVersion(row, body.version, '该求助记录');
  const status = row.status as HelpStatus;
  if (body.type === 'respond' && status !== 'pending') throw conflict(`求助当前为“${HELP_STATUS.labels[status]}”，不能再登记响应`);
  if (body.type === 'close' && status !== 'responded') {
    throw conflict(status === 'pending' ? '请先登记响应情况再办结' : '该求助已办结');
  }
  const now = new Date();
  return db.transaction().execute(async (trx) => {
    const set = body.type === 'respond'
      ? { status: 'responded', response: body.response, responder: body.responder, responded_at: now }
      : { status: 'closed', closed_at: now, ...(body.response ? { response: body.response } : {}) };
    const res = await trx.updateTable('care_help_requests').set({ ...set, version: row.version + 1 })
      .where('id', '=', id).where('version', '=', body.version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('该求助记录已被他人修改，请刷新后重试');
    const view = toHelpView(await helpOr404(trx, actor, id));
    await insertAudit(trx, {
      actor, action: 'update', entity: 'care_help_request', entityId: id, regionCode: row.region_code,
      before: { status: row.status, version: row.version }, after: { action: body.type, status: view.status, responseMinutes: view.responseMinutes }, clientAddress,
    });
    return view;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Children

async function checkDirector(db: Db, actor: Staff, regionCode: string, directorId: number | null | undefined) {
  if (directorId == null) return;
  const u = await db.selectFrom('users').select(['id', 'region_code', 'role', 'disabled']).where('id', '=', directorId).executeTakeFirst();
  if (!u || u.role !== 'children_director' || u.disabled || !regionContains(u.region_code, regionCode) || !regionContains(actor.regionCode, u.region_code) && !regionContains(u.region_code, actor.regionCode)) {
    throw invalid('directorId', '负责的儿童主任应为儿童所在村或乡镇（街道）启用的儿童主任');
  }
}

export async function createChild(ctx: Ctx, actor: Staff, input: CreateChildRequest, clientAddress: string): Promise<CareSubjectDetail> {
  const body = CreateChildSchema.parse(input);
  const { db } = ctx.database;
  const m = await db.selectFrom('members').select(['id', 'household_id', 'region_code', sql<string>`to_char(birth_date, 'YYYY-MM-DD')`.as('birth_date'), 'removed_at'])
    .where('id', '=', body.memberId).where(inJurisdiction(actor, 'region_code')).executeTakeFirst();
  if (!m || m.removed_at) throw notFound('人员');
  if (ageOn(m.birth_date, today()) >= 18) throw invalid('memberId', '该人员已满18周岁，不属于儿童');
  await checkDirector(db, actor, m.region_code, body.directorId);
  const existing = await db.selectFrom('care_subjects').select(['id', 'active']).where('member_id', '=', m.id).where('kind', '=', 'child').executeTakeFirst();
  if (existing?.active) throw conflict('该儿童已在困境儿童名单中', { details: { id: existing.id } });
  return db.transaction().execute(async (trx) => {
    const values = {
      kind: 'child', member_id: m.id, household_id: m.household_id, region_code: m.region_code, source: 'manual', active: true,
      categories: body.categories, hiv: body.hiv, reasons: ['工作人员添加'], guardian_name: body.guardianName, guardian_relation: body.guardianRelation,
      ...guardianPhone(ctx, body.guardianPhone), guardianship: body.guardianship, director_id: body.directorId, pairing_helper: body.pairingHelper,
      emergency_guardianship: body.emergencyGuardianship, emergency_guardianship_on: body.emergencyGuardianship ? body.emergencyGuardianshipOn : null,
      emergency_guardianship_reason: body.emergencyGuardianship ? body.emergencyGuardianshipReason : null, ended_at: null,
    };
    const { id } = existing
      ? await trx.updateTable('care_subjects').set({ ...values, updated_at: new Date(), version: sql`version + 1` }).where('id', '=', existing.id).returning('id').executeTakeFirstOrThrow()
      : await trx.insertInto('care_subjects').values(values).returning('id').executeTakeFirstOrThrow();
    const view = await detail(ctx, actor, id, trx);
    await insertAudit(trx, { actor, action: 'create', entity: 'care_child', entityId: id, regionCode: m.region_code, after: redactChild(view), clientAddress });
    return view;
  });
}

function guardianPhone(ctx: Ctx, phone: string | null) {
  const v = phoneValues(ctx.crypto, phone);
  return { guardian_phone_enc: v.phone_enc, guardian_phone_hash: v.phone_hash, guardian_phone_masked: v.phone_masked };
}

function redactChild(v: CareSubjectDetail) {
  return {
    categories: v.categories, hiv: v.hiv, guardianName: v.guardianName, guardianRelation: v.guardianRelation, guardianPhone: v.guardianPhoneMasked,
    guardianship: v.guardianship, directorId: v.directorId, pairingHelper: v.pairingHelper, emergencyGuardianship: v.emergencyGuardianship,
    emergencyGuardianshipOn: v.emergencyGuardianshipOn, emergencyGuardianshipReason: v.emergencyGuardianshipReason, version: v.version,
  };
}

export async function updateChild(ctx: Ctx, actor: Staff, id: number, body: UpdateChildRequest, clientAddress: string): Promise<CareSubjectDetail> {
  const { db } = ctx.database;
  const s = await subjectOr404(db, actor, id, 'child');
  checkVersion(s, body.version, '该儿童的信息');
  await checkDirector(db, actor, s.region_code, body.directorId);
  const emergency = body.emergencyGuardianship ?? s.emergency_guardianship;
  const emergencyOn = body.emergencyGuardianshipOn !== undefined ? body.emergencyGuardianshipOn : s.emergency_guardianship_on;
  const emergencyReason = body.emergencyGuardianshipReason !== undefined ? body.emergencyGuardianshipReason : s.emergency_guardianship_reason;
  if (emergency && !emergencyOn) throw invalid('emergencyGuardianshipOn', '兜底监护须填写开始日期');
  if (emergency && !emergencyReason) throw invalid('emergencyGuardianshipReason', '兜底监护须填写原因');
  const before = redactChild(await detail(ctx, actor, id));
  return db.transaction().execute(async (trx) => {
    const res = await trx.updateTable('care_subjects').set({
      ...(body.categories !== undefined ? { categories: body.categories, source: 'manual' } : {}),
      ...(body.hiv !== undefined ? { hiv: body.hiv, source: 'manual' } : {}),
      ...(body.guardianName !== undefined ? { guardian_name: body.guardianName } : {}),
      ...(body.guardianRelation !== undefined ? { guardian_relation: body.guardianRelation } : {}),
      ...(body.guardianPhone !== undefined ? guardianPhone(ctx, body.guardianPhone) : {}),
      ...(body.guardianship !== undefined ? { guardianship: body.guardianship } : {}),
      ...(body.directorId !== undefined ? { director_id: body.directorId } : {}),
      ...(body.pairingHelper !== undefined ? { pairing_helper: body.pairingHelper } : {}),
      emergency_guardianship: emergency, emergency_guardianship_on: emergency ? emergencyOn : null, emergency_guardianship_reason: emergency ? emergencyReason : null,
      updated_at: new Date(), version: s.version + 1,
    }).where('id', '=', id).where('version', '=', body.version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('该儿童的信息已被他人修改，请刷新后重试');
    // Open child tasks follow a change of director.
    if (body.directorId !== undefined && body.directorId !== s.director_id) {
      await trx.updateTable('visit_tasks').set({ assignee_id: body.directorId }).where('member_id', '=', s.member_id).where('kind', '=', 'child').where('status', '=', 'open').execute();
    }
    const view = await detail(ctx, actor, id, trx);
    await insertAudit(trx, { actor, action: 'update', entity: 'care_child', entityId: id, regionCode: s.region_code, before, after: redactChild(view), clientAddress });
    return view;
  });
}

export async function revealGuardianPhone(ctx: Ctx, actor: Staff, id: number, reason: string, clientAddress: string): Promise<{ value: string | null }> {
  const { db } = ctx.database;
  const s = await subjectOr404(db, actor, id, 'child');
  const row = await db.selectFrom('care_subjects').select('guardian_phone_enc').where('id', '=', s.id).executeTakeFirstOrThrow();
  await insertAudit(db, { actor, action: 'reveal', entity: 'care_child', entityId: id, regionCode: s.region_code, after: { field: 'guardianPhone' }, reason, clientAddress });
  return { value: row.guardian_phone_enc ? ctx.crypto.decrypt(Buffer.from(row.guardian_phone_enc)) : null };
}

/** Children's directors who can be responsible for children of `regionCode`. */
export async function directors(ctx: Ctx, actor: Staff, regionCode: string) {
  assertInJurisdiction(actor, regionCode, '区域');
  const ancestors = [regionCode, regionAncestorAt(regionCode, 4)];
  const rows = await ctx.database.db.selectFrom('users as u').leftJoin('regions as r', 'r.code', 'u.region_code')
    .select(['u.id', 'u.display_name', 'u.region_code', 'r.name']).where('u.role', '=', 'children_director').where('u.disabled', '=', false)
    .where('u.region_code', 'in', ancestors).orderBy('u.region_code', 'desc').orderBy('u.id').execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, regionCode: r.region_code, regionName: r.name ?? r.region_code }));
}

// ---------------------------------------------------------------------------------------------------------------
// Risk reports

export async function riskReports(ctx: Ctx, actor: Staff, q: RiskReportQuery): Promise<{ items: RiskReportView[]; total: number }> {
  if (q.regionCode) assertInJurisdiction(actor, q.regionCode, '区域');
  const { db } = ctx.database;
  let base = riskSelect(db, actor);
  if (q.regionCode) base = base.where(inJurisdiction({ regionCode: q.regionCode }, 'k.region_code'));
  if (q.status) base = base.where('k.status', '=', q.status);
  if (q.area) base = base.where('k.area', '=', q.area);
  if (q.subjectId) base = base.where('k.subject_id', '=', q.subjectId);
  const [rows, count] = await Promise.all([
    base.orderBy(sql`CASE k.status WHEN 'resolved' THEN 1 ELSE 0 END`).orderBy('k.reported_at', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await toRiskViews(db, rows), total: Number(count.n) };
}

async function riskOr404(db: Db, actor: Staff, id: number): Promise<RiskReportView> {
  const row = await riskSelect(db, actor).where('k.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('风险报告');
  return (await toRiskViews(db, [row]))[0]!;
}

export async function createRiskReport(ctx: Ctx, actor: Staff, body: CreateRiskReport, clientAddress: string): Promise<RiskReportView> {
  const { db } = ctx.database;
  const s = await subjectOr404(db, actor, body.subjectId, 'child');
  return db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('child_risk_reports').values({
      subject_id: s.id, region_code: s.region_code, area: body.area, level: body.level, description: body.description, reported_by: actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('child_risk_events').values({ report_id: id, region_code: s.region_code, from_status: null, to_status: 'reported', note: body.description, actor_id: actor.id }).execute();
    const view = await riskOr404(trx, actor, id);
    await insertAudit(trx, { actor, action: 'create', entity: 'child_risk_report', entityId: id, regionCode: s.region_code, after: { subjectId: s.id, area: body.area, level: body.level, status: 'reported' }, clientAddress });
    return view;
  });
}

export async function actOnRiskReport(ctx: Ctx, actor: Staff, id: number, body: RiskActionRequest, clientAddress: string): Promise<RiskReportView> {
  const { db } = ctx.database;
  const r = await riskOr404(db, actor, id);
  checkVersion(r, body.version, '该风险报告');
  const t = riskTransition(r.status, body.action, regionLevel(actor.regionCode));
  if (!t.ok) throw new AppError(t.message.includes('须由') ? 'FORBIDDEN' : 'CONFLICT', t.message);
  return db.transaction().execute(async (trx) => {
    const res = await trx.updateTable('child_risk_reports').set({ status: t.to, updated_at: new Date(), version: r.version + 1 })
      .where('id', '=', id).where('version', '=', body.version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('该风险报告已被他人处理，请刷新后重试');
    await trx.insertInto('child_risk_events').values({ report_id: id, region_code: r.regionCode, from_status: r.status, to_status: t.to, note: body.note, actor_id: actor.id }).execute();
    await insertAudit(trx, {
      actor, action: 'update', entity: 'child_risk_report', entityId: id, regionCode: r.regionCode,
      before: { status: r.status, version: r.version }, after: { action: body.action, status: t.to, note: body.note }, clientAddress,
    });
    return riskOr404(trx, actor, id);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Overdue queue and monthly visit rate

export async function overdue(ctx: Ctx, actor: Staff, q: OverdueQuery) {
  if (q.regionCode) assertInJurisdiction(actor, q.regionCode, '区域');
  const asOf = today();
  const { rows, total } = await overdueTasks(ctx.database.db, actor, q, asOf);
  return { items: rows.map((r) => toTaskView(r, asOf)), total };
}

export async function monthlyVisitRate(ctx: Ctx, actor: Staff, q: VisitRateQuery): Promise<VisitRateView> {
  const regionCode = q.regionCode ?? actor.regionCode;
  assertInJurisdiction(actor, regionCode, '区域');
  const asOf = today();
  const month = periodOf('month', q.month ? `${q.month}-01` : asOf);
  const level = regionLevel(regionCode);
  if (level === 5) throw invalid('regionCode', '请选择乡镇（街道）或以上的区域');
  const rows = await coverageByChild(ctx.database.db, regionCode, month.start, month.end, { kind: q.kind, asOf });
  const sum = rows.reduce((a, r) => ({ due: a.due + r.due, done: a.done + r.done, overdue: a.overdue + r.overdue }), { due: 0, done: 0, overdue: 0 });
  const name = await ctx.database.db.selectFrom('regions').select('name').where('code', '=', regionCode).executeTakeFirst();
  return {
    regionCode, month: month.key, from: month.start, to: month.end, target: MONTHLY_VISIT_TARGET,
    total: { regionCode, regionName: name?.name ?? regionCode, ...sum, rate: visitRate(sum.due, sum.done) },
    rows: rows.map((r) => ({ regionCode: r.regionCode, regionName: r.regionName, due: r.due, done: r.done, overdue: r.overdue, rate: visitRate(r.due, r.done) })),
  };
}
