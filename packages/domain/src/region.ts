import { z } from 'zod';

/** 12-digit 统计用区划代码 (statistical division code). */
export const RegionCode = z
  .string()
  .regex(/^\d{12}$/, '区划代码应为12位数字');
export type RegionCode = z.infer<typeof RegionCode>;

/** 1 省 province · 2 市 city · 3 县 county · 4 乡镇街道 township · 5 村社区 village */
export const RegionLevel = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
export type RegionLevel = z.infer<typeof RegionLevel>;

export const REGION_LEVEL_LABELS: Record<RegionLevel, { zh: string; en: string }> = {
  1: { zh: '省级', en: 'Province' },
  2: { zh: '市级', en: 'City' },
  3: { zh: '县级', en: 'County' },
  4: { zh: '乡镇（街道）', en: 'Township' },
  5: { zh: '村（社区）', en: 'Village' },
};

/** Number of significant leading digits of a code at each level. */
export const PREFIX_LENGTH: Record<RegionLevel, number> = { 1: 2, 2: 4, 3: 6, 4: 9, 5: 12 };

/** Level of a 12-digit code from its trailing zero groups. */
export function regionLevel(code: string): RegionLevel {
  if (!/^\d{12}$/.test(code)) throw new Error(`invalid region code: ${code}`);
  if (code.slice(2) === '0000000000') return 1;
  if (code.slice(4) === '00000000') return 2;
  if (code.slice(6) === '000000') return 3;
  if (code.slice(9) === '000') return 4;
  return 5;
}

/** The significant prefix of a code (e.g. a county's first 6 digits). */
export function regionPrefix(code: string): string {
  return code.slice(0, PREFIX_LENGTH[regionLevel(code)]);
}

/** Pads a short national code (2, 4, 6, 9 or 12 digits) to 12 digits. */
export function padRegionCode(short: string): string {
  if (!/^\d{2,12}$/.test(short)) throw new Error(`invalid region code: ${short}`);
  return short.padEnd(12, '0');
}

/** Parent code, or null for a province. */
export function parentRegionCode(code: string): string | null {
  const level = regionLevel(code);
  if (level === 1) return null;
  const parentLen = PREFIX_LENGTH[(level - 1) as RegionLevel];
  return code.slice(0, parentLen).padEnd(12, '0');
}

/**
 * The region at `level` containing a code at that level or below (e.g. the county of a village). The code is not
 * checked: callers hold codes read from the database, often in a loop over many rows.
 */
export function regionAncestorAt(code: string, level: RegionLevel): string {
  return code.slice(0, PREFIX_LENGTH[level]).padEnd(12, '0');
}

/** Codes of all ancestors from the province down to (and including) the code itself. */
export function regionAncestry(code: string): string[] {
  const level = regionLevel(code);
  const out: string[] = [];
  for (let l = 1; l <= level; l++) out.push(regionAncestorAt(code, l as RegionLevel));
  return out;
}

/** True when `code` lies inside (or is) the region `ancestor`. */
export function regionContains(ancestor: string, code: string): boolean {
  if (!/^\d{12}$/.test(ancestor) || !/^\d{12}$/.test(code)) return false;
  return code.startsWith(regionPrefix(ancestor));
}

/**
 * The inclusive code range [low, high] covering a region and everything below it.
 * Used to turn jurisdiction into an index-friendly `region_code BETWEEN low AND high`.
 */
export function regionRange(code: string): { low: string; high: string } {
  const prefix = regionPrefix(code);
  return { low: prefix.padEnd(12, '0'), high: prefix.padEnd(12, '9') };
}

export const RegionNode = z.object({
  code: RegionCode,
  name: z.string(),
  level: RegionLevel,
  parentCode: RegionCode.nullable(),
  hasChildren: z.boolean(),
});
export type RegionNode = z.infer<typeof RegionNode>;

export const RegionPathItem = z.object({ code: RegionCode, name: z.string(), level: RegionLevel });
export type RegionPathItem = z.infer<typeof RegionPathItem>;
