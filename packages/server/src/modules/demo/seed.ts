import { chinaDate, type Role } from '@doudi/domain';
import type { Database } from '../../db/connection.js';
import type { FieldCrypto } from '../../crypto/fieldCrypto.js';
import { hashPassword } from '../../auth/password.js';
import { insertAudit } from '../audit/queries.js';
import { seedCareDemo } from './care.js';
import { seedHazardsDemo } from './hazards.js';
import { seedMonitoringDemo } from './monitoring.js';
import { seedDemoRegistry } from './registry.js';
import { remindOverdueVisits } from '../visits/reminders.js';
import { seedVisitsDemo } from './visits.js';

/** The demo county: 四川省成都市蒲江县, with its real townships and villages. */
export const DEMO_COUNTY = '510131000000';
export const DEMO_TOWNSHIP = '510131101000'; // 大塘镇
export const DEMO_NEIGHBOUR_TOWNSHIP = '510131103000'; // 朝阳湖镇
export const DEMO_VILLAGE = '510131101200'; // 东岳村村委会
export const DEMO_PASSWORD = 'Demo@2026';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  phone: string;
}

/** One demo log-in per role; names and phone numbers are made up (演示数据). */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'demo.province', displayName: '省厅演示用户', role: 'province_staff', regionCode: '510000000000', phone: '13800000001' },
  { username: 'demo.city', displayName: '市局演示用户', role: 'city_staff', regionCode: '510100000000', phone: '13800000002' },
  { username: 'demo.county', displayName: '县民政局演示用户', role: 'county_staff', regionCode: DEMO_COUNTY, phone: '13800000003' },
  { username: 'demo.township', displayName: '大塘镇民政演示用户', role: 'township_staff', regionCode: DEMO_TOWNSHIP, phone: '13800000004' },
  { username: 'demo.neighbour', displayName: '朝阳湖镇民政演示用户', role: 'township_staff', regionCode: DEMO_NEIGHBOUR_TOWNSHIP, phone: '13800000005' },
  { username: 'demo.village', displayName: '东岳村演示用户', role: 'village_staff', regionCode: DEMO_VILLAGE, phone: '13800000006' },
  { username: 'demo.rescue', displayName: '县救助管理站演示用户', role: 'rescue_station_staff', regionCode: DEMO_COUNTY, phone: '13800000007' },
  { username: 'demo.children', displayName: '东岳村儿童主任演示用户', role: 'children_director', regionCode: DEMO_VILLAGE, phone: '13800000008' },
  { username: 'demo.social', displayName: '社工演示用户', role: 'social_worker', regionCode: DEMO_TOWNSHIP, phone: '13800000009' },
  { username: 'demo.auditor', displayName: '县纪检审计演示用户', role: 'auditor', regionCode: DEMO_COUNTY, phone: '13800000010' },
  { username: 'demo.admin', displayName: '县系统管理员演示用户', role: 'system_admin', regionCode: DEMO_COUNTY, phone: '13800000011' },
];

/**
 * Policy parameters of the demo. The 1.5 multiplier is the national default; the 低保 standards are plausible
 * values marked as demo data (演示数据), not Pujiang's published figures.
 */
export const DEMO_PARAMETERS = [
  { region_code: '510000000000', key: 'marginal_multiplier', value: 1.5, valid_from: '2021-06-01', valid_to: null,
    source: '民发〔2021〕57号；《中华人民共和国社会救助法》第二十一条', demo: false },
  { region_code: DEMO_COUNTY, key: 'dibao_standard_rural_monthly', value: 68000, valid_from: '2026-01-01', valid_to: null,
    source: '演示参数（蒲江县农村低保标准，非真实文件）', demo: true },
  { region_code: DEMO_COUNTY, key: 'dibao_standard_urban_monthly', value: 82000, valid_from: '2026-01-01', valid_to: null,
    source: '演示参数（蒲江县城市低保标准，非真实文件）', demo: true },
] as const;

export interface DemoSeedReport {
  seeded: boolean;
  users: number;
  /** Demo registry households and persons created by this call (0 when the county already had households). */
  households: number;
  persons: number;
  ms: number;
  reason?: string;
}

/**
 * Seeds the demo county's users, policy parameters, low-income registry (see ./registry.ts) and monitoring (warnings
 * and leads, see ./monitoring.ts). Idempotent: an
 * existing username is left as it is, and the registry is only generated while the county has no households.
 * Skipped when the county's regions are not loaded (e.g. a region filter that leaves Sichuan out).
 * `registry: false` leaves the registry out (tests that need only the accounts).
 */
export async function seedDemo(database: Database, crypto: FieldCrypto, opts: { registry?: boolean } = {}): Promise<DemoSeedReport> {
  const started = Date.now();
  const { db } = database;
  const county = await db.selectFrom('regions').select('code').where('code', '=', DEMO_COUNTY).executeTakeFirst();
  if (!county) return { seeded: false, users: 0, households: 0, persons: 0, ms: Date.now() - started, reason: '演示县（蒲江县 510131）的区划未加载' };
  // One hash serves every demo user: they share the printed demo password.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let created = 0;
  await db.transaction().execute(async (trx) => {
    for (const u of DEMO_USERS) {
      const row = await trx.insertInto('users').values({
        username: u.username, display_name: u.displayName, role: u.role, region_code: u.regionCode, phone: u.phone,
        password_hash: passwordHash,
      }).onConflict((oc) => oc.column('username').doNothing()).returning('id').executeTakeFirst();
      if (!row) continue;
      created++;
      await insertAudit(trx, {
        actor: null, action: 'create', entity: 'user', entityId: row.id, regionCode: u.regionCode,
        after: { username: u.username, role: u.role, regionCode: u.regionCode, source: 'demo seed' },
      });
    }
    const params = await trx.selectFrom('policy_parameters').select('id').limit(1).execute();
    if (params.length === 0) {
      for (const p of DEMO_PARAMETERS) {
        const row = await trx.insertInto('policy_parameters').values({ ...p }).returning('id').executeTakeFirstOrThrow();
        await insertAudit(trx, { actor: null, action: 'create', entity: 'policy_parameter', entityId: row.id, regionCode: p.region_code, after: p });
      }
    }
  });
  const registry = opts.registry === false ? null : await seedDemoRegistry(database, crypto);
  // Monitoring needs the registry: its parameters, one sweep (open warnings and leads) and a few leads in progress.
  if (registry) {
    await seedMonitoringDemo(database, crypto);
    await seedCareVisitsDemo(database, crypto);
  }
  const households = registry?.households ?? 0;
  const persons = registry?.persons ?? 0;
  return { seeded: created > 0 || households > 0, users: created, households, persons, ms: Date.now() - started };
}

/**
 * Demo data of care and visits (C4–C7), in dependency order: the elderly and children in care (their cadence tasks),
 * then the campaign with its visit plans and visits (whose outcomes open hazards, leads and 一人一策 plans), then
 * inspections and weather warnings, and the overdue visit reminders. Each step is idempotent, so a demo database made before these modules gets them
 * at its next start.
 */
export async function seedCareVisitsDemo(database: Database, crypto: FieldCrypto): Promise<void> {
  await seedCareDemo(database, crypto);
  await seedVisitsDemo(database, crypto);
  await seedHazardsDemo(database, crypto);
  // The overdue reminders the nightly job would have sent this morning (at most once a day, so a restart adds none).
  await remindOverdueVisits(database.db, chinaDate(new Date()));
}
