import { regionAncestry, type RegionLevel, type RegionNode, type RegionPathItem } from '@doudi/domain';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * The queries of the regions module. No authorisation here: callers check jurisdiction and pass its code range.
 *
 * `hasChildren` is exact: level < 5 AND a child row exists (an index-only probe of regions_parent_idx). With a region
 * filter loaded (e.g. one county) a city may then have children while its sibling counties have none, and the tree
 * never offers to expand an empty node.
 */

const CODE = /^\d{12}$/;

interface NodeRow {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  has_children: boolean;
}

const toNode = (r: NodeRow): RegionNode => ({
  code: r.code,
  name: r.name,
  level: r.level as RegionLevel,
  parentCode: r.parent_code,
  hasChildren: r.has_children,
});

/** `has_children` of the row aliased `alias` (CASE: the EXISTS is not evaluated for villages). */
const hasChildren = (alias: 'r' | 'm') =>
  sql<boolean>`CASE WHEN ${sql.ref(`${alias}.level`)} < 5 THEN EXISTS (SELECT 1 FROM regions c WHERE c.parent_code = ${sql.ref(`${alias}.code`)}) ELSE false END`;

export async function getRegion(db: Kysely<DB>, code: string): Promise<RegionNode | undefined> {
  if (!CODE.test(code)) return undefined;
  const row = await db
    .selectFrom('regions as r')
    .select(['r.code', 'r.name', 'r.level', 'r.parent_code', hasChildren('r').as('has_children')])
    .where('r.code', '=', code)
    .executeTakeFirst();
  return row && toNode(row);
}

/** Direct children, ordered by code; [] for a village or an unknown code. */
export async function childrenOf(db: Kysely<DB>, code: string): Promise<RegionNode[]> {
  if (!CODE.test(code)) return [];
  const rows = await db
    .selectFrom('regions as r')
    .select(['r.code', 'r.name', 'r.level', 'r.parent_code', hasChildren('r').as('has_children')])
    .where('r.parent_code', '=', code)
    .orderBy('r.code')
    .execute();
  return rows.map(toNode);
}

/**
 * Province → … → the region itself, one query. [] when the code is not in the table. A code that repeats its parent's
 * (东莞市 441900000000 is city and county at once) appears once.
 */
export async function pathOf(db: Kysely<DB>, code: string): Promise<RegionPathItem[]> {
  if (!CODE.test(code)) return [];
  const codes = [...new Set(regionAncestry(code))];
  const rows = await db
    .selectFrom('regions')
    .select(['code', 'name', 'level'])
    .where('code', 'in', codes)
    .orderBy('level')
    .execute();
  if (rows.at(-1)?.code !== code) return [];
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level as RegionLevel }));
}

export interface RegionSearch {
  /** Chinese name text (substring of the name), ASCII letters (prefix of the pinyin initials, any case), or digits (prefix of the code). */
  q: string;
  /** Inclusive code range to search in: the caller's jurisdiction (`jurisdictionRange`). */
  within: { low: string; high: string };
  /** 1–200, default 20. */
  limit?: number | undefined;
}

export type RegionSearchHit = RegionNode & {
  /** Names from below the province down to the match itself, space-separated: "成都市 蒲江县 大塘镇". */
  pathNames: string;
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/**
 * Searches within a code range. Order: exact match first (the name, the initials or the code equals q), then by
 * level (provinces before villages), then by code. Path names come from three primary-key joins on the limited result.
 */
export async function searchRegions(db: Kysely<DB>, search: RegionSearch): Promise<RegionSearchHit[]> {
  const q = search.q.trim();
  const { low, high } = search.within;
  if (!q || !CODE.test(low) || !CODE.test(high)) return [];
  const limit = Math.min(200, Math.max(1, Math.trunc(search.limit ?? 20)));

  let match;
  let exact;
  if (/^[A-Za-z]+$/.test(q)) {
    const initials = q.toLowerCase();
    match = sql<boolean>`r.initials LIKE ${`${escapeLike(initials)}%`}`;
    exact = sql<number>`CASE WHEN r.initials = ${initials} THEN 0 ELSE 1 END`;
  } else if (/^\d+$/.test(q)) {
    match = sql<boolean>`r.code LIKE ${`${escapeLike(q)}%`}`;
    exact = sql<number>`CASE WHEN r.code = ${q} THEN 0 ELSE 1 END`;
  } else {
    match = sql<boolean>`r.name LIKE ${`%${escapeLike(q)}%`}`;
    exact = sql<number>`CASE WHEN r.name = ${q} THEN 0 ELSE 1 END`;
  }

  const hits = db
    .selectFrom('regions as r')
    .select(['r.code', 'r.name', 'r.level', 'r.parent_code', exact.as('rank')])
    .where('r.code', '>=', low)
    .where('r.code', '<=', high)
    .where(match)
    .orderBy('rank')
    .orderBy('r.level')
    .orderBy('r.code')
    .limit(limit);

  const rows = await db
    .selectFrom(hits.as('m'))
    .leftJoin('regions as a2', (j) => j.on(sql<boolean>`a2.code = rpad(left(m.code, 4), 12, '0') AND a2.level = 2 AND m.level > 2`))
    .leftJoin('regions as a3', (j) => j.on(sql<boolean>`a3.code = rpad(left(m.code, 6), 12, '0') AND a3.level = 3 AND m.level > 3`))
    .leftJoin('regions as a4', (j) => j.on(sql<boolean>`a4.code = rpad(left(m.code, 9), 12, '0') AND a4.level = 4 AND m.level > 4`))
    .select([
      'm.code',
      'm.name',
      'm.level',
      'm.parent_code',
      hasChildren('m').as('has_children'),
      sql<string>`concat_ws(' ', a2.name, a3.name, a4.name, CASE WHEN m.level > 1 THEN m.name END)`.as('path_names'),
    ])
    .orderBy('m.rank')
    .orderBy('m.level')
    .orderBy('m.code')
    .execute();
  return rows.map((r) => ({ ...toNode(r), pathNames: r.path_names }));
}

export interface RegionStats {
  /** Year of the loaded data set; null while none is completely loaded. */
  dataYear: number | null;
  count: number;
}

/** For the health endpoint: from the load mark (no table scan); counts the rows only while no load is complete. */
export async function regionStats(db: Kysely<DB>): Promise<RegionStats> {
  const mark = await db
    .selectFrom('region_datasets')
    .select(['data_year', 'counts'])
    .orderBy('data_year', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (mark) {
    const counts = (typeof mark.counts === 'string' ? JSON.parse(mark.counts) : mark.counts) as Record<string, unknown> | null;
    const count = Object.values(counts ?? {}).reduce<number>((a, n) => a + Number(n), 0);
    return { dataYear: mark.data_year, count };
  }
  const row = await db.selectFrom('regions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { dataYear: null, count: Number(row.n) };
}
