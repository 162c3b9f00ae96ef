import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../auth/context.js';

/** 走访慰问 */
export function visitsRoutes(_ctx: AppContext): FastifyPluginAsyncZod {
  return async () => {};
}
