import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { CreateUserRequest, ImportMode, RegionCode, ROLES, Role } from '@doudi/domain';
import { loadConfig, type Config } from '../config.js';
import { openFieldCrypto, type FieldCrypto } from '../crypto/fieldCrypto.js';
import { openDatabase, type Database } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { hashPassword } from '../auth/password.js';
import { insertAudit } from '../modules/audit/queries.js';
import { seedDemo, DEMO_USERS, DEMO_PASSWORD } from '../modules/demo/seed.js';
import { loadRegions } from '../modules/regions/load.js';
import { getRegion } from '../modules/regions/queries.js';
import { exportRegistryCsv, exportSummary } from '../modules/registry/export/service.js';
import * as imports from '../modules/registry/import/service.js';

interface Command {
  summary: string;
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; description: string }>;
  /** Positional arguments the command takes (e.g. FILE); none when absent. */
  positionals?: number;
  run(database: Database, values: Record<string, string | boolean | undefined>, env: CliEnv): Promise<Record<string, unknown>>;
}

interface CliEnv {
  config: Config;
  /** Migrates, then opens the field crypto (commands that read or write ID numbers and phones). */
  crypto(): Promise<FieldCrypto>;
  positionals: string[];
}

/** --region: a 12-digit code that exists. */
async function regionOption(database: Database, v: unknown, required: boolean): Promise<string | null> {
  if (v === undefined) {
    if (required) throw new Error('请用 --region 指定12位区划代码');
    return null;
  }
  const code = RegionCode.safeParse(v);
  if (!code.success) throw new Error('--region 应为12位区划代码');
  if (!(await getRegion(database.db, code.data))) throw new Error(`--region: 区划代码 ${code.data} 不存在（请先 doudi regions load）`);
  return code.data;
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
  'registry import': {
    summary: '导入低收入人口（导入模板 .xlsx、附件3 .xlsx 或 CSV） / import households and members',
    usage: 'doudi registry import FILE [--mode all|valid] [--region CODE] [--json]',
    positionals: 1,
    options: {
      mode: { type: 'string', description: '导入方式：all 全部或不导入（默认），valid 仅导入正确行' },
      region: { type: 'string', description: '以此区域为管辖范围（只导入其中的村）；默认全国' },
    },
    async run(database, v, env) {
      const file = env.positionals[0];
      if (!file) throw new Error('请指定要导入的文件：doudi registry import FILE');
      const mode = ImportMode.safeParse(v.mode ?? 'all');
      if (!mode.success) throw new Error('--mode 应为 all 或 valid');
      const crypto = await env.crypto();
      const regionCode = await regionOption(database, v.region, false);
      const data = fs.readFileSync(file);
      // The command line acts as the system: no user, the --region (or the whole country) as jurisdiction.
      const ctx = { database, config: env.config, crypto };
      const actor: imports.ImportActor = { user: null, regionCode, source: 'cli' };
      const batch = await imports.preview(ctx, actor, path.basename(file), data);
      const { done } = await imports.startCommit(ctx, actor, batch.id, mode.data, (err) => console.error(err));
      await done;
      const r = await imports.get(ctx, actor, batch.id);
      const issues = r.issues.map((i) => `${i.level === 'error' ? '错误' : '提示'} ${i.message}`);
      if (r.status !== 'committed') throw new Error([r.message ?? '导入失败', ...issues.slice(0, 200)].join('\n'));
      return {
        batch: r.id, status: r.status, mode: r.mode, format: r.format, totalRows: r.totalRows, errorRows: r.errorRows,
        warningRows: r.warningRows, createdHouseholds: r.createdHouseholds, createdMembers: r.createdMembers,
        updatedMembers: r.updatedMembers, unchangedRows: r.unchangedRows, message: r.message, issues,
      };
    },
  },
  'registry export': {
    summary: '导出附件3汇总表（.xlsx）或低收入人口名册（CSV），含完整身份证号码，记入审计 / export the summary form or the registry',
    usage: 'doudi registry export --region CODE --form summary|csv --out FILE [--json]',
    options: {
      region: { type: 'string', description: '导出区域的12位区划代码' },
      form: { type: 'string', description: 'summary 附件3「农村低收入群众信息汇总统计表」（默认），csv 名册' },
      out: { type: 'string', description: '输出文件' },
    },
    async run(database, v, env) {
      const form = v.form ?? 'summary';
      if (form !== 'summary' && form !== 'csv') throw new Error('--form 应为 summary 或 csv');
      if (typeof v.out !== 'string' || !v.out) throw new Error('请用 --out 指定输出文件');
      const crypto = await env.crypto();
      const regionCode = (await regionOption(database, v.region, true))!;
      const actor = { user: null, source: 'cli' as const };
      if (form === 'summary') {
        const r = await exportSummary(database.db, crypto, actor, regionCode);
        fs.writeFileSync(v.out, r.file);
        return { form, regionCode, rows: r.rows, withoutStandard: r.withoutStandard, out: path.resolve(v.out) };
      }
      const r = await exportRegistryCsv(database.db, crypto, actor, regionCode);
      await pipeline(Readable.from(r.body), fs.createWriteStream(v.out));
      return { form, regionCode, rows: r.rows, out: path.resolve(v.out) };
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
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv.slice(2), options, strict: true, allowPositionals: Boolean(command.positionals) }));
    if (positionals.length > (command.positionals ?? 0)) throw new Error(`多余的参数：${positionals.slice(command.positionals ?? 0).join(' ')}`);
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
      positionals,
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
