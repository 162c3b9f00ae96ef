import {
  applyLeadAction, availableLeadActions, canAccessRegion, chinaDate, hasPermission, leadDeadline, LEAD_EVENT_ACTION, regionAncestorAt,
  Role, ROLES, type Actor, type AssigneeView, type ContactRecord, type CreateLeadRequest, type LeadAction, type LeadActionInput, type LeadDetail,
  type LeadEventAction, type LeadListItem, type LeadListQuery, type LeadOutcome, type LeadPage, type LeadRevealRequest, type LeadSource,
  type LeadState, type LeadStatus, type RuleKind,
} from '@doudi/domain';
import type { AppContext } from '../../auth/context.js';
import { assertInJurisdiction } from '../../auth/jurisdiction.js';
import { AppError, conflict, invalid, notFound } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import { loadWorkCalendar } from '../policy/queries.js';
import { getRegion } from '../regions/queries.js';
import { phoneValues } from '../registry/rows.js';
import {
  assigneeCandidates, findHousehold, findLead, insertLeadEvents, leadEvents, leadPhone, leadWarningIds, listLeads, parametersFor,
  type Db, type LeadRow,
} from './queries.js';

/**
 * Leads (救助线索): the workflow of packages/domain/src/leads.ts over the `leads` table. Every action names the
 * version it was based on (409 when stale), is checked by `applyLeadAction` (409 naming the allowed actions), logs a
 * `lead_events` row and an audit row in the same transaction, and recomputes the due date of the open step.
 */

type Staff = Actor & { username: string };
type LeadCtx = Pick<AppContext, 'database' | 'crypto'>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const LEAD_KEYS = ['lead_contact_days', 'lead_handle_days'] as const;
/** Roles that can take a lead (handle it through the workflow). */
const HANDLER_ROLES = Role.options.filter((r) => hasPermission(r, 'monitoring.write'));

export function today(): string {
  return chinaDate(new Date());
}

function isOverdue(r: Pick<LeadRow, 'due_date' | 'status'>, asOf: string): boolean {
  return r.due_date !== null && asOf > r.due_date && ['pending', 'assigned', 'contacted'].includes(r.status);
}

export function toLeadItem(r: LeadRow, asOf: string): LeadListItem {
  const status = r.status as LeadStatus;
  return {
    id: r.id, source: r.source as LeadSource, status, regionCode: r.region_code, regionName: r.region_name ?? r.region_code,
    householdId: r.household_id, personName: r.person_name, phoneMasked: r.phone_masked, description: r.description,
    rule: r.rule as RuleKind | null, warningKey: r.warning_key ?? null, assigneeId: r.assignee_id, assigneeName: r.assignee_name ?? null,
    contact: (r.contact ?? null) as ContactRecord | null, contactedAt: iso(r.contacted_at), outcome: r.outcome as LeadOutcome | null,
    outcomeNote: r.outcome_note, referredTo: r.referred_to, closeSummary: r.close_summary, deadline: r.due_date,
    overdue: isOverdue(r, asOf), availableActions: [...availableLeadActions(status)],
    createdBy: r.created_by_name ?? (r.source === 'warning' ? '系统预警' : '系统'),
    createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!, version: r.version, escalatedAt: iso(r.escalated_at),
  };
}

export async function list(ctx: LeadCtx, actor: Staff, q: LeadListQuery): Promise<LeadPage> {
  if (q.regionCode) assertInJurisdiction(actor, q.regionCode, '区域');
  const asOf = q.asOf ?? today();
  const { rows, total } = await listLeads(ctx.database.db, actor, q, asOf);
  return { items: rows.map((r) => toLeadItem(r, asOf)), total };
}

async function detail(db: Db, actor: Staff, id: number, asOf = today()): Promise<LeadDetail> {
  const row = await findLead(db, actor, id);
  if (!row) throw notFound('线索');
  const [events, warningIds] = await Promise.all([leadEvents(db, id), leadWarningIds(db, id)]);
  const status = row.status as LeadStatus;
  return {
    ...toLeadItem(row, asOf),
    dueStep: row.due_date === null ? null : status === 'contacted' ? 'handle' : ['pending', 'assigned'].includes(status) ? 'contact' : null,
    warningIds,
    events: events.map((e) => ({
      id: e.id, action: e.action as LeadEventAction, actionLabel: LEAD_EVENT_ACTION.labels[e.action as LeadEventAction] ?? e.action,
      fromStatus: e.from_status as LeadStatus | null, toStatus: e.to_status as LeadStatus, actorName: e.actor_name ?? null,
      at: iso(e.at)!, detail: (e.detail ?? {}) as Record<string, unknown>,
    })),
  };
}

