import { z } from 'zod';
import type { RegionLevel } from './region.js';

export const Role = z.enum([
  'province_staff',
  'city_staff',
  'county_staff',
  'township_staff',
  'village_staff',
  'rescue_station_staff',
  'children_director',
  'social_worker',
  'auditor',
  'system_admin',
]);
export type Role = z.infer<typeof Role>;

export const Permission = z.enum([
  'regions.read',
  'users.manage',
  'audit.read',
  'personal.reveal',
  'policy.manage',
  /** Households and members inside the jurisdiction (masked). */
  'registry.read',
  /** Create and change households, members, imports, duplicate reviews, transfers. */
  'registry.write',
  /** The 附件3 summary table (an official form with full ID numbers, audited). */
  'registry.export',
  /** The full registry as CSV (audited). */
  'registry.export_all',
  /** Warnings, leads and monitoring dashboards inside the jurisdiction. */
  'monitoring.read',
  /** Handle leads: create, assign, record the contact and the outcome, close. */
  'monitoring.write',
  /** Import other departments' data (medical costs, disability, deaths …) for comparison. */
  'monitoring.import',
  /** Switch warning rules on or off for a region and run a sweep on demand. */
  'monitoring.manage',
  /** Campaigns, visit plans and tasks, visits, 一人一策 plans inside the jurisdiction. */
  'visits.read',
  /** Record visits (also offline on a phone) and update one's own campaign task progress. */
  'visits.write',
  /** Launch campaigns, plan visits and assign visitors, pair leaders with households. */
  'visits.manage',
  /** Elderly people in special difficulty and children in difficulty: lists, ledgers, guardianship, risk reports. */
  'care.read',
  /** Record care services, help requests, risk reports; change tiers and guardianship. */
  'care.write',
  /** Safety hazards, inspections and weather warnings. */
  'hazards.read',
  /** Report hazards, record inspections and rectification, enter weather warnings. */
  'hazards.write',
  /** Verify a rectification and close the hazard (township level and above). */
  'hazards.verify',
]);
export type Permission = z.infer<typeof Permission>;

/** Capabilities of PRODUCT.md shown as modules on the home page. */
export const ModuleKey = z.enum([
  'regions',
  'registry',
  'monitoring',
  'visits',
  'elderly',
  'children',
  'hazards',
  'assistance',
  'payments',
  'outreach',
  'hotline',
  'social',
  'reports',
  'disclosure',
  'audit',
  'users',
  'policy',
]);
export type ModuleKey = z.infer<typeof ModuleKey>;

export const MODULE_LABELS: Record<ModuleKey, { zh: string; en: string; capability: string; available: boolean }> = {
  regions: { zh: '行政区划', en: 'Regions', capability: 'C1', available: true },
  registry: { zh: '低收入人口', en: 'Low-income registry', capability: 'C2', available: true },
  monitoring: { zh: '动态监测', en: 'Monitoring', capability: 'C3', available: true },
  visits: { zh: '走访慰问', en: 'Visits', capability: 'C4', available: true },
  elderly: { zh: '特殊困难老年人', en: 'Elderly care', capability: 'C5', available: true },
  children: { zh: '困境儿童', en: 'Children', capability: 'C6', available: true },
  hazards: { zh: '安全隐患', en: 'Hazards', capability: 'C7', available: true },
  assistance: { zh: '救助审批', en: 'Assistance', capability: 'C8', available: false },
  payments: { zh: '资金物资发放', en: 'Payments', capability: 'C9', available: false },
  outreach: { zh: '流浪乞讨救助', en: 'Street outreach', capability: 'C10', available: false },
  hotline: { zh: '救助热线', en: 'Hotline', capability: 'C11', available: false },
  social: { zh: '社会力量', en: 'Social forces', capability: 'C12', available: false },
  reports: { zh: '统计报表', en: 'Reports', capability: 'C13', available: false },
  disclosure: { zh: '信息公开', en: 'Disclosure', capability: 'C14', available: false },
  audit: { zh: '审计日志', en: 'Audit log', capability: 'C15', available: true },
  users: { zh: '用户管理', en: 'Users', capability: 'C1', available: true },
  policy: { zh: '政策参数', en: 'Policy parameters', capability: 'C2', available: true },
};

export interface RoleDefinition {
  label: { zh: string; en: string };
  /** Region levels a user with this role may be attached to. */
  regionLevels: readonly RegionLevel[];
  /** Rank used for "roles at or below the administrator's own level"; higher outranks lower. */
  rank: number;
  permissions: readonly Permission[];
  modules: readonly ModuleKey[];
}

const CASEWORK: readonly ModuleKey[] = [
  'regions', 'policy', 'registry', 'monitoring', 'visits', 'elderly', 'children', 'hazards', 'assistance', 'payments',
  'outreach', 'hotline', 'social', 'reports', 'disclosure',
];

/**
 * Monitoring (C3) for civil-affairs staff from the county up: they also decide which warning rules run in their
 * region. Townships handle leads and import departmental data but do not switch rules; villages and social workers
 * follow leads up; auditors only read. The system administrator, as for the registry, sees no personal data.
 */
