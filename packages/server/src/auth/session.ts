import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '@doudi/domain';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../http/errors.js';
import type { AppContext, RequestUser } from './context.js';

export const SESSION_COOKIE = 'doudi_session';
export const CSRF_COOKIE = 'doudi_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const sessionKey = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export function setSessionCookies(reply: FastifyReply, ctx: AppContext, token: string, csrf: string): void {
  const common = { path: '/', sameSite: 'strict' as const, secure: ctx.config.cookieSecure, maxAge: ctx.config.sessionTtlHours * 3600 };
  reply.setCookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, csrf, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

interface CachedSession {
  row: SessionRow;
  cachedAt: number;
}
type SessionRow = {
  id: string; csrf_token: string; expires_at: Date; last_seen_at: Date;
  user_id: number; username: string; display_name: string; role: string; region_code: string; disabled: boolean;
};

/**
 * Sessions read in the last few seconds, so that a burst of requests (a list page and its lookups, a phone syncing
 * its queue) costs one database read per session instead of one per request. Everything that ends a session or
 * changes its user (log-out, disabling, a role or region change, a password change) calls `forgetSessions`, so within
 * this process a change takes effect at once; another server process sees it within `SESSION_CACHE_MS`.
 */
export const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;
const sessionCaches = new WeakMap<object, Map<string, CachedSession>>();

function cacheFor(ctx: AppContext): Map<string, CachedSession> {
  let cache = sessionCaches.get(ctx.database);
  if (!cache) sessionCaches.set(ctx.database, (cache = new Map()));
  return cache;
}

/** Drops cached sessions: all of them, or those of one user. Call after the change is committed. */
export function forgetSessions(ctx: AppContext, userId?: number): void {
  const cache = cacheFor(ctx);
  if (userId === undefined) return cache.clear();
  for (const [key, entry] of cache) if (entry.row.user_id === userId) cache.delete(key);
}

async function readSession(ctx: AppContext, id: string): Promise<SessionRow | undefined> {
  const cache = cacheFor(ctx);
  const now = Date.now();
  const hit = cache.get(id);
  if (hit && now - hit.cachedAt < SESSION_CACHE_MS) return hit.row;
  const row = await ctx.database.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id', 'sessions.csrf_token', 'sessions.expires_at', 'sessions.last_seen_at',
      'users.id as user_id', 'users.username', 'users.display_name', 'users.role', 'users.region_code', 'users.disabled',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) {
    cache.delete(id);
    return undefined;
  }
  if (cache.size >= SESSION_CACHE_MAX) cache.clear();
  cache.set(id, { row, cachedAt: now });
  return row;
}

/**
 * Resolves the session cookie to `request.user` on every request, and enforces CSRF on every state-changing request
 * made with a session: the `x-csrf-token` header must echo the session's token (double submit, SameSite=Strict).
 */
export function registerSessionHook(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const { db } = ctx.database;
    const id = sessionKey(token);
    const row = await readSession(ctx, id);
    if (!row || row.disabled || row.expires_at.getTime() <= Date.now()) {
      if (row) {
        cacheFor(ctx).delete(id);
        await db.deleteFrom('sessions').where('id', '=', id).execute();
      }
      return;
    }
    const user: RequestUser = {
      id: row.user_id,
      username: row.username,
      displayName: row.display_name,
      role: row.role as Role,
      regionCode: row.region_code,
      sessionId: id,
      csrfToken: row.csrf_token,
    };
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameToken(sent, row.csrf_token)) {
        throw new AppError('CSRF', '页面已过期或请求来源不明，请刷新页面后重试');
      }
    }
    request.user = user;
    if (Date.now() - row.last_seen_at.getTime() > 60_000) {
      row.last_seen_at = new Date();
      await db.updateTable('sessions').set({ last_seen_at: row.last_seen_at }).where('id', '=', id).execute();
    }
  });
}
