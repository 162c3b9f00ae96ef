import { regionContains, regionRange } from './region.js';
import type { Role } from './roles.js';

/** The part of a signed-in user that decides what they may see. */
export interface Actor {
  id: number;
  role: Role;
  regionCode: string;
}

/**
 * The jurisdiction predicate: a record whose region is `recordRegion` is visible to (and changeable by) the actor
 * only when it lies inside the actor's own region. There is no role that bypasses it.
 */
export function canAccessRegion(actor: Pick<Actor, 'regionCode'>, recordRegion: string): boolean {
  return regionContains(actor.regionCode, recordRegion);
}

/** The same predicate as an inclusive code range, for `region_code BETWEEN low AND high` in SQL. */
export function jurisdictionRange(actor: Pick<Actor, 'regionCode'>): { low: string; high: string } {
  return regionRange(actor.regionCode);
}
