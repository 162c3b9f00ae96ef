import { NotificationList, NotificationQuery } from '@doudi/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../auth/context.js';
import { authorize } from '../../auth/jurisdiction.js';
import { listNotifications, markAllRead, markRead } from './service.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

/** 站内通知：只能看到和处理自己的通知 */
export function notificationsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['notifications'];
    const { db } = ctx.database;

    app.get('/api/notifications', {
      schema: { tags, summary: '我的通知（最新在前）及未读数', querystring: NotificationQuery, response: { 200: NotificationList } },
    }, async (request) => listNotifications(db, authorize(request).id, request.query.limit));

    app.post('/api/notifications/:id/read', {
      schema: { tags, summary: '将一条通知标为已读（只能是自己的通知）', params: IdParams, response: { 204: z.null() } },
    }, async (request, reply) => {
      await markRead(db, authorize(request).id, request.params.id);
      return reply.status(204).send(null);
    });

    app.post('/api/notifications/read-all', {
      schema: { tags, summary: '将我的全部通知标为已读', response: { 200: z.object({ updated: z.number().int() }) } },
    }, async (request) => ({ updated: await markAllRead(db, authorize(request).id) }));
  };
}
