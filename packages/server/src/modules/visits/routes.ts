import {
  CampaignDetail, CampaignPage, CampaignQuery, CancelTaskRequest, CloseCampaignRequest, CreateCampaignRequest, CreatePairingRequest,
  CreatePlanRequest, EndPairingRequest, OfflinePack, PairingPage, PairingQuery, PairingView, PlanDetail, PlanPage, PlanQuery,
  ReassignTaskRequest, ReportCampaignTaskRequest, TaskPage, TaskQuery, UpdateCampaignRequest, UpdateVisitRequest, VisitPage, VisitQuery,
  VisitsDashboardQuery, VisitsDashboardView, VisitSyncRequest, VisitTaskItem, VisitView,
} from '@doudi/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../auth/context.js';
import { authorize } from '../../auth/jurisdiction.js';
import * as campaigns from './campaigns.js';
import { visitsDashboard } from './dashboard.js';
import * as plans from './plans.js';
import * as records from './records.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const ReportParams = z.object({ id: z.coerce.number().int().positive(), taskId: z.coerce.number().int().positive() });
const PhotoParams = z.object({ id: z.coerce.number().int().positive(), seq: z.coerce.number().int().min(1).max(3) });

/** 走访慰问 */
export function visitsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['visits'];

    // Campaigns
    app.get('/api/visits/campaigns', {
      schema: { tags, summary: '专项行动列表（本级发起、上级发起和下级发起的）', querystring: CampaignQuery, response: { 200: CampaignPage } },
    }, async (request) => campaigns.listCampaigns(ctx, authorize(request, 'visits.read'), request.query));

    app.post('/api/visits/campaigns', {
      schema: { tags, summary: '发起专项行动（名称、文号、期间、对象范围、任务）', body: CreateCampaignRequest, response: { 201: CampaignDetail } },
    }, async (request, reply) => reply.status(201).send(await campaigns.createCampaign(ctx, authorize(request, 'visits.manage'), request.body, request.ip)));

    app.get('/api/visits/campaigns/:id', {
      schema: { tags, summary: '专项行动详情：本级落实情况、直属下级的汇总、走访覆盖', params: IdParams, response: { 200: CampaignDetail } },
    }, async (request) => campaigns.campaignDetail(ctx, authorize(request, 'visits.read'), request.params.id));

    app.put('/api/visits/campaigns/:id', {
      schema: { tags, summary: '修改专项行动（仅发起单位，须带版本号）', params: IdParams, body: UpdateCampaignRequest, response: { 200: CampaignDetail } },
    }, async (request) => campaigns.updateCampaign(ctx, authorize(request, 'visits.manage'), request.params.id, request.body, request.ip));

    app.post('/api/visits/campaigns/:id/close', {
      schema: { tags, summary: '结束专项行动（仅发起单位）', params: IdParams, body: CloseCampaignRequest, response: { 200: CampaignDetail } },
    }, async (request) => campaigns.closeCampaign(ctx, authorize(request, 'visits.manage'), request.params.id, request.body, request.ip));

    app.put('/api/visits/campaigns/:id/tasks/:taskId/report', {
      schema: { tags, summary: '填报本级对某项任务的落实情况', params: ReportParams, body: ReportCampaignTaskRequest, response: { 200: CampaignDetail } },
    }, async (request) => campaigns.reportTask(ctx, authorize(request, 'visits.write'), request.params.id, request.params.taskId, request.body, request.ip));

    // Plans and tasks
    app.get('/api/visits/plans', {
      schema: { tags, summary: '走访计划列表（含完成进度）', querystring: PlanQuery, response: { 200: PlanPage } },
    }, async (request) => plans.listPlans(ctx, authorize(request, 'visits.read'), request.query));

    app.post('/api/visits/plans', {
      schema: { tags, summary: '制定走访计划：按名册条件选户并分派走访人', body: CreatePlanRequest, response: { 201: PlanDetail } },
    }, async (request, reply) => reply.status(201).send(await plans.createPlan(ctx, authorize(request, 'visits.manage'), request.body, request.ip)));

    app.get('/api/visits/plans/:id', {
      schema: { tags, summary: '走访计划详情：各下级完成进度和逾期名单', params: IdParams, response: { 200: PlanDetail } },
    }, async (request) => plans.planDetail(ctx, authorize(request, 'visits.read'), request.params.id));

    app.get('/api/visits/tasks', {
      schema: { tags, summary: '走访任务列表（按区域、计划、类型、状态、逾期、走访人筛选）', querystring: TaskQuery, response: { 200: TaskPage } },
    }, async (request) => plans.listTasks(ctx, authorize(request, 'visits.read'), request.query));

    app.post('/api/visits/tasks/:id/reassign', {
      schema: { tags, summary: '改派走访任务', params: IdParams, body: ReassignTaskRequest, response: { 200: VisitTaskItem } },
    }, async (request) => plans.reassignTask(ctx, authorize(request, 'visits.manage'), request.params.id, request.body, request.ip));

    app.post('/api/visits/tasks/:id/cancel', {
      schema: { tags, summary: '取消走访任务（须填写原因）', params: IdParams, body: CancelTaskRequest, response: { 200: VisitTaskItem } },
    }, async (request) => plans.cancelTask(ctx, authorize(request, 'visits.manage'), request.params.id, request.body, request.ip));

    // Leader pairings
    app.get('/api/visits/pairings', {
      schema: { tags, summary: '领导干部联系困难群众结对列表', querystring: PairingQuery, response: { 200: PairingPage } },
    }, async (request) => plans.listPairings(ctx, authorize(request, 'visits.read'), request.query));

    app.post('/api/visits/pairings', {
      schema: { tags, summary: '新增领导干部结对', body: CreatePairingRequest, response: { 201: PairingView } },
    }, async (request, reply) => reply.status(201).send(await plans.createPairing(ctx, authorize(request, 'visits.manage'), request.body, request.ip)));

    app.post('/api/visits/pairings/:id/end', {
      schema: { tags, summary: '结束领导干部结对', params: IdParams, body: EndPairingRequest, response: { 200: PairingView } },
    }, async (request) => plans.endPairing(ctx, authorize(request, 'visits.manage'), request.params.id, request.body, request.ip));

    // Dashboard and the phone
    app.get('/api/visits/dashboard', {
      schema: { tags, summary: '走访看板：下级区域的应走访、已走访、逾期和覆盖率，专项行动任务汇总', querystring: VisitsDashboardQuery, response: { 200: VisitsDashboardView } },
    }, async (request) => visitsDashboard(ctx, authorize(request, 'visits.read'), request.query));

    app.get('/api/visits/offline-pack', {
      schema: { tags, summary: '离线包：本人待走访任务、家庭和成员（脱敏）、检查清单、服务器时间', response: { 200: OfflinePack } },
    }, async (request) => records.offlinePack(ctx, authorize(request, 'visits.write')));

    // Visits
    app.get('/api/visits', {
      schema: { tags, summary: '走访记录列表（按家庭、人员、区域、结果、日期筛选）', querystring: VisitQuery, response: { 200: VisitPage } },
    }, async (request) => records.listVisits(ctx, authorize(request, 'visits.read'), request.query));

    app.post('/api/visits', {
      schema: {
        tags, summary: '登记走访（在线或离线同步；按客户端编号去重，任务已被他人完成时返回冲突）', body: VisitSyncRequest,
        response: { 200: VisitView, 201: VisitView },
      },
    }, async (request, reply) => {
      const { created, visit } = await records.syncVisit(ctx, authorize(request, 'visits.write'), request.body, request.ip);
      return reply.status(created ? 201 : 200).send(visit);
    });

    app.get('/api/visits/:id', {
      schema: { tags, summary: '走访记录详情（电话脱敏）', params: IdParams, response: { 200: VisitView } },
    }, async (request) => records.getVisit(ctx, authorize(request, 'visits.read'), request.params.id));

    app.put('/api/visits/:id', {
      schema: { tags, summary: '修改走访记录（须带版本号，版本不一致时返回服务器上的最新内容）', params: IdParams, body: UpdateVisitRequest, response: { 200: VisitView } },
    }, async (request) => records.updateVisit(ctx, authorize(request, 'visits.write'), request.params.id, request.body, request.ip));

    app.get('/api/visits/:id/photos/:seq', {
      schema: { tags, summary: '走访照片', params: PhotoParams },
    }, async (request, reply) => {
      const photo = await records.visitPhoto(ctx, authorize(request, 'visits.read'), request.params.id, request.params.seq);
      return reply.type(photo.contentType).header('cache-control', 'private, max-age=3600').send(photo.bytes);
    });
  };
}
