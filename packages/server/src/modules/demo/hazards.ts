import { chinaDate, defaultChecklist, type Role } from '@doudi/domain';
import type { RequestUser } from '../../auth/context.js';
import type { FieldCrypto } from '../../crypto/fieldCrypto.js';
import type { Database } from '../../db/connection.js';
import { actOnCarePlan, insertCarePlan } from '../hazards/carePlans.js';
import { createInspection } from '../hazards/inspections.js';
import { actOnHazard, insertHazard } from '../hazards/service.js';
import { createWarning } from '../hazards/weather.js';

/**
 * Demo data of safety hazards (C7) for the demo county 蒲江县, relative to TODAY: an inspection of 蒲江县救助管理站 with
 * the 五个清单 where two items failed (one hazard closed after verification by the county, one in rectification); a
 * household hazard in 东岳村 past its deadline; a 寒潮 warning for the county covering today and the next days (with its
 * extra visits and notifications); two 一人一策 plans in 大塘镇 (one in progress, one due for review).
 * Idempotent and cheap: the inspection and plans are made once (marker: the demo station); a new warning is entered
 * only when no demo warning is active today, so the demo always shows a current one.
 */

const COUNTY = '510131000000';
const TOWNSHIP = '510131101000';
const VILLAGE = '510131101200';
const STATION = '蒲江县救助管理站';

const plusDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export async function seedHazardsDemo(database: Database, _crypto: FieldCrypto): Promise<void> {
  const { db } = database;
  if (!(await db.selectFrom('regions').select('code').where('code', '=', COUNTY).executeTakeFirst())) return;
  const users = await db.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'region_code'])
    .where('username', 'in', ['demo.county', 'demo.township', 'demo.village', 'demo.rescue']).execute();
  const actor = (username: string): RequestUser | null => {
    const u = users.find((x) => x.username === username);
    return u ? { id: u.id, username: u.username, displayName: u.display_name, role: u.role as Role, regionCode: u.region_code, sessionId: '', csrfToken: '' } : null;
  };
  const county = actor('demo.county');
  const township = actor('demo.township');
  const village = actor('demo.village');
  const rescue = actor('demo.rescue');
  if (!county || !township || !village || !rescue) return;
  const today = chinaDate(new Date());

  const present = await db.selectFrom('institutions').select('id').where('region_code', '=', COUNTY).where('name', '=', STATION).executeTakeFirst();
  if (!present) {
    // The county rescue station and its inspection with the 五个清单: two items fail.
    const { id: institutionId } = await db.insertInto('institutions').values({
      region_code: COUNTY, type: 'rescue_station', name: STATION, demo: true, created_by: rescue.id,
    }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('institutions').values([
      { region_code: TOWNSHIP, type: 'elderly_care', name: '大塘镇敬老院', demo: true, created_by: county.id },
      { region_code: COUNTY, type: 'child_welfare', name: '蒲江县儿童福利院', demo: true, created_by: county.id },
    ]).execute();
    const failing: Record<string, string> = {
      fire_facilities: '二楼走廊灭火器压力不足、已过期，疏散指示灯1处不亮',
      heating: '男宿舍使用电热毯无人看管，取暖器与插线板串接',
    };
    const inspection = await createInspection(db, rescue, {
      institutionId, inspectedOn: plusDays(today, -6), inspectors: '县救助管理站 王站长、县民政局社会事务股 李某', note: '冬季安全专项检查（演示数据）',
      ownerName: '王站长',
      items: defaultChecklist('rescue_station').map((d) => ({
        key: d.key, list: d.list, label: d.label, passed: !(d.key in failing), note: failing[d.key] ?? '',
      })),
    }, null, true);
    const [fire, heating] = ['fire_facilities', 'heating'].map((k) => inspection.items.find((i) => i.key === k)!.hazardId!);
    // 消防设施: rectified by the station, verified and closed by the county (someone else).
    let h = await actOnHazard(db, rescue, fire!, { type: 'start', version: 1 }, '');
    h = await actOnHazard(db, rescue, fire!, { type: 'rectify', version: h.version, text: '已更换6具灭火器，维修疏散指示灯' }, '');
    await actOnHazard(db, county, fire!, { type: 'verify', version: h.version, passed: true, note: '现场复查合格，同意销号' }, '');
    // 取暖设备: in rectification.
    await actOnHazard(db, rescue, heating!, { type: 'start', version: 1 }, '');

    // A household hazard in 东岳村, found during a visit, past its deadline.
    const hh = await db.selectFrom('households').select('id').where('region_code', '=', VILLAGE).orderBy('id').limit(3).execute();
    if (hh[0]) {
      const visit = await db.selectFrom('visits').select(['id', 'household_id']).where('region_code', '=', VILLAGE)
        .where('household_id', 'is not', null).orderBy('id').executeTakeFirst();
      const householdId = visit?.household_id ?? hh[0].id;
      const id = await db.transaction().execute((trx) => insertHazard(trx, village, {
        regionCode: VILLAGE, source: visit ? 'visit' : 'other', visitId: visit?.id ?? null, householdId, category: 'electricity',
        severity: 'major', description: '卧室插线板老化发热，电热毯与小太阳取暖器共用一个插座（演示数据）', ownerName: '东岳村演示用户',
        ownerUserId: village.id, deadline: plusDays(today, -3), demo: true,
      }));
      await actOnHazard(db, village, id, { type: 'start', version: 1 }, '');
    }

    // Two 一人一策 plans in 大塘镇: one in progress, one due for review.
    const planHouseholds = await db.selectFrom('households').select(['id', 'region_code'])
      .where('region_code', '>=', TOWNSHIP).where('region_code', '<=', '510131101999').orderBy('id').offset(3).limit(2).execute();
    const plans = [
      {
        problems: '独居高龄老人，患慢性病行动不便，房屋屋顶漏雨，冬季取暖困难（演示数据）',
        measures: [
          { what: '申请农村危房改造，先行修补屋顶', responsible: '村委会', due: plusDays(today, 20), done: false },
          { what: '纳入特困供养评估，落实分散供养照料人', responsible: '大塘镇民政办', due: plusDays(today, 10), done: true },
          { what: '发放棉被、取暖器等御寒物资', responsible: '东岳村演示用户', due: plusDays(today, -5), done: true },
        ],
        reviewOn: plusDays(today, 14), review: false,
      },
      {
        problems: '重病患者家庭，医疗支出大，子女就学困难（演示数据）',
        measures: [
          { what: '协助申请临时救助（支出型）', responsible: '大塘镇民政办', due: plusDays(today, -10), done: true },
          { what: '对接教育部门落实助学金', responsible: '大塘镇民政办', due: plusDays(today, -3), done: true },
        ],
        reviewOn: plusDays(today, -2), review: true,
      },
    ];
    for (const [i, hh2] of planHouseholds.entries()) {
      const p = plans[i]!;
      const id = await db.transaction().execute((trx) => insertCarePlan(trx, township, {
        regionCode: hh2.region_code, householdId: hh2.id, problems: p.problems, measures: p.measures, responsibleName: '大塘镇民政演示用户',
        responsibleUserId: township.id, reviewOn: p.reviewOn, demo: true,
      }));
      const d = await actOnCarePlan(db, township, id, { type: 'start', version: 1, note: '' }, '');
      if (p.review) await actOnCarePlan(db, township, id, { type: 'submit_review', version: d.version, note: '' }, '');
    }
  }

  // A 寒潮 warning for the county covering today and the next days (a new one only when none is active today).
  const active = await db.selectFrom('weather_warnings').select('id').where('region_code', '=', COUNTY).where('demo', '=', true)
    .where('starts_on', '<=', today).where('ends_on', '>=', today).executeTakeFirst();
  const sameStart = await db.selectFrom('weather_warnings').select('id').where('region_code', '=', COUNTY).where('kind', '=', 'cold_wave')
    .where('starts_on', '=', today).executeTakeFirst();
  if (!active && !sameStart) {
    await createWarning(db, county, {
      regionCode: COUNTY, kind: 'cold_wave', level: 'orange', startsOn: today, endsOn: plusDays(today, 3), source: '蒲江县气象台（演示数据）',
      text: '受强冷空气影响，未来72小时全县气温将下降8～10℃，山区有冰冻雨雪。',
    }, null, true);
  }
}
