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
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id', 'sessions.csrf_token', 'sessions.expires_at', 'sessions.last_seen_at',
        'users.id as user_id', 'users.username', 'users.display_name', 'users.role', 'users.region_code', 'users.disabled',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    if (!row || row.disabled || row.expires_at.getTime() <= Date.now()) {
      if (row) await db.deleteFrom('sessions').where('id', '=', id).execute();
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
      await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id', '=', id).execute();
    }
  });
}
