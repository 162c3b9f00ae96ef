import {
  CareSubjectDetail, CareSubjectPage, CareSubjectQuery, CareTaskPage, CloseHelpRequest, CreateChildRequest, CreateHelpRequest, CreateRiskReport,
  DirectorView, HelpRequestPage, HelpRequestQuery, HelpRequestView, IdentifyRequest, IdentifyResult, LedgerEntryRequest, MajorChangeRequest,
  OverdueQuery, RespondHelpRequest, RiskActionRequest, RiskReportPage, RiskReportQuery, RiskReportView, RegionCode, TierOverrideRequest,
  UpdateChildRequest, VisitRateQuery, VisitRateView,
} from '@doudi/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../auth/context.js';
import { authorize } from '../../auth/jurisdiction.js';
import * as care from './service.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

/** 老年人与儿童关爱 */
export function careRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['care'];

    app.get('/api/care/subjects', {
      schema: { tags, summary: '关爱对象名单：特殊困难老年人（按风险等级）或困境儿童（按类别、监护状况），可筛选、分页', querystring: CareSubjectQuery, response: { 200: CareSubjectPage } },
    }, async (request) => care.list(ctx, authorize(request, 'care.read'), request.query));

    app.get('/api/care/subjects/:id', {
      schema: { tags, summary: '关爱对象详情：服务台账（含走访记录）、探访任务、重大变化、紧急求助、风险报告', params: IdParams, response: { 200: CareSubjectDetail } },
    }, async (request) => care.detail(ctx, authorize(request, 'care.read'), request.params.id));

    app.post('/api/care/subjects/:id/tier', {
      schema: { tags, summary: '调整老年人风险等级（须填写理由，记入审计；等级为空则恢复按规则识别）', params: IdParams, body: TierOverrideRequest, response: { 200: CareSubjectDetail } },
    }, async (request) => care.overrideTier(ctx, authorize(request, 'care.write'), request.params.id, request.body, request.ip));

    app.post('/api/care/subjects/:id/major-changes', {
      schema: { tags, summary: '登记重大变化（住院、丧偶、独居、突发疾病……），生成24小时内（次日到期）的探访任务', params: IdParams, body: MajorChangeRequest, response: { 201: CareSubjectDetail } },
    }, async (request, reply) => reply.status(201).send(await care.majorChange(ctx, authorize(request, 'care.write'), request.params.id, request.body, request.ip)));

    app.post('/api/care/subjects/:id/ledger', {
      schema: { tags, summary: '登记服务台账（探访、助餐、助浴、助医、家政、心理慰藉、紧急救援、家庭养老床位、适老化改造等）', params: IdParams, body: LedgerEntryRequest, response: { 201: CareSubjectDetail } },
    }, async (request, reply) => reply.status(201).send(await care.addLedgerEntry(ctx, authorize(request, 'care.write'), request.params.id, request.body, request.ip)));

    app.post('/api/care/identify', {
      schema: { tags, summary: '立即识别：按名册刷新本区域的特殊困难老年人和困境儿童名单，并生成本周期探访任务（县级、乡镇）', body: IdentifyRequest, response: { 200: IdentifyResult } },
    }, async (request) => care.identifyNow(ctx, authorize(request, 'care.write'), request.body.regionCode, request.ip));

    app.get('/api/care/help-requests', {
      schema: { tags, summary: '紧急求助列表（待响应在前）', querystring: HelpRequestQuery, response: { 200: HelpRequestPage } },
    }, async (request) => care.helpRequests(ctx, authorize(request, 'care.read'), request.query));

    app.post('/api/care/help-requests', {
      schema: { tags, summary: '登记紧急求助（电话、呼叫器、邻居报告、走访发现）', body: CreateHelpRequest, response: { 201: HelpRequestView } },
    }, async (request, reply) => reply.status(201).send(await care.createHelpRequest(ctx, authorize(request, 'care.write'), request.body, request.ip)));

    app.post('/api/care/help-requests/:id/respond', {
      schema: { tags, summary: '登记求助的响应情况（记录响应时间）', params: IdParams, body: RespondHelpRequest, response: { 200: HelpRequestView } },
    }, async (request) => care.actOnHelpRequest(ctx, authorize(request, 'care.write'), request.params.id, { type: 'respond', ...request.body }, request.ip));

    app.post('/api/care/help-requests/:id/close', {
      schema: { tags, summary: '求助办结', params: IdParams, body: CloseHelpRequest, response: { 200: HelpRequestView } },
    }, async (request) => care.actOnHelpRequest(ctx, authorize(request, 'care.write'), request.params.id, { type: 'close', ...request.body }, request.ip));

    app.post('/api/care/children', {
      schema: { tags, summary: '把名册中的儿童加入困境儿童名单（类别、监护人、监护状况、儿童主任、结对帮扶、兜底监护）', body: CreateChildRequest, response: { 201: CareSubjectDetail } },
    }, async (request, reply) => reply.status(201).send(await care.createChild(ctx, authorize(request, 'care.write'), request.body, request.ip)));

    app.patch('/api/care/children/:id', {
      schema: { tags, summary: '修改困境儿童信息（监护、儿童主任、结对帮扶、兜底监护），须带版本号', params: IdParams, body: UpdateChildRequest, response: { 200: CareSubjectDetail } },
    }, async (request) => care.updateChild(ctx, authorize(request, 'care.write'), request.params.id, request.body, request.ip));

    app.post('/api/care/children/:id/reveal-guardian-phone', {
      schema: { tags, summary: '查看监护人电话明文（须填写原因，记入审计）', params: IdParams, body: z.object({ reason: z.string().trim().min(2, '请填写查看原因').max(200) }), response: { 200: z.object({ value: z.string().nullable() }) } },
    }, async (request) => care.revealGuardianPhone(ctx, authorize(request, 'personal.reveal'), request.params.id, request.body.reason, request.ip));

    app.get('/api/care/directors', {
      schema: { tags, summary: '可负责某村儿童的儿童主任（本村及所在乡镇）', querystring: z.object({ regionCode: RegionCode }), response: { 200: z.object({ items: z.array(DirectorView) }) } },
    }, async (request) => ({ items: await care.directors(ctx, authorize(request, 'care.read'), request.query.regionCode) }));

    app.get('/api/care/risk-reports', {
      schema: { tags, summary: '困境儿童风险报告列表', querystring: RiskReportQuery, response: { 200: RiskReportPage } },
    }, async (request) => care.riskReports(ctx, authorize(request, 'care.read'), request.query));

    app.post('/api/care/risk-reports', {
      schema: { tags, summary: '报告儿童风险（生活保障、医疗、教育、心理、监护）', body: CreateRiskReport, response: { 201: RiskReportView } },
    }, async (request, reply) => reply.status(201).send(await care.createRiskReport(ctx, authorize(request, 'care.write'), request.body, request.ip)));

    app.post('/api/care/risk-reports/:id/actions', {
      schema: { tags, summary: '办理风险报告：乡镇接收、上报县级、处置办结（每一步记录并审计）', params: IdParams, body: RiskActionRequest, response: { 200: RiskReportView } },
    }, async (request) => care.actOnRiskReport(ctx, authorize(request, 'care.write'), request.params.id, request.body, request.ip));

    app.get('/api/care/overdue', {
      schema: { tags, summary: '逾期探访任务（未完成且应走访日期早于今天），按应走访日期排序', querystring: OverdueQuery, response: { 200: CareTaskPage } },
    }, async (request) => care.overdue(ctx, authorize(request, 'care.read'), request.query));

    app.get('/api/care/visit-rate', {
      schema: { tags, summary: '月探访率（按下级区域：当月应探访任务中已完成的比例，国家目标100%）', querystring: VisitRateQuery, response: { 200: VisitRateView } },
    }, async (request) => care.monthlyVisitRate(ctx, authorize(request, 'care.read'), request.query));
  };
}
