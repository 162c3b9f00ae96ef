import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Repository root (…/packages/server/src → …). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default(path.join(REPO_ROOT, 'data')),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL 应以 postgres:// 或 postgresql:// 开头')
    .optional(),
  /** Load only regions whose code starts with one of these comma-separated prefixes (tests, small demos). */
  DOUDI_REGION_FILTER: z
    .string()
    .regex(/^\d{2,12}(,\d{2,12})*$/, 'DOUDI_REGION_FILTER 应为逗号分隔的区划代码前缀')
    .optional(),
  /** Seed the demo county on an empty database (default on). */
  DOUDI_DEMO: z.enum(['on', 'off']).default('on'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Mark session cookies Secure (set when served over HTTPS). */
  COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  /** 32-byte key (64 hex characters or base64) protecting ID numbers and phones; required with DATABASE_URL. */
  DOUDI_DATA_KEY: z.string().optional(),
  /** Run the nightly monitoring sweep at 02:00 Asia/Shanghai in this process (default on; tests turn it off). */
  DOUDI_SCHEDULE_SWEEPS: z.enum(['on', 'off']).default('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  regionFilter: string[] | undefined;
  demo: boolean;
  sessionTtlHours: number;
  cookieSecure: boolean;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  dataKey: string | undefined;
  webDist: string;
  scheduleSweeps: boolean;
}

/** Reads and validates the environment once at start-up; a bad setting stops the process with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置错误 / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    regionFilter: e.DOUDI_REGION_FILTER?.split(','),
    demo: e.DOUDI_DEMO === 'on',
    sessionTtlHours: e.SESSION_TTL_HOURS,
    cookieSecure: e.COOKIE_SECURE === 'true',
    logLevel: e.LOG_LEVEL,
    dataKey: e.DOUDI_DATA_KEY,
    webDist: path.join(REPO_ROOT, 'packages/web/dist'),
    scheduleSweeps: e.DOUDI_SCHEDULE_SWEEPS === 'on',
  };
}
