import crypto from 'node:crypto';
import { chinaDate, type Role, type VisitSyncRequest } from '@doudi/domain';
import { sql } from 'kysely';
import type { RequestUser } from '../../auth/context.js';
import type { FieldCrypto } from '../../crypto/fieldCrypto.js';
import type { Database } from '../../db/connection.js';
import { insertAudit } from '../audit/queries.js';
import { createPairing, createPlan } from '../visits/plans.js';
import { syncVisit } from '../visits/records.js';

/**
 * Demo data of campaigns and visits (C4), relative to TODAY so that it looks current: the province's
 * 困难群众温暖过冬专项行动 (川民发〔2023〕133号, its nine tasks) with its period moved to the current winter (the
 * description says so: 演示数据); task reports of 成都市, 蒲江县 and 大塘镇; 大塘镇's concentrated visits before the
 * Spring Festival (all 低保/特困/低保边缘 households of the township, due in three weeks, 东岳村's assigned to
 * demo.village); an earlier small plan due a few days ago, partly done (so some tasks are overdue); leader pairings;
 * and visits of the last days with each outcome (a lead, a hazard, a 一人一策 plan). Idempotent: nothing happens once
 * the demo campaign exists.
 */

const PROVINCE = '510000000000';
const CITY = '510100000000';
const COUNTY = '510131000000';
const TOWNSHIP = '510131101000';
const VILLAGE = '510131101200';
export const DEMO_CAMPAIGN_NAME = '困难群众温暖过冬专项行动';

const day = (n: number) => chinaDate(new Date(Date.now() + n * 86_400_000));

/** The nine tasks of 川民发〔2023〕133号 (seed 000), titles from its numbered sections. */
const TASKS = [
  ['加强低收入人口监测和救助', '日常走访排查与定期集中摸排相结合，动态跟踪低收入人口生活状况，主动发现救助需求；发现线索后主动宣讲政策、了解申请意愿和能力，帮助提出申请。'],
  ['组织开展困难群众集中慰问', '发挥领导干部联系困难群众制度作用，春节前统筹开展一次集中入户走访慰问，了解御寒保暖物资和米肉油面菜等储备，困难的及时救助，情况复杂的“一人一策”。'],
  ['及时发放各类资金和物资', '及时足额发放救助资金和补贴资金，落实价格临时补贴，为高寒地区困难老年人配发御寒物资，确保春节期间救助金在节前发放到位。'],
  ['加强困难老年人关爱服务和探访', '建立特殊困难老年人精准识别机制，实施“爱心敲门”居家上门关爱服务，加强对独居、空巢、留守、失能等老年人的探访。'],
  ['加强困境儿童关爱服务', '加强困境儿童走访探视，抓住寒假和元旦春节节点，发挥儿童督导员、儿童主任作用，全面排查散居孤儿、事实无人抚养儿童、留守儿童及困境儿童家庭。'],
  ['主动排查隐患落实安全责任', '民政服务机构定期开展安全检查；走访中发现入户家庭用电、用气、用火存在安全隐患的，及时向属地报告、督促落实家庭责任；做好灾害性天气应对。'],
  ['为遇困群众救急解难', '对刚性支出较大导致基本生活暂时出现严重困难的家庭或个人，符合条件的及时纳入临时救助，全面推行急难发生地实施临时救助。'],
  ['抓好生活无着流浪乞讨人员救助', '加大街面巡查救助力度，重点关注严寒天气、夜间凌晨等时段和露宿街头等人群，引导前往救助管理机构接受救助。'],
  ['动员引导社会力量参与困难群众关爱帮扶', '发挥慈善帮扶作用，依托县乡村三级公益慈善服务阵地，开展多种形式群众性慈善活动，帮助困难群众解决过冬实际困难。'],
] as const;

