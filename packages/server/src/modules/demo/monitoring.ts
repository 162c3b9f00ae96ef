import { addWorkingDays, chinaDate, type Role } from '@doudi/domain';
import { sql } from 'kysely';
import type { FieldCrypto } from '../../crypto/fieldCrypto.js';
import type { Database } from '../../db/connection.js';
import { insertAudit } from '../audit/queries.js';
import { act, type LeadActionBody } from '../monitoring/leads.js';
import { loadWorkCalendar } from '../policy/queries.js';
import { sweepCounty } from '../monitoring/sweep.js';
import { DEMO_AS_OF } from './registry.js';

/**
 * Demo data of dynamic monitoring (C3) for the demo county 蒲江县: the parameters the rules and lead deadlines need
 * (demo values, 演示数据), one full sweep of the county as of DEMO_AS_OF so that warnings and leads are open, and a
 * few leads of 大塘镇 moved through the workflow by the demo users, two of them overdue. Idempotent: parameters are
 * added only where missing, and nothing else happens once the county has a completed sweep.
 * Call after seedDemo (it needs the demo users and registry).
 */

const COUNTY = '510131000000';
const TOWNSHIP = '510131101000';
const VILLAGE = '510131101200';

export const DEMO_MONITORING_PARAMETERS = [
  { key: 'rigid_expense_ratio', value: 0.5, source: '演示数据（蒲江县刚性支出占家庭收入比例，非真实文件）' },
  { key: 'disposable_income_per_head_yearly', value: 2_900_000, source: '演示数据（上年度蒲江县农村居民人均可支配收入，非真实文件）' },
  { key: 'lead_contact_days', value: 3, source: '演示数据（救助线索联系时限，非真实文件）' },
  { key: 'lead_handle_days', value: 10, source: '演示数据（救助线索办理时限，非真实文件）' },
] as const;

export interface MonitoringDemoReport { parameters: number; sweep: { id: number; households: number; raised: number; leads: number } | null; leadsMoved: number; ms: number }

export async function seedMonitoringDemo(database: Database, crypto: FieldCrypto, opts: { asOf?: string } = {}): Promise<MonitoringDemoReport> {
  const started = Date.now();
  const { db } = database;
  if (!(await db.selectFrom('regions').select('code').where('code', '=', COUNTY).executeTakeFirst())) {
    return { parameters: 0, sweep: null, leadsMoved: 0, ms: Date.now() - started };
  }
  let parameters = 0;
  await db.transaction().execute(async (trx) => {
    for (const p of DEMO_MONITORING_PARAMETERS) {
      const present = await trx.selectFrom('policy_parameters').select('id').where('region_code', '=', COUNTY).where('key', '=', p.key).executeTakeFirst();
      if (present) continue;
      const row = { region_code: COUNTY, key: p.key, value: p.value, valid_from: '2026-01-01', valid_to: null, source: p.source, demo: true };
      const { id } = await trx.insertInto('policy_parameters').values(row).returning('id').executeTakeFirstOrThrow();
      await insertAudit(trx, { actor: null, action: 'create', entity: 'policy_parameter', entityId: id, regionCode: COUNTY, after: row });
      parameters++;
    }
  });
  const done = await db.selectFrom('monitoring_sweeps').select('id').where('region_code', '=', COUNTY).where('status', '=', 'done').executeTakeFirst();
  if (done) return { parameters, sweep: null, leadsMoved: 0, ms: Date.now() - started };
  const s = await sweepCounty({ database }, COUNTY, { trigger: 'manual', mode: 'full', asOf: opts.asOf ?? DEMO_AS_OF });
  const leadsMoved = await moveDemoLeads(database, crypto);
  return { parameters, sweep: { id: s.id, households: s.households_done, raised: s.raised, leads: s.leads_created }, leadsMoved, ms: Date.now() - started };
}

async function demoUser(database: Database, username: string) {
  const u = await database.db.selectFrom('users').select(['id', 'username', 'role', 'region_code']).where('username', '=', username).executeTakeFirst();
  return u ? { id: u.id, username: u.username, role: u.role as Role, regionCode: u.region_code } : undefined;
}

/**
 * Six leads of 大塘镇 (the first by id): 1 assigned; 2 contacted; 3 helped to apply; 4 found ineligible and closed;
 * 5 and 6 left pending and assigned but dated 20 days back, so that they are overdue today.
 */
async function moveDemoLeads(database: Database, crypto: FieldCrypto): Promise<number> {
  const township = await demoUser(database, 'demo.township');
  const village = await demoUser(database, 'demo.village');
  if (!township || !village) return 0;
  const { db } = database;
  const leads = await db.selectFrom('leads').select(['id', 'region_code']).where('township_code', '=', TOWNSHIP).where('status', '=', 'pending')
    .orderBy('id').limit(6).execute();
  const ctx = { database, crypto };
  const steps: LeadActionBody['type'][][] = [['assign'], ['assign', 'contact'], ['assign', 'contact', 'outcome'], ['assign', 'contact', 'outcome', 'close'], [], ['assign']];
  const contact = { method: 'visit' as const, policyExplained: true as const, willing: true, ableToApplyAlone: false, note: '已入户讲解低保、临时救助政策（演示数据）' };
  for (const [i, lead] of leads.entries()) {
    let version = 1;
    const assignee = lead.region_code === VILLAGE ? village : township;
    for (const type of steps[i] ?? []) {
      const body: LeadActionBody =
        type === 'assign' ? { type, assigneeId: assignee.id, version }
          : type === 'contact' ? { type, contact: i === 3 ? { ...contact, willing: false } : contact, version }
            : type === 'outcome' ? (i === 3 ? { type, outcome: 'ineligible', note: '核实家庭收入已超过低保边缘标准（演示数据）', version } : { type, outcome: 'helped_apply', note: '已协助提交低保申请（演示数据）', version })
              : { type: 'close', summary: '已向当事人说明结果，线索办结（演示数据）', version };
      const actor = type === 'assign' || type === 'close' ? township : assignee;
      version = (await act(ctx, actor, lead.id, body, '127.0.0.1')).version;
    }
  }
  // Overdue: the contact step of the last two started 20 days ago.
  const overdue = leads.slice(4).map((l) => l.id);
  if (overdue.length) {
    const createdAt = new Date(Date.now() - 20 * 86_400_000);
    const due = addWorkingDays(chinaDate(createdAt), 3, await loadWorkCalendar(db));
    await db.updateTable('leads').set({ created_at: createdAt, due_date: due }).where('id', 'in', overdue).execute();
    const assignedAt = new Date(createdAt.getTime() + 86_400_000);
    // The whole story moves back: the warning, the registration, the assignment and the deadline it recorded.
    await db.updateTable('lead_events').set({ at: createdAt }).where('lead_id', 'in', overdue).where('action', '=', 'create').execute();
    await db.updateTable('lead_events').set({ at: assignedAt, detail: sql`jsonb_set(detail, '{dueDate}', to_jsonb(${due}::text))` })
      .where('lead_id', 'in', overdue).where('action', '=', 'assign').execute();
    await db.updateTable('warnings').set({ raised_at: createdAt }).where('lead_id', 'in', overdue).execute();
  }
  return leads.length;
}
