import { describe, expect, it } from 'vitest';
import { canGrantRole, hasPermission, roleAllowsRegionLevel, Role, ROLES } from './roles.js';

describe('roles', () => {
  it('defines every role with a Chinese label and at least one region level', () => {
    for (const r of Role.options) {
      expect(ROLES[r].label.zh).toMatch(/[\u4e00-\u9fa5]/);
      expect(ROLES[r].regionLevels.length).toBeGreaterThan(0);
    }
  });
  it('grants only roles at or below the granter', () => {
    expect(canGrantRole('system_admin', 'county_staff')).toBe(true);
    expect(canGrantRole('system_admin', 'system_admin')).toBe(true);
    expect(canGrantRole('county_staff', 'system_admin')).toBe(false);
    expect(canGrantRole('township_staff', 'county_staff')).toBe(false);
  });
  it('keeps the auditor read-only and user management with administrators', () => {
    expect(hasPermission('auditor', 'audit.read')).toBe(true);
    expect(hasPermission('auditor', 'users.manage')).toBe(false);
    expect(hasPermission('township_staff', 'users.manage')).toBe(false);
    expect(hasPermission('system_admin', 'users.manage')).toBe(true);
  });
  it('ties staff roles to their level', () => {
    expect(roleAllowsRegionLevel('township_staff', 4)).toBe(true);
    expect(roleAllowsRegionLevel('township_staff', 3)).toBe(false);
    expect(roleAllowsRegionLevel('village_staff', 5)).toBe(true);
  });
  it('lets staff handle leads, counties and above switch rules, and keeps the auditor and the administrator out of casework', () => {
    for (const r of ['province_staff', 'city_staff', 'county_staff', 'township_staff', 'village_staff', 'social_worker'] as const) {
      expect(hasPermission(r, 'monitoring.read')).toBe(true);
      expect(hasPermission(r, 'monitoring.write')).toBe(true);
    }
    for (const r of ['province_staff', 'city_staff', 'county_staff', 'township_staff'] as const) expect(hasPermission(r, 'monitoring.import')).toBe(true);
    expect(hasPermission('village_staff', 'monitoring.import')).toBe(false);
    expect(Role.options.filter((r) => hasPermission(r, 'monitoring.manage'))).toEqual(['province_staff', 'city_staff', 'county_staff']);
    expect(hasPermission('auditor', 'monitoring.read')).toBe(true);
    expect(hasPermission('auditor', 'monitoring.write')).toBe(false);
    for (const p of ['monitoring.read', 'monitoring.write', 'monitoring.import', 'monitoring.manage'] as const) {
      expect(hasPermission('system_admin', p)).toBe(false);
    }
    for (const r of Role.options) {
      if (hasPermission(r, 'monitoring.read')) expect(ROLES[r].modules as readonly string[]).toContain('monitoring');
    }
  });
});
