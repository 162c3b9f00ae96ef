import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../auth/context.js';

/** 安全隐患 */
export function hazardsRoutes(_ctx: AppContext): FastifyPluginAsyncZod {
  return async () => {};
}
