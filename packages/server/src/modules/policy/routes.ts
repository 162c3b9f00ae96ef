import {
  CalendarYearView, CreatePolicyParameterRequest, EndPolicyParameterRequest, PolicyKey, PolicyParameterView, SaveCalendarYearRequest,
} from '@doudi/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../auth/context.js';
import { authorize } from '../../auth/jurisdiction.js';
import * as policy from './service.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const YearParams = z.object({ year: z.coerce.number().int() });

export function policyRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['policy'];
    app.get('/api/policy-parameters', {
      schema: {
        tags, summary: '政策参数：本级及上级设定的、以及管辖范围内设定的', querystring: z.object({ key: PolicyKey.optional() }),
        response: { 200: z.object({ items: z.array(PolicyParameterView) }) },
      },
    }, async (request) => ({ items: await policy.list(ctx, authorize(request, 'regions.read'), request.query) }));

    app.get('/api/policy-parameters/:id', {
      schema: { tags, summary: '政策参数详情', params: IdParams, response: { 200: PolicyParameterView } },
    }, async (request) => policy.get(ctx, authorize(request, 'regions.read'), request.params.id));

    app.post('/api/policy-parameters', {
      schema: {
        tags, summary: '新增政策参数（县级及以上；金额以分计）', body: CreatePolicyParameterRequest, response: { 201: PolicyParameterView },
      },
    }, async (request, reply) => reply.status(201).send(await policy.create(ctx, authorize(request, 'policy.manage'), request.body, request.ip)));

    app.post('/api/policy-parameters/:id/end', {
      schema: { tags, summary: '设置政策参数失效日期', params: IdParams, body: EndPolicyParameterRequest, response: { 200: PolicyParameterView } },
    }, async (request) => policy.end(ctx, authorize(request, 'policy.manage'), request.params.id, request.body, request.ip));

    app.get('/api/work-calendar/:year', {
      schema: { tags, summary: '节假日安排（全国统一）：某年的放假日和调休上班日，用于按工作日计算的时限', params: YearParams, response: { 200: CalendarYearView } },
    }, async (request) => {
      authorize(request, 'regions.read');
      return policy.getCalendarYear(ctx, request.params.year);
    });

    app.put('/api/work-calendar/:year', {
      schema: {
        tags, summary: '录入或修改某年的节假日安排（省级政策参数管理人员；整年替换，留痕）', params: YearParams, body: SaveCalendarYearRequest,
        response: { 200: CalendarYearView },
      },
    }, async (request) => policy.saveCalendarYear(ctx, authorize(request, 'policy.manage'), request.params.year, request.body, request.ip));
  };
}
