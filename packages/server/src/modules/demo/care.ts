import { randomUUID } from 'node:crypto';
import { chinaDate, isoWeek, periodOf, previousPeriod, shiftDate, VisitSyncRequest, type Role } from '@doudi/domain';
import { sql } from 'kysely';
import type { FieldCrypto } from '../../crypto/fieldCrypto.js';
import type { Database } from '../../db/connection.js';
import { insertAudit } from '../audit/queries.js';
import { generateCadenceTasks, identifyRegion } from '../care/cadence.js';
import * as care from '../care/service.js';
import { syncVisit } from '../visits/records.js';

/**
 * Demo data of care (C5/C6) for the demo county 蒲江县, current relative to TODAY (not the registry's DEMO_AS_OF):
 * the cadence parameters (demo-marked, where missing), the county's elderly people in special difficulty and
 * children in difficulty identified from the demo registry, 东岳村's children given to demo.children (its children's
 * director), cadence tasks for the current period and the previous ones (so that some are overdue), a few ledger
 * entries, one help request and one child risk report escalated to the township.
 * Idempotent and cheap once done: a later start only tops up the current period's tasks.
 * Runs before the visits demo, which records visits against these tasks.
 */

const COUNTY = '510131000000';
const VILLAGE = '510131101200';

export const DEMO_CARE_PARAMETERS = [
  { key: 'elderly_visit_days_high', value: 7, source: '演示数据（高风险老年人每周探访，非真实文件）' },
  { key: 'elderly_visit_days_key', value: 30, source: '演示数据（重点老年人每月探访；民政部等10部门指导意见：月探访率100%）' },
  { key: 'elderly_visit_days_general', value: 90, source: '演示数据（一般老年人每季度探访，非真实文件）' },
  { key: 'child_visit_days', value: 30, source: '演示数据（儿童主任每月探访困境儿童，非真实文件）' },
] as const;

async function demoUser(database: Database, username: string) {
  const u = await database.db.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'region_code']).where('username', '=', username).executeTakeFirst();
  return u ? { id: u.id, username: u.username, displayName: u.display_name, role: u.role as Role, regionCode: u.region_code, sessionId: 'demo', csrfToken: 'demo' } : undefined;
}

export interface CareDemoReport { parameters: number; identified: number; tasks: number; ms: number }

export async function seedCareDemo(database: Database, crypto: FieldCrypto, opts: { today?: string } = {}): Promise<CareDemoReport> {
  const started = Date.now();
  const { db } = database;
  const today = opts.today ?? chinaDate(new Date());
  if (!(await db.selectFrom('regions').select('code').where('code', '=', COUNTY).executeTakeFirst())) {
    return { parameters: 0, identified: 0, tasks: 0, ms: Date.now() - started };
  }
  if (!(await db.selectFrom('members').select('id').where('region_code', 'like', '510131%').limit(1).executeTakeFirst())) {
    return { parameters: 0, identified: 0, tasks: 0, ms: Date.now() - started };
  }
  let parameters = 0;
  await db.transaction().execute(async (trx) => {
    for (const p of DEMO_CARE_PARAMETERS) {
      const present = await trx.selectFrom('policy_parameters').select('id').where('region_code', '=', COUNTY).where('key', '=', p.key).executeTakeFirst();
      if (present) continue;
      const row = { region_code: COUNTY, key: p.key, value: p.value, valid_from: '2026-01-01', valid_to: null, source: p.source, demo: true };
      const { id } = await trx.insertInto('policy_parameters').values(row).returning('id').executeTakeFirstOrThrow();
      await insertAudit(trx, { actor: null, action: 'create', entity: 'policy_parameter', entityId: id, regionCode: COUNTY, after: row });
      parameters++;
    }
  });

  const done = await db.selectFrom('care_subjects').select('id').where('demo', '=', true).limit(1).executeTakeFirst();
  if (done) {
    // Already seeded: only this period's tasks (cheap, idempotent).
    const g = await generateCadenceTasks(db, { regionCode: COUNTY, asOf: today });
    return { parameters, identified: 0, tasks: g.created, ms: Date.now() - started };
  }

  const identified = await identifyRegion(db, COUNTY, today);
  await db.updateTable('care_subjects').set({ demo: true }).where('region_code', 'like', '510131%').execute();

  // 东岳村's children go to its children's director (before the tasks, so that child tasks are assigned to her).
  const director = await demoUser(database, 'demo.children');
  if (director) {
    await db.updateTable('care_subjects').set({ director_id: director.id }).where('kind', '=', 'child').where('region_code', '=', VILLAGE).execute();
    // Left-behind children live with their grandparents while the parents work away.
    await db.updateTable('care_subjects').set({ guardianship: 'entrusted', guardian_relation: '祖父母' })
      .where('kind', '=', 'child').where('region_code', '=', VILLAGE).where(sql<boolean>`'left_behind' = ANY(categories)`).execute();
  }

  // Earlier periods first (the last day of last month, last week), then the current period: the earlier ones are
  // overdue where nobody visited.
  let tasks = 0;
  const asOfs = [previousPeriod(periodOf('month', today)).end, shiftDate(isoWeek(today).start, -1), today];
  for (const asOf of asOfs) tasks += (await generateCadenceTasks(db, { regionCode: COUNTY, asOf })).created;

  await demoVisits(database, crypto, today);
  await demoRecords(database, crypto, today);
  return { parameters, identified: identified.elderly + identified.children, tasks, ms: Date.now() - started };
}

