import {
  canAccessRegion, parseIdNumber, RELATION, type CreateTransferRequest, type DecideTransferRequest, type TransferStatus, type TransferView,
} from '@doudi/domain';
import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { AppContext, RequestUser } from '../../auth/context.js';
import { assertInJurisdiction, inJurisdiction } from '../../auth/jurisdiction.js';
import type { DB } from '../../db/schema.js';
import { conflict, invalid, notFound } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import { bumpVersion, findCurrentByIdHash, findHousehold, insertHistory } from './queries.js';
import { refreshHouseholds, todayInChina } from './rows.js';

/**
 * Moving a person registered in one household into another (一人一户): the receiving side asks, the side where the
 * person is registered decides, because only it can confirm the person has left. Nothing moves before that.
 */

type Db = Kysely<DB> | Transaction<DB>;

function transfers(db: Db) {
  return db.selectFrom('member_transfers as t')
    .innerJoin('members as m', 'm.id', 't.member_id')
    .innerJoin('households as th', 'th.id', 't.to_household_id')
    .leftJoin('regions as fr', 'fr.code', 't.from_region_code')
    .leftJoin('regions as tr', 'tr.code', 't.to_region_code')
    .innerJoin('users as ru', 'ru.id', 't.requested_by')
    .leftJoin('users as du', 'du.id', 't.decided_by')
    .select([
      't.id', 't.status', 't.member_id', 't.from_household_id', 't.from_region_code', 't.to_household_id', 't.to_region_code', 't.relation',
      't.reason', 't.requested_at', 't.decided_at', 't.decision_note', 'm.name as member_name', 'm.id_number_masked', 'fr.name as from_region_name',
      'tr.name as to_region_name', 'th.head_name as to_head_name', 'ru.display_name as requested_by_name', 'du.display_name as decided_by_name',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof transfers>['executeTakeFirstOrThrow']>>;

function view(r: Row, viewer: RequestUser): TransferView {
  return {
    id: r.id, status: r.status as TransferStatus, memberName: r.member_name, idNumberMasked: r.id_number_masked,
    fromHouseholdId: r.from_household_id, fromRegionName: r.from_region_name ?? r.from_region_code,
    toHouseholdId: r.to_household_id, toRegionName: r.to_region_name ?? r.to_region_code, toHeadName: r.to_head_name,
    relation: r.relation as TransferView['relation'], reason: r.reason, requestedBy: r.requested_by_name,
    requestedAt: new Date(r.requested_at).toISOString(), decidedBy: r.decided_by_name,
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null, decisionNote: r.decision_note,
    canDecide: r.status === 'pending' && canAccessRegion(viewer, r.from_region_code),
  };
}

/** Transfers into or out of the viewer's jurisdiction. */
const visible = (viewer: RequestUser) =>
  sql<SqlBool>`(${inJurisdiction(viewer, 't.from_region_code')} OR ${inJurisdiction(viewer, 't.to_region_code')})`;

export async function list(ctx: AppContext, actor: RequestUser, q: { status?: TransferStatus | undefined }): Promise<TransferView[]> {
  let query = transfers(ctx.database.db).where(visible(actor));
  if (q.status) query = query.where('t.status', '=', q.status);
  const rows = await query.orderBy('t.requested_at', 'desc').limit(200).execute();
  return rows.map((r) => view(r, actor));
}

async function load(db: Db, actor: RequestUser, id: number): Promise<Row> {
  const row = await transfers(db).where('t.id', '=', id).where(visible(actor)).executeTakeFirst();
  if (!row) throw notFound('迁转申请');
  return row;
}

export async function create(ctx: AppContext, actor: RequestUser, input: CreateTransferRequest, clientAddress: string): Promise<TransferView> {
  const parsed = parseIdNumber(input.idNumber, todayInChina());
  if (!parsed.ok) throw invalid('idNumber', parsed.message);
  const to = await findHousehold(ctx.database.db, actor, input.toHouseholdId);
  if (!to) throw notFound('转入家庭');
  const member = await findCurrentByIdHash(ctx.database.db, ctx.crypto.blindIndex('id', parsed.value.idNumber));
  if (!member) throw invalid('idNumber', '该人员未在任何家庭登记，请直接添加为家庭成员');
  if (member.household_id === to.id) throw invalid('idNumber', '该人员已是本户成员');
  return ctx.database.db.transaction().execute(async (trx) => {
    const pending = await trx.selectFrom('member_transfers').select('id').where('member_id', '=', member.id).where('status', '=', 'pending').executeTakeFirst();
    if (pending) throw conflict('该人员已有一条待审核的迁转申请，请等待原登记地审核');
    const { id } = await trx.insertInto('member_transfers').values({
      member_id: member.id, from_household_id: member.household_id, from_region_code: member.region_code, to_household_id: to.id,
      to_region_code: to.region_code, relation: input.relation, reason: input.reason, requested_by: actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    await insertHistory(trx, {
      householdId: to.id, regionCode: to.region_code, actorId: actor.id, source: 'transfer',
      summary: `申请迁入 ${member.id_number_masked}（拟为${RELATION.labels[input.relation]}），待原登记地审核`,
    });
    await insertAudit(trx, {
      actor, action: 'create', entity: 'member_transfer', entityId: id, regionCode: member.region_code, clientAddress,
      after: { memberId: member.id, from: member.household_id, to: to.id, reason: input.reason },
    });
    return view(await load(trx, actor, id), actor);
  });
}

export async function decide(ctx: AppContext, actor: RequestUser, id: number, input: DecideTransferRequest, clientAddress: string): Promise<TransferView> {
  const t = await load(ctx.database.db, actor, id);
  // Only the side where the person is registered decides; the receiving side sees its request but gets 404 here.
  assertInJurisdiction(actor, t.from_region_code, '迁转申请');
  if (t.status !== 'pending') throw conflict(`该申请已处理（${t.status === 'approved' ? '已同意' : t.status === 'rejected' ? '已驳回' : '已撤回'}），不能再次审核`);
  return ctx.database.db.transaction().execute(async (trx) => {
    const claimed = await trx.updateTable('member_transfers')
      .set({ status: input.approve ? 'approved' : 'rejected', decided_by: actor.id, decided_at: new Date(), decision_note: input.note })
      .where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw conflict('该申请刚被他人处理，请刷新');
    if (input.approve) {
      const member = await trx.selectFrom('members').select(['relation']).where('id', '=', t.member_id).executeTakeFirstOrThrow();
      if (t.relation === 'head') {
        await trx.updateTable('members').set({ relation: 'other' }).where('household_id', '=', t.to_household_id).where('relation', '=', 'head').where('removed_at', 'is', null).execute();
      }
      await trx.updateTable('members').set((eb) => ({
        household_id: t.to_household_id, region_code: t.to_region_code, relation: t.relation, version: eb('version', '+', 1), updated_at: new Date(),
      })).where('id', '=', t.member_id).execute();
      await bumpVersion(trx, t.from_household_id, undefined);
      await bumpVersion(trx, t.to_household_id, undefined);
      await refreshHouseholds(trx, [t.from_household_id, t.to_household_id]);
      await insertHistory(trx, {
        householdId: t.from_household_id, regionCode: t.from_region_code, actorId: actor.id, source: 'transfer',
        summary: `成员${t.member_name}迁出至${t.to_region_name ?? ''}${t.to_head_name}户${member.relation === 'head' ? '（原为户主，本户暂无户主，请指定）' : ''}`,
      });
      await insertHistory(trx, {
        householdId: t.to_household_id, regionCode: t.to_region_code, actorId: actor.id, source: 'transfer',
        summary: `成员${t.member_name}由${t.from_region_name ?? ''}迁入，关系：${RELATION.labels[t.relation as keyof typeof RELATION.labels]}`,
      });
    } else {
      await insertHistory(trx, {
        householdId: t.to_household_id, regionCode: t.to_region_code, actorId: actor.id, source: 'transfer',
        summary: `迁入${t.member_name}的申请被原登记地驳回${input.note ? `：${input.note}` : ''}`,
      });
    }
    await insertAudit(trx, {
      actor, action: 'update', entity: 'member_transfer', entityId: id, regionCode: t.from_region_code, clientAddress,
      before: { status: 'pending' }, after: { status: input.approve ? 'approved' : 'rejected', note: input.note },
    });
    return view(await load(trx, actor, id), actor);
  });
}
