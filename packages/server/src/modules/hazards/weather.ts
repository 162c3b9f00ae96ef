import {
  isWarningActive, regionAncestry, regionLevel, weatherWarningLabel, type CreateWeatherWarningRequest, type WeatherKind, type WeatherLevel,
  type WeatherWarningPage, type WeatherWarningView,
} from '@doudi/domain';
import { sql } from 'kysely';
import { assertInJurisdiction, inJurisdiction } from '../../auth/jurisdiction.js';
import { conflict, forbidden, invalid, notFound } from '../../http/errors.js';
import { insertAudit } from '../audit/queries.js';
import { generateWeatherVisits } from '../care/cadence.js';
import type { Db } from '../monitoring/queries.js';
import { notifyUsersInRegion } from '../notifications/service.js';
import { iso, today, type Staff } from './service.js';

/**
 * Weather warnings (寒潮、冰冻雨雪、气温骤降…). Entering one, in one transaction: stores it, has the care cadence create
 * a 'weather' visit task due within 24 h for each high-risk elderly person in the region (period weather-<id>, so
 * never twice), and notifies the region's workers who record visits or care. The same warning (region, kind, start
 * date) can be entered only once.
 */

function warningBase(db: Db) {
  return db.selectFrom('weather_warnings as w').leftJoin('regions as r', 'r.code', 'w.region_code')
    .selectAll('w').select('r.name as region_name');
}
type WarningRow = Awaited<ReturnType<ReturnType<typeof warningBase>['executeTakeFirstOrThrow']>>;

async function taskCounts(db: Db, ids: number[]): Promise<Map<string, { due: number; done: number }>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('visit_tasks').select([
    'period', sql<number>`count(*) FILTER (WHERE status <> 'cancelled')`.as('due'), sql<number>`count(*) FILTER (WHERE status = 'done')`.as('done'),
  ]).where('kind', '=', 'weather').where('period', 'in', ids.map((id) => `weather-${id}`)).groupBy('period').execute();
  return new Map(rows.map((r) => [r.period ?? '', { due: Number(r.due), done: Number(r.done) }]));
}

function toView(r: WarningRow, counts: Map<string, { due: number; done: number }>, asOf: string): WeatherWarningView {
  const c = counts.get(`weather-${r.id}`) ?? { due: 0, done: 0 };
  return {
    id: r.id, regionCode: r.region_code, regionName: r.region_name ?? r.region_code, kind: r.kind as WeatherKind, level: r.level as WeatherLevel,
    title: weatherWarningLabel(r.kind as WeatherKind, r.level as WeatherLevel), startsOn: r.starts_on, endsOn: r.ends_on, source: r.source,
    text: r.text, active: isWarningActive({ startsOn: r.starts_on, endsOn: r.ends_on }, asOf), visitsCreated: r.visits_created,
    visitsDue: c.due, visitsDone: c.done, notified: r.notified, createdAt: iso(r.created_at)!,
  };
}

/**
 * Warnings that concern the actor: those for a region inside the jurisdiction and those covering it from above
 * (a county worker sees the city's warning). Active first, then the newest.
 */
export async function listWarnings(db: Db, actor: Staff, q: { regionCode?: string | undefined; page: number; pageSize: number }): Promise<WeatherWarningPage> {
  if (q.regionCode) assertInJurisdiction(actor, q.regionCode, '区域');
  const asOf = today();
  const region = q.regionCode ?? actor.regionCode;
  const ancestors = ancestorsOf(region);
  const base = warningBase(db).where((eb) => eb.or([inJurisdiction({ regionCode: region }, 'w.region_code'), eb('w.region_code', 'in', ancestors)]));
  const [rows, count] = await Promise.all([
    base.orderBy(sql`CASE WHEN w.starts_on <= ${asOf} AND w.ends_on >= ${asOf} THEN 0 ELSE 1 END`).orderBy('w.starts_on', 'desc').orderBy('w.id', 'desc')
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const counts = await taskCounts(db, rows.map((r) => r.id));
  return { items: rows.map((r) => toView(r, counts, asOf)), total: Number(count.n) };
}

/** The region and the regions above it (a warning for any of them covers the region). */
const ancestorsOf = (code: string) => regionAncestry(code);

export async function warningDetail(db: Db, actor: Staff, id: number): Promise<WeatherWarningView> {
  const row = await warningBase(db).where('w.id', '=', id)
    .where((eb) => eb.or([inJurisdiction(actor, 'w.region_code'), eb('w.region_code', 'in', ancestorsOf(actor.regionCode))])).executeTakeFirst();
  if (!row) throw notFound('天气预警');
  return toView(row, await taskCounts(db, [id]), today());
}

export async function createWarning(
  db: Db, actor: Staff, input: CreateWeatherWarningRequest, clientAddress: string | null, demo = false,
): Promise<WeatherWarningView> {
  if (regionLevel(actor.regionCode) > 4) throw forbidden('天气预警由乡镇（街道）及以上工作人员登记');
  assertInJurisdiction(actor, input.regionCode, '区域');
  const region = await db.selectFrom('regions').select('name').where('code', '=', input.regionCode).executeTakeFirst();
  if (!region) throw invalid('regionCode', `区划代码 ${input.regionCode} 不存在`);
  if (input.endsOn < today()) throw invalid('endsOn', '预警已结束，不能再登记');
  const existing = await db.selectFrom('weather_warnings').select('id')
    .where('region_code', '=', input.regionCode).where('kind', '=', input.kind).where('starts_on', '=', input.startsOn).executeTakeFirst();
  if (existing) throw conflict('该区域同类预警（同一开始日期）已登记，请勿重复登记', { details: { id: existing.id } });
  const title = weatherWarningLabel(input.kind, input.level);
  return db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('weather_warnings').values({
      region_code: input.regionCode, kind: input.kind, level: input.level, starts_on: input.startsOn, ends_on: input.endsOn,
      source: input.source, text: input.text, demo, created_by: actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    const created = await generateWeatherVisits(trx, {
      warningId: id, regionCode: input.regionCode, startsOn: input.startsOn, endsOn: input.endsOn, kindLabel: title.replace(/预警$/, ''),
    });
    const notified = await notifyUsersInRegion(trx, {
      regionCode: input.regionCode, permissionAnyOf: ['visits.write', 'care.write'],
      title: `${region.name}${title}（${input.startsOn} 至 ${input.endsOn}）`,
      body: `${input.text ? `${input.text} ` : ''}已为高风险老年人生成 ${created} 个加密探访任务，请在24小时内上门探访，检查取暖、用电用气安全和御寒物资。`,
      link: '/visits/mine',
    });
    await trx.updateTable('weather_warnings').set({ visits_created: created, notified }).where('id', '=', id).execute();
    await insertAudit(trx, {
      actor, action: 'create', entity: 'weather_warning', entityId: id, regionCode: input.regionCode,
      after: { ...input, visitsCreated: created, notified }, clientAddress,
    });
    const row = await warningBase(trx).where('w.id', '=', id).executeTakeFirstOrThrow();
    return toView(row, await taskCounts(trx, [id]), today());
  });
}