/**
 * Most of 东岳村's cadence tasks done through the visits module (demo.village visits the elderly, demo.children the
 * children), a quarter left open so that the overdue queue and the visit rate below 100% have something to show.
 */
async function demoVisits(database: Database, crypto: FieldCrypto, today: string): Promise<void> {
  const { db } = database;
  const ctx = { database, crypto };
  const OK = { status: 'ok', note: '' };
  for (const [username, kind] of [['demo.village', 'elderly'], ['demo.children', 'child']] as const) {
    const user = await demoUser(database, username);
    if (!user) continue;
    const open = await db.selectFrom('visit_tasks').select(['id', 'due_on']).where('region_code', '=', VILLAGE).where('kind', '=', kind)
      .where('status', '=', 'open').where('period', 'is not', null).where('due_on', '<=', shiftDate(today, 7)).orderBy('id').execute();
    for (const [i, t] of open.entries()) {
      if (i % 4 === 3) continue;
      const daysAgo = Math.max(0, Math.min(6, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${t.due_on}T00:00:00Z`)) / 86_400_000) + 2));
      const visitedAt = new Date(Date.now() - daysAgo * 86_400_000 - (2 + (i % 5)) * 3600_000).toISOString();
      try {
        await syncVisit(ctx, user, VisitSyncRequest.parse({
          clientId: randomUUID(), taskId: t.id, visitedAt, outcome: 'normal',
          checklist: { clothing: OK, heating: OK, food: OK, electricity: OK, gas: { status: 'na', note: '' }, fire: OK, health: OK, needs: OK },
          note: kind === 'child' ? '生活、学习情况正常，监护人在家' : '身体状况平稳，生活用品充足',
        }), 'demo');
      } catch {
        // The visits module refusing (e.g. its own parameters missing): the demo keeps the tasks open.
        return;
      }
    }
  }
}

/** A few ledger entries, a help request and a risk report in 东岳村, through the care service (audited like a user's). */
async function demoRecords(database: Database, crypto: FieldCrypto, today: string): Promise<void> {
  const { db } = database;
  const village = await demoUser(database, 'demo.village');
  const township = await demoUser(database, 'demo.township');
  const director = await demoUser(database, 'demo.children');
  if (!village || !township) return;
  const ctx = { database, crypto };
  const elderly = await db.selectFrom('care_subjects').select(['id', 'tier']).where('kind', '=', 'elderly').where('region_code', '=', VILLAGE)
    .where('active', '=', true).orderBy('tier').orderBy('id').limit(3).execute();
  const entries = [
    { type: 'meal', content: '长者食堂送餐上门（午餐）', provider: '大塘镇长者食堂', days: 2 },
    { type: 'medical', content: '陪同到镇卫生院复查血压，代购降压药', provider: '东岳村网格员', days: 9 },
    { type: 'age_friendly', content: '卫生间加装扶手、防滑垫，卧室加装夜灯', provider: '蒲江县适老化改造项目', days: 20 },
    { type: 'care_bed', content: '家庭养老床位建床评估', provider: '县社会福利中心', days: 25 },
  ] as const;
  for (const [i, s] of elderly.entries()) {
    for (const e of entries.slice(i, i + 2)) {
      await care.addLedgerEntry(ctx, village, s.id, { servedOn: shiftDate(today, -e.days), type: e.type, content: e.content, provider: e.provider }, '127.0.0.1');
    }
  }
  await db.updateTable('care_ledger_entries').set({ demo: true }).where('region_code', '=', VILLAGE).execute();

  const first = elderly[0];
  if (first) {
    const requestedAt = new Date(Date.now() - 26 * 3600_000);
    const h = await care.createHelpRequest(ctx, village, {
      subjectId: first.id, channel: 'pager', description: '夜间按呼叫器求助：胸闷、头晕', requestedAt: requestedAt.toISOString(),
    }, '127.0.0.1');
    await db.updateTable('care_help_requests').set({ demo: true }).where('id', '=', h.id).execute();
    // Responded 18 minutes after the call.
    const responded = await care.actOnHelpRequest(ctx, village, h.id, { type: 'respond', response: '网格员与家属到场，拨打120送镇卫生院，已稳定', responder: '东岳村网格员', version: h.version }, '127.0.0.1');
    await db.updateTable('care_help_requests').set({ responded_at: new Date(requestedAt.getTime() + 18 * 60_000) }).where('id', '=', responded.id).execute();
  }

  const child = await db.selectFrom('care_subjects').select('id').where('kind', '=', 'child').where('region_code', '=', VILLAGE).where('active', '=', true)
    .orderBy('id').executeTakeFirst();
  if (child && director) {
    await care.updateChild(ctx, township, child.id, {
      guardianName: '周某', guardianRelation: '祖母', guardianPhone: '13800001234', guardianship: 'entrusted', pairingHelper: '大塘镇中心小学 张老师',
      version: (await db.selectFrom('care_subjects').select('version').where('id', '=', child.id).executeTakeFirstOrThrow()).version,
    }, '127.0.0.1');
    const r = await care.createRiskReport(ctx, director, {
      subjectId: child.id, area: 'guardianship', level: 'medium', description: '父母均在外务工，祖母近期住院，孩子放学后无人照看',
    }, '127.0.0.1');
    await care.actOnRiskReport(ctx, township, r.id, { action: 'receive', note: '已接收，联系村委会安排临时照料', version: r.version }, '127.0.0.1');
    await db.updateTable('child_risk_reports').set({ demo: true }).where('id', '=', r.id).execute();
  }
}
