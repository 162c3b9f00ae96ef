import type { CreatePolicyParameterRequest, EndPolicyParameterRequest, PolicyKey, PolicyParameterView } from '@doudi/domain';
import type { AppContext, RequestUser } from '../../auth/context.js';
import { assertInJurisdiction } from '../../auth/jurisdiction.js';
import { conflict, invalid, notFound } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import { getRegion } from '../regions/queries.js';
import { findOverlap, findParameter, listParameters, toView } from './queries.js';

export async function list(ctx: AppContext, actor: RequestUser, q: { key?: PolicyKey | undefined }): Promise<PolicyParameterView[]> {
  return (await listParameters(ctx.database.db, actor, q)).map(toView);
}

export async function get(ctx: AppContext, actor: RequestUser, id: number): Promise<PolicyParameterView> {
  const row = await findParameter(ctx.database.db, actor, id);
  if (!row) throw notFound('政策参数');
  return toView(row);
}

const period = (from: string, to: string | null) => `${from} 至 ${to ?? '长期'}`;

export async function create(
  ctx: AppContext, actor: RequestUser, input: CreatePolicyParameterRequest, clientAddress: string,
): Promise<PolicyParameterView> {
  assertInJurisdiction(actor, input.regionCode, '区域');
  const { db } = ctx.database;
  if (!(await getRegion(db, input.regionCode))) throw invalid('regionCode', `区划代码 ${input.regionCode} 不存在`);
  return db.transaction().execute(async (trx) => {
    const overlap = await findOverlap(trx, { ...input });
    if (overlap) {
      throw conflict(`该区域已有同一参数在 ${period(overlap.valid_from, overlap.valid_to)} 有效，与新参数的有效期重叠；请先为原参数设置失效日期`, { field: 'validFrom' });
    }
    const { id } = await trx.insertInto('policy_parameters').values({
      region_code: input.regionCode, key: input.key, value: input.value, valid_from: input.validFrom, valid_to: input.validTo,
      source: input.source, demo: input.demo ?? false, created_by: actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    const view = toView((await findParameter(trx, actor, id))!);
    await insertAudit(trx, { actor, action: 'create', entity: 'policy_parameter', entityId: id, regionCode: input.regionCode, after: view, clientAddress });
    return view;
  });
}

/** Ends a parameter's validity (a parameter is never edited in place: decisions cite the version they used). */
export async function end(
  ctx: AppContext, actor: RequestUser, id: number, input: EndPolicyParameterRequest, clientAddress: string,
): Promise<PolicyParameterView> {
  const { db } = ctx.database;
  const before = await findParameter(db, actor, id);
  // Visible parameters of a region above the actor are read-only for them: outside the jurisdiction is 404 for writes.
  assertInJurisdiction(actor, before?.region_code, '政策参数');
  const row = before!;
  if (input.validTo < row.valid_from) throw invalid('validTo', '失效日期不能早于生效日期');
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('policy_parameters').set({ valid_to: input.validTo, updated_at: new Date() }).where('id', '=', id).execute();
    const after = toView((await findParameter(trx, actor, id))!);
    await insertAudit(trx, {
      actor, action: 'update', entity: 'policy_parameter', entityId: id, regionCode: row.region_code, before: toView(row), after, clientAddress,
    });
    return after;
  });
}
