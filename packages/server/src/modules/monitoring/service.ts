import {
  effectiveRuleSettings, POLICY_KEY_LABELS, regionLevel, RULE_DESCRIPTIONS, RULE_KIND, RULE_PARAMETERS,
  type HouseholdWarnings, type RuleKind, type RuleSettingView, type StartSweepRequest, type SweepView, type TrailItem, type UpdateRuleSettingRequest,
  type WarningPage, type WarningQuery, type WarningView, type SweepMode, type SweepStatus, type SweepTrigger,
} from '@doudi/domain';
import type { AppContext, RequestUser } from '../../auth/context.js';
import { assertInJurisdiction } from '../../auth/jurisdiction.js';
import { forbidden, invalid, notFound } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import { getRegion } from '../regions/queries.js';
import {
  findHousehold, getSweep, householdWarnings, listSweeps, listWarnings, regionNames, ruleSettingsFor, upsertRuleSetting,
  type SweepRow, type WarningRow,
} from './queries.js';
import { claimSweeps, countiesFor, runSweepsInBackground } from './sweep.js';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function toWarningView(r: WarningRow): WarningView {
  const rule = r.rule as RuleKind;
  return {
    id: r.id, householdId: r.household_id, headName: r.head_name, memberId: r.member_id, memberName: r.member_name ?? null,
    regionCode: r.region_code, regionName: r.region_name ?? r.region_code, rule, ruleLabel: RULE_KIND.labels[rule] ?? r.rule,
    status: r.status as WarningView['status'], reasons: r.reasons as string[], trail: r.trail as TrailItem[],
    raisedAt: r.raised_at.toISOString(), closedAt: iso(r.closed_at), closeReason: r.close_reason, leadId: r.lead_id,
  };
}

export async function warnings(ctx: AppContext, actor: RequestUser, q: WarningQuery): Promise<WarningPage> {
  if (q.regionCode) assertInJurisdiction(actor, q.regionCode, '区域');
  const { rows, total } = await listWarnings(ctx.database.db, actor, q);
  return { items: rows.map(toWarningView), total };
}

/** A household's open warnings and those closed in the last year (the household page). */
export async function ofHousehold(ctx: AppContext, actor: RequestUser, householdId: number): Promise<HouseholdWarnings> {
  const { db } = ctx.database;
  if (!(await findHousehold(db, actor, householdId))) throw notFound('家庭');
  const rows = await householdWarnings(db, actor, householdId, new Date(Date.now() - 365 * 86_400_000));
  return { items: rows.map(toWarningView) };
}

// ---------------------------------------------------------------------------------------------------------------
// Rule switches

export async function rules(ctx: AppContext, actor: RequestUser, regionCode: string | undefined): Promise<RuleSettingView[]> {
  const region = regionCode ?? actor.regionCode;
  assertInJurisdiction(actor, region, '区域');
  const { db } = ctx.database;
  const effective = effectiveRuleSettings(await ruleSettingsFor(db, region), region);
  const names = await regionNames(db, effective.flatMap((s) => (s.fromRegionCode ? [s.fromRegionCode] : [])));
  return effective.map((s) => ({
    rule: s.rule, label: RULE_KIND.labels[s.rule], description: RULE_DESCRIPTIONS[s.rule],
    parameters: RULE_PARAMETERS[s.rule].map((k) => POLICY_KEY_LABELS[k].zh), enabled: s.enabled,
    setAt: s.fromRegionCode ? { regionCode: s.fromRegionCode, regionName: names.get(s.fromRegionCode) ?? s.fromRegionCode } : 'default',
  }));
}

/** Switches a rule for a region and below; county level and above decide which rules run. */
export async function setRule(ctx: AppContext, actor: RequestUser, input: UpdateRuleSettingRequest, clientAddress: string): Promise<RuleSettingView[]> {
  if (regionLevel(actor.regionCode) > 3) throw forbidden('预警规则由县级及以上民政部门设置');
  assertInJurisdiction(actor, input.regionCode, '区域');
  const { db } = ctx.database;
  if (!(await getRegion(db, input.regionCode))) throw invalid('regionCode', `区划代码 ${input.regionCode} 不存在`);
  await db.transaction().execute(async (trx) => {
    const { before } = await upsertRuleSetting(trx, input, actor.id);
    await insertAudit(trx, {
      actor, action: 'update', entity: 'monitoring_rule_setting', entityId: `${input.regionCode}:${input.rule}`, regionCode: input.regionCode,
      before: before === null ? null : { rule: input.rule, enabled: before }, after: { rule: input.rule, enabled: input.enabled }, clientAddress,
    });
  });
  return rules(ctx, actor, input.regionCode);
}

// ---------------------------------------------------------------------------------------------------------------
// Sweeps

export function toSweepView(r: SweepRow): SweepView {
  return {
    id: r.id, regionCode: r.region_code, regionName: r.region_name ?? r.region_code, trigger: r.trigger as SweepTrigger,
    mode: r.mode as SweepMode, status: r.status as SweepStatus, asOf: r.as_of, startedAt: r.started_at.toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(), finishedAt: iso(r.finished_at), householdsTotal: r.households_total,
    householdsDone: r.households_done, raised: r.raised, closed: r.closed, leadsCreated: r.leads_created,
    skipped: (r.skipped ?? {}) as SweepView['skipped'], error: r.error, startedBy: r.started_by_name ?? null,
  };
}

export async function sweeps(ctx: AppContext, actor: RequestUser, q: { regionCode?: string | undefined; limit: number }): Promise<SweepView[]> {
  const region = q.regionCode ?? actor.regionCode;
  assertInJurisdiction(actor, region, '区域');
  return (await listSweeps(ctx.database.db, region, q.limit)).map(toSweepView);
}

/** Claims the region's counties and sweeps them one at a time in the background; answers with the claimed rows. */
export async function startSweeps(
  ctx: AppContext, actor: RequestUser, input: StartSweepRequest, clientAddress: string, onError: (err: unknown) => void,
): Promise<SweepView[]> {
  assertInJurisdiction(actor, input.regionCode, '区域');
  const { db } = ctx.database;
  const counties = await countiesFor(db, input.regionCode);
  if (!counties.length) throw invalid('regionCode', '该区域下没有县（区、市）');
  const ids = await claimSweeps(ctx, counties, { trigger: 'manual', mode: input.mode, actor });
  const views = await Promise.all(ids.map(async (id) => toSweepView((await getSweep(db, id))!)));
  await insertAudit(db, {
    actor, action: 'create', entity: 'monitoring_sweep', entityId: ids.join(','), regionCode: input.regionCode,
    after: { mode: input.mode, sweeps: views.map((v) => ({ id: v.id, regionCode: v.regionCode })) }, clientAddress,
  });
  runSweepsInBackground(ctx, ids, onError);
  return views;
}