/** The end of next February after today (the current winter). */
function winterEnd(today: string): string {
  const y = Number(today.slice(0, 4)) + (Number(today.slice(5, 7)) >= 3 ? 1 : 0);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${y}-02-${leap ? 29 : 28}`;
}

const OK = { status: 'ok', note: '' } as const;
const CHECKLIST = { clothing: OK, heating: OK, food: OK, electricity: OK, gas: { status: 'na', note: '' }, fire: OK, health: OK, needs: OK } as const;

export async function seedVisitsDemo(database: Database, fc: FieldCrypto): Promise<void> {
  const { db } = database;
  if (await db.selectFrom('campaigns').select('id').where('demo', '=', true).where('name', '=', DEMO_CAMPAIGN_NAME).executeTakeFirst()) return;
  const users = await db.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'region_code'])
    .where('username', 'in', ['demo.province', 'demo.city', 'demo.county', 'demo.township', 'demo.village']).execute();
  const actor = (username: string): RequestUser | null => {
    const u = users.find((x) => x.username === username);
    return u ? { id: u.id, username: u.username, displayName: u.display_name, role: u.role as Role, regionCode: u.region_code, sessionId: '', csrfToken: '' } : null;
  };
  const province = actor('demo.province');
  const city = actor('demo.city');
  const county = actor('demo.county');
  const township = actor('demo.township');
  const village = actor('demo.village');
  if (!province || !township || !village) return;
  const hasHouseholds = await db.selectFrom('households').select('id').where('region_code', 'like', '510131101%').limit(1).executeTakeFirst();
  if (!hasHouseholds) return;
  const today = chinaDate(new Date());
  const ctx = { database, crypto: fc };

  // The campaign, its tasks and the reports.
  const campaignId = await db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('campaigns').values({
      region_code: PROVINCE, name: DEMO_CAMPAIGN_NAME, doc_number: '川民发〔2023〕133号', starts_on: day(-14), ends_on: winterEnd(today),
      description: '为切实做好今冬明春困难群众基本生活保障工作，确保困难群众安全温暖过冬，决定在全省开展困难群众温暖过冬专项行动。'
        + '（演示数据：原文件行动期间为2023年11月至2024年2月，演示中顺延至当前冬季。）',
      target_groups: JSON.stringify({ categories: ['dibao', 'tekun_centralised', 'tekun_dispersed', 'marginal', 'monitoring', 'rigid_expense'], tags: [], note: '低保对象、特困人员、低保边缘家庭、防止返贫监测对象、刚性支出困难家庭及其他低收入人口' }),
      demo: true, created_by: province.id,
    }).returning('id').executeTakeFirstOrThrow();
    const tasks = await trx.insertInto('campaign_tasks')
      .values(TASKS.map(([title, description], i) => ({ campaign_id: id, seq: i + 1, title, description, due_on: i === 2 ? day(25) : null })))
      .returning(['id', 'seq']).execute();
    const task = (seq: number) => tasks.find((t) => t.seq === seq)!.id;
    const reports = [
      ...(city ? [[CITY, city.id, 1, 'in_progress', '已部署各区（市）县开展摸排'], [CITY, city.id, 2, 'in_progress', '已印发集中慰问工作通知']] as const : []),
      ...(county ? [[COUNTY, county.id, 1, 'done', '全县低收入人口摸排已完成'], [COUNTY, county.id, 2, 'in_progress', '各乡镇正在入户慰问'], [COUNTY, county.id, 3, 'done', '一次性生活补贴已发放']] as const : []),
      [TOWNSHIP, township.id, 1, 'done', '全镇低保、特困、边缘家庭已逐户摸排'],
      [TOWNSHIP, township.id, 2, 'in_progress', '春节前集中走访计划已下达各村'],
      [TOWNSHIP, township.id, 6, 'in_progress', '结合走访排查用电用气用火隐患'],
    ] as const;
    await trx.insertInto('campaign_task_reports').values(reports.map(([region, by, seq, status, note]) => ({
      task_id: task(seq), region_code: region, status, note, updated_by: by,
    }))).execute();
    await insertAudit(trx, { actor: province, action: 'create', entity: 'campaign', entityId: id, regionCode: PROVINCE, after: { name: DEMO_CAMPAIGN_NAME, source: 'demo seed' } });
    return id;
  });

  // 大塘镇: the concentrated visits before the Spring Festival.
  await createPlan(ctx, township, {
    regionCode: TOWNSHIP, name: '春节前困难群众集中走访慰问', kind: 'concentrated', campaignId, dueOn: day(21),
    filter: { categories: ['dibao', 'tekun_centralised', 'tekun_dispersed', 'marginal'], tags: [], villageCodes: [] },
    assignment: { mode: 'village_workers', fallback: 'village_workers' },
  }, 'demo');

  // An earlier small plan of 东岳村, due a few days ago, partly done.
  const small = await createPlan(ctx, township, {
    regionCode: TOWNSHIP, name: '寒潮前独居困难老人走访', kind: 'adhoc', campaignId, dueOn: day(0),
    filter: { categories: ['dibao', 'tekun_dispersed', 'marginal'], tags: [], villageCodes: [VILLAGE] },
    assignment: { mode: 'village_workers', fallback: 'village_workers' },
  }, 'demo').catch(() => null);
  if (small) {
    await sql`UPDATE visit_plans SET due_on = ${day(-4)}::date, created_at = now() - interval '12 days' WHERE id = ${small.id}`.execute(db);
    await sql`UPDATE visit_tasks SET due_on = ${day(-4)}::date, created_at = now() - interval '12 days' WHERE plan_id = ${small.id}`.execute(db);
  }

  // Leader pairings for three households of 东岳村.
  const paired = await db.selectFrom('households').select('id').where('region_code', '=', VILLAGE)
    .where(sql<boolean>`category_kinds && ARRAY['dibao','tekun_dispersed']::text[]`).orderBy('id').limit(3).execute();
  const leaders = [['刘建国', '蒲江县民政局局长', county?.id ?? null], ['陈静', '大塘镇党委书记', township.id], ['张伟', '大塘镇镇长', null]] as const;
  for (const [i, h] of paired.entries()) {
    const [name, title, userId] = leaders[i]!;
    await createPairing(ctx, county ?? township, { householdId: h.id, leaderName: name, leaderTitle: title, leaderUserId: userId, startedOn: day(-200) }, 'demo');
  }

  // Visits of the last days by demo.village: most of the small plan, with each outcome.
  const open = small
    ? await db.selectFrom('visit_tasks').select(['id']).where('plan_id', '=', small.id).where('status', '=', 'open').orderBy('id').execute()
    : [];
  const toDo = open.slice(0, Math.max(1, Math.ceil(open.length * 0.6)));
  const outcomes: Pick<VisitSyncRequest, 'outcome' | 'outcomeDetail' | 'checklist'>[] = [
    { outcome: 'needs_help', outcomeDetail: '老人患慢性病，冬季取暖和药费支出大，希望申请临时救助', checklist: { ...CHECKLIST, needs: { status: 'problem', note: '申请临时救助' } } },
    { outcome: 'hazard', outcomeDetail: '厨房电线老化裸露，且在卧室使用炭火取暖', checklist: { ...CHECKLIST, electricity: { status: 'problem', note: '电线老化裸露' }, fire: { status: 'problem', note: '卧室使用炭火取暖' } } },
    { outcome: 'complex', outcomeDetail: '独居高龄，子女长期在外务工，房屋漏雨，冬衣不足', checklist: { ...CHECKLIST, clothing: { status: 'short', note: '缺冬衣棉被' }, health: { status: 'problem', note: '行动不便' } } },
  ];
  for (const [i, t] of toDo.entries()) {
    const o = outcomes[i] ?? { outcome: 'normal' as const, outcomeDetail: '', checklist: CHECKLIST };
    try {
      await syncVisit(ctx, village, {
        clientId: crypto.randomUUID(), taskId: t.id, asExtraVisit: false, visitedAt: new Date(Date.now() - (i % 6 + 1) * 86_400_000 - 3 * 3600_000).toISOString(),
        checklist: o.checklist, cashYuan: i % 2 === 0 ? '500' : '300', goods: '大米一袋、食用油一桶、棉被一床', companions: i === 0 ? '大塘镇民政办工作人员' : '',
        outcome: o.outcome, outcomeDetail: o.outcomeDetail, note: '', position: null, photos: [], recordedOffline: i % 3 === 1,
      }, 'demo');
    } catch {
      // A follow-up module not ready (e.g. missing parameters): the demo keeps the visits it could record.
    }
  }
}
