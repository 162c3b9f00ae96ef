import { ChangePasswordRequest, LoginRequest, Session } from '@doudi/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../auth/context.js';
import { authorize } from '../../auth/jurisdiction.js';
import { clearSessionCookies, setSessionCookies } from '../../auth/session.js';
import { changePassword, describeUser, login, logout } from './service.js';

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/auth/login',
      {
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: { tags: ['auth'], summary: '登录', body: LoginRequest, response: { 200: Session } },
      },
      async (request, reply) => {
        const { token, session } = await login(ctx, {
          ...request.body, clientAddress: request.ip, userAgent: request.headers['user-agent'],
        });
        setSessionCookies(reply, ctx, token, session.csrfToken);
        return session;
      },
    );
    app.get('/api/auth/me', { schema: { tags: ['auth'], summary: '当前用户', response: { 200: Session } } }, async (request) => {
      const user = authorize(request);
      return { user: await describeUser(ctx, user), csrfToken: user.csrfToken };
    });
    app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: '退出登录' } }, async (request, reply) => {
      const user = authorize(request);
      await logout(ctx, user, request.ip);
      clearSessionCookies(reply);
      return reply.status(204).send();
    });
    app.post(
      '/api/auth/password',
      { schema: { tags: ['auth'], summary: '修改密码', body: ChangePasswordRequest } },
      async (request, reply) => {
        const user = authorize(request);
        await changePassword(ctx, user, request.body, request.ip);
        return reply.status(204).send();
      },
    );
  };
}
