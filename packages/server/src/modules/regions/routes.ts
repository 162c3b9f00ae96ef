import { jurisdictionRange, RegionCode, RegionNode, RegionPathItem } from '@doudi/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../auth/context.js';
import { assertInJurisdiction, authorize } from '../../auth/jurisdiction.js';
import { notFound } from '../../http/errors.js';
import { childrenOf, getRegion, pathOf, searchRegions } from './queries.js';

const CodeParams = z.object({ code: RegionCode });
const SearchQuery = z.object({
  q: z.string().trim().min(1, '请输入名称或拼音首字母').max(30),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export function regionsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['regions'];
    const { db } = ctx.database;
    app.get('/api/regions/search', {
      schema: {
        tags, summary: '按名称或拼音首字母检索区划（管辖范围内）', querystring: SearchQuery,
        response: { 200: z.object({ items: z.array(RegionNode.extend({ pathNames: z.string() })) }) },
      },
    }, async (request) => {
      const user = authorize(request, 'regions.read');
      return { items: await searchRegions(db, { q: request.query.q, within: jurisdictionRange(user), limit: request.query.limit }) };
    });

    app.get('/api/regions/:code', {
      schema: {
        tags, summary: '区划详情与上级路径', params: CodeParams,
        response: { 200: z.object({ region: RegionNode, path: z.array(RegionPathItem) }) },
      },
    }, async (request) => {
      const user = authorize(request, 'regions.read');
      assertInJurisdiction(user, request.params.code, '区划');
      const region = await getRegion(db, request.params.code);
      if (!region) throw notFound('区划');
      return { region, path: await pathOf(db, region.code) };
    });

    app.get('/api/regions/:code/children', {
      schema: { tags, summary: '下级区划', params: CodeParams, response: { 200: z.object({ items: z.array(RegionNode) }) } },
    }, async (request) => {
      const user = authorize(request, 'regions.read');
      assertInJurisdiction(user, request.params.code, '区划');
      return { items: await childrenOf(db, request.params.code) };
    });
  };
}
