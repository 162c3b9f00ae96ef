import { ROLES } from '@doudi/domain';
import { buildApp } from './app.js';
import { prepareDatabase } from './bootstrap.js';
import { loadConfig } from './config.js';
import { DEMO_PASSWORD, DEMO_USERS } from './modules/demo/seed.js';

const log = (line: string) => console.log(`[doudi] ${line}`);

async function main(): Promise<void> {
  const config = loadConfig();
  const { database, crypto, demoFiles } = await prepareDatabase(config, log);
  const app = await buildApp({ database, config, crypto });
  const shutdown = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ port: config.port, host: config.host });
  const address = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  log(`兜底 Doudi 已启动 / started: ${address}`);
  log(`接口文档 / API docs: ${address}/api/docs`);
  if (config.demo) {
    const demo = await database.db.selectFrom('users').select('username').where('username', 'in', DEMO_USERS.map((u) => u.username)).execute();
    if (demo.length) {
      const present = new Set(demo.map((d) => d.username));
      log(`演示账号（密码均为 ${DEMO_PASSWORD}） / demo log-ins (password ${DEMO_PASSWORD}):`);
      for (const u of DEMO_USERS.filter((x) => present.has(x.username))) {
        console.log(`    ${u.username.padEnd(16)} ${ROLES[u.role].label.zh}（${u.displayName}）`);
      }
    }
    if (demoFiles.length) {
      log('演示用部门比对文件（在“动态监测 → 数据比对导入”上传） / demo files of other departments to import:');
      for (const f of demoFiles) console.log(`    ${f}`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