const MONITORING_ALL = ['monitoring.read', 'monitoring.write', 'monitoring.import', 'monitoring.manage'] as const;

/**
 * Visits, care and hazards (C4–C7): every level of civil-affairs staff launches campaigns and plans visits for its
 * region; villages, children's directors and social workers record visits and care; closing a hazard needs a
 * verification from the township up. Auditors only read.
 */
const CARE_ALL = [
  'visits.read', 'visits.write', 'visits.manage', 'care.read', 'care.write', 'hazards.read', 'hazards.write', 'hazards.verify',
] as const;
const CARE_FIELD = ['visits.read', 'visits.write', 'care.read', 'care.write', 'hazards.read', 'hazards.write'] as const;

export const ROLES = {
  province_staff: {
    label: { zh: '省级民政工作人员', en: 'Provincial civil-affairs staff' },
    regionLevels: [1], rank: 60,
    permissions: ['regions.read', 'policy.manage', 'registry.read', 'registry.export', 'registry.export_all', ...MONITORING_ALL, ...CARE_ALL],
    modules: CASEWORK,
  },
  city_staff: {
    label: { zh: '市级民政工作人员', en: 'City civil-affairs staff' },
    regionLevels: [2], rank: 50,
    permissions: ['regions.read', 'policy.manage', 'registry.read', 'registry.export', 'registry.export_all', ...MONITORING_ALL, ...CARE_ALL],
    modules: CASEWORK,
  },
  county_staff: {
    label: { zh: '县级民政工作人员', en: 'County civil-affairs staff' },
    regionLevels: [3], rank: 40,
    permissions: [
      'regions.read', 'policy.manage', 'registry.read', 'registry.write', 'registry.export', 'registry.export_all', 'personal.reveal',
      ...MONITORING_ALL, ...CARE_ALL,
    ],
    modules: CASEWORK,
  },
  township_staff: {
    label: { zh: '乡镇（街道）民政工作人员', en: 'Township civil-affairs staff' },
    regionLevels: [4], rank: 30,
    permissions: [
      'regions.read', 'registry.read', 'registry.write', 'registry.export', 'personal.reveal',
      'monitoring.read', 'monitoring.write', 'monitoring.import', ...CARE_ALL,
    ],
    modules: ['regions', 'policy', 'registry', 'monitoring', 'visits', 'elderly', 'children', 'hazards', 'assistance', 'payments', 'outreach', 'hotline', 'social', 'reports'],
  },
  village_staff: {
    label: { zh: '村（社区）工作人员', en: 'Village / community worker' },
    regionLevels: [5], rank: 20,
    permissions: ['regions.read', 'registry.read', 'registry.write', 'personal.reveal', 'monitoring.read', 'monitoring.write', ...CARE_FIELD],
    modules: ['regions', 'registry', 'monitoring', 'visits', 'elderly', 'children', 'hazards', 'hotline'],
  },
  rescue_station_staff: {
    label: { zh: '救助管理站工作人员', en: 'Rescue-station staff' },
    regionLevels: [2, 3], rank: 25, permissions: ['regions.read', 'hazards.read', 'hazards.write'], modules: ['regions', 'outreach', 'hazards', 'hotline', 'reports'],
  },
  children_director: {
    label: { zh: '儿童主任', en: "Children's director" },
    regionLevels: [4, 5], rank: 20, permissions: ['regions.read', 'registry.read', ...CARE_FIELD], modules: ['regions', 'registry', 'children', 'visits', 'hazards'],
  },
  social_worker: {
    label: { zh: '社会工作者 / 志愿者', en: 'Social worker / volunteer' },
    regionLevels: [3, 4, 5], rank: 10, permissions: ['regions.read', 'registry.read', 'monitoring.read', 'monitoring.write', 'visits.read', 'visits.write', 'care.read', 'care.write'],
    modules: ['regions', 'registry', 'monitoring', 'visits', 'elderly', 'children', 'social'],
  },
  auditor: {
    label: { zh: '审计 / 纪检人员', en: 'Auditor' },
    regionLevels: [1, 2, 3, 4], rank: 70,
    permissions: ['regions.read', 'audit.read', 'registry.read', 'monitoring.read', 'visits.read', 'care.read', 'hazards.read'],
    modules: ['regions', 'registry', 'monitoring', 'visits', 'elderly', 'children', 'hazards', 'audit'],
  },
  system_admin: {
    label: { zh: '系统管理员', en: 'System administrator' },
    regionLevels: [1, 2, 3, 4], rank: 80, permissions: ['regions.read', 'users.manage', 'audit.read', 'personal.reveal'],
    modules: ['regions', 'users', 'audit'],
  },
} as const satisfies Record<Role, RoleDefinition>;

export function hasPermission(role: Role, permission: Permission): boolean {
  return (ROLES[role].permissions as readonly Permission[]).includes(permission);
}

export function roleAllowsRegionLevel(role: Role, level: RegionLevel): boolean {
  return (ROLES[role].regionLevels as readonly RegionLevel[]).includes(level);
}

/** An administrator may grant a role only at or below their own rank. */
export function canGrantRole(granter: Role, role: Role): boolean {
  return ROLES[role].rank <= ROLES[granter].rank;
}
