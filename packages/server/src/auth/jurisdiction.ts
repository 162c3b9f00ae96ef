import { canAccessRegion, hasPermission, jurisdictionRange, regionAncestry, regionRange, type Actor, type Permission } from '@doudi/domain';
import type { FastifyRequest } from 'fastify';
import { sql, type Expression, type SqlBool } from 'kysely';
import { forbidden, notFound, unauthenticated } from '../http/errors.js';
import type { RequestUser } from './context.js';

/**
 * The jurisdiction choke point. Every module reaches personal or regional data only through these three calls:
 * - `authorize(request, permission)` at the top of a route: signed in, and the role holds the permission;
 * - `inJurisdiction(actor, column)` as the WHERE clause of every list and every single-record lookup;
 * - `assertInJurisdiction(actor, regionCode)` before reading or writing one record, or writing into a region:
 *   outside the actor's region it answers 404, exactly as if the record did not exist.
 * The predicate itself is `canAccessRegion` in packages/domain; there is no role that bypasses it.
 */
export function authorize(request: FastifyRequest, permission?: Permission): RequestUser {
  const user = request.user;
  if (!user) throw unauthenticated();
  if (permission && !hasPermission(user.role, permission)) throw forbidden();
  return user;
}

export function inJurisdiction(actor: Pick<Actor, 'regionCode'>, column: string): Expression<SqlBool> {
  return between(jurisdictionRange(actor), column);
}

const between = ({ low, high }: { low: string; high: string }, column: string) => sql<SqlBool>`${sql.ref(column)} BETWEEN ${low} AND ${high}`;

/**
 * A region filter chosen in a request or a job (a list narrowed to one township, the counties of a city): the column
 * lies in the region or below it. It narrows; the actor's own limit is still `inJurisdiction` or an
 * `assertInJurisdiction` of the region.
 */
export function inRegion(regionCode: string, column: string): Expression<SqlBool> {
  return between(regionRange(regionCode), column);
}

/** The column is the region itself, one of its ancestors, or below it (what can apply inside the region). */
export function aboveOrWithin(regionCode: string, column: string): Expression<SqlBool> {
  return ancestorsOr(regionCode, regionRange(regionCode), column);
}

const ancestorsOr = (regionCode: string, range: { low: string; high: string }, column: string) =>
  sql<SqlBool>`(${sql.ref(column)} IN (${sql.join(regionAncestry(regionCode))}) OR ${between(range, column)})`;

export function assertInJurisdiction(
  actor: Pick<Actor, 'regionCode'>,
  regionCode: string | null | undefined,
  what?: string,
): void {
  if (!regionCode || !canAccessRegion(actor, regionCode)) throw notFound(what);
}

/**
 * Records launched for a whole area (专项行动, C4) are also seen by everyone below the launching region: a campaign
 * of the province is visible to every county, township and village in it. `launchedAboveOrWithin` is the WHERE
 * clause: the record's region is the actor's own region or one of its ancestors, or lies inside the actor's
 * jurisdiction (the launcher's superiors). `assertLaunchedAboveOrWithin` is the same test for one record (404 outside).
 * What such a viewer may see of the record below its own level (other regions' reports, plans, visits) is still
 * filtered by `inJurisdiction`.
 */
export function launchedAboveOrWithin(actor: Pick<Actor, 'regionCode'>, column: string): Expression<SqlBool> {
  return ancestorsOr(actor.regionCode, jurisdictionRange(actor), column);
}

export function assertLaunchedAboveOrWithin(actor: Pick<Actor, 'regionCode'>, regionCode: string | null | undefined, what?: string): void {
  if (!regionCode || !(canAccessRegion(actor, regionCode) || canAccessRegion({ regionCode }, actor.regionCode))) throw notFound(what);
}
