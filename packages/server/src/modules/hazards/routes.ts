import {
  CarePlanDetail, CarePlanPage, CarePlanQuery, CarePlanTransitionBody, ChecklistView, CreateCarePlanRequest, CreateHazardRequest,
  CreateInspectionRequest, CreateInstitutionRequest, CreateWeatherWarningRequest, HazardDetail, HazardPage, HazardQuery, HazardRectifyBody,
  HazardStartBody, HazardStats, HazardStatsQuery, HazardVerifyBody, InspectionDetail, InspectionPage, InspectionQuery, InstitutionType,
  InstitutionView, RegionCode, UpdateCarePlanRequest, UpdateHazardRequest, WeatherWarningPage, WeatherWarningQuery, WeatherWarningView,
} from '@doudi/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../auth/context.js';
import { authorize } from '../../auth/jurisdiction.js';
import { actOnCarePlan, carePlanDetail, createCarePlan, listCarePlans } from './carePlans.js';
import { checklistFor, createInspection, createInstitution, inspectionDetail, listInspections, listInstitutions } from './inspections.js';
import { actOnHazard, createHazard, hazardDetail, hazardPhoto, hazardStats, listHazards, updateHazard } from './service.js';
import { createWarning, listWarnings, warningDetail } from './weather.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const PhotoParams = z.object({ id: z.coerce.number().int().positive(), photoId: z.coerce.number().int().positive() });

