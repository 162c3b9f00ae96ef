import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../auth/context.js';

/** 老年人与儿童关爱 */
export function careRoutes(_ctx: AppContext): FastifyPluginAsyncZod {
  return async () => {};
}
