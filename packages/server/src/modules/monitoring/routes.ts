import {
  AssigneesQuery, AssigneeView, AssignLeadBody, CloseLeadBody, ContactLeadBody, CreateLeadRequest, DashboardQuery, DashboardView,
  HouseholdWarnings, LeadDetail, LeadListQuery, LeadPage, LeadRevealRequest, OutcomeLeadBody, RuleSettingView, RulesQuery, StartSweepRequest,
  SweepsQuery, SweepView, UpdateRuleSettingRequest, WarningPage, WarningQuery,
} from '@doudi/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../auth/context.js';
import { authorize } from '../../auth/jurisdiction.js';
import { startScheduler } from '../../jobs/scheduler.js';
import { dashboard } from './dashboard.js';
import * as leads from './leads.js';
import * as monitoring from './service.js';
import { stopSweeps } from './sweep.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

export function monitoringRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['monitoring'];
    const scheduler = ctx.config.scheduleSweeps ? startScheduler(ctx, app.log) : null;
    app.addHook('onClose', async () => {
      await stopSweeps(ctx.database);
      await scheduler?.stop();
    });

    app.get('/api/monitoring/warnings', {
      schema: { tags, summary: '监测预警列表（按区域、规则、状态、家庭、未覆盖、产生日期筛选）', querystring: WarningQuery, response: { 200: WarningPage } },
    }, async (request) => monitoring.warnings(ctx, authorize(request, 'monitoring.read'), request.query));

    app.get('/api/registry/households/:id/warnings', {
      schema: { tags, summary: '家庭的预警：待处理的及近一年关闭的', params: IdParams, response: { 200: HouseholdWarnings } },
    }, async (request) => monitoring.ofHousehold(ctx, authorize(request, 'registry.read'), request.params.id));

    app.get('/api/monitoring/rules', {
      schema: { tags, summary: '预警规则及其在某区域的开关（本级或上级设置，未设置则默认开启）', querystring: RulesQuery, response: { 200: z.object({ items: z.array(RuleSettingView) }) } },
    }, async (request) => ({ items: await monitoring.rules(ctx, authorize(request, 'monitoring.read'), request.query.regionCode) }));

    app.put('/api/monitoring/rules', {
      schema: { tags, summary: '开启或关闭某区域的预警规则（县级及以上）', body: UpdateRuleSettingRequest, response: { 200: z.object({ items: z.array(RuleSettingView) }) } },
    }, async (request) => ({ items: await monitoring.setRule(ctx, authorize(request, 'monitoring.manage'), request.body, request.ip) }));

    app.post('/api/monitoring/sweeps', {
      schema: { tags, summary: '立即运行监测（按县逐个进行，后台运行）', body: StartSweepRequest, response: { 202: z.object({ items: z.array(SweepView) }) } },
    }, async (request, reply) => {
      const items = await monitoring.startSweeps(ctx, authorize(request, 'monitoring.manage'), request.body, request.ip,
        (err) => app.log.error({ err }, 'monitoring sweep failed'));
      return reply.status(202).send({ items });
    });

    app.get('/api/monitoring/sweeps', {
      schema: { tags, summary: '最近的监测批次及进度', querystring: SweepsQuery, response: { 200: z.object({ items: z.array(SweepView) }) } },
    }, async (request) => ({ items: await monitoring.sweeps(ctx, authorize(request, 'monitoring.read'), request.query) }));

    app.get('/api/monitoring/dashboard', {
      schema: { tags, summary: '监测看板：下级区域的预警、线索、逾期、未覆盖与近12周趋势', querystring: DashboardQuery, response: { 200: DashboardView } },
    }, async (request) => dashboard(ctx, authorize(request, 'monitoring.read'), request.query));

    app.get('/api/monitoring/leads', {
      schema: { tags, summary: '救助线索列表', querystring: LeadListQuery, response: { 200: LeadPage } },
    }, async (request) => leads.list(ctx, authorize(request, 'monitoring.read'), request.query));

    app.post('/api/monitoring/leads', {
      schema: { tags, summary: '登记救助线索（热线、走访、群众反映等）', body: CreateLeadRequest, response: { 201: LeadDetail } },
    }, async (request, reply) => reply.status(201).send(await leads.create(ctx, authorize(request, 'monitoring.write'), request.body, request.ip)));

    app.get('/api/monitoring/leads/:id', {
      schema: { tags, summary: '线索详情及办理记录', params: IdParams, response: { 200: LeadDetail } },
    }, async (request) => leads.get(ctx, authorize(request, 'monitoring.read'), request.params.id));

    app.post('/api/monitoring/leads/:id/assign', {
      schema: { tags, summary: '分派承办人', params: IdParams, body: AssignLeadBody, response: { 200: LeadDetail } },
    }, async (request) => leads.act(ctx, authorize(request, 'monitoring.write'), request.params.id, { type: 'assign', ...request.body }, request.ip));

    app.post('/api/monitoring/leads/:id/reassign', {
      schema: { tags, summary: '改派承办人', params: IdParams, body: AssignLeadBody, response: { 200: LeadDetail } },
    }, async (request) => leads.act(ctx, authorize(request, 'monitoring.write'), request.params.id, { type: 'reassign', ...request.body }, request.ip));

    app.post('/api/monitoring/leads/:id/contact', {
      schema: { tags, summary: '记录联系（须已讲解政策）', params: IdParams, body: ContactLeadBody, response: { 200: LeadDetail } },
    }, async (request) => {
      const { version, ...contact } = request.body;
      return leads.act(ctx, authorize(request, 'monitoring.write'), request.params.id, { type: 'contact', contact, version }, request.ip);
    });

    app.post('/api/monitoring/leads/:id/outcome', {
      schema: { tags, summary: '登记处理结果', params: IdParams, body: OutcomeLeadBody, response: { 200: LeadDetail } },
    }, async (request) => leads.act(ctx, authorize(request, 'monitoring.write'), request.params.id, { type: 'outcome', ...request.body }, request.ip));

    app.post('/api/monitoring/leads/:id/close', {
      schema: { tags, summary: '办结', params: IdParams, body: CloseLeadBody, response: { 200: LeadDetail } },
    }, async (request) => leads.act(ctx, authorize(request, 'monitoring.write'), request.params.id, { type: 'close', ...request.body }, request.ip));

    app.post('/api/monitoring/leads/:id/reveal-phone', {
      schema: { tags, summary: '查看当事人电话明文（须填写原因，记入审计）', params: IdParams, body: LeadRevealRequest, response: { 200: z.object({ value: z.string().nullable() }) } },
    }, async (request) => leads.revealPhone(ctx, authorize(request, 'personal.reveal'), request.params.id, request.body, request.ip));

    app.get('/api/monitoring/assignees', {
      schema: { tags, summary: '可分派的承办人（管辖范围内、所在区域覆盖线索所在地）', querystring: AssigneesQuery, response: { 200: z.object({ items: z.array(AssigneeView) }) } },
    }, async (request) => ({ items: await leads.assignees(ctx, authorize(request, 'monitoring.read'), request.query.regionCode) }));
  };
}
