import { DomainError, ERROR_CODES, fieldLabel, type ApiErrorBody, type ErrorCode } from '@doudi/domain';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/** An error meant for the user: a stable code, a Chinese message, and the field (and row) at fault. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { field?: string; row?: number; details?: unknown } = {},
  ) {
    super(message);
  }
  get status(): number {
    return ERROR_CODES[this.code];
  }
  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

export const notFound = (what = '记录') => new AppError('NOT_FOUND', `未找到该${what}，或不在您的管辖范围内`);
export const forbidden = (message = '您没有执行此操作的权限') => new AppError('FORBIDDEN', message);
export const unauthenticated = () => new AppError('UNAUTHENTICATED', '请先登录');
export const invalid = (field: string, message: string) =>
  new AppError('VALIDATION', message.includes(fieldLabel(field)) ? message : `${fieldLabel(field)}：${message}`, { field });
export const conflict = (message: string, extra: { field?: string; details?: unknown } = {}) =>
  new AppError('CONFLICT', message, extra);

/** One error handler: user errors as `{code, message, field}`, never a stack trace. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) return reply.status(error.status).send(error.toBody());
    // A rule of packages/domain refusing (e.g. a lead action not allowed in its state): same body as AppError.
    if (error instanceof DomainError) return reply.status(error.status).send({ code: error.code, message: error.message, ...error.extra });
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0];
      const field = (first?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') ||
        String((first?.params as { issue?: { path?: unknown[] } } | undefined)?.issue?.path?.join('.') ?? '');
      const body = invalid(field || 'input', first?.message ?? '输入不正确').toBody();
      return reply.status(400).send({ ...body, details: error.validation.map((v) => ({ field: v.instancePath, message: v.message })) });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response failed its schema');
      return reply.status(500).send({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试' } satisfies ApiErrorBody);
    }
    const status = error.statusCode ?? 500;
    if (status === 429) return reply.status(429).send({ code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' });
    if (status === 415) return reply.status(415).send({ code: 'VALIDATION', message: '请求格式不正确，应为 JSON' });
    if (status === 400) return reply.status(400).send({ code: 'VALIDATION', message: `请求格式不正确：${error.message}` });
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试' } satisfies ApiErrorBody);
  });
}
