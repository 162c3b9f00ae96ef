import {
  calendarYearProblems, regionLevel,
  type CalendarYearView, type CreatePolicyParameterRequest, type EndPolicyParameterRequest, type PolicyKey, type PolicyParameterView, type SaveCalendarYearRequest,
} from '@doudi/domain';
import type { AppContext, RequestUser } from '../../auth/context.js';
import { assertInJurisdiction } from '../../auth/jurisdiction.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import { getRegion } from '../regions/queries.js';
import { calendarYear, findOverlap, findParameter, listParameters, replaceCalendarYear, toView } from './queries.js';

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

// ---------------------------------------------------------------------------------------------------------------
// The working-day calendar

const CALENDAR_YEARS = { min: 2000, max: 2100 };

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < CALENDAR_YEARS.min || year > CALENDAR_YEARS.max) throw invalid('year', `年份应在 ${CALENDAR_YEARS.min}–${CALENDAR_YEARS.max} 之间`);
}

/** A year's holidays and 调休上班日: the same national calendar for every signed-in user. */
export async function getCalendarYear(ctx: AppContext, year: number): Promise<CalendarYearView> {
  checkYear(year);
  return calendarYear(ctx.database.db, year);
}

/**
 * Replaces a year's calendar from the State Council's notice. The calendar is national and moves every working-day
 * deadline in the system, so only provincial policy administrators change it; audited with the days before and after.
 * Deadlines already stored (a lead's due date) keep their date; new steps use the new calendar.
 */
export async function saveCalendarYear(
  ctx: AppContext, actor: RequestUser, year: number, input: SaveCalendarYearRequest, clientAddress: string,
): Promise<CalendarYearView> {
  checkYear(year);
  if (regionLevel(actor.regionCode) !== 1) throw forbidden('节假日安排全国统一，只能由省级政策参数管理人员录入或修改');
  const problems = calendarYearProblems(year, input.days);
  if (problems.length) {
    throw new AppError('VALIDATION', `节假日安排有 ${problems.length} 处错误：${problems.map((p) => p.message).join('；')}`, { field: problems[0]!.path, details: problems });
  }
  const days = [...input.days].sort((a, b) => a.date.localeCompare(b.date));
  return ctx.database.db.transaction().execute(async (trx) => {
    const before = await calendarYear(trx, year);
    await replaceCalendarYear(trx, year, input.source, days, actor.id);
    const after = await calendarYear(trx, year);
    await insertAudit(trx, {
      actor, action: before.source ? 'update' : 'create', entity: 'work_calendar', entityId: year, regionCode: actor.regionCode,
      before: before.source ? { source: before.source, days: before.days } : undefined, after: { source: after.source, days: after.days }, clientAddress,
    });
    return after;
  });
}
