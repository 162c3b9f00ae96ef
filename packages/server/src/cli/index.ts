import { parseArgs } from 'node:util';
import { CreateUserRequest, ROLES, Role } from '@doudi/domain';
import { loadConfig, type Config } from '../config.js';
import { openFieldCrypto, type FieldCrypto } from '../crypto/fieldCrypto.js';
import { openDatabase, type Database } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { hashPassword } from '../auth/password.js';
import { insertAudit } from '../modules/audit/queries.js';
import { seedDemo, DEMO_USERS, DEMO_PASSWORD } from '../modules/demo/seed.js';
import { loadRegions } from '../modules/regions/load.js';
import { getRegion } from '../modules/regions/queries.js';

interface Command {
  summary: string;
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; description: string }>;
  run(database: Database, values: Record<string, string | boolean | undefined>, env: CliEnv): Promise<Record<string, unknown>>;
}

interface CliEnv {
  config: Config;
  /** Migrates, then opens the field crypto (commands that read or write ID numbers and phones). */
  crypto(): Promise<FieldCrypto>;
}

const COMMON = {
  json: { type: 'boolean', description: '以 JSON 输出结果 / machine-readable output' },
  help: { type: 'boolean', description: '显示帮助 / show help' },
} as const;

const COMMANDS: Record<string, Command> = {
  'db migrate': {
    summary: '执行数据库迁移 / apply pending migrations',
    usage: 'doudi db migrate [--json]',
    options: {},
    async run(database) {
      return { ...(await migrate(database)) };
    },
  },
  'regions load': {
    summary: '加载全国行政区划（已加载则跳过） / load the national division codes once',
    usage: 'doudi regions load [--filter 51,5001] [--force] [--json]',
    options: {
      filter: { type: 'string', description: '只加载这些代码前缀（逗号分隔） / only these code prefixes' },
      force: { type: 'boolean', description: '重新加载 / reload even if present' },
    },
    async run(database, v) {
      await migrate(database);
      const filter = typeof v.filter === 'string' ? v.filter.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
      if (filter?.some((p) => !/^\d{2,12}$/.test(p))) throw new Error('--filter 应为逗号分隔的区划代码前缀，如 51 或 510131');
      return { ...(await loadRegions(database, { ...(filter ? { filter } : {}), force: v.force === true })) };
    },
  },
  'users create': {
    summary: '新建用户（系统初始化时创建管理员） / create a user',
    usage: 'doudi users create --username NAME --display-name 姓名 --role ROLE --region CODE --password PASS [--phone 138…] [--json]',
    options: {
      username: { type: 'string', description: '登录名' },
      'display-name': { type: 'string', description: '姓名' },
      role: { type: 'string', description: `角色：${Role.options.join(' | ')}` },
      region: { type: 'string', description: '管辖区域12位代码' },
      password: { type: 'string', description: '初始密码（至少8位，含字母和数字）' },
      phone: { type: 'string', description: '联系电话' },
    },
    async run(database, v) {
      await migrate(database);
      const parsed = CreateUserRequest.safeParse({
        username: v.username, displayName: v['display-name'], role: v.role, regionCode: v.region, password: v.password,
        ...(v.phone ? { phone: v.phone } : {}),
      });
      if (!parsed.success) {
        throw new Error(parsed.error.issues.map((i) => `--${String(i.path[0] ?? '')}: ${i.message}`).join('\n'));
      }
      const input = parsed.data;
      if (!(await getRegion(database.db, input.regionCode))) throw new Error(`--region: 区划代码 ${input.regionCode} 不存在（请先 doudi regions load）`);
      const hash = await hashPassword(input.password);
      const row = await database.db.transaction().execute(async (trx) => {
        const r = await trx.insertInto('users').values({
          username: input.username, display_name: input.displayName, role: input.role, region_code: input.regionCode,
          phone: input.phone ?? null, password_hash: hash,
        }).onConflict((oc) => oc.column('username').doNothing()).returning('id').executeTakeFirst();
        if (!r) throw new Error(`--username: 用户名 ${input.username} 已存在`);
        await insertAudit(trx, {
          actor: null, action: 'create', entity: 'user', entityId: r.id, regionCode: input.regionCode,
          after: { username: input.username, role: input.role, regionCode: input.regionCode, source: 'cli' },
        });
        return r;
      });
      return { id: row.id, username: input.username, role: input.role, roleLabel: ROLES[input.role].label.zh, regionCode: input.regionCode };
    },
  },
  'demo seed': {
    summary: '生成演示县（四川省成都市蒲江县）的演示数据 / seed the demo county',
    usage: 'doudi demo seed [--json]',
    options: {},
    async run(database, _v, env) {
      await migrate(database);
      const report = await seedDemo(database, await env.crypto());
      if (report.reason) throw new Error(`${report.reason}，请先运行 doudi regions load`);
      return { ...report, password: DEMO_PASSWORD, accounts: DEMO_USERS.map((u) => ({ username: u.username, role: u.role, regionCode: u.regionCode })) };
    },
  },
};

function help(): string {
  const lines = ['兜底 Doudi 命令行 / command line', '', '用法 / usage: doudi <command> [options]', ''];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(14)} ${c.summary}`);
  lines.push('', '每个命令都支持 --help 与 --json。数据库：默认 ./data 下的 PGlite；设置 DATABASE_URL 则连接 PostgreSQL。');
  return lines.join('\n');
}

function commandHelp(name: string, c: Command): string {
  const opts = { ...c.options, ...COMMON };
  return [`doudi ${name} — ${c.summary}`, '', `用法 / usage: ${c.usage}`, '', ...Object.entries(opts).map(([k, o]) => `  --${k.padEnd(14)} ${o.description}`)].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const name = argv.slice(0, 2).join(' ');
  const command = COMMANDS[name];
  if (!command) {
    console.log(help());
    return argv.length === 0 || argv.includes('--help') ? 0 : 2;
  }
  const options = { ...command.options, ...COMMON };
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv.slice(2), options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${commandHelp(name, command)}`);
    return 2;
  }
  if (values.help) {
    console.log(commandHelp(name, command));
    return 0;
  }
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const env: CliEnv = {
      config,
      crypto: async () => {
        await migrate(database);
        return openFieldCrypto(database, config);
      },
    };
    const result = await command.run(database, values, env);
    console.log(values.json ? JSON.stringify({ ok: true, command: name, result }) : formatHuman(result));
    return 0;
  } catch (err) {
    const message = (err as Error).message;
    console.error(values.json ? JSON.stringify({ ok: false, command: name, error: message }) : `错误 / error: ${message}`);
    return 1;
  } finally {
    await database.close();
  }
}

function formatHuman(result: Record<string, unknown>): string {
  return Object.entries(result).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('\n');
}

process.exitCode = await runCli(process.argv.slice(2));
