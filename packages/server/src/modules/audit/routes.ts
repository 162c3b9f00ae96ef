import { AuditEntry, AuditQuery } from '@doudi/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../auth/context.js';
import { authorize } from '../../auth/jurisdiction.js';
import { listAudit } from './queries.js';

export function auditRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/audit',
      {
        schema: {
          tags: ['audit'],
          summary: '审计日志（按管辖范围）',
          querystring: AuditQuery,
          response: { 200: z.object({ items: z.array(AuditEntry), total: z.number().int() }) },
        },
      },
      async (request) => {
        const user = authorize(request, 'audit.read');
        return listAudit(ctx.database.db, user, request.query);
      },
    );
  };
}
