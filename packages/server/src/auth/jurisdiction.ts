import { canAccessRegion, hasPermission, jurisdictionRange, type Actor, type Permission } from '@doudi/domain';
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
  const { low, high } = jurisdictionRange(actor);
  return sql<SqlBool>`${sql.ref(column)} BETWEEN ${low} AND ${high}`;
}

export function assertInJurisdiction(
  actor: Pick<Actor, 'regionCode'>,
  regionCode: string | null | undefined,
  what?: string,
): void {
  if (!regionCode || !canAccessRegion(actor, regionCode)) throw notFound(what);
}
