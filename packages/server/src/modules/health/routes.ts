import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../auth/context.js';
import { currentVersion } from '../../db/migrate.js';
import { regionStats } from '../regions/queries.js';

export const Health = z.object({
  status: z.literal('ok'),
  database: z.object({ kind: z.enum(['pglite', 'postgresql']), migrationVersion: z.number().int() }),
  regions: z.object({ dataYear: z.number().int().nullable(), count: z.number().int() }),
});

export function healthRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/health', { schema: { tags: ['system'], summary: '健康检查：数据库类型与迁移版本', response: { 200: Health } } }, async () => ({
      status: 'ok' as const,
      database: { kind: ctx.database.kind, migrationVersion: await currentVersion(ctx.database) },
      regions: await regionStats(ctx.database.db),
    }));
  };
}