export function get(ctx: LeadCtx, actor: Staff, id: number): Promise<LeadDetail> {
  return detail(ctx.database.db, actor, id);
}

/** A lead reported by a person (hotline, visit, village …); leads of source 系统预警 come only from the sweep. */
export async function create(ctx: LeadCtx, actor: Staff, input: CreateLeadRequest, clientAddress: string): Promise<LeadDetail> {
  return ctx.database.db.transaction().execute(async (trx) => {
    const id = await createLeadIn(trx, ctx.crypto, actor, input, clientAddress);
    return detail(trx, actor, id);
  });
}

/**
 * The same creation inside the caller's transaction `db` (e.g. a visit with outcome 需要救助 creates a lead of
 * source 'visit' in the visit's transaction): checks, the lead, its create event and its audit row. Returns the id.
 */
export async function createLeadIn(
  db: Db, crypto: LeadCtx['crypto'], actor: Staff, input: CreateLeadRequest, clientAddress: string | null,
): Promise<number> {
  if (input.source === 'warning') throw invalid('source', '“系统预警”线索由监测自动生成，请选择其他来源');
  assertInJurisdiction(actor, input.regionCode, '区域');
  if (!(await getRegion(db, input.regionCode))) throw invalid('regionCode', `区划代码 ${input.regionCode} 不存在`);
  if (input.householdId !== undefined) {
    const h = await findHousehold(db, actor, input.householdId);
    if (!h) throw notFound('家庭');
    if (!canAccessRegion({ regionCode: input.regionCode }, h.region_code)) throw invalid('householdId', '所选家庭不在线索所在地');
  }
  const createdOn = today();
  const [params, calendar] = await Promise.all([parametersFor(db, input.regionCode, LEAD_KEYS), loadWorkCalendar(db)]);
  const deadline = leadDeadline({ status: 'pending', regionCode: input.regionCode, createdOn, contactedOn: null }, params, calendar);
  const { id } = await db.insertInto('leads').values({
    region_code: input.regionCode, township_code: regionAncestorAt(input.regionCode, 4), household_id: input.householdId ?? null,
    source: input.source, person_name: input.personName, ...phoneValues(crypto, input.phone ?? null), description: input.description,
    due_date: deadline?.due ?? null, created_by: actor.id,
  }).returning('id').executeTakeFirstOrThrow();
  await insertLeadEvents(db, [{
    lead_id: id, region_code: input.regionCode, action: 'create', from_status: null, to_status: 'pending', actor_id: actor.id,
    detail: { source: input.source },
  }]);
  const view = await detail(db, actor, id);
  await insertAudit(db, { actor, action: 'create', entity: 'lead', entityId: id, regionCode: input.regionCode, after: view, clientAddress });
  return id;
}

function stateOf(r: LeadRow): LeadState {
  return {
    status: r.status as LeadStatus, assigneeId: r.assignee_id, contact: (r.contact ?? null) as ContactRecord | null,
    contactedAt: iso(r.contacted_at),
    outcome: r.outcome ? { outcome: r.outcome as LeadOutcome, note: r.outcome_note ?? '', department: r.referred_to } : null,
    outcomeAt: iso(r.outcome_at), closeSummary: r.close_summary, closedAt: iso(r.closed_at),
  };
}

export type LeadActionBody =
  | { type: 'assign' | 'reassign'; assigneeId: number; version: number }
  | { type: 'contact'; contact: ContactRecord; version: number }
  | { type: 'outcome'; outcome: LeadOutcome; note: string; department?: string | undefined; version: number }
  | { type: 'close'; summary: string; version: number };

function actionInput(body: LeadActionBody, at: string): LeadActionInput {
  switch (body.type) {
    case 'assign':
    case 'reassign':
      return { type: body.type, assigneeId: body.assigneeId };
    case 'contact':
      return { type: 'contact', contact: body.contact, at };
    case 'outcome':
      return { type: 'outcome', outcome: body.outcome, note: body.note, department: body.department ?? null, at };
    case 'close':
      return { type: 'close', summary: body.summary, at };
  }
}

