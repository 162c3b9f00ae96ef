import {
  CreateTransferRequest, DecideTransferRequest, DuplicateCandidate, DuplicateQuery, ReviewDuplicateRequest, TransferStatus, TransferView,
  CreateHouseholdRequest, HistoryEntry, HouseholdListItem, HouseholdQuery, HouseholdView, MemberInput, MemberRevealRequest,
  MemberUpdate, PersonCheckRequest, PersonCheckResult, RemoveMemberRequest, UpdateHouseholdRequest,
} from '@doudi/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../auth/context.js';
import { authorize } from '../../auth/jurisdiction.js';
import * as duplicates from './duplicates.js';
import * as registry from './service.js';
import * as transfers from './transfers.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const Page = z.object({ items: z.array(HouseholdListItem), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export function registryRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['registry'];
    app.get('/api/registry/households', {
      schema: {
        tags, summary: '低收入家庭列表：筛选（区域、类别、标识、致贫原因、收入区间、城乡）与检索（姓名、拼音、身份证号、手机号）',
        querystring: HouseholdQuery, response: { 200: Page },
      },
    }, async (request) => registry.list(ctx, authorize(request, 'registry.read'), request.query));

    app.post('/api/registry/households', {
      schema: { tags, summary: '新建家庭（附件2 入户调查表）及其成员', body: CreateHouseholdRequest, response: { 201: HouseholdView } },
    }, async (request, reply) => reply.status(201).send(await registry.create(ctx, authorize(request, 'registry.write'), request.body, request.ip)));

    app.get('/api/registry/households/:id', {
      schema: { tags, summary: '家庭详情：成员（脱敏）、人均收入与所在地低保标准', params: IdParams, response: { 200: HouseholdView } },
    }, async (request) => registry.get(ctx, authorize(request, 'registry.read'), request.params.id));

    app.patch('/api/registry/households/:id', {
      schema: { tags, summary: '修改家庭信息（带版本号，防止覆盖他人修改）', params: IdParams, body: UpdateHouseholdRequest, response: { 200: HouseholdView } },
    }, async (request) => registry.update(ctx, authorize(request, 'registry.write'), request.params.id, request.body, request.ip));

    app.get('/api/registry/households/:id/history', {
      schema: { tags, summary: '家庭变更历史', params: IdParams, response: { 200: z.object({ items: z.array(HistoryEntry) }) } },
    }, async (request) => ({ items: await registry.history(ctx, authorize(request, 'registry.read'), request.params.id) }));

    app.post('/api/registry/households/:id/members', {
      schema: { tags, summary: '添加家庭成员', params: IdParams, body: MemberInput, response: { 201: HouseholdView } },
    }, async (request, reply) => reply.status(201).send(await registry.addMember(ctx, authorize(request, 'registry.write'), request.params.id, request.body, request.ip)));

    app.patch('/api/registry/members/:id', {
      schema: { tags, summary: '修改家庭成员（身份证号码、电话仅在更改时提交）', params: IdParams, body: MemberUpdate, response: { 200: HouseholdView } },
    }, async (request) => registry.updateMember(ctx, authorize(request, 'registry.write'), request.params.id, request.body, request.ip));

    app.post('/api/registry/members/:id/remove', {
      schema: { tags, summary: '移出家庭成员（死亡、迁出、分户……），记录保留', params: IdParams, body: RemoveMemberRequest, response: { 200: HouseholdView } },
    }, async (request) => registry.removeMember(ctx, authorize(request, 'registry.write'), request.params.id, request.body, request.ip));

    app.post('/api/registry/members/:id/reveal', {
      schema: {
        tags, summary: '查看身份证号码或电话明文（须填写原因，记入审计）', params: IdParams, body: MemberRevealRequest,
        response: { 200: z.object({ value: z.string().nullable() }) },
      },
    }, async (request) => registry.reveal(ctx, authorize(request, 'personal.reveal'), request.params.id, request.body, request.ip));

    app.post('/api/registry/persons/check', {
      schema: {
        tags, summary: '核查身份证号码：校验、由号码得出性别与出生日期、是否已在某户登记', body: PersonCheckRequest, response: { 200: PersonCheckResult },
      },
    }, async (request) => registry.checkPerson(ctx, authorize(request, 'registry.write'), request.body.idNumber));

    app.get('/api/registry/transfers', {
      schema: {
        tags, summary: '成员迁转申请：迁入或迁出本辖区的', querystring: z.object({ status: TransferStatus.optional() }),
        response: { 200: z.object({ items: z.array(TransferView) }) },
      },
    }, async (request) => ({ items: await transfers.list(ctx, authorize(request, 'registry.read'), request.query) }));

    app.post('/api/registry/transfers', {
      schema: { tags, summary: '申请把已在别户登记的人员迁入本户（由原登记地审核）', body: CreateTransferRequest, response: { 201: TransferView } },
    }, async (request, reply) => reply.status(201).send(await transfers.create(ctx, authorize(request, 'registry.write'), request.body, request.ip)));

    app.post('/api/registry/transfers/:id/decide', {
      schema: { tags, summary: '原登记地审核迁转申请（同意则人员迁入新户）', params: IdParams, body: DecideTransferRequest, response: { 200: TransferView } },
    }, async (request) => transfers.decide(ctx, authorize(request, 'registry.write'), request.params.id, request.body, request.ip));

    app.get('/api/registry/duplicates', {
      schema: {
        tags, summary: '疑似重复人员（同名同出生日期，或同村同拼音）', querystring: DuplicateQuery,
        response: { 200: z.object({ items: z.array(DuplicateCandidate), total: z.number().int() }) },
      },
    }, async (request) => duplicates.list(ctx, authorize(request, 'registry.read'), request.query));

    app.post('/api/registry/duplicates', {
      schema: { tags, summary: '审核疑似重复：确认重复（仅关联，不合并）或不是同一人', body: ReviewDuplicateRequest, response: { 201: z.object({ id: z.number().int() }) } },
    }, async (request, reply) => reply.status(201).send(await duplicates.review(ctx, authorize(request, 'registry.write'), request.body, request.ip)));

    app.post('/api/registry/duplicates/:id/revoke', {
      schema: { tags, summary: '撤销疑似重复审核结论', params: IdParams, response: { 200: z.object({ id: z.number().int() }) } },
    }, async (request) => duplicates.revoke(ctx, authorize(request, 'registry.write'), request.params.id, request.ip));
  };
}
