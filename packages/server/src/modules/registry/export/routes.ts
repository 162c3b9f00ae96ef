import { Readable } from 'node:stream';
import { RegionCode } from '@doudi/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext, RequestUser } from '../../../auth/context.js';
import { assertInJurisdiction, authorize } from '../../../auth/jurisdiction.js';
import { attachment } from '../import/routes.js';
import { exportRegistryCsv, exportSummary, type ExportActor } from './service.js';

const RegionQuery = z.object({ regionCode: RegionCode.optional() });

const exportActor = (user: RequestUser, clientAddress: string): ExportActor => ({
  user: { id: user.id, username: user.username, role: user.role }, source: 'web', clientAddress,
});

export function registryExportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['registry-export'];
    const { db } = ctx.database;

    app.get('/api/registry/export/summary.xlsx', {
      schema: {
        tags, querystring: RegionQuery,
        summary: '导出附件3「农村低收入群众信息汇总统计表」（乡镇及以上；含完整身份证号码，记入审计）；regionCode 默认为本人所属区域',
      },
    }, async (request, reply) => {
      const user = authorize(request, 'registry.export');
      const regionCode = request.query.regionCode ?? user.regionCode;
      assertInJurisdiction(user, regionCode, '区域');
      const result = await exportSummary(db, ctx.crypto, exportActor(user, request.ip), regionCode);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachment(result.fileName, 'summary.xlsx'))
        .header('x-doudi-rows', String(result.rows))
        .send(result.file);
    });

    app.get('/api/registry/export/registry.csv', {
      schema: {
        tags, querystring: RegionQuery,
        summary: '导出低收入人口名册 CSV（县级及以上；每名成员一行，含完整身份证号码与电话，UTF-8 带 BOM，记入审计）；列与导入模板相同',
      },
    }, async (request, reply) => {
      const user = authorize(request, 'registry.export_all');
      const regionCode = request.query.regionCode ?? user.regionCode;
      assertInJurisdiction(user, regionCode, '区域');
      const result = await exportRegistryCsv(db, ctx.crypto, exportActor(user, request.ip), regionCode);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', attachment(result.fileName, 'registry.csv'))
        .header('x-doudi-rows', String(result.rows))
        .send(Readable.from(result.body));
    });
  };
}
