import { CreateUserRequest, RevealRequest, Role, UpdateUserRequest, UserSummary } from '@doudi/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../auth/context.js';
import { authorize } from '../../auth/jurisdiction.js';
import * as users from './service.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const ListQuery = z.object({
  q: z.string().trim().max(50).optional(),
  role: Role.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function usersRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['users'];
    app.get('/api/users', {
      schema: { tags, summary: '用户列表（管辖范围内）', querystring: ListQuery, response: { 200: z.object({ items: z.array(UserSummary), total: z.number().int() }) } },
    }, async (request) => users.list(ctx, authorize(request, 'users.manage'), request.query));

    app.post('/api/users', {
      schema: { tags, summary: '新建用户', body: CreateUserRequest, response: { 201: UserSummary } },
    }, async (request, reply) => {
      const created = await users.create(ctx, authorize(request, 'users.manage'), request.body, request.ip);
      return reply.status(201).send(created);
    });

    app.get('/api/users/:id', {
      schema: { tags, summary: '用户详情', params: IdParams, response: { 200: UserSummary } },
    }, async (request) => users.get(ctx, authorize(request, 'users.manage'), request.params.id));

    app.patch('/api/users/:id', {
      schema: { tags, summary: '修改、停用或启用用户，重置密码', params: IdParams, body: UpdateUserRequest, response: { 200: UserSummary } },
    }, async (request) => users.update(ctx, authorize(request, 'users.manage'), request.params.id, request.body, request.ip));

    app.post('/api/users/:id/reveal', {
      schema: { tags, summary: '查看脱敏字段明文（记入审计）', params: IdParams, body: RevealRequest, response: { 200: z.object({ value: z.string().nullable() }) } },
    }, async (request) => {
      // Staff phones are an administrator's matter: managing users and revealing personal data are both needed.
      authorize(request, 'users.manage');
      return users.reveal(ctx, authorize(request, 'personal.reveal'), request.params.id, request.body, request.ip);
    });
  };
}