/** One workflow step on a lead. */
export async function act(ctx: LeadCtx, actor: Staff, id: number, body: LeadActionBody, clientAddress: string): Promise<LeadDetail> {
  const { db } = ctx.database;
  const row = await findLead(db, actor, id);
  if (!row) throw notFound('线索');
  if (row.version !== body.version) throw conflict('线索已被他人处理或修改，请刷新后重试', { details: { version: row.version } });
  const at = new Date();
  const input = actionInput(body, at.toISOString());
  const before = stateOf(row);
  const next = applyLeadAction(before, input);
  let assigneeName: string | null = null;
  if (input.type === 'assign' || input.type === 'reassign') {
    const [candidate] = await assigneeCandidates(db, actor, row.region_code, HANDLER_ROLES, input.assigneeId);
    if (!candidate) {
      throw new AppError('VALIDATION', '承办人应为启用的、所在区域覆盖线索所在地且可办理线索的工作人员', { field: 'assigneeId' });
    }
    assigneeName = candidate.display_name;
  }
  const [params, calendar] = await Promise.all([parametersFor(db, row.region_code, LEAD_KEYS), loadWorkCalendar(db)]);
  const deadline = leadDeadline({
    status: next.status, regionCode: row.region_code, createdOn: chinaDate(row.created_at),
    contactedOn: next.contactedAt ? chinaDate(next.contactedAt) : null,
  }, params, calendar);
  const dueDate = deadline?.due ?? null;
  const stepChanged = next.status !== before.status && ['contacted', 'helped_apply', 'ineligible', 'refused', 'referred', 'closed'].includes(next.status);
  return db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('leads').set({
      status: next.status, assignee_id: next.assigneeId,
      contact: next.contact ? JSON.stringify(next.contact) : null,
      contacted_at: next.contactedAt ? new Date(next.contactedAt) : null,
      outcome: next.outcome?.outcome ?? null, outcome_note: next.outcome?.note ?? null, referred_to: next.outcome?.department ?? null,
      outcome_at: next.outcomeAt ? new Date(next.outcomeAt) : null,
      close_summary: next.closeSummary, closed_at: next.closedAt ? new Date(next.closedAt) : null,
      due_date: dueDate,
      // The escalation concerns the open step; a new step starts without it (the event log keeps the record).
      ...(stepChanged ? { escalated_at: null } : {}),
      version: row.version + 1, updated_at: at,
    }).where('id', '=', id).where('version', '=', body.version).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw conflict('线索已被他人处理或修改，请刷新后重试');
    const eventDetail: Record<string, unknown> =
      input.type === 'assign' || input.type === 'reassign' ? { assigneeId: input.assigneeId, assigneeName, previousAssigneeId: before.assigneeId }
        : input.type === 'contact' ? { ...next.contact }
          : input.type === 'outcome' ? { ...next.outcome }
            : { summary: input.summary };
    await insertLeadEvents(trx, [{
      lead_id: id, region_code: row.region_code, action: body.type satisfies LeadAction, from_status: before.status, to_status: next.status,
      actor_id: actor.id, detail: { ...eventDetail, dueDate },
    }]);
    const view = await detail(trx, actor, id);
    await insertAudit(trx, {
      actor, action: 'update', entity: 'lead', entityId: id, regionCode: row.region_code,
      before: { status: before.status, assigneeId: before.assigneeId, version: row.version },
      after: { action: body.type, status: next.status, assigneeId: next.assigneeId, version: row.version + 1, dueDate },
      clientAddress,
    });
    return view;
  });
}

/** Users a lead of `regionCode` can be assigned to (the region must be inside the jurisdiction). */
export async function assignees(ctx: LeadCtx, actor: Staff, regionCode: string): Promise<AssigneeView[]> {
  assertInJurisdiction(actor, regionCode, '区域');
  const rows = await assigneeCandidates(ctx.database.db, actor, regionCode, HANDLER_ROLES);
  return rows.map((u) => ({
    id: u.id, displayName: u.display_name, role: u.role as Role, roleLabel: ROLES[u.role as Role].label.zh, regionCode: u.region_code,
    regionName: u.region_name ?? u.region_code,
  }));
}

/** The full phone number of a lead's person, for a role with personal.reveal, with the typed reason audited. */
export async function revealPhone(
  ctx: LeadCtx, actor: Staff, id: number, input: LeadRevealRequest, clientAddress: string,
): Promise<{ value: string | null }> {
  const row = await leadPhone(ctx.database.db, actor, id);
  if (!row) throw notFound('线索');
  await insertAudit(ctx.database.db, {
    actor, action: 'reveal', entity: 'lead', entityId: id, regionCode: row.region_code, after: { field: 'phone' }, reason: input.reason, clientAddress,
  });
  return { value: row.phone_enc ? ctx.crypto.decrypt(Buffer.from(row.phone_enc)) : null };
}
