import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './auth/context.js';
import { registerSessionHook } from './auth/session.js';
import { registerErrorHandler } from './http/errors.js';
import { auditRoutes } from './modules/audit/routes.js';
import { authRoutes } from './modules/auth/routes.js';
import { healthRoutes } from './modules/health/routes.js';
import { monitoringRoutes } from './modules/monitoring/routes.js';
import { departmentDataRoutes } from './modules/monitoring/department/routes.js';
import { policyRoutes } from './modules/policy/routes.js';
import { regionsRoutes } from './modules/regions/routes.js';
import { registryExportRoutes } from './modules/registry/export/routes.js';
import { registryImportRoutes } from './modules/registry/import/routes.js';
import { registryRoutes } from './modules/registry/routes.js';
import { usersRoutes } from './modules/users/routes.js';
import { visitsRoutes } from './modules/visits/routes.js';
import { careRoutes } from './modules/care/routes.js';
import { hazardsRoutes } from './modules/hazards/routes.js';
import { notificationsRoutes } from './modules/notifications/routes.js';

/** Builds the HTTP application: API under /api, OpenAPI at /api/openapi.json, Swagger UI at /api/docs, web app at /. */
export async function buildApp(ctx: AppContext, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false ? false : { level: ctx.config.logLevel },
    trustProxy: false,
    bodyLimit: 10 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Doudi 兜底 API', version: '0.1.0', description: '困难群众兜底保障系统接口。除登录与健康检查外均需登录；非 GET 请求须带 x-csrf-token 头。' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'doudi_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerSessionHook(app, ctx);
  await app.register(healthRoutes(ctx));
  await app.register(authRoutes(ctx));
  await app.register(regionsRoutes(ctx));
  await app.register(usersRoutes(ctx));
  await app.register(auditRoutes(ctx));
  await app.register(policyRoutes(ctx));
  await app.register(registryRoutes(ctx));
  await app.register(registryImportRoutes(ctx));
  await app.register(registryExportRoutes(ctx));
  await app.register(monitoringRoutes(ctx));
  await app.register(departmentDataRoutes(ctx));
  await app.register(visitsRoutes(ctx));
  await app.register(careRoutes(ctx));
  await app.register(hazardsRoutes(ctx));
  await app.register(notificationsRoutes(ctx));

  const index = path.join(ctx.config.webDist, 'index.html');
  if (fs.existsSync(index)) {
    // Files are looked up per request, so a rebuilt web app is served without a restart. Hashed assets are cached
    // for good; index.html is revalidated so a new build reaches users at once.
    await app.register(fastifyStatic, {
      root: ctx.config.webDist,
      wildcard: true,
      setHeaders: (res, file) => {
        res.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
        // The phone app's service worker controls the whole site; the manifest gets its registered media type.
        if (file.endsWith(`${path.sep}sw.js`)) res.header('service-worker-allowed', '/');
        if (file.endsWith('.webmanifest')) res.header('content-type', 'application/manifest+json; charset=utf-8');
      },
    });
  }
  // API paths answer JSON 404; any other path is a page of the single-page app.
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !fs.existsSync(index)) {
      return reply.status(404).send({ code: 'NOT_FOUND', message: '接口不存在' });
    }
    return reply.type('text/html').send(fs.createReadStream(index));
  });
  return app;
}