/** 安全隐患、机构安全检查、天气预警、一人一策 */
export function hazardsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['hazards'];
    const { db } = ctx.database;

    // ------------------------------------------------------------------ hazards
    app.get('/api/hazards', {
      schema: { tags, summary: '安全隐患列表（按状态、等级、来源、类别、逾期、区域筛选）', querystring: HazardQuery, response: { 200: HazardPage } },
    }, async (request) => listHazards(db, authorize(request, 'hazards.read'), request.query));

    app.get('/api/hazards/stats', {
      schema: { tags, summary: '各下级区域的隐患：未销号、逾期、已销号', querystring: HazardStatsQuery, response: { 200: HazardStats } },
    }, async (request) => hazardStats(db, authorize(request, 'hazards.read'), request.query.regionCode));

    app.post('/api/hazards', {
      schema: { tags, summary: '登记安全隐患（走访发现或其他报告；整改期限默认按等级）', body: CreateHazardRequest, response: { 201: HazardDetail } },
    }, async (request, reply) => reply.status(201).send(await createHazard(db, authorize(request, 'hazards.write'), request.body, request.ip)));

    app.get('/api/hazards/:id', {
      schema: { tags, summary: '隐患详情、整改和验收记录', params: IdParams, response: { 200: HazardDetail } },
    }, async (request) => hazardDetail(db, authorize(request, 'hazards.read'), request.params.id));

    app.put('/api/hazards/:id', {
      schema: { tags, summary: '修改未销号隐患的类别、等级、描述、责任人和整改期限', params: IdParams, body: UpdateHazardRequest, response: { 200: HazardDetail } },
    }, async (request) => updateHazard(db, authorize(request, 'hazards.write'), request.params.id, request.body, request.ip));

    app.post('/api/hazards/:id/start', {
      schema: { tags, summary: '开始整改', params: IdParams, body: HazardStartBody, response: { 200: HazardDetail } },
    }, async (request) => actOnHazard(db, authorize(request, 'hazards.write'), request.params.id, { type: 'start', ...request.body }, request.ip));

    app.post('/api/hazards/:id/rectify', {
      schema: { tags, summary: '提交整改情况（文字及照片），等待验收', params: IdParams, body: HazardRectifyBody, response: { 200: HazardDetail } },
    }, async (request) => actOnHazard(db, authorize(request, 'hazards.write'), request.params.id, { type: 'rectify', ...request.body }, request.ip));

    app.post('/api/hazards/:id/verify', {
      schema: { tags, summary: '验收整改：通过则销号，不通过退回整改（验收人不能是整改人）', params: IdParams, body: HazardVerifyBody, response: { 200: HazardDetail } },
    }, async (request) => actOnHazard(db, authorize(request, 'hazards.verify'), request.params.id, { type: 'verify', ...request.body }, request.ip));

    app.get('/api/hazards/:id/photos/:photoId', {
      schema: { tags, summary: '整改照片', params: PhotoParams },
    }, async (request, reply) => {
      const photo = await hazardPhoto(db, authorize(request, 'hazards.read'), request.params.id, request.params.photoId);
      return reply.header('content-type', photo.contentType).header('cache-control', 'private, max-age=3600').send(photo.bytes);
    });

    // ------------------------------------------------------------------ institutions and inspections
    app.get('/api/hazards/institutions', {
      schema: { tags, summary: '管辖范围内的机构（养老机构、儿童福利机构、救助管理站等）', querystring: z.object({ regionCode: RegionCode.optional() }), response: { 200: z.object({ items: z.array(InstitutionView) }) } },
    }, async (request) => ({ items: await listInstitutions(db, authorize(request, 'hazards.read'), request.query.regionCode) }));

    app.post('/api/hazards/institutions', {
      schema: { tags, summary: '登记机构', body: CreateInstitutionRequest, response: { 201: InstitutionView } },
    }, async (request, reply) => reply.status(201).send(await createInstitution(db, authorize(request, 'hazards.write'), request.body, request.ip)));

    app.get('/api/hazards/checklist', {
      schema: { tags, summary: '某类机构的默认检查项（按五个清单分组）', querystring: z.object({ type: InstitutionType }), response: { 200: ChecklistView } },
    }, async (request) => {
      authorize(request, 'hazards.read');
      return checklistFor(request.query.type);
    });

    app.get('/api/hazards/inspections', {
      schema: { tags, summary: '机构安全检查记录', querystring: InspectionQuery, response: { 200: InspectionPage } },
    }, async (request) => listInspections(db, authorize(request, 'hazards.read'), request.query));

    app.post('/api/hazards/inspections', {
      schema: { tags, summary: '录入机构安全检查（五个清单逐项），不合格项自动生成隐患整改单', body: CreateInspectionRequest, response: { 201: InspectionDetail } },
    }, async (request, reply) => reply.status(201).send(await createInspection(db, authorize(request, 'hazards.write'), request.body, request.ip)));

    app.get('/api/hazards/inspections/:id', {
      schema: { tags, summary: '检查详情：各清单检查项及生成的隐患', params: IdParams, response: { 200: InspectionDetail } },
    }, async (request) => inspectionDetail(db, authorize(request, 'hazards.read'), request.params.id));

    // ------------------------------------------------------------------ weather warnings
    app.get('/api/hazards/weather-warnings', {
      schema: { tags, summary: '天气预警（生效中的在前），含加密探访任务的完成情况', querystring: WeatherWarningQuery, response: { 200: WeatherWarningPage } },
    }, async (request) => listWarnings(db, authorize(request, 'hazards.read'), request.query));

    app.post('/api/hazards/weather-warnings', {
      schema: { tags, summary: '登记天气预警：为高风险老年人生成加密探访任务并通知区域内走访人员', body: CreateWeatherWarningRequest, response: { 201: WeatherWarningView } },
    }, async (request, reply) => reply.status(201).send(await createWarning(db, authorize(request, 'hazards.write'), request.body, request.ip)));

    app.get('/api/hazards/weather-warnings/:id', {
      schema: { tags, summary: '天气预警详情', params: IdParams, response: { 200: WeatherWarningView } },
    }, async (request) => warningDetail(db, authorize(request, 'hazards.read'), request.params.id));

    // ------------------------------------------------------------------ 一人一策
    app.get('/api/care-plans', {
      schema: { tags, summary: '一人一策帮扶方案列表（按状态、复核逾期、区域筛选）', querystring: CarePlanQuery, response: { 200: CarePlanPage } },
    }, async (request) => listCarePlans(db, authorize(request, 'visits.read'), request.query));

    app.post('/api/care-plans', {
      schema: { tags, summary: '制定一人一策帮扶方案', body: CreateCarePlanRequest, response: { 201: CarePlanDetail } },
    }, async (request, reply) => reply.status(201).send(await createCarePlan(db, authorize(request, 'care.write'), request.body, request.ip)));

    app.get('/api/care-plans/:id', {
      schema: { tags, summary: '帮扶方案详情及历史', params: IdParams, response: { 200: CarePlanDetail } },
    }, async (request) => carePlanDetail(db, authorize(request, 'visits.read'), request.params.id));

    app.put('/api/care-plans/:id', {
      schema: { tags, summary: '修改帮扶方案（问题、措施、责任人、复核日期）', params: IdParams, body: UpdateCarePlanRequest, response: { 200: CarePlanDetail } },
    }, async (request) => actOnCarePlan(db, authorize(request, 'care.write'), request.params.id, { type: 'edit', ...request.body }, request.ip));

    for (const [path, type, summary] of [
      ['start', 'start', '开始实施'], ['submit-review', 'submit_review', '提交复核'], ['reopen', 'reopen', '复核后继续实施（须填写原因）'],
      ['close', 'close', '结案（须填写结案说明）'],
    ] as const) {
      app.post(`/api/care-plans/:id/${path}`, {
        schema: { tags, summary, params: IdParams, body: CarePlanTransitionBody, response: { 200: CarePlanDetail } },
      }, async (request) => actOnCarePlan(db, authorize(request, 'care.write'), request.params.id, { type, ...request.body }, request.ip));
    }
  };
}
