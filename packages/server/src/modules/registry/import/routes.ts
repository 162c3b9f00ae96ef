import { CommitImportRequest, ImportBatchView, ImportQuery } from '@doudi/domain';
import type { FastifyError } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../auth/context.js';
import { authorize } from '../../../auth/jurisdiction.js';
import { fileError } from './parse.js';
import * as imports from './service.js';
import { buildTemplate, TEMPLATE_FILE_NAME } from './template.js';

/** Largest upload accepted (a 100,000-person CSV is about 20 MB). */
export const IMPORT_BODY_LIMIT = 50 * 1024 * 1024;

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const UploadQuery = z.object({ fileName: z.string().trim().min(1, '请提供文件名').max(200, '文件名不能超过200个字') });
const UPLOAD_TYPES = ['application/octet-stream', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

/** `attachment` with the Chinese file name for browsers (RFC 5987) and an ASCII one for the rest. */
export function attachment(fileName: string, ascii: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function registryImportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['registry-import'];
    // The raw file is the body of the upload; only in this plugin's scope.
    app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));
    app.setErrorHandler((error: FastifyError, _request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return reply.status(413).send({ code: 'VALIDATION', message: '文件过大：单个文件不能超过50MB，请分成几个文件导入', field: 'file' });
      }
      throw error; // the application's error handler
    });
    app.addHook('onClose', async () => imports.waitForImports());

    app.get('/api/registry/import-template.xlsx', {
      schema: { tags, summary: '下载导入模板（每行一人，枚举列带下拉选项，含填写说明）' },
    }, async (request, reply) => {
      authorize(request, 'registry.write');
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachment(TEMPLATE_FILE_NAME, 'registry-import-template.xlsx'))
        .send(await buildTemplate());
    });

    app.post('/api/registry/imports', {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags, querystring: UploadQuery, response: { 201: ImportBatchView },
        summary: '上传并预览导入文件：请求体为文件本身（application/octet-stream），支持导入模板 .xlsx、附件3 .xlsx 与 UTF-8 CSV；逐行校验，不写入',
      },
    }, async (request, reply) => {
      const user = authorize(request, 'registry.write');
      if (!Buffer.isBuffer(request.body)) throw fileError('请求体应为文件内容（Content-Type: application/octet-stream）');
      const view = await imports.preview(ctx, imports.actorOf(user, request.ip), request.query.fileName, request.body);
      return reply.status(201).send(view);
    });

    app.get('/api/registry/imports', {
      schema: {
        tags, summary: '导入批次列表（管辖范围内；不含逐行问题，见单个批次）', querystring: ImportQuery,
        response: { 200: z.object({ items: z.array(ImportBatchView), total: z.number().int() }) },
      },
    }, async (request) => imports.list(ctx, authorize(request, 'registry.write'), request.query));

    app.get('/api/registry/imports/:id', {
      schema: { tags, summary: '导入批次：预览结果、进度（processedRows/totalRows）与导入结果', params: IdParams, response: { 200: ImportBatchView } },
    }, async (request) => imports.get(ctx, authorize(request, 'registry.write'), request.params.id));

    app.post('/api/registry/imports/:id/commit', {
      schema: {
        tags, params: IdParams, body: CommitImportRequest, response: { 202: ImportBatchView },
        summary: '提交导入（后台进行，立即返回）：all 全部或不导入，valid 仅导入正确行',
      },
    }, async (request, reply) => {
      const user = authorize(request, 'registry.write');
      const { view } = await imports.startCommit(ctx, imports.actorOf(user, request.ip), request.params.id, request.body.mode,
        (err) => request.log.error({ err }, 'registry import failed'));
      return reply.status(202).send(view);
    });

    app.post('/api/registry/imports/:id/discard', {
      schema: { tags, summary: '放弃导入批次（删除上传的文件）', params: IdParams, response: { 200: ImportBatchView } },
    }, async (request) => imports.discard(ctx, imports.actorOf(authorize(request, 'registry.write'), request.ip), request.params.id));
  };
}
