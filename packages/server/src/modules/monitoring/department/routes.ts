import {
  DepartmentBatchList, DepartmentBatchView, DepartmentImportQuery, DepartmentSource, DepartmentUploadQuery, HouseholdFactList,
} from '@doudi/domain';
import type { FastifyError } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../auth/context.js';
import { authorize } from '../../../auth/jurisdiction.js';
import { fileError } from '../../registry/import/parse.js';
import { attachment, IMPORT_BODY_LIMIT } from '../../registry/import/routes.js';
import * as department from './service.js';
import { buildDepartmentTemplate, templateFileName } from './template.js';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const SourceParams = z.object({ source: DepartmentSource });
const UPLOAD_TYPES = ['application/octet-stream', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

export function departmentDataRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['monitoring-department'];
    // The raw file is the body of the upload; only in this plugin's scope.
    app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));
    app.setErrorHandler((error: FastifyError, _request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return reply.status(413).send({ code: 'VALIDATION', message: '文件过大：单个文件不能超过50MB，请分成几个文件导入', field: 'file' });
      }
      throw error; // the application's error handler
    });

    app.get('/api/monitoring/department-imports/template/:source', {
      schema: { tags, params: SourceParams, summary: '下载某一数据来源的比对模板（.xlsx，含填写说明与下拉选项）' },
    }, async (request, reply) => {
      authorize(request, 'monitoring.import');
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachment(templateFileName(request.params.source), `department-template-${request.params.source}.xlsx`))
        .send(await buildDepartmentTemplate(request.params.source));
    });

    app.post('/api/monitoring/department-imports', {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags, querystring: DepartmentUploadQuery, response: { 201: DepartmentBatchView },
        summary: '上传并预览其他部门数据：请求体为文件本身（.xlsx 或 UTF-8/GBK CSV）；逐行校验，按身份证号码与管辖范围内在册人员比对，不保存比对记录',
      },
    }, async (request, reply) => {
      const user = authorize(request, 'monitoring.import');
      if (!Buffer.isBuffer(request.body)) throw fileError('请求体应为文件内容（Content-Type: application/octet-stream）');
      const view = await department.preview(ctx, department.actorOf(user, request.ip), request.query.source, request.query.fileName, request.body);
      return reply.status(201).send(view);
    });

    app.get('/api/monitoring/department-imports', {
      schema: {
        tags, querystring: DepartmentImportQuery, response: { 200: DepartmentBatchList },
        summary: '数据比对导入批次列表（管辖范围内，最新在前；逐行问题与未匹配名单见单个批次）',
      },
    }, async (request) => department.list(ctx, authorize(request, 'monitoring.import'), request.query));

    app.get('/api/monitoring/department-imports/:id', {
      schema: { tags, params: IdParams, response: { 200: DepartmentBatchView }, summary: '数据比对导入批次：逐行问题与未匹配名单（身份证号码脱敏）' },
    }, async (request) => department.get(ctx, authorize(request, 'monitoring.import'), request.params.id));

    app.post('/api/monitoring/department-imports/:id/commit', {
      schema: {
        tags, params: IdParams, response: { 200: DepartmentBatchView },
        summary: '提交：保存匹配行的比对记录（已导入过的不重复保存），标记有新记录的家庭以便监测预警重新比对',
      },
    }, async (request) => department.commit(ctx, department.actorOf(authorize(request, 'monitoring.import'), request.ip), request.params.id));

    app.post('/api/monitoring/department-imports/:id/discard', {
      schema: { tags, params: IdParams, response: { 200: DepartmentBatchView }, summary: '放弃导入批次（删除上传的文件）' },
    }, async (request) => department.discard(ctx, authorize(request, 'monitoring.import'), request.params.id));

    app.get('/api/registry/households/:id/facts', {
      schema: { tags, params: IdParams, response: { 200: HouseholdFactList }, summary: '家庭的其他部门比对记录（最新在前；车牌号码脱敏，不含身份证号码）' },
    }, async (request) => department.factsOfHousehold(ctx, authorize(request, 'registry.read'), request.params.id));
  };
}
